"""Issue 16, SINAN: a municipality's violence notifications (CSV, DBF) become cases with their
victim, author and violations, through the vocabularies' SINAN codes; bad files are refused
whole, bad rows are reported row by row and nothing is half-imported; the same file twice
creates nothing new."""

import io

import pytest

from serdh.cases.models import Case, CaseEvent, Party, Violation
from serdh.core.errors import NotPermitted
from serdh.core.models import AuditEvent
from serdh.imports import housekeeping, services, storage
from serdh.imports.choices import Kind, Mode, Status
from serdh.imports.models import ImportBatch, ImportedRecord
from serdh.monitoring.models import ViolationFact
from serdh.obligations.sinan_codes import TYPE_COLUMNS
from tests.cases.factories import acting
from tests.imports import sinan_files

pytestmark = pytest.mark.django_db

COORDINATOR = "coord.creas.passos"
BH_SIX = "310620"


def send(path, username=COORDINATOR, name=None):
    user = acting(username)
    with open(path, "rb") as handle:
        batch = services.receive(user, Kind.SINAN, handle, name or path.name)
    services.validate(batch.pk)
    batch.refresh_from_db()
    return user, batch


def import_all(path, mode=Mode.VALID, **kwargs):
    user, batch = send(path, **kwargs)
    batch = services.decide(user, batch, mode)
    return services.run(batch.pk, chunk=7)


def imported_cases(batch):
    return Case.objects.filter(pk__in=batch.records.values("case_id"))


def test_a_csv_of_notifications_becomes_registered_cases_with_their_violations(tmp_path):
    rows = sinan_files.rows(20)
    path = sinan_files.write_csv(rows, tmp_path / "violencia.csv")
    batch = import_all(path)
    assert (batch.status, batch.total_rows, batch.created_rows) == (Status.DONE, 20, 20)
    cases = imported_cases(batch)
    assert cases.count() == 20
    assert set(cases.values_list("status", flat=True)) == {"registered"}
    assert set(cases.values_list("intake_channel__code", flat=True)) == {"sinan_notification"}
    assert set(cases.values_list("municipality_id", flat=True)) == {3147907}
    for row in rows:
        record = ImportedRecord.objects.get(external_id__contains=f":{int(row['NU_NOTIFIC'])}:")
        case = record.case
        victim = Party.objects.get(case=case, role="victim")
        assert victim.person.full_name == row["NM_PACIENT"]
        assert victim.person.mother_name == row["NM_MAE_PAC"]
        assert victim.age_years == int(row["NU_IDADE_N"][1:])
        assert case.reported_on.isoformat() == row["DT_NOTIFIC"]
        marked = {f"56.{n}" for n, c in enumerate(TYPE_COLUMNS, start=1) if row[c] == "1"}
        found = set(Violation.objects.filter(case=case).values_list("type__sinan_code", flat=True))
        assert found == marked
        line = CaseEvent.objects.get(case=case, kind="registered")
        # Managers read the summary: where the case came from, no file name (it may be a
        # name); the notification and the file are in the encrypted detail.
        assert f"lote nº {record.batch_id}, linha {record.row}" in line.summary
        assert "violencia.csv" not in line.summary
        assert row["NU_NOTIFIC"] in line.detail and "violencia.csv" in line.detail
    # Counted by monitoring the month they were notified, through the bulk path's hook.
    assert (
        ViolationFact.objects.filter(case_id__in=cases.values("pk")).count()
        == Violation.objects.filter(case__in=cases).count()
    )
    # One audit event for the batch, none per case.
    assert AuditEvent.objects.filter(action="imports.batch_imported").count() == 1
    assert not AuditEvent.objects.filter(
        action="case.registered",
        object_id__in=[str(pk) for pk in cases.values_list("pk", flat=True)],
    ).exists()


def test_the_same_file_twice_creates_nothing_new(tmp_path):
    path = sinan_files.write_csv(sinan_files.rows(12), tmp_path / "a.csv")
    first = import_all(path)
    again = sinan_files.write_dbf(sinan_files.rows(12), tmp_path / "a.dbf")  # same records
    second = import_all(again)
    assert first.created_rows == 12
    assert (second.created_rows, second.existing_rows, second.valid_rows) == (0, 12, 12)
    assert ImportedRecord.objects.count() == 12


def test_a_dbf_and_a_latin1_csv_give_the_same_cases_as_utf8(tmp_path):
    rows = sinan_files.rows(6, seed=3)
    rows[0]["NM_PACIENT"] = "JOÃO DA CONCEIÇÃO ARAÚJO"
    dbf = import_all(sinan_files.write_dbf(rows, tmp_path / "v.dbf"))
    assert (dbf.file_format, dbf.encoding, dbf.created_rows) == ("dbf", "latin-1", 6)
    person = Party.objects.get(
        case__in=imported_cases(dbf),
        role="victim",
        person__isnull=False,
        case__pk=ImportedRecord.objects.get(row=1).case_id,
    ).person
    assert person.full_name == "JOÃO DA CONCEIÇÃO ARAÚJO"
    others = sinan_files.rows(3, seed=4, first_number=500)
    others[0]["NM_PACIENT"] = "MARIA JOSÉ CONCEIÇÃO"
    latin = import_all(sinan_files.write_csv(others, tmp_path / "l.csv", encoding="latin-1"))
    assert (latin.encoding, latin.created_rows) == ("latin-1", 3)
    names = {
        p.person.full_name
        for p in Party.objects.filter(case__in=imported_cases(latin), role="victim")
    }
    assert "MARIA JOSÉ CONCEIÇÃO" in names


def test_bad_rows_are_reported_row_by_row_and_the_valid_ones_imported_by_choice(tmp_path):
    rows = sinan_files.rows(8, seed=5)
    rows[1]["CS_RACA"] = "7"  # no such code
    rows[2]["DT_NOTIFIC"] = "2099-01-01"  # future
    rows[3]["ID_MN_OCOR"] = BH_SIX  # another municipality: outside CREAS Passos's territory
    for column in TYPE_COLUMNS:
        rows[4][column] = "2"  # no violence marked
    rows[5]["ID_CNS_SUS"] = "712345678901234"  # fails the CNS check
    rows[6] = dict(rows[0])  # the same notification twice
    path = sinan_files.write_csv(rows, tmp_path / "ruim.csv")
    user, batch = send(path)
    assert (batch.status, batch.valid_rows, batch.problem_rows) == (Status.VALIDATED, 2, 6)
    report = {(p.row, p.column): p.problem for p in batch.problems.all()}
    assert report[(3, "CS_RACA")] == "Código sem termo no vocabulário."
    assert "futura" in report[(4, "DT_NOTIFIC")]
    assert "fora do território" in report[(5, "ID_MN_OCOR")]
    assert "Nenhum tipo de violência" in report[(6, "VIOL_FISIC")]
    assert (7, "ID_CNS_SUS") in report
    assert "repetido" in report[(8, "NU_NOTIFIC")] and "linha 2" in report[(8, "NU_NOTIFIC")]
    assert batch.problems.get(row=3, column="CS_RACA").value == "7"
    # "Import only if all are valid": nothing is imported.
    cancelled = services.decide(user, batch, Mode.ALL_OR_NONE)
    assert cancelled.status == Status.CANCELLED and not ImportedRecord.objects.exists()
    # The same file again, "import the valid rows": exactly the two valid ones.
    user, batch = send(path)
    done = services.run(services.decide(user, batch, Mode.VALID).pk)
    assert (done.created_rows, done.problem_rows) == (2, 6)
    assert sorted(ImportedRecord.objects.values_list("row", flat=True)) == [2, 9]


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "vazio"),
        ("NU_NOTIFIC;DT_NOTIFIC\n1;01/01/2025\n".encode("utf-16"), "bytes nulos"),
        (b"nome;idade\nAna;3\n", "não é de notificações de violência do SINAN"),
        (b"PK\x03\x04planilha", "Excel"),
    ],
)
def test_a_file_that_is_not_sinans_is_refused_whole(tmp_path, content, expected):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    _user, batch = send(path)
    assert batch.status == Status.REFUSED and expected in batch.error
    assert not batch.problems.exists()


def test_a_truncated_dbf_and_a_dbf_of_something_else_are_refused(tmp_path):
    rows = sinan_files.rows(10)
    cut = sinan_files.write_dbf(rows, tmp_path / "cortado.dbf", announce=25)
    _user, batch = send(cut)
    assert batch.status == Status.REFUSED
    assert "25 registros" in batch.error and "10" in batch.error
    other = sinan_files.write_dbf(
        [{"NOME": "X", "IDADE": "3"}], tmp_path / "outro.dbf", columns=("NOME", "IDADE")
    )
    _user, batch = send(other)
    assert batch.status == Status.REFUSED and "NU_NOTIFIC" in batch.error
    assert not Case.objects.filter(intake_channel__code="sinan_notification").exists()


def test_a_six_digit_code_is_completed_with_the_ibge_check_digit(tmp_path):
    from serdh.imports.sinan import Mapper

    coordinator = acting(COORDINATOR)
    mapper = Mapper(coordinator.memberships.get().organization)
    assert mapper.municipalities[314790][0] == 3147907  # Passos
    assert mapper.municipalities[220191][0] == 2201919  # one of the nine historic exceptions


@pytest.mark.parametrize("username", ["cras.passos", "gestor.passos", "admin.passos", "auditor.mg"])
def test_only_a_coordinator_imports(tmp_path, username):
    path = sinan_files.write_csv(sinan_files.rows(1), tmp_path / "a.csv")
    with pytest.raises(NotPermitted), open(path, "rb") as handle:
        services.receive(acting(username), Kind.SINAN, handle, "a.csv")
    assert not ImportBatch.objects.exists()


class Killed(BaseException):
    """The worker's death (a SIGKILL raises nothing; this stops the run just the same)."""


def _die(done, total):
    raise Killed  # the worker stops right after its first chunk was committed


def test_an_interrupted_import_resumes_at_its_checkpoint_without_doubles(tmp_path, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    path = sinan_files.write_csv(sinan_files.rows(30), tmp_path / "a.csv")
    user, batch = send(path)
    services.decide(user, batch, Mode.VALID)
    with pytest.raises(Killed):
        services.run(batch.pk, progress=_die, chunk=10)
    batch.refresh_from_db()
    assert (batch.status, batch.next_row, batch.created_rows) == (Status.IMPORTING, 10, 10)
    # The worker finds it stalled and queues it once.
    ImportBatch.objects.filter(pk=batch.pk).update(touched_at=timezone.now() - timedelta(hours=1))
    queued = []
    monkeypatch.setattr(
        "serdh.imports.tasks.import_batch",
        type("Task", (), {"enqueue": staticmethod(lambda pk, *args: queued.append(pk))}),
    )
    housekeeping.resume_stalled()
    housekeeping.resume_stalled()
    assert queued == [batch.pk]
    done = services.run(batch.pk, chunk=10)
    assert (done.status, done.created_rows, done.existing_rows) == (Status.DONE, 30, 0)
    assert ImportedRecord.objects.count() == 30
    assert Case.objects.filter(intake_channel__code="sinan_notification").count() == 30


def test_the_report_is_a_csv_with_row_column_value_problem(tmp_path):
    from serdh.imports.report import write_csv

    rows = sinan_files.rows(3)
    rows[1]["NM_PACIENT"] = '=HYPERLINK("http://x")'
    rows[1]["CS_SEXO"] = "X"
    _user, batch = send(sinan_files.write_csv(rows, tmp_path / "r.csv"))
    out = io.StringIO()
    write_csv(batch, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "linha;coluna;valor;problema"
    assert lines[1].startswith("3;CS_SEXO;X;")


def test_a_datasus_dbc_is_decompressed_and_imported_and_a_cut_one_refused(tmp_path):
    rows = sinan_files.rows(5, seed=11)
    dbc = import_all(sinan_files.write_dbc(rows, tmp_path / "VIOLMG25.dbc"))
    assert (dbc.file_format, dbc.created_rows) == ("dbc", 5)
    whole = sinan_files.write_dbc(sinan_files.rows(5, seed=12), tmp_path / "CORTADO.dbc")
    cut = tmp_path / "CORTADO2.dbc"
    cut.write_bytes(whole.read_bytes()[:-300])
    _user, batch = send(cut)
    assert batch.status == Status.REFUSED
    assert "DBC" in batch.error or "incompleto" in batch.error


def test_the_uploaded_file_is_removed_when_the_batch_ends(tmp_path):
    path = sinan_files.write_csv(sinan_files.rows(3), tmp_path / "a.csv")
    batch = import_all(path)
    assert batch.status == Status.DONE and not storage.path_of(batch).exists()
    _user, refused = send(sinan_files.write_dbf([], tmp_path / "vazio.dbf", columns=("NOME",)))
    assert refused.status == Status.REFUSED and not storage.path_of(refused).exists()


def test_an_undecided_batch_expires_and_old_report_values_go(tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from serdh.imports.models import ImportProblem

    rows = sinan_files.rows(3)
    rows[0]["CS_SEXO"] = "X"
    _user, batch = send(sinan_files.write_csv(rows, tmp_path / "a.csv"))
    assert storage.path_of(batch).exists() and batch.problems.count() == 1
    housekeeping.expire_undecided(now=timezone.now() + timedelta(days=6))
    batch.refresh_from_db()
    assert batch.status == Status.VALIDATED
    housekeeping.expire_undecided(now=timezone.now() + timedelta(days=8))
    batch.refresh_from_db()
    assert batch.status == Status.CANCELLED and not storage.path_of(batch).exists()
    assert AuditEvent.objects.filter(action="imports.batch_expired").count() == 1
    housekeeping.purge_reports(now=timezone.now() + timedelta(days=89))
    assert ImportProblem.objects.filter(batch=batch).count() == 1
    housekeeping.purge_reports(now=timezone.now() + timedelta(days=91))
    assert not ImportProblem.objects.filter(batch=batch).exists()


def test_an_unexpected_error_fails_the_batch_saying_so_without_data(tmp_path, monkeypatch):
    path = sinan_files.write_csv(sinan_files.rows(3), tmp_path / "a.csv")
    user, batch = send(path)
    services.decide(user, batch, Mode.VALID)

    def broken(self, batch, user, items):
        raise RuntimeError("MARIA DA SILVA")  # a message that could hold data

    monkeypatch.setattr("serdh.imports.casewriter.CaseMapper.write", broken)
    failed = services.run(batch.pk)
    assert failed.status == Status.FAILED
    assert "RuntimeError" in failed.error and "MARIA" not in failed.error
    assert not ImportedRecord.objects.exists() and not storage.path_of(failed).exists()
    housekeeping.resume_stalled()  # an ended batch is not started again
    failed.refresh_from_db()
    assert failed.status == Status.FAILED


def test_a_term_taken_out_of_use_is_reported_on_the_row_not_a_crash(tmp_path):
    from serdh.vocabularies.models import Term

    Term.objects.filter(vocabulary__key="place", sinan_code="03").update(is_active=False)
    Term.objects.filter(vocabulary__key="means", sinan_code="57.1").update(is_active=False)
    rows = sinan_files.rows(2)
    rows[0]["LOCAL_OCOR"] = "3"  # "03" without its zero, as a spreadsheet writes it
    rows[1]["AG_FORCA"] = "1"
    _user, batch = send(sinan_files.write_csv(rows, tmp_path / "a.csv"))
    report = {(p.row, p.column): p.problem for p in batch.problems.all()}
    assert report[(2, "LOCAL_OCOR")] == "Código sem termo no vocabulário."
    assert report[(3, "AG_FORCA")] == "Código sem termo no vocabulário."


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    rows = sinan_files.rows(3)
    rows[0]["NM_MAE_PAC"] = "ANA\nDE SOUZA"  # a quoted line break inside a cell
    rows[2]["CS_SEXO"] = "X"
    _user, batch = send(sinan_files.write_csv(rows, tmp_path / "a.csv"))
    assert batch.problems.get().row == 4


def test_a_seven_digit_code_with_a_wrong_check_digit_is_reported(tmp_path):
    rows = sinan_files.rows(1)
    rows[0]["ID_MN_OCOR"] = "3147900"  # Passos is 3147907
    _user, batch = send(sinan_files.write_csv(rows, tmp_path / "a.csv"))
    assert batch.problems.get().column == "ID_MN_OCOR"


def test_a_victim_known_by_cns_is_the_same_person_in_sima(tmp_path):
    from serdh.people.models import Person

    rows = sinan_files.rows(4, seed=21)
    cns = sinan_files.provisional_cns(__import__("random").Random(3))
    for row in rows[:3]:
        row["ID_CNS_SUS"] = cns  # one girl, three notifications (two chunks below)
    rows[3]["ID_CNS_SUS"] = ""
    first = import_all(sinan_files.write_csv(rows[:2], tmp_path / "a.csv"))
    second = import_all(sinan_files.write_csv(rows[2:], tmp_path / "b.csv"))
    assert first.created_rows + second.created_rows == 4
    victims = Party.objects.filter(case__in=imported_cases(first) | imported_cases(second))
    people = victims.filter(role="victim").values_list("person_id", flat=True)
    assert len(set(people)) == 2  # the girl once, the fourth victim once
    from serdh.core.crypto import blind_index

    assert Person.objects.filter(cns_index=blind_index(cns, "cns")).count() == 1


def test_imported_cases_get_the_facts_a_rebuild_gives(tmp_path):
    # The facts of imported cases are built from the rows the insert made, not read back
    # (monitoring.facts.add_cases); a rebuild from the database must find the same, rollups
    # included. A known person (by CNS) and a repeated one within the file are in it.
    from django.core.management import call_command

    from tests.monitoring.test_facts import rollup_snapshot, snapshot

    rows = sinan_files.rows(9, seed=5)
    cns = sinan_files.provisional_cns(__import__("random").Random(8))
    for row in rows[:3]:
        row["ID_CNS_SUS"] = cns
    import_all(sinan_files.write_csv(rows[:1], tmp_path / "a.csv"))
    import_all(sinan_files.write_csv(rows[1:], tmp_path / "b.csv"))
    imported, rollups = snapshot(), rollup_snapshot()
    assert len(imported["ViolationFact"]) >= 9 and rollups
    call_command("monitoring", "rebuild", verbosity=0)
    assert snapshot() == imported
    assert rollup_snapshot() == rollups


def test_the_stored_upload_is_encrypted_and_decrypts_to_what_was_sent(tmp_path):
    import io as _io

    from serdh.core import crypto

    rows = sinan_files.rows(2)
    path = sinan_files.write_csv(rows, tmp_path / "a.csv")
    _user, batch = send(path)
    stored = storage.path_of(batch).read_bytes()
    assert rows[0]["NM_PACIENT"].encode() not in stored and b"NU_NOTIFIC" not in stored
    clear = _io.BytesIO()
    crypto.decrypt_stream(_io.BytesIO(stored), clear, storage.CONTEXT)
    assert clear.getvalue() == path.read_bytes()
