"""The incident register (LGPD art. 48; Res. CD/ANPD 15/2024): 3 working days to communicate
an incident of relevant risk, counted from when it became known, skipping weekends and
national holidays; late communications need a reason; the register keeps every incident."""

from datetime import date

import pytest
from django.urls import reverse

from serdh.accounts.models import User
from serdh.core import workdays
from serdh.core.models import AuditEvent
from serdh.privacy import incidents
from serdh.privacy.models import Incident


@pytest.mark.parametrize(
    "known,due",
    [
        (date(2026, 12, 3), date(2026, 12, 8)),  # Thursday: Friday, Monday, Tuesday
        (date(2026, 12, 23), date(2026, 12, 29)),  # over Christmas
        (date(2026, 11, 19), date(2026, 11, 25)),  # 20 November (Lei 14.759/2023)
        (date(2026, 4, 1), date(2026, 4, 7)),  # Good Friday, 3 April 2026
        (date(2026, 4, 17), date(2026, 4, 23)),  # Tiradentes, Tuesday 21 April
    ],
)
def test_the_deadline_counts_working_days(known, due, settings):
    assert workdays.add_working_days(known, 3) == due


def test_state_holidays_come_from_the_setting(settings):
    settings.SERDH_EXTRA_HOLIDAYS = ["2026-12-08"]  # a municipal holiday, say
    assert workdays.add_working_days(date(2026, 12, 3), 3) == date(2026, 12, 9)


def test_easter_dates():
    assert workdays.easter(2026) == date(2026, 4, 5)
    assert workdays.easter(2027) == date(2027, 3, 28)
    assert workdays.easter(2030) == date(2030, 4, 21)


def _incident(**extra):
    data = {
        "title": "Acesso indevido a uma planilha",
        "description": "Uma planilha exportada foi enviada a um endereço errado.",
        "known_on": date(2026, 11, 26),  # a Thursday
        "criteria": ["sensitive", "vulnerable"],
        "significant_effect": True,
        "affected_count": 12,
        "affected_children": 4,
        **extra,
    }
    return incidents.register(User.objects.get(username="auditor.mg"), data)


def test_relevant_risk_needs_an_effect_and_a_criterion(db):
    assert incidents.relevant_risk(_incident())
    assert not incidents.relevant_risk(_incident(significant_effect=False))
    assert not incidents.relevant_risk(_incident(criteria=[]))
    assert incidents.deadline(_incident(criteria=[])).due is None


def test_the_deadline_is_shown_and_turns_late(db):
    incident = _incident()
    on_time = incidents.deadline(incident, today=date(2026, 11, 27))
    assert on_time.due == date(2026, 12, 1) and on_time.left == 2 and not on_time.done
    late = incidents.deadline(incident, today=date(2026, 12, 3))
    assert late.left == -2


def test_a_late_communication_needs_a_reason(db):
    from serdh.core.errors import ServiceError

    with pytest.raises(ServiceError, match="motivo da demora"):
        _incident(anpd_notified_on=date(2026, 12, 2), subjects_notified_on=date(2026, 12, 2))
    done = _incident(
        anpd_notified_on=date(2026, 12, 2),
        subjects_notified_on=date(2026, 12, 2),
        delay_reason="A extensão só foi conhecida depois da perícia.",
    )
    info = incidents.deadline(done)
    assert info.done and info.left < 0
    assert info.complement_due == date(2026, 12, 31)  # 20 working days, Christmas skipped


def test_the_auditor_registers_an_incident_through_the_page(client_for):
    from django.utils import timezone

    page = client_for("auditor.mg")
    bad = page.post(reverse("privacy:incident_create"), {"title": "", "known_on": "2099-01-01"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "Este campo é obrigatório" in html
    response = page.post(
        reverse("privacy:incident_create"),
        {
            "title": "Notebook furtado",
            "description": "Notebook de um CREAS furtado; disco cifrado.",
            "known_on": timezone.localdate().isoformat(),
            "significant_effect": "on",
            "criteria": ["sensitive", "vulnerable"],
            "affected_count": "30",
            "affected_children": "10",
            "measures": "Sessões encerradas, senhas trocadas.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Incidente registrado" in html and "atrasado" not in html
    incident = Incident.objects.get(title="Notebook furtado")
    event = AuditEvent.objects.get(action="incident.registered", object_id=str(incident.pk))
    assert event.flagged and event.data["relevant_risk"] is True


def test_a_future_known_date_is_refused_in_portuguese(client_for):
    response = client_for("auditor.mg").post(
        reverse("privacy:incident_create"),
        {
            "title": "Teste",
            "description": "Teste",
            "known_on": "2099-01-01",
            "affected_count": "0",
            "affected_children": "0",
        },
    )
    assert "não pode estar no futuro" in response.content.decode()
    assert not Incident.objects.filter(title="Teste").exists()


def test_the_state_admin_reads_but_does_not_change_the_register(client_for, db):
    incident = _incident()
    admin = client_for("admin.mg")
    assert admin.get(reverse("privacy:incident_detail", args=[incident.pk])).status_code == 200
    changed = admin.post(
        reverse("privacy:incident_detail", args=[incident.pk]), {"title": "Outro título"}
    )
    assert changed.status_code == 404
    incident.refresh_from_db()
    assert incident.title == "Acesso indevido a uma planilha"
