"""core.bulkrows: rows written without a model object's save (COPY on PostgreSQL), read back
exactly as the ORM would have written them: ids from the sequence, encrypted text
stored as ciphertext, foreign keys, JSON."""

import pytest
from django.db import connection

from serdh.cases.models import Case, CaseEvent
from serdh.core.bulkrows import copy_objects, insert_rows
from serdh.monitoring.models import CaseFact
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db


def test_copied_objects_get_ids_and_ciphertext_like_bulk_create():
    case = open_case()
    before = CaseEvent.objects.count()
    events = copy_objects(
        CaseEvent,
        [
            CaseEvent(
                case=case,
                kind="imported",
                at=case.registered_at,
                summary=f"linha {n}",
                detail=f"detalhe secreto {n}",
            )
            for n in range(3)
        ],
    )
    assert CaseEvent.objects.count() == before + 3
    assert all(e.pk for e in events) and len({e.pk for e in events}) == 3
    stored = {e.pk: e for e in CaseEvent.objects.filter(pk__in=[e.pk for e in events])}
    for n, event in enumerate(events):
        assert stored[event.pk].detail == f"detalhe secreto {n}"
        assert stored[event.pk].case_id == case.pk and not event._state.adding
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT detail FROM {CaseEvent._meta.db_table} WHERE id = %s",  # noqa: S608
            [events[0].pk],
        )
        assert "detalhe secreto" not in cursor.fetchone()[0]  # ciphertext in the table
    # The next row the ORM writes takes the next id: the sequence moved past the copied ones.
    later = CaseEvent.objects.create(case=case, kind="x", at=case.registered_at, summary="x")
    assert later.pk > max(e.pk for e in events)


def test_inserted_rows_keep_json_and_dates():
    case = Case.objects.filter(registered_at__isnull=False).first() or open_case()
    insert_rows(
        CaseFact,
        [
            "case_id",
            "state_code",
            "municipality_id",
            "organization_id",
            "registered_at",
            "registered_month",
            "status",
            "victim_person_ids",
            "violations",
            "follow_up_within_30",
        ],
        [
            (
                case.pk + 10_000_000,
                31,
                3147907,
                case.organization_id,
                case.registered_at,
                case.registered_at.date().replace(day=1),
                "registered",
                [7, 9],
                2,
                False,
            )
        ],
    )
    row = CaseFact.objects.get(case_id=case.pk + 10_000_000)
    assert row.victim_person_ids == [7, 9] and row.registered_at == case.registered_at
