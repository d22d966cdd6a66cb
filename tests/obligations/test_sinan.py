"""SINAN: the ficha from the case (issue 14). Portaria de Consolidação GM/MS nº 4/2017 makes the
notification compulsory; SIMA fills the ficha from the case, asks only what it lacks, prints it
laid out like the form, exports it with SINAN's column names, and the notification recorded as
sent fulfils the obligation."""

import base64
import re
import zlib
from datetime import date

import pytest
from dbfread import DBF
from django.urls import reverse
from django.utils import timezone

from serdh.accounts.models import Membership, User
from serdh.core.errors import ServiceError
from serdh.core.models import AuditEvent
from serdh.network.models import Organization
from serdh.obligations import sinan, sinan_pdf
from serdh.obligations.models import Obligation, SinanNotification
from tests.cases.factories import refer
from tests.obligations.factories import UBS, case_with, health_worker

pytestmark = pytest.mark.django_db

ALL_ANSWERED = {
    "CS_GESTANT": "5",
    "CS_ESCOL_N": "03",
    "LES_AUTOP": "2",
    "NUM_ENVOLV": "1",
    "AUTOR_ALCO": "9",
    "CICL_VID": "4",
    "REL_TRAB": "2",
    "REL_CAT": "8",
    **{column: "1" for column, _l in sinan.PROCEDURES},
    **{column: "2" for column, _l in sinan.REFERRALS},
}


def raped_adolescent():
    nurse = health_worker()
    case = case_with(
        "ubs.passos.teste",
        age=14,
        violation="sexual",
        subtype="sexual.rape",
        relationship="stepfather",
        place="home",
    )
    return nurse, case, case.parties.get(role="victim")


def sent(nurse, case, victim, number="1234567"):
    return sinan.save(
        nurse,
        case,
        victim_id=victim.pk,
        answers=ALL_ANSWERED,
        occupation="Estudante",
        number=number,
        notified_on=timezone.localdate(),
        send=True,
    )


def pdf_text(data):
    """The text drawn in a PDF made by reportlab: its content streams (ASCII85, then Flate)."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        stream = stream.strip()
        if stream.endswith(b"~>"):
            stream = base64.a85decode(stream[:-2])
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            chunks.append(stream)
    return b"".join(chunks).decode("latin-1")


def test_the_epidemiological_week_starts_on_sunday_and_week_one_has_four_days_of_the_year():
    assert sinan.epi_week(date(2026, 1, 1)) == "202553"  # Thursday: still 2025's last week
    assert sinan.epi_week(date(2026, 1, 4)) == "202601"
    assert sinan.epi_week(date(2026, 12, 4)) == "202648"
    assert sinan.epi_week(date(2025, 1, 1)) == "202501"  # Wednesday: four days in 2025


def test_portaria_consolidacao_4_the_ficha_asks_only_what_the_case_lacks_with_sensible_defaults():
    nurse, case, victim = raped_adolescent()
    refer(
        case, from_user="ubs.passos.teste", to="Conselho Tutelar de Passos", sharing_basis="child"
    )
    found = sinan.defaults(case, victim, Organization.objects.get(name=UBS))
    assert found["CONS_TUTEL"] == "1" and found["MPU"] == "2"
    assert found["PROC_HIV"] == ""  # sexual violence: the procedures must be answered
    assert found["NUM_ENVOLV"] == "1" and found["CICL_VID"] == "4"  # one author of 40
    assert found["LES_AUTOP"] == "2"


def test_portaria_consolidacao_4_sending_needs_every_answer_and_the_7_digit_number():
    nurse, case, victim = raped_adolescent()
    with pytest.raises(ServiceError) as refused:
        sinan.save(nurse, case, victim_id=victim.pk, answers={}, send=True)
    assert refused.value.field == "CS_GESTANT"
    with pytest.raises(ServiceError) as refused:
        sinan.save(
            nurse,
            case,
            victim_id=victim.pk,
            answers=ALL_ANSWERED,
            number="12A",
            notified_on=timezone.localdate(),
            send=True,
        )
    assert refused.value.field == "number"
    draft = sinan.save(nurse, case, victim_id=victim.pk, answers={"CS_GESTANT": "5"})
    assert draft.sent_at is None
    assert Obligation.objects.get(case=case, kind="sinan_notification").status == "due"


def test_portaria_consolidacao_4_the_notification_sent_fulfils_the_obligation_with_its_number():
    nurse, case, victim = raped_adolescent()
    sent(nurse, case, victim)
    obligation = Obligation.objects.get(case=case, kind="sinan_notification")
    assert obligation.status == "done" and obligation.done_how == "sinan"
    assert obligation.protocol == "1234567"
    assert obligation.on_time is True
    with pytest.raises(ServiceError):  # sent once
        sent(nurse, case, victim)


def test_the_ficha_fills_the_forms_fields_from_the_case_with_sinans_codes():
    nurse, case, victim = raped_adolescent()
    notification = sent(nurse, case, victim)
    columns = sinan.columns(notification)
    assert columns["NU_NOTIFIC"] == "1234567"
    assert columns["ID_AGRAVO"] == "Y09" and columns["TP_NOT"] == "2"
    assert columns["NU_IDADE_N"] == "4014"
    assert columns["CS_SEXO"] == "F"
    assert columns["ID_MUNICIP"] == str(case.municipality_id)[:6]
    assert len(columns["ID_MUNICIP"]) == 6
    assert columns["VIOL_SEXU"] == "1" and columns["VIOL_FISIC"] == "2"
    assert columns["SEX_ESTUPR"] == "1" and columns["SEX_ASSEDI"] == "2"
    assert columns["REL_PAD"] == "1" and columns["REL_PAI"] == "2"
    assert columns["LOCAL_OCOR"] == "01"
    assert columns["TPUNINOT"] == "1"
    assert columns["CS_ESCOL_N"] == "03"
    assert columns["SEM_NOT"] == sinan.epi_week(timezone.localdate())
    numbers = [f.number for _s, fields in sinan.ficha(notification) for f in fields]
    assert numbers == sorted(numbers)  # in the form's order


def test_the_pdf_is_laid_out_with_the_forms_numbered_fields():
    nurse, case, victim = raped_adolescent()
    data = sinan_pdf.render(sent(nurse, case, victim))
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert case.protocol in text
    assert "56 Tipo de viol" in text  # accents are escaped in the content stream
    assert "59 Procedimento realizado" in text
    assert "1234567" in text


def test_the_coordinator_exports_the_sent_notifications_as_a_sinan_dbf_without_names(
    client_for, tmp_path
):
    nurse, case, victim = raped_adolescent()
    sent(nurse, case, victim)
    boss = User.objects.create(username="coord.ubs.teste", full_name="Coordenadora Teste")
    Membership.objects.create(
        user=boss, organization=Organization.objects.get(name=UBS), role="coordinator"
    )
    today = timezone.localdate().isoformat()
    url = reverse("obligations:sinan_export") + f"?desde={today}&ate={today}"
    assert client_for("ubs.passos.teste").get(url).status_code == 403
    response = client_for("coord.ubs.teste").get(url)
    assert response.status_code == 200
    path = tmp_path / "export.dbf"
    path.write_bytes(response.content)
    table = DBF(path, encoding="latin-1", char_decode_errors="strict")
    rows = list(table)
    assert len(rows) == 1
    row = rows[0]
    assert row["NU_NOTIFIC"] == "1234567"
    assert row["VIOL_SEXU"] == "1" and row["SEX_ESTUPR"] == "1"
    assert row["DT_NOTIFIC"] == timezone.localdate()
    assert row["NU_IDADE_N"] == "4014"
    assert not {"NM_PACIENT", "NM_MAE_PAC", "ID_CNS_SUS"} & set(table.field_names)
    event = AuditEvent.objects.filter(action="sinan.exported").get()
    assert event.flagged and event.data["rows"] == 1


def test_the_ficha_pages_are_the_notifying_services_alone(client_for):
    nurse, case, victim = raped_adolescent()
    notification = sent(nurse, case, victim)
    refer(case, from_user="ubs.passos.teste", to="CREAS Passos", sharing_basis="child")
    detail = reverse("obligations:sinan_detail", args=[notification.pk])
    pdf = reverse("obligations:sinan_pdf", args=[notification.pk])
    own = client_for("ubs.passos.teste")
    assert own.get(detail).status_code == 200
    response = own.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="sinan.ficha_downloaded").exists()
    for other in ("creas.passos", "ct.passos", "cras.bh"):
        assert client_for(other).get(detail).status_code == 404
        assert client_for(other).get(pdf).status_code == 404
    assert client_for("gestor.passos").get(detail).status_code == 403


def test_the_form_page_saves_then_sends_and_shows_errors_in_portuguese(client_for):
    nurse, case, victim = raped_adolescent()
    client = client_for("ubs.passos.teste")
    url = reverse("obligations:sinan_form", args=[case.pk, victim.pk])
    html = client.get(url).content.decode()
    assert "16 Escolaridade" in html and "59 Profilaxia de HIV" in html
    response = client.post(url, {"CS_GESTANT": "5", "send": "1"})
    assert response.status_code == 200
    assert "responda todos os campos da ficha" in response.content.decode()
    payload = {**ALL_ANSWERED, "number": "7654321", "notified_on": timezone.localdate().isoformat()}
    response = client.post(url, {**payload, "send": "1"})
    assert response.status_code == 302
    notification = SinanNotification.objects.get(case=case)
    assert notification.sent_at is not None and notification.number == "7654321"
