"""Version 2 of the phonetic key (people/matching/phonetic.py: ei/e, aes/ais, oel/uel, an
initial w before e, David/Davi, Felipe/Filipe) changes the blocking keys, so the keys the
suggestions look up are rebuilt for every person (what `serdh people reindex` does)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from serdh.people.matching.records import from_person
    from serdh.people.suggest import record_keys

    Person = apps.get_model("people", "Person")
    PersonMatchKey = apps.get_model("people", "PersonMatchKey")
    PersonMatchKey.objects.all().delete()
    live = Person.objects.filter(anonymized_at__isnull=True, merged_into__isnull=True)
    batch = []
    for person in live.order_by("pk").iterator(chunk_size=2000):
        batch.extend(
            PersonMatchKey(person_id=person.pk, key=k) for k in record_keys(from_person(person))
        )
        if len(batch) >= 5000:
            PersonMatchKey.objects.bulk_create(batch)
            batch = []
    PersonMatchKey.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_match_keys")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
