"""The vocabularies taken from the law (issue 14): protective measures (ECA arts. 101, 129 and
136, III, a; Lei 11.340/2006 arts. 22-24), the ECA's rights groups with their crosswalk to
SIMA's violation types, and SIPIA-CT's violator types: every term cites its article, and the
loader refuses a file that does not."""

import json
import shutil

import pytest

from serdh.vocabularies import selectors
from serdh.vocabularies.loader import DATA_DIR, VocabularyDataError, read_files
from serdh.vocabularies.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(data_dir, key, change):
    path = data_dir / f"{key}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_every_term_of_the_law_vocabularies_cites_its_article():
    for key in ("protective_measure", "rights_group", "violator_type"):
        terms = selectors.terms(key)
        assert terms.exists()
        assert not terms.filter(legal_source="").exists(), key


def test_eca_art_101_has_nine_items_and_art_129_ten():
    def items(parent):
        return list(
            Term.objects.filter(vocabulary__key="protective_measure", parent__code=parent)
            .order_by("order")
            .values_list("legal_source", flat=True)
        )

    art_101, art_129 = items("eca_101"), items("eca_129")
    assert len(art_101) == 9 and art_101[0].endswith("art. 101, I")
    assert art_101[-1].startswith("ECA (Lei 8.069/1990), art. 101, IX")
    assert len(art_129) == 10 and art_129[-1].endswith("art. 129, X")
    # ECA art. 136, III, a: the six areas of public services the CT may requisition.
    assert len(items("eca_136")) == 6


def test_lei_11340_arts_22_to_24_urgent_measures_are_listed_with_their_items():
    codes = set(
        Term.objects.filter(
            vocabulary__key="protective_measure", parent__code__startswith="lmp_"
        ).values_list("legal_source", flat=True)
    )
    assert "Lei 11.340/2006 (Maria da Penha), art. 22, III, b" in codes
    assert any(s.startswith("Lei 11.340/2006 (Maria da Penha), art. 22, VII") for s in codes)
    assert any(s.startswith("Lei 11.340/2006 (Maria da Penha), art. 23, VI") for s in codes)
    assert "Lei 11.340/2006 (Maria da Penha), art. 24, IV" in codes


def test_the_five_eca_rights_groups_map_to_simas_violation_types():
    groups = {t.code: t for t in selectors.terms("rights_group")}
    assert list(groups) == [
        "life_health",
        "freedom_respect_dignity",
        "family_community",
        "education_culture_sport_leisure",
        "work_protection",
    ]
    assert "sexual" in groups["freedom_respect_dignity"].violation_types
    assert "child_labour" in groups["work_protection"].violation_types
    known = set(
        Term.objects.filter(vocabulary__key="violation_type").values_list("code", flat=True)
    )
    for term in groups.values():
        assert term.violation_types and set(term.violation_types) <= known


def test_violator_types_follow_eca_art_98():
    sources = dict(selectors.terms("violator_type").values_list("code", "legal_source"))
    assert sources["parents_guardian"].endswith("art. 98, II")
    assert sources["self"].endswith("art. 98, III")


@pytest.mark.parametrize(
    "key,change,problem",
    [
        (
            "protective_measure",
            lambda d: d["terms"][0]["children"][0].pop("legal_source"),
            "“legal_source” ausente ou vazio",
        ),
        (
            "rights_group",
            lambda d: d["terms"][0].update(violation_types=["no_such_type"]),
            "“no_such_type” não existe no vocabulário violation_type",
        ),
        (
            "rights_group",
            lambda d: d["terms"][0].update(violation_types=[]),
            "deve ser uma lista não vazia",
        ),
        (
            "rights_group",
            lambda d: d["terms"][0].update(violation_types=["life", "life"]),
            "“life” repetido",
        ),
        (
            "rights_group",
            lambda d: d["terms"][4].update(violation_types=["sexual"]),
            "sem correspondência: child_labour",
        ),
        (
            "sex",
            lambda d: d["terms"][0].update(violation_types=["life"]),
            "só vale no vocabulário rights_group",
        ),
        (
            "violator_type",
            lambda d: d["terms"][0].update(legal_source=98),
            "“legal_source” deve ser texto",
        ),
    ],
)
def test_the_loader_refuses_law_terms_without_source_or_with_a_bad_crosswalk(
    data_dir, key, change, problem
):
    edit(data_dir, key, change)
    with pytest.raises(VocabularyDataError, match=problem):
        read_files(data_dir)


def test_the_crosswalk_needs_the_violation_types_file(data_dir):
    (data_dir / "violation_type.json").unlink()
    with pytest.raises(VocabularyDataError, match="precisa do vocabulário violation_type"):
        read_files(data_dir)
