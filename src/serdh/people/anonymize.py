"""Removing a person's identity when the retention period of all their cases has passed
(privacy.retention). Names, mother's name, CPF, CNS, NIS and their indexes go, and the name
tokens; the birth date becomes its year. Sex, gender identity, race/color, disabilities and
the municipality of residence stay: they are what statistics count, and with the identity
gone they no longer point to anyone."""

from django.utils import timezone

from serdh.core.dates import DatePrecision

from .models import Person, PersonMatchKey, PersonNameToken

IDENTITY = {
    "full_name": "",
    "social_name": "",
    "mother_name": "",
    "cpf": "",
    "cpf_index": "",
    "cns": "",
    "cns_index": "",
    "nis": "",
    "nis_index": "",
}


def anonymize_persons(person_ids):
    """Anonymize these persons (in the caller's transaction). Returns how many."""
    person_ids = set(person_ids)
    if not person_ids:
        return 0
    # Records absorbed by a merge (people.merge) have no parties of their own: they go with
    # the person they were merged into, along the whole chain.
    frontier = set(person_ids)
    while frontier:
        frontier = (
            set(Person.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
            - person_ids
        )
        person_ids |= frontier
    now = timezone.now()
    for person in Person.objects.filter(pk__in=person_ids, anonymized_at__isnull=True):
        year = (person.birth_date or "")[:4]
        person.birth_date = f"{year}-01-01" if year.isdigit() else ""
        person.birth_precision = DatePrecision.YEAR
        for key, value in IDENTITY.items():
            setattr(person, key, value)
        person.anonymized_at = now
        person.save()
    PersonNameToken.objects.filter(person_id__in=person_ids).delete()
    PersonMatchKey.objects.filter(person_id__in=person_ids).delete()
    return len(person_ids)
