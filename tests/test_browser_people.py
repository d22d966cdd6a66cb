"""Issue 15's journey in a real Chromium (screenshots test-artifacts/people-*.png).

CRAS Centro — Passos has registered a girl. The Conselho Tutelar of Belo Horizonte registers a
case for a girl it types without accents and with day and month swapped: SIMA says she has
prior records in the network and whom to contact, never her data, and the worker proposes the
link. The state manager reviews the pair, pseudonymized, and merges it. The two cases, a week
apart with the same kind of violation, are then proposed as the same fact reported twice: the
Conselho Tutelar sees whom to call, not the other case, and answers. The merge shows in the
history and is undone, which withdraws the proposal. Every new page passes axe-core and fits a
360-px phone.
"""

from datetime import date

import pytest
from faker import Faker
from playwright.sync_api import expect

from serdh.cases.models import Case
from serdh.people.matching.names import fold
from serdh.people.models import MatchCandidate, Person, PersonMerge
from serdh.workflow.models import DuplicateProposal
from tests.browser import axe_violations, screenshot
from tests.cases.factories import violation_type
from tests.people.test_suggest import _case
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def _fits_a_phone(page, label):
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert overflow <= 0, (label, overflow)


def test_a_girl_known_elsewhere_is_proposed_reviewed_merged_and_unmerged(browser, site):

    found = {}
    fake = Faker("pt_BR")
    Faker.seed(1515)
    last = fake.last_name()
    name = f"{fake.first_name_female()} {fake.first_name_female()} {last}"
    mother = f"{fake.first_name_female()} {fake.last_name()} {last}"
    first_case = _case(
        "cras.passos", {"full_name": name, "mother_name": mother, "birth_date": date(2016, 4, 9)}
    )
    known = first_case.parties.get(role="victim").person

    # 1. The Conselho Tutelar registers a new case; SIMA shows the prior records first.
    ct = login(browser, site, "ct.bh")
    ct.click("text=Novo caso")
    ct.select_option("#id_intake_channel", index=1)
    ct.fill("#id_reported_on", "2026-03-10")
    ct.fill("#id_occurred_on", "2026-03-08")  # a week after the CRAS's case: maybe the same fact
    ct.check("input[name=urgency][value=high]")
    ct.fill("#id_victim-full_name", fold(name).upper())
    ct.fill("#id_victim-mother_name", fold(mother))
    ct.fill("#id_victim-birth_date", "2016-09-04")
    ct.select_option("#id_victim-sex", "F")
    kind, sub = violation_type()  # the CRAS case's kind of violation
    ct.select_option("#id_violation-type", label=kind.label)
    ct.select_option("#id_violation-subtype", label=sub.label)
    ct.fill("#id_narrative", "A escola relatou ameaças à criança.")
    ct.click("button[name=register]")
    panel = ct.locator(".person-suggestions")
    text = panel.inner_text()
    assert "registros anteriores na rede" in text and "CRAS Centro — Passos" in text
    assert name not in ct.content() and first_case.protocol not in ct.content()
    screenshot(ct, "people-01-suggestion")
    found["suggestion"] = axe_violations(ct)
    _fits_a_phone(ct, "suggestion")
    ct.check(f"input[name=reuse][value='propose:{known.pk}']")
    ct.click("button[name=register]")
    ct.wait_for_selector("text=Caso registrado")
    candidate = MatchCandidate.objects.get()
    assert candidate.status == "pending" and candidate.origin == "intake"

    # 2. The state manager reviews the pair, pseudonymized, and merges it.
    manager = login(browser, site, "gestor.mg")
    manager.goto(f"{site}/sima/pessoas/revisao/")
    found["queue"] = axe_violations(manager)
    _fits_a_phone(manager, "queue")
    manager.click(f"a[href='/sima/pessoas/revisao/{candidate.pk}/']")
    page = manager.content()
    assert name not in page and mother not in page and "2016-04-09" not in page
    assert "dia e mês trocados" in page
    screenshot(manager, "people-02-review")
    found["candidate"] = axe_violations(manager)
    _fits_a_phone(manager, "candidate")
    manager.check("input[name=decision][value=accept]")
    manager.fill("#id_note", "Mesma mãe e mesma data, com dia e mês trocados.")
    manager.click("main form button[type=submit]")
    manager.wait_for_url(f"{site}/sima/pessoas/revisao/")
    merge = PersonMerge.objects.get()
    assert Person.objects.get(pk=merge.absorbed_id).merged_into_id == merge.survivor_id

    # 3. The two cases may be the same fact: the Conselho Tutelar sees whom to call and answers.
    proposal = DuplicateProposal.objects.get()
    ct_case = Case.objects.exclude(pk=first_case.pk).get()
    ct.goto(f"{site}/sima/casos/{ct_case.pk}/")
    callout = ct.locator("#casos-ligados >> xpath=..").inner_text()
    assert "Possível registro do mesmo fato" in callout and "CRAS Centro — Passos" in callout
    # Nothing of the CRAS's case: neither its protocol nor its account (the girl's name shows:
    # after the merge she is the Conselho's own victim, one person).
    assert first_case.protocol not in ct.content()
    assert "Relato sigiloso de teste." not in ct.content()
    screenshot(ct, "people-03-same-fact")
    found["same-fact"] = axe_violations(ct)
    _fits_a_phone(ct, "same-fact")
    with ct.expect_navigation():
        ct.click("button[name=answer][value=same]")
    expect(ct.locator("main")).to_contain_text("O seu serviço já respondeu")
    proposal.refresh_from_db()
    assert proposal.status == "pending" and True in (proposal.a_same, proposal.b_same)

    # 4. The merge is in the history and is undone; the proposal it made goes with it.
    manager.goto(f"{site}/sima/pessoas/unificacoes/")
    found["merges"] = axe_violations(manager)
    _fits_a_phone(manager, "merges")
    screenshot(manager, "people-04-merges")
    manager.fill(f"#undo-reason-{merge.pk}", "Revisão de teste: desfazer.")
    with manager.expect_navigation():
        manager.click("main form button.btn-danger")
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert Person.objects.get(pk=merge.absorbed_id).merged_into_id is None
    assert not DuplicateProposal.objects.exists()

    serious = {
        page: [v["id"] for v in violations if v.get("impact") in SERIOUS]
        for page, violations in found.items()
    }
    assert serious == {page: [] for page in found}
