"""The RMA counted from SIMA for one unit and month, corrected with a reason, submitted and
reopened; its CSV and PDF; the managers' board of who sent what, on time or late."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.network.models import Organization
from serdh.rma import catalog, months, rules, selectors, services
from serdh.rma.choices import Punctuality, ReportStatus
from serdh.rma.models import FigureChange, MonthlyReport
from tests.cases.factories import acting
from tests.rma import cases as make

pytestmark = pytest.mark.django_db

CREAS = "CREAS Passos"
CRAS = "CRAS Centro — Passos"


@pytest.fixture
def month():
    return make.month_under_test()


@pytest.fixture
def creas():
    return Organization.objects.get(name=CREAS)


@pytest.fixture
def scenario(month):
    before = months.previous_month(month)
    day = lambda m, d: m.replace(day=d)  # noqa: E731
    c = {}
    c["rape"] = make.case("creas.passos", day(month, 3), name="Ana Lima", age=9)
    c["older"] = make.case(
        "creas.passos",
        day(month, 5),
        name="José Prado",
        age=70,
        sex="M",
        violation="physical.assault",
        relationship="child",
    )
    c["ongoing"] = make.case("creas.passos", day(before, 10), name="Rita Alves", age=15)
    c["closed"] = make.case("creas.passos", day(before, 2), name="Luís Faria", age=12, sex="M")
    make.close(c["closed"], day(before, 20))
    c["referred"] = make.case("cras.passos", day(before, 20), name="Bia Nunes", age=9)
    make.referred(c["referred"], "cras.passos", CREAS, "creas.passos", day(month, 8))
    c["no_sex"] = make.case(
        "creas.passos",
        day(month, 12),
        name="Criança Sem Sexo",
        age=5,
        sex="",
        violation="neglect",
        relationship="mother",
    )
    c["woman"] = make.case(
        "creas.passos",
        day(month, 15),
        name="Clara Dias",
        age=30,
        violation="physical.assault",
        relationship="spouse",
        motivation="lgbtphobia",
    )
    c["disabled"] = make.case(
        "creas.passos",
        day(month, 16),
        name="Paulo Reis",
        age=30,
        sex="M",
        violation="psychological.threat",
        relationship="sibling",
        disabilities="physical",
    )
    make.follow_up(c["ongoing"], "creas.passos", "home_visit", day(month, 4))
    make.follow_up(c["ongoing"], "creas.passos", "home_visit", day(month, 18))
    make.follow_up(c["rape"], "creas.passos", "care", day(month, 6))
    make.follow_up(c["rape"], "creas.passos", "care", day(before, 6))  # another month
    to_cras = make.refer_only(c["older"], "creas.passos", CRAS, day(month, 9))
    assert to_cras
    return c


def figures_of(report):
    return {f.code: f for f in report.figures.all()}


def test_sima_counts_the_units_cases_victims_and_activities_of_the_month(creas, month, scenario):
    counts = rules.compute(creas, month, catalog.form("creas"))
    value = {code: c.value for code, c in counts.items()}
    c = scenario
    assert counts["A1"].case_ids == {
        c[k].pk for k in ("rape", "older", "ongoing", "referred", "no_sex", "woman", "disabled")
    }
    assert counts["A2"].case_ids == {
        c[k].pk for k in ("rape", "older", "referred", "no_sex", "woman", "disabled")
    }
    assert (value["B6"], value["B6e"], value["B6d"], value["B6g"], value["B6c"]) == (5, 2, 1, 1, 1)
    assert counts["B6"].unplaced == {c["no_sex"].pk}
    # Sexual abuse of girls of 7 to 12 (the referred case counts for the CREAS that accepted it).
    assert (value["C2"], value["C2h"]) == (2, 2)
    assert counts["C2h"].case_ids == {c["rape"].pk, c["referred"].pk}
    assert value["C1"] == 0 and value["C3"] == 0
    # Neglect of a child whose sex is missing: in no cell, listed apart.
    assert value["C4"] == 0 and counts["C4"].unplaced == {c["no_sex"].pk}
    assert (value["D1"], value["D1a"], value["D1b"]) == (1, 1, 0)
    assert value["F1"] == 1 and value["H1"] == 1
    assert (value["E1"], value["E1c"]) == (1, 1)
    assert (value["M1"], value["M4"], value["M3"], value["M2"]) == (1, 2, 1, 0)
    # Items the unit types are not counted at all.
    assert "B1" not in counts and "J1" not in counts and "K1a" not in counts


def test_a_month_counts_what_was_followed_then(creas, month, scenario):
    before = rules.compute(creas, months.previous_month(month), catalog.form("creas"))
    assert before["A1"].case_ids == {scenario["ongoing"].pk, scenario["closed"].pk}
    assert before["A2"].case_ids == {scenario["ongoing"].pk, scenario["closed"].pk}
    cras = rules.compute(Organization.objects.get(name=CRAS), month, catalog.form("cras"))
    assert cras["A1"].case_ids == {scenario["referred"].pk}
    assert cras["A2"].value == 0
    assert cras["C5"].case_ids == {scenario["referred"].pk}  # referred to the CREAS this month


def test_a_correction_needs_a_reason_and_is_kept_with_who_and_why(creas, month, scenario):
    acting("coord.creas.passos")
    report = services.open_month(acting("coord.creas.passos"), creas, month)
    coordinator = acting("coord.creas.passos")
    with pytest.raises(ServiceError):
        services.correct(coordinator, report, {"C2h": 3}, "")
    services.correct(coordinator, report, {"C2h": 3}, "Uma vítima atendida antes do registro.")
    f = figures_of(report)
    assert (f["C2h"].value, f["C2h"].computed, f["C2h"].corrected) == (3, 2, True)
    assert f["C2"].value == 3  # the item is the sum of its cells
    change = FigureChange.objects.get(figure=f["C2h"])
    assert (change.previous, change.value) == (2, 3)
    assert change.changed_by.username == "coord.creas.passos"
    event = AuditEvent.objects.filter(action="rma.corrected").latest("pk")
    assert event.data == {"codes": ["C2h"]} and "antes do registro" in event.reason
    # An item SIMA does not know is filled without a reason.
    services.correct(coordinator, report, {"B1": 4}, "")
    assert figures_of(report)["B1"].value == 4
    # Counting again keeps the correction and refreshes the rest; an item stays the sum of
    # its cells; a correction SIMA has caught up with is no longer one.
    make.case("creas.passos", month.replace(day=20), name="Nova Vítima", age=8)
    make.case("creas.passos", month.replace(day=21), name="Novo Menino", age=8, sex="M")
    services.recount(coordinator, report)
    f = figures_of(report)
    assert f["C2h"].value == 3 and f["C2h"].computed == 3 and not f["C2h"].corrected
    assert (f["C2g"].value, f["C2"].value, f["A2"].value) == (1, 4, 8)


def test_only_the_units_coordination_changes_its_rma(creas, month, scenario):
    report = services.open_month(acting("coord.creas.passos"), creas, month)
    for username in ("creas.passos", "gestor.passos", "gestor.mg"):
        with pytest.raises(NotPermitted):
            services.correct(acting(username), report, {"B1": 1}, "motivo suficiente")
        with pytest.raises(NotPermitted):
            services.submit(acting(username), report)
    with pytest.raises(NotPermitted):
        services.open_month(acting("creas.passos"), creas, month)
    with pytest.raises(ServiceError):  # a month that has not ended
        services.open_month(acting("coord.creas.passos"), creas, months.next_month(month))


def test_submitted_is_locked_until_reopened_with_a_reason(creas, month, scenario):
    coordinator = acting("coord.creas.passos")
    report = services.open_month(coordinator, creas, month)
    services.submit(coordinator, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at
    with pytest.raises(ServiceError):
        services.correct(coordinator, report, {"B1": 1}, "")
    with pytest.raises(ServiceError):
        services.reopen(coordinator, report, "curto")
    services.reopen(coordinator, report, "Faltou lançar os auxílios do mês.")
    first = report.first_submitted_at
    services.correct(coordinator, report, {"B1": 1}, "")
    services.submit(coordinator, report)
    report.refresh_from_db()
    assert report.first_submitted_at == first  # punctuality stays that of the first sending
    actions = list(
        AuditEvent.objects.filter(action__startswith="rma.", object_id=str(report.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "rma.opened",
        "rma.submitted",
        "rma.reopened",
        "rma.corrected",
        "rma.submitted",
    ]


def test_punctuality_against_the_due_date(month):
    due = months.due_date(month)
    report = MonthlyReport(month=month)
    report.first_submitted_at = make.at(due, 23)
    assert selectors.punctuality(report, month) == Punctuality.ON_TIME
    report.first_submitted_at = make.at(due + timedelta(days=1), 8)
    assert selectors.punctuality(report, month) == Punctuality.LATE
    assert selectors.punctuality(None, month, today=due) == Punctuality.PENDING
    assert selectors.punctuality(None, month, today=due + timedelta(days=1)) == Punctuality.MISSING


def test_the_worker_opens_every_units_last_month_once(month):
    opened = services.open_last_month()
    units = set(services.units().values_list("pk", flat=True))
    assert opened == len(units) > 0
    reported = MonthlyReport.objects.filter(month=month).values_list("organization_id", flat=True)
    assert set(reported) == units
    assert services.open_last_month() == 0
    # Only CRAS and CREAS of municipalities with an active adhesion report the RMA.
    kinds = set(Organization.objects.filter(pk__in=units).values_list("kind", flat=True))
    assert kinds <= {"cras", "creas"}
    assert not Organization.objects.filter(pk__in=units, municipality__adhesion__status="signed")


def test_the_page_corrects_submits_and_exports(client_for, creas, month, scenario):
    coordinator = client_for("coord.creas.passos")
    args = (creas.pk, month.year, month.month)
    page = coordinator.get(reverse("rma:report", args=args))
    assert page.status_code == 200 and "Preparar com os números do SIMA" in page.text
    assert coordinator.post(reverse("rma:open", args=args)).status_code == 302
    page = coordinator.get(reverse("rma:report", args=args))
    assert "C.2. Crianças ou adolescentes vítimas de abuso sexual" in page.text
    edit = reverse("rma:item_edit", args=(*args, "C2"))
    cells = {"C2e": "0", "C2g": "0", "C2b": "0", "C2f": "0", "C2h": "5", "C2d": "0"}
    refused = coordinator.post(edit, {**cells, "reason": ""})
    assert refused.status_code == 200 and "Diga por que" in refused.text
    negative = coordinator.post(edit, {"C2h": "-1", "reason": "motivo bem explicado"})
    assert negative.status_code == 200 and "maior ou igual a 0" in negative.text
    done = coordinator.post(edit, {**cells, "reason": "Atendimentos sem registro no SIMA."})
    assert done.status_code == 302
    cases_page = coordinator.get(reverse("rma:item_cases", args=(*args, "C2h")))
    assert scenario["rape"].protocol in cases_page.text
    assert AuditEvent.objects.filter(action="rma.cases_viewed").exists()
    csv = coordinator.get(reverse("rma:export_csv", args=args))
    header, row = csv.content.decode().splitlines()[:2]
    columns = dict(zip(header.split(";"), row.split(";")))
    assert columns["C2h"] == "5" and columns["A2"] == "6" and columns["B1"] == ""
    assert columns["mes_referencia"] == f"{month:%Y-%m}" and columns["codigo_ibge"] == "3147907"
    pdf = coordinator.get(reverse("rma:export_pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert coordinator.post(reverse("rma:submit", args=args)).status_code == 302
    assert MonthlyReport.objects.get(organization=creas, month=month).status == "submitted"
    # The unit's worker reads it, but changes nothing.
    worker = client_for("creas.passos")
    assert worker.get(reverse("rma:report", args=args)).status_code == 200
    assert worker.post(reverse("rma:reopen", args=args), {"reason": "x" * 20}).status_code == 403


def test_the_board_shows_who_sent_on_time_late_or_not(client_for, month):
    units = list(services.units().order_by("pk"))
    for unit in units[:2]:
        services.ensure(unit, month)
    first, second = MonthlyReport.objects.filter(month=month).order_by("organization_id")[:2]
    due = months.due_date(month)
    MonthlyReport.objects.filter(pk=first.pk).update(
        status="submitted", first_submitted_at=make.at(due), submitted_at=make.at(due)
    )
    MonthlyReport.objects.filter(pk=second.pk).update(
        status="submitted",
        first_submitted_at=make.at(due + timedelta(days=3)),
        submitted_at=make.at(due + timedelta(days=3)),
    )
    rows, summary = selectors.board(acting("gestor.mg"), [month])
    s = summary[0]
    assert s["expected"] == len(units) and (s["on_time"], s["late"]) == (1, 1)
    assert s["missing"] + s["pending"] == len(units) - 2
    if timezone.localdate() > due:
        assert s["missing"] == len(units) - 2
    # A municipal manager's board holds its municipality's units only.
    rows, _summary = selectors.board(acting("gestor.passos"), [month])
    assert {r.unit.municipality_id for r in rows} == {3147907}
    page = client_for("gestor.mg").get(reverse("rma:status"))
    assert page.status_code == 200 and "Enviado com atraso" in page.text
    csv = client_for("gestor.mg").get(
        reverse("rma:status_csv", args=(month.year, month.month)) + "?formulario=cras"
    )
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("mes_referencia;") and ";A1;A2;" in lines[0]
    # The board's municipality filter goes with its CSV links.
    for unit in units:
        services.ensure(unit, month)
    passos = client_for("gestor.mg").get(
        reverse("rma:status_csv", args=(month.year, month.month))
        + "?formulario=cras&municipio=3147907"
    )
    ibge = {line.split(";")[1] for line in passos.content.decode().splitlines()[1:]}
    assert ibge == {"3147907"}


def test_months_before_the_adhesion_are_not_expected(month):
    from serdh.network.models import Adhesion

    Adhesion.objects.filter(municipality_id=3147907).update(
        activated_at=months.next_month(month).replace(day=10)
    )
    rows, summary = selectors.board(acting("gestor.passos"), [months.next_month(month), month])
    assert summary[1]["expected"] == 0 and summary[0]["expected"] == len(rows) > 0
    assert {state for row in rows for _m, _r, state in row.cells[1:]} == {Punctuality.NOT_EXPECTED}


def test_the_coordination_is_told_when_the_month_is_ready_and_near_the_deadline(creas, month):
    from serdh.workflow.models import Notification

    report = services.ensure(creas, month)
    coordinator = acting("coord.creas.passos")
    told = Notification.objects.filter(user=coordinator, kind="rma_due")
    assert [n.message for n in told] == [f"O RMA de {month:%m/%Y} está pronto para revisão."]
    assert told.get().link == reverse("rma:report", args=(creas.pk, month.year, month.month))
    assert not Notification.objects.filter(user__username="creas.passos", kind="rma_due")
    due = months.due_date(month)
    assert services.remind_due(today=due - timedelta(days=5)) == 0
    assert services.remind_due(today=due - timedelta(days=2)) >= 1
    services.remind_due(today=due - timedelta(days=1))  # told once
    assert told.all().count() == 2 and "vence em" in told.order_by("pk").last().message
    services.submit(coordinator, report)
    before = Notification.objects.count()
    services.remind_due(today=due)
    assert Notification.objects.count() == before  # a sent RMA is not chased


def test_a_referral_cancelled_after_acceptance_was_followed_until_then(creas, month):
    from serdh.cases.models import Referral

    case = make.case("cras.passos", month.replace(day=2), name="Caso Cancelado", age=11)
    referral = make.referred(case, "cras.passos", CREAS, "creas.passos", month.replace(day=4))
    Referral.objects.filter(pk=referral.pk).update(
        status="cancelled", finished_at=make.at(month.replace(day=20))
    )
    counts = rules.compute(creas, month, catalog.form("creas"))
    assert case.pk in counts["A1"].case_ids and case.pk in counts["A2"].case_ids
    later = rules.compute(creas, months.next_month(month), catalog.form("creas"))
    assert case.pk not in later["A1"].case_ids
    # Declined: never followed.
    Referral.objects.filter(pk=referral.pk).update(status="declined", finished_at=None)
    assert case.pk not in rules.compute(creas, month, catalog.form("creas"))["A1"].case_ids


def test_a_month_before_the_adhesion_cannot_be_opened_and_is_never_owed(creas, month):
    from serdh.network.models import Adhesion

    Adhesion.objects.filter(municipality_id=3147907).update(activated_at=month.replace(day=3))
    before = months.previous_month(month)
    with pytest.raises(ServiceError):
        services.open_month(acting("coord.creas.passos"), creas, before)
    report = services.open_month(acting("coord.creas.passos"), creas, month)
    since = selectors.expected_from(creas)
    assert selectors.punctuality(report, before, since=since) == Punctuality.NOT_EXPECTED
    assert selectors.punctuality(None, month, since=since) != Punctuality.NOT_EXPECTED
