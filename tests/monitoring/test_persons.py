"""Indicators that count persons (issue 15): recurrence across services and municipalities,
and distinct victims, before and after the review merges two records of the same girl."""

from datetime import timedelta

import pytest
from django.utils import timezone

from serdh.monitoring import indicators
from serdh.people import merge
from tests.cases.factories import acting, open_case

pytestmark = pytest.mark.django_db

BH = 3106200


def _query(municipality_id=None):
    today = timezone.localdate()
    return indicators.Query(
        state_code=31,
        start=today.replace(day=1) - timedelta(days=400),
        end=today,
        municipality_id=municipality_id,
    )


def test_a_merge_makes_two_records_one_recurrent_victim_and_an_unmerge_undoes_it():
    passos = open_case("cras.passos", victim_name="Lívia Maria Prado", age=9)
    bh = open_case("ct.bh", victim_name="Livia Maria Prado", age=9)
    one = passos.parties.get(role="victim").person
    other = bh.parties.get(role="victim").person
    recurrence = indicators.REGISTRY["recorrencia"]
    victims = indicators.REGISTRY["vitimas"]
    before = recurrence(_query(BH)).total_numerator
    distinct_before, records_before = (row.value for row in victims(_query()).rows)

    record = merge.merge(one, other, acting("gestor.mg"), "Mesma criança: revisão de teste.")
    # in Belo Horizonte's figures the girl now has two cases (one in Passos): recurrent
    assert recurrence(_query(BH)).total_numerator == before + 1
    assert victims(_query()).rows[0].value == distinct_before - 1
    assert victims(_query()).rows[1].value == records_before  # the case records stay

    merge.unmerge(record, acting("gestor.mg"), "Eram pessoas diferentes.")
    assert recurrence(_query(BH)).total_numerator == before
    assert victims(_query()).rows[0].value == distinct_before


def test_the_definitions_say_persons_not_parties():
    assert "pessoas" in str(indicators.REGISTRY["recorrencia"].definition).lower()
    assert "pessoas distintas" in str(indicators.REGISTRY["vitimas"].name)
