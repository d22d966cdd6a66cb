"""The data files load into the vocabularies: complete, idempotent, all or nothing, and never
deleting a term."""

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from serdh.core.models import AuditEvent
from serdh.vocabularies import selectors
from serdh.vocabularies.loader import DATA_DIR, VocabularyDataError, load_all, read_files
from serdh.vocabularies.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

EXPECTED_COUNTS = {
    "violation_type": 53,
    "means": 9,
    "motivation": 11,
    "place": 10,
    "relationship": 18,
    "intake_channel": 11,
    "vulnerable_group": 9,
    "race_color": 6,
    "gender_identity": 8,
    "sexual_orientation": 7,
    "disability": 7,
    "sex": 3,
    "follow_up_kind": 9,
    "closure_reason": 8,
    "protective_measure": 50,
    "rights_group": 5,
    "violator_type": 4,
    "referral_refusal": 9,
    "referral_cancellation": 6,
}


def snapshot():
    return list(
        Term.objects.order_by("pk").values(
            "pk",
            "vocabulary__key",
            "code",
            "label",
            "parent_id",
            "order",
            "sinan_code",
            "disque100_code",
            "description",
            "is_active",
            "retired_at",
            "source",
        )
    ) + list(Vocabulary.objects.order_by("pk").values())


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the data files the test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(data_dir, key, change):
    path = data_dir / f"{key}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_migration_loaded_every_vocabulary_with_its_terms():
    counts = {key: selectors.terms(key).count() for key in EXPECTED_COUNTS}
    assert counts == EXPECTED_COUNTS
    assert set(Vocabulary.objects.values_list("key", flat=True)) >= set(EXPECTED_COUNTS)
    assert {data["key"]: len(flat) for data, flat in read_files()} == EXPECTED_COUNTS


def test_sinans_ten_violation_types_are_top_level_types_with_their_codes():
    types = {
        t.sinan_code: t.label
        for t in selectors.terms("violation_type").filter(sinan_code__startswith="56.")
    }
    assert sorted(types, key=lambda c: int(c.split(".")[1])) == [f"56.{n}" for n in range(1, 11)]
    assert types["56.1"] == "Violência física" and types["56.4"] == "Violência sexual"
    assert not selectors.terms("violation_type").filter(
        sinan_code__startswith="56.", parent__isnull=False
    )


def test_the_sexual_violence_subtypes_sit_under_sexual_violence():
    sexual = selectors.get_term("violation_type", "sexual")
    subtypes = {t.code: t.sinan_code for t in sexual.children.order_by("order")}
    assert subtypes == {
        "sexual.harassment": "58.1",
        "sexual.rape": "58.2",
        "sexual.child_pornography": "58.3",
        "sexual.exploitation": "58.4",
        "sexual.other": "58.5",
    }


def test_sinan_and_disque100_codes_meet_on_one_term():
    physical = selectors.get_term("violation_type", "physical")
    assert (physical.sinan_code, physical.disque100_code) == ("56.1", "INTEGRIDADE>FÍSICA")
    maltreatment = selectors.term_for_disque100("violation_type", "INTEGRIDADE>FÍSICA>MAUS TRATOS")
    assert maltreatment.parent == physical
    # A subtype without a SINAN code exports its type's code.
    assert maltreatment.sinan_export_code == "56.1"
    # An unknown path falls back to its nearest known ancestor.
    assert selectors.term_for_disque100("violation_type", "IGUALDADE>OUTRA COISA").code == (
        "equality"
    )
    assert selectors.term_for_sinan("violation_type", "58.2").code == "sexual.rape"
    species = set(
        selectors.terms("violation_type")
        .filter(parent__isnull=True)
        .exclude(disque100_code="")
        .values_list("disque100_code", flat=True)
    )
    assert {
        "INTEGRIDADE",
        "LIBERDADE",
        "DIREITOS SOCIAIS",
        "IGUALDADE",
        "DIREITOS CIVIS E POLÍTICOS",
        "VIDA",
        "MEIO AMBIENTE",
    } <= species


def test_the_eighteen_relationships_carry_the_datasus_columns():
    columns = list(selectors.terms("relationship").values_list("sinan_code", flat=True))
    assert len(columns) == 18
    assert columns[:4] == ["REL_PAI", "REL_MAE", "REL_PAD", "REL_MAD"]
    assert columns[-1] == "REL_OUTROS" and all(c.startswith("REL_") for c in columns)


def test_coded_lists_keep_sinans_codes():
    assert list(selectors.terms("motivation").values_list("sinan_code", flat=True)) == [
        *(f"0{n}" for n in range(1, 10)),
        "88",
        "99",
    ]
    assert dict(selectors.terms("race_color").values_list("code", "sinan_code")) == {
        "white": "1",
        "black": "2",
        "yellow": "3",
        "brown": "4",
        "indigenous": "5",
        "unknown": "9",
    }
    assert list(selectors.terms("place").values_list("sinan_code", flat=True))[-1] == "99"


def test_loading_again_changes_nothing():
    before = snapshot()
    out = io.StringIO()
    report = load_all(out)
    assert not report.changed
    assert snapshot() == before
    assert "violation_type 2026.1: 53 termos, sem alterações" in out.getvalue()


def test_a_term_removed_from_its_file_is_retired_not_deleted(data_dir):
    def drop_hanging(data):
        data["terms"] = [t for t in data["terms"] if t["code"] != "hanging"]

    edit(data_dir, "means", drop_hanging)
    out = io.StringIO()
    report = load_all(out, data_dir=data_dir)
    term = Term.objects.get(vocabulary__key="means", code="hanging")
    assert not term.is_active and term.retired_at is not None
    assert report.get("means").retired == ["hanging"]
    assert "means: termo “hanging” retirado" in out.getvalue()
    assert "hanging" not in set(selectors.terms("means").values_list("code", flat=True))
    # Loading the same files again retires nothing more.
    assert not load_all(data_dir=data_dir).changed


def test_labels_and_order_follow_the_file(data_dir):
    def rename_and_move(data):
        data["terms"][0]["label"] = "Branca (autodeclarada)"
        data["terms"].append(data["terms"].pop(0))

    edit(data_dir, "race_color", rename_and_move)
    report = load_all(data_dir=data_dir)
    assert report.get("race_color").updated
    codes = list(selectors.terms("race_color").values_list("code", flat=True))
    assert codes[-1] == "white"
    assert selectors.get_term("race_color", "white").label == "Branca (autodeclarada)"


def test_local_terms_survive_a_reload(data_dir):
    vocabulary = Vocabulary.objects.get(key="means")
    local = Term.objects.create(
        vocabulary=vocabulary, code="drone", label="Drone", source="local", order=50
    )
    edit(data_dir, "means", lambda data: data["terms"].pop())
    load_all(data_dir=data_dir)
    local.refresh_from_db()
    assert local.is_active and local.label == "Drone" and local.order == 50


def test_a_term_retired_by_the_manager_stays_retired_on_reload():
    term = Term.objects.get(vocabulary__key="place", code="bar")
    Term.objects.filter(pk=term.pk).update(is_active=False)
    out = io.StringIO()
    load_all(out)
    term.refresh_from_db()
    assert not term.is_active
    assert "place: termo “bar” continua retirado" in out.getvalue()


def test_a_bad_file_loads_nothing_and_names_the_problem(data_dir):
    edit(data_dir, "race_color", lambda data: data["terms"][0].update(label="Mudado"))

    def duplicate(data):
        data["terms"].append({"code": "firearm", "label": "Arma de fogo de novo"})
        data["terms"].append({"label": "Sem código"})

    edit(data_dir, "means", duplicate)
    before = snapshot()
    with pytest.raises(VocabularyDataError) as excinfo:
        load_all(data_dir=data_dir)
    message = str(excinfo.value)
    assert "means.json: código duplicado “firearm”" in message
    assert "campo obrigatório “code” ausente ou vazio" in message
    assert "nada foi alterado" in message
    assert snapshot() == before


def test_a_clash_with_a_local_term_rolls_the_whole_load_back(data_dir):
    """The files are valid, but a later vocabulary collides with a term added locally: the
    earlier vocabularies' changes are undone too (one transaction)."""
    Term.objects.create(
        vocabulary=Vocabulary.objects.get(key="sex"), code="other", label="Outro", source="local"
    )
    edit(data_dir, "race_color", lambda data: data["terms"][0].update(label="Mudado"))
    edit(data_dir, "sex", lambda data: data["terms"].append({"code": "other", "label": "Outro"}))
    before = snapshot()
    with pytest.raises(
        VocabularyDataError, match="“other” do arquivo já pertence a um termo local"
    ):
        load_all(data_dir=data_dir)
    assert snapshot() == before


@pytest.mark.parametrize(
    "change,problem",
    [
        (lambda d: d.pop("version"), "campo obrigatório “version”"),
        (lambda d: d.update(key="other_key"), "deve ser o nome do arquivo"),
        (lambda d: d["terms"][0].update(code="Física"), "código inválido"),
        (lambda d: d["terms"][0].update(colour="blue"), "campos desconhecidos: colour"),
        (
            lambda d: d["terms"][0]["children"][0].update(children=[{"code": "x", "label": "X"}]),
            "no máximo 2 níveis",
        ),
        (lambda d: d["terms"][0].update(disque100_code="SAÚDE>X"), "espécie conhecida"),
        (lambda d: d["terms"][1].update(sinan_code="56.1"), "sinan_code duplicado “56.1”"),
        (lambda d: d.update(version=2026), "campo obrigatório “version”"),
        (lambda d: d.update(hierarchical=False), "“hierarchical” não é true"),
    ],
)
def test_the_checks_refuse_malformed_files(data_dir, change, problem):
    edit(data_dir, "violation_type", change)
    with pytest.raises(VocabularyDataError, match=problem):
        read_files(data_dir)


def test_the_command_loads_prints_a_line_per_vocabulary_and_audits():
    out, err = io.StringIO(), io.StringIO()
    call_command("vocabularies", "load", stdout=out, stderr=err)
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    assert len(lines) == len(EXPECTED_COUNTS)
    assert any(line.startswith("violation_type [") and "53/53" in line for line in lines)
    assert "Vocabulários já estavam em dia." in out.getvalue()
    event = AuditEvent.objects.filter(action="vocabularies.loaded").latest("seq")
    assert event.data["versions"]["violation_type"] == "2026.1"
    assert event.channel == "cli"


def test_the_command_refuses_bad_files_with_a_clear_message(data_dir, monkeypatch):
    from serdh.vocabularies import loader

    edit(data_dir, "sex", lambda data: data["terms"].append(dict(data["terms"][0])))
    monkeypatch.setattr(loader, "DATA_DIR", data_dir)
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="sex.json: código duplicado “male”"):
        call_command("vocabularies", "load", stdout=io.StringIO(), stderr=io.StringIO())
    assert AuditEvent.objects.count() == before


def test_a_repeated_field_in_a_file_is_refused(data_dir):
    path = data_dir / "sex.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"label": "Masculino"', '"label": "Masculino", "label": "M"'))
    with pytest.raises(VocabularyDataError, match="sex.json: .*campo repetido num objeto: label"):
        read_files(data_dir)
