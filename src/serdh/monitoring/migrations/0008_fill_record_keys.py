"""Record keys for the facts that existed before the cell-key method, and the key sums of
the rollup table from them (monitoring.disclosure)."""

from django.db import migrations

BATCH = 5000


def fill(apps, schema_editor):
    from serdh.monitoring import disclosure, rollups

    tables = (("ViolationFact", "violation", "violation_id"), ("ReferralFact", "referral", "referral_id"), ("CaseFact", "case", "case_id"))
    if not any(apps.get_model("monitoring", name).objects.exists() for name, _k, _f in tables):
        return
    keys = disclosure.RecordKeys()
    for name, kind, id_field in tables:
        model = apps.get_model("monitoring", name)
        last = 0
        while True:
            batch = list(model.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
            if not batch:
                break
            for fact in batch:
                fact.record_key = keys(kind, getattr(fact, id_field))
            model.objects.bulk_update(batch, ["record_key"])
            last = batch[-1].pk
    rollups.rebuild(
        apps.get_model("monitoring", "ViolationCount"), apps.get_model("monitoring", "ViolationFact")
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0007_cell_keys_and_releases")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
