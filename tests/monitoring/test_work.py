"""The network's work on the managers' dashboard (issue 13): open cases without a responsible,
caseload per professional, plan reviews overdue, time to decide a closure. Aggregates only,
each in the manager's territory, small counts hidden, exported like every other table."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from serdh.accounts.models import Membership, User
from serdh.cases import referrals
from serdh.monitoring import indicators, publishing
from serdh.network.models import Organization
from serdh.workflow import assignments, closure, plans
from serdh.workflow.models import CasePlan, ClosureRequest
from tests.cases.factories import acting, open_case, refer, term
from tests.workflow.factories import second_worker

pytestmark = pytest.mark.django_db
PASSOS, BH = 3147907, 3106200
URL = "/sima/monitoramento/"


def query(breakdown=None, municipality=None, organization=None, start=None, end=None):
    this_month = timezone.localdate().replace(day=1)
    return indicators.Query(
        state_code=31,
        start=start or date(2020, 1, 1),
        end=end or this_month,
        municipality_id=municipality,
        organization_id=organization,
        breakdown=breakdown,
    )


def compute(code, **kwargs):
    return indicators.REGISTRY[code](query(**kwargs))


def org(name):
    return Organization.objects.get(name=name)


def coordinator_of(organization_name, username):
    """A coordinator for a demo service that has none (the demo has one, in CREAS Passos)."""
    user = User.objects.create(username=username, full_name=username.title())
    Membership.objects.create(
        user=user, organization=org(organization_name), role="coordinator", approval="approved"
    )
    return user


def cases(username, n):
    return [open_case(username, victim_name=f"Vitima Trabalho {username} {i}") for i in range(n)]


@pytest.fixture
def network():
    """CREAS Passos: 8 open cases, 6 with a responsible (5 with creas.passos, 1 with a second
    worker) and 2 without; it also follows a CRAS case (accepted referral) without a
    responsible. CRAS Centro — Passos: that case, nobody responsible. CRAS Barreiro (BH): 7
    open cases, all with the same responsible, and 3 closures decided."""
    creas = cases("creas.passos", 8)
    other = second_worker()
    coord = acting("coord.creas.passos")
    assignments.assign(
        coord, [c.pk for c in creas[:5]], User.objects.get(username="creas.passos").pk
    )
    assignments.assign(coord, [creas[5].pk], other.pk)
    cras_case = open_case("cras.passos", victim_name="Vitima Trabalho Encaminhada")
    referral = refer(cras_case, to="CREAS Passos")
    referrals.transition_referral(acting("creas.passos"), referral, "accept")

    coordinator_of("CRAS Barreiro", "coord.cras.bh")
    bh = cases("cras.bh", 7)
    assignments.assign(
        acting("coord.cras.bh"), [c.pk for c in bh], User.objects.get(username="cras.bh").pk
    )
    return {"creas": creas, "cras_case": cras_case, "bh": bh}


def test_open_cases_without_a_responsible_count_in_each_service_that_follows_them_alone(network):
    creas, cras = org("CREAS Passos"), org("CRAS Centro — Passos")
    result = compute("casos_sem_responsavel", breakdown="organization")
    by_service = {row.key: row.value for row in result.rows}
    # CREAS: 2 of its own + the CRAS case it accepted; CRAS: its case (one case, two rows).
    assert by_service == {creas.pk: 3, cras.pk: 1}
    assert result.total == 3 and "mais de um serviço" in result.note
    by_city = compute("casos_sem_responsavel", breakdown="municipality")
    assert {row.key: row.value for row in by_city.rows} == {PASSOS: 3}
    # Assigning the accepted case in the CREAS leaves it without a responsible in the CRAS only.
    assignments.assign(
        acting("coord.creas.passos"),
        [network["cras_case"].pk],
        User.objects.get(username="creas.passos").pk,
    )
    by_service = {
        row.key: row.value
        for row in compute("casos_sem_responsavel", breakdown="organization").rows
    }
    assert by_service == {creas.pk: 2, cras.pk: 1}
    # A closed case is no longer open work.
    bh_case = network["bh"][0]
    assert compute("casos_sem_responsavel", municipality=BH).total == 0
    assert bh_case.status in ("registered", "in_follow_up")


def test_caseload_is_cases_with_a_responsible_over_the_professionals_who_hold_them(network):
    creas = org("CREAS Passos")
    result = compute("casos_por_profissional", breakdown="organization")
    rows = {row.key: row for row in result.rows}
    assert (rows[creas.pk].numerator, rows[creas.pk].denominator) == (6, 2)
    assert rows[creas.pk].value == 3
    barreiro = rows[org("CRAS Barreiro").pk]
    assert (barreiro.value, barreiro.numerator, barreiro.denominator) == (7, 7, 1)
    assert result.total == pytest.approx(13 / 3) and result.total_numerator == 13
    assert compute("casos_por_profissional", municipality=PASSOS).total == 3
    # No professional is named anywhere in what is published.
    published = publishing.publish(result)
    labels = " ".join(cell.label for cell in published.cells)
    assert "creas.passos" not in labels and "cras.bh" not in labels


def test_a_caseload_resting_on_few_cases_is_hidden():
    case = open_case("creas.passos", victim_name="Vitima Carga Pequena")
    assignments.assign(
        acting("coord.creas.passos"), [case.pk], User.objects.get(username="creas.passos").pk
    )
    result = compute("casos_por_profissional", breakdown="organization")
    assert result.rows[0].value == 1
    published = publishing.publish(result)
    assert published.cells[0].value is None and published.total is None
    assert published.total_suppressed


def _approved_plan(case, review_on):
    coord = acting("coord.creas.passos")
    plan = plans.start_plan(coord, case, kind="paf")
    plans.add_action(
        coord,
        plan,
        goal="Objetivo do plano",
        action="Atendimento",
        due_date=timezone.localdate() + timedelta(days=10),
    )
    plan = plans.submit(coord, plan)
    assert plan.status == "approved"
    CasePlan.objects.filter(pk=plan.pk).update(next_review_on=review_on)
    return plan


def test_plan_reviews_overdue_are_approved_plans_of_open_cases_past_their_date(network):
    today = timezone.localdate()
    creas = network["creas"]
    for case in creas[:6]:
        _approved_plan(case, today - timedelta(days=3))
    _approved_plan(creas[6], today + timedelta(days=30))  # not yet due
    _approved_plan(creas[7], today)  # due today: not overdue
    draft = plans.start_plan(acting("creas.passos"), network["cras_case"], kind="pia")
    CasePlan.objects.filter(pk=draft.pk).update(next_review_on=today - timedelta(days=9))
    result = compute("revisoes_plano_atrasadas", breakdown="organization")
    assert [(row.key, row.value) for row in result.rows] == [(org("CREAS Passos").pk, 6)]
    assert compute("revisoes_plano_atrasadas", municipality=BH).total == 0
    published = publishing.publish(compute("revisoes_plano_atrasadas", municipality=PASSOS))
    low, high = publishing.disclosure.possible(published.total)
    assert low <= 6 <= high  # published with the cell-key noise
    # A reviewed plan is no longer overdue.
    plans.review(acting("creas.passos"), CasePlan.objects.get(case=creas[0]), note="Revisto.")
    assert compute("revisoes_plano_atrasadas").total == 5


def _decided_closures(cases_, days, coordinator, *, refuse=()):
    worker = acting(cases_[0].created_by.username)
    made = []
    for case, waited in zip(cases_, days, strict=True):
        request = closure.request_closure(
            worker, case, reason=term("closure_reason"), confirm_open_referrals=True
        )
        if case in refuse:
            closure.refuse(acting(coordinator), request, reason="Ainda há metas em aberto.")
        else:
            closure.approve(acting(coordinator), request)
        decided = ClosureRequest.objects.get(pk=request.pk).decided_at
        ClosureRequest.objects.filter(pk=request.pk).update(
            requested_at=decided - timedelta(days=waited)
        )
        made.append(request)
    return made


def test_time_to_decide_a_closure_is_the_median_of_the_requests_decided_in_the_period(network):
    creas = network["creas"]
    _decided_closures(
        creas[:5], [1, 2, 3, 10, 30], "coord.creas.passos", refuse=(creas[1],)
    )  # median 3 days
    bh = network["bh"]
    _decided_closures(bh[:3], [0.5, 1, 1.5], "coord.cras.bh")
    passos = compute("tempo_decisao_encerramento", municipality=PASSOS)
    assert passos.total == pytest.approx(3) and passos.total_numerator == 5
    by_service = compute("tempo_decisao_encerramento", breakdown="organization")
    rows = {row.key: row for row in by_service.rows}
    assert rows[org("CRAS Barreiro").pk].value == pytest.approx(1)
    assert rows[org("CRAS Barreiro").pk].numerator == 3
    # Three decisions are too few to publish a median; five are enough.
    published = {c.key: c.value for c in publishing.publish(by_service).cells}
    assert published[org("CRAS Barreiro").pk] is None
    assert published[org("CREAS Passos").pk] == pytest.approx(3)
    # The period is the decision's: none decided last year.
    last_year = timezone.localdate().replace(day=1) - timedelta(days=365)
    old = compute("tempo_decisao_encerramento", start=last_year.replace(month=1), end=last_year)
    assert old.total is None and old.total_numerator == 0
    # A pending request is not counted.
    closure.request_closure(
        acting("creas.passos"), creas[5], reason=term("closure_reason"), confirm_open_referrals=True
    )
    assert compute("tempo_decisao_encerramento").total_numerator == 8


def test_a_passos_manager_never_gets_belo_horizontes_work_figures(network, client_for):
    manager = client_for("gestor.passos")
    barreiro = org("CRAS Barreiro")
    page = manager.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "CRAS Barreiro" not in html and "Trabalho da rede" in html
    cards = {c.indicator.code: c for c in page.context["work_cards"]}
    # Passos alone: 6 cases over 2 professionals, not BH's 7 over 1.
    assert cards["casos_por_profissional"].total == 3
    keys = {row["key"] for row in page.context["work"]["rows"]}
    assert barreiro.pk not in keys and keys <= set(
        Organization.objects.filter(municipality_id=PASSOS).values_list("pk", flat=True)
    )
    # Asking for BH, for a BH service, or for a BH service inside Passos: nothing but 404.
    for params in (
        {"municipality": BH},
        {"organization": barreiro.pk},
        {"municipality": PASSOS, "organization": barreiro.pk},
    ):
        assert manager.get(URL, params).status_code == 404
        for code in ("casos_sem_responsavel", "casos_por_profissional"):
            for suffix in ("exportar.csv", "exportar.xlsx"):
                response = manager.get(URL + suffix, {"indicador": code, **params})
                assert response.status_code == 404, (params, code, suffix)
    # The export of the whole territory holds Passos's services only.
    csv_text = manager.get(
        URL + "exportar.csv", {"indicador": "casos_por_profissional", "por": "organization"}
    ).content.decode("utf-8-sig")
    assert "CREAS Passos" in csv_text and "Barreiro" not in csv_text
    # BH's own manager sees BH's caseload and none of Passos's.
    bh_page = client_for("gestor.bh").get(URL)
    bh_cards = {c.indicator.code: c for c in bh_page.context["work_cards"]}
    assert bh_cards["casos_por_profissional"].total == 7
    assert "CREAS Passos" not in bh_page.content.decode()


def test_the_state_page_shows_the_work_by_municipality_and_drills_down(network, client_for):
    page = client_for("gestor.mg").get(URL)
    work = page.context["work"]
    assert work["breakdown"] == "municipality"
    rows = {row["label"]: row for row in work["rows"]}
    assert set(rows) == {"Passos", "Belo Horizonte"}
    caseload = [v["value"] for v in rows["Belo Horizonte"]["values"]]
    assert caseload[0] == 0 and caseload[1] == 7
    assert rows["Passos"]["values"][0]["value"] in (0, 5)  # 3 cases: published as 0 or 5
    city = client_for("gestor.mg").get(URL, {"municipality": PASSOS})
    assert city.context["work"]["breakdown"] == "organization"
    service = client_for("gestor.mg").get(URL, {"organization": org("CREAS Passos").pk})
    assert service.context["work"] is None
    assert {c.indicator.code: c.total for c in service.context["work_cards"]}[
        "casos_por_profissional"
    ] == 3


def test_small_work_counts_are_perturbed_on_the_page_and_in_the_exports(network, client_for):
    import openpyxl

    manager = client_for("gestor.passos")
    page = manager.get(URL)
    cards = {c.indicator.code: c for c in page.context["work_cards"]}
    assert cards["casos_sem_responsavel"].total in (0, 5)  # 3 cases: never 3
    params = {"indicador": "casos_sem_responsavel", "por": "organization"}
    text = manager.get(URL + "exportar.csv", params).content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    assert rows[0] == ["serviço", "Casos abertos sem técnico(a) de referência"]
    exported = {row[0]: row[1] for row in rows[1:3]}
    assert set(exported) == {"CREAS Passos", "CRAS Centro — Passos"}
    assert set(exported.values()) <= {"0", "5"}
    response = manager.get(URL + "exportar.xlsx", {**params, "indicador": "casos_por_profissional"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    body = list(sheet.iter_rows(values_only=True))
    assert body[0] == ("serviço", "Casos por técnico(a) de referência (média)")
    assert body[1] == ("CREAS Passos", 3)
    from serdh.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="monitoring.exported").count() == 2


def test_every_work_indicator_is_declared_with_its_breakdowns():
    for code in (
        "casos_sem_responsavel",
        "casos_por_profissional",
        "revisoes_plano_atrasadas",
        "tempo_decisao_encerramento",
    ):
        ind = indicators.REGISTRY[code]
        assert ind.breakdowns == ("municipality", "organization")
        assert str(ind.definition) and str(ind.numerator)
        with pytest.raises(ValueError):
            ind(query(breakdown="month"))
    assert indicators.REGISTRY["casos_por_profissional"].unit == "number"
    assert indicators.REGISTRY["tempo_decisao_encerramento"].unit == "days"


def test_the_demo_caseload_appears_on_the_passos_dashboard(client_for):
    from serdh.demo import cases as demo_cases
    from serdh.demo import workflow as demo_workflow

    demo_cases.generate(300, seed=11)
    assigned = demo_workflow.load()
    page = client_for("gestor.passos").get(URL)
    cards = {c.indicator.code: c for c in page.context["work_cards"]}
    result = compute("casos_por_profissional", municipality=PASSOS)
    assert result.total_numerator == assigned and result.total == assigned  # one worker
    assert cards["casos_por_profissional"].total == (assigned if assigned >= 5 else None)
    without = compute("casos_sem_responsavel", municipality=PASSOS, breakdown="organization")
    creas = {row.key: row.value for row in without.rows}.get(org("CREAS Passos").pk, 0)
    from serdh.cases.models import Case

    open_creas = Case.objects.filter(
        organization=org("CREAS Passos"), status__in=("registered", "in_follow_up")
    ).count()
    assert creas >= open_creas - assigned >= 0
    assert "<script" not in page.content.decode()
