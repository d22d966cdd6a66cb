"""Suggestions at intake (issue 15): the same person found across services without disclosing
the cases the worker may not see; searches audited and limited."""

from datetime import date

import pytest
from django.urls import reverse
from faker import Faker

from serdh.cases import registration
from serdh.core.models import AuditEvent
from serdh.people import suggest
from serdh.people.models import Person, PersonMatchKey
from tests.cases.factories import acting, term, violation_type

pytestmark = pytest.mark.django_db

fake = Faker("pt_BR")


def _case(username, victim):
    type_, subtype = violation_type()
    return registration.open_case(
        acting(username),
        {
            "intake_channel": term("intake_channel"),
            "reported_on": date(2026, 3, 10),
            "reported_precision": "day",
            "occurred_on": date(2026, 3, 1),
            "occurred_precision": "day",
            "urgency": "high",
            "narrative": "Relato sigiloso de teste.",
        },
        victim={"sex": "F", **victim},
        author=None,
        violation={
            "type": type_,
            "subtype": subtype,
            "relationship": term("relationship"),
            "recurrence": "repeated",
        },
        register=True,
    )


@pytest.fixture
def girl():
    """A girl registered by CRAS Centro — Passos, with generated data."""
    first, last = fake.first_name_female(), fake.last_name()
    mother = f"{fake.first_name_female()} {fake.last_name()} {last}"
    data = {
        "full_name": f"{first} {fake.first_name_female()} {last}",
        "mother_name": mother,
        "birth_date": date(2015, 3, 8),
    }
    case = _case("cras.passos", data)
    return case, case.parties.get(role="victim").person, data


def _typed(data):
    """The same girl as the school types her: no accents, day and month swapped."""
    from serdh.people.matching.names import fold

    return {
        "full_name": fold(data["full_name"]).upper(),
        "mother_name": fold(data["mother_name"]),
        "birth_date": date(2015, 8, 3),
        "sex": "F",
    }


def test_another_service_learns_whom_to_contact_never_the_case(girl, client_for):
    case, person, data = girl
    found = suggest.suggest(acting("ct.bh"), _typed(data))
    assert [s.person_id for s in found] == [person.pk]
    assert not found[0].visible and found[0].person is None
    assert [o.name for o in found[0].services] == ["CRAS Centro — Passos"]
    # the page: prior records and the service, no name, no protocol, no narrative
    client = client_for("ct.bh")
    html = client.post(reverse("cases:case_create"), _form(_typed(data))).content.decode()
    assert "registros anteriores na rede" in html and "CRAS Centro — Passos" in html
    assert data["full_name"] not in html and case.protocol not in html
    assert "Relato sigiloso" not in html and data["mother_name"] not in html
    assert not Person.objects.restrict(acting("ct.bh"), "view").filter(pk=person.pk).exists()


def test_the_service_that_sees_the_person_reuses_it(girl, client_for):
    case, person, data = girl
    client = client_for("cras.passos")
    url = reverse("cases:case_create")
    form = _form(_typed(data), "CRAS Centro — Passos")
    html = client.post(url, form).content.decode()
    assert "Esta pessoa já é conhecida da rede" in html
    assert f'value="{person.pk}"' in html
    client.post(url, {**form, "reuse": str(person.pk)})
    newest = person.parties.order_by("-pk").first()
    assert newest.case_id != case.pk and person.parties.count() == 2


def test_a_proposed_link_waits_for_review(girl, client_for):
    from serdh.people.models import MatchCandidate

    case, person, data = girl
    client = client_for("ct.bh")
    response = client.post(
        reverse("cases:case_create"), {**_form(_typed(data)), "reuse": f"propose:{person.pk}"}
    )
    assert response.status_code == 302
    candidate = MatchCandidate.objects.get()
    assert {candidate.person_a_id, candidate.person_b_id} >= {person.pk}
    assert candidate.status == "pending" and candidate.origin == "intake"
    assert candidate.probability > 0.5
    assert person.parties.count() == 1  # no merge before review


def test_every_search_is_audited_with_ids_only(girl):
    case, person, data = girl
    before = AuditEvent.objects.filter(action="people.suggested").count()
    suggest.suggest(acting("ct.bh"), _typed(data))
    event = AuditEvent.objects.filter(action="people.suggested").order_by("-pk").first()
    assert AuditEvent.objects.filter(action="people.suggested").count() == before + 1
    assert event.data["shown"] == [
        {"person": person.pk, "p": event.data["shown"][0]["p"], "visible": False}
    ]
    assert data["full_name"] not in str(event.data)


def test_searches_are_limited_per_hour(girl, monkeypatch):
    case, person, data = girl
    monkeypatch.setattr(suggest, "PER_HOUR", 2)
    user = acting("ct.bh")
    suggest.suggest(user, _typed(data))
    suggest.suggest(user, _typed(data))
    with pytest.raises(suggest.TooManySearches):
        suggest.suggest(user, _typed(data))


def test_someone_else_is_not_suggested(girl):
    case, person, data = girl
    other = {
        "full_name": fake.name_female(),
        "mother_name": fake.name_female(),
        "birth_date": date(1990, 1, 20),
        "sex": "F",
    }
    assert suggest.suggest(acting("ct.bh"), other) == []


def test_keys_follow_the_person_and_go_with_anonymization(girl):
    from serdh.people import anonymize, services

    case, person, data = girl
    keys = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    assert keys and all(len(k) == 24 for k in keys)
    services.update_person(person, {"full_name": "Outro Nome Qualquer"})
    assert set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True)) != keys
    anonymize.anonymize_persons([person.pk])
    assert not PersonMatchKey.objects.filter(person=person).exists()


def _form(victim, service="Conselho Tutelar Regional Centro-Sul"):
    from serdh.network.models import Organization

    type_, subtype = violation_type()
    return {
        "intake_channel": term("intake_channel").pk,
        "reported_on": "2026-03-10",
        "reported_precision": "day",
        "occurred_on": "2026-03-01",
        "occurred_precision": "day",
        "municipality": Organization.objects.get(name=service).municipality_id,
        "urgency": "high",
        "narrative": "Outro relato.",
        "victim-full_name": victim["full_name"],
        "victim-mother_name": victim["mother_name"],
        "victim-birth_date": victim["birth_date"].isoformat(),
        "victim-sex": victim["sex"],
        "violation-type": type_.pk,
        "violation-subtype": subtype.pk if subtype else "",
        "violation-relationship": term("relationship").pk,
        "violation-recurrence": "repeated",
        "register": "1",
    }


def test_reindex_rebuilds_the_keys_and_train_needs_decisions(girl, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    case, person, data = girl
    PersonMatchKey.objects.filter(person=person).delete()
    out = io.StringIO()
    call_command("people", "reindex", stdout=out, stderr=io.StringIO())
    assert PersonMatchKey.objects.filter(person=person).exists()
    assert "pessoas com chaves refeitas" in out.getvalue()
    assert suggest.suggest(acting("ct.bh"), _typed(data))[0].person_id == person.pk
    with pytest.raises(CommandError, match="decisões de revisão"):
        call_command("people", "train", out=str(tmp_path / "m.json"))


def test_a_key_too_common_is_left_out_unless_it_is_all_there_is(girl, monkeypatch):
    """A key shared by more than COMMON persons does not bring candidates (here COMMON is 1
    and two girls share the name keys); the keys only the right girl has still find her."""
    case, person, data = girl
    other = _case("cras.passos", {**data, "birth_date": date(2009, 11, 20), "mother_name": ""})
    namesake = other.parties.get(role="victim").person
    typed = suggest._query_record(_typed(data))
    counts = suggest._key_counts(suggest.record_keys(typed))
    assert 2 in counts.values()  # the name keys: both girls
    monkeypatch.setattr(suggest, "COMMON", 1)
    seen = []
    original = suggest.PersonMatchKey.objects.filter

    def spy(*args, **kwargs):
        if "key__in" in kwargs:
            seen.append(set(kwargs["key__in"]))
        return original(*args, **kwargs)

    monkeypatch.setattr(suggest.PersonMatchKey.objects, "filter", spy)
    found = [pk for _p, pk in suggest.candidates(typed)]
    assert found == [person.pk]
    assert all(counts[key] == 1 for key in seen[-1])  # the common keys were not read
    # Only the name, no date, no mother: every key is common; the least common ones are read.
    vague = suggest._query_record({"full_name": data["full_name"]})
    suggest.candidates(vague)
    assert len(seen[-1]) == 2
    assert namesake.pk != person.pk


def test_the_migration_of_the_second_key_version_rebuilds_the_keys_of_live_persons(girl):
    import importlib

    from django.apps import apps

    from serdh.people.matching.records import from_person

    case, person, data = girl
    migration = importlib.import_module("serdh.people.migrations.0005_match_keys_v2")
    PersonMatchKey.objects.filter(person=person).delete()
    PersonMatchKey.objects.create(person=person, key="stale-version-1")
    migration.rebuild(apps, None)
    stored = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    assert stored == suggest.record_keys(from_person(person))
    assert suggest.suggest(acting("ct.bh"), _typed(data))[0].person_id == person.pk
