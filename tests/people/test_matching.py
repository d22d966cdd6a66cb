"""people.matching: names, phonetic keys, comparison levels, hard negatives, clustering, and the
batch command on a small generated file (issue 15)."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from faker import Faker

from serdh.people.matching import blocking, compare, names, phonetic
from serdh.people.matching.cluster import cluster
from serdh.people.matching.model import Model
from serdh.people.matching.records import COLUMNS, build

fake = Faker("pt_BR")
Faker.seed(15)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Luiz", "Luis"),
        ("Thiago", "Tiago"),
        ("Sousa", "Souza"),
        ("Walter", "Valter"),
        ("Rafael", "Raphael"),
        ("Vitor", "Victor"),
        ("Kelly", "Keli"),
        ("Ingrid", "Ingridy"),
        ("Ellen", "Helen"),
        ("Xavier", "Chavier"),
        ("Baptista", "Batista"),
        ("Gonçalves", "Goncalves"),
        ("Cecília", "Sesilia"),
        ("Queila", "Keila"),
        ("Valdir", "Vaudir"),
        ("Ferreira", "Ferrera"),
        ("Correia", "Correa"),
        ("Andreia", "Andrea"),
        ("Moraes", "Morais"),
        ("Manoel", "Manuel"),
        ("Wesley", "Uesley"),
        ("David", "Davi"),
        ("Felipe", "Filipe"),
    ],
)
def test_spellings_of_one_name_share_a_phonetic_key(a, b):
    assert phonetic.key(names.fold(a)) == phonetic.key(names.fold(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pedro", "Paulo"),
        ("Ana", "Anita"),
        ("Guilherme", "Gilherme"),
        ("Lais", "Luis"),
        ("Ana", "Ane"),  # twins' names
        ("Walter", "Wesley"),
        ("Deise", "Denise"),
        ("Ingrid", "Davi"),
    ],
)
def test_different_names_keep_different_keys(a, b):
    assert phonetic.key(names.fold(a)) != phonetic.key(names.fold(b))


def test_a_name_is_taken_apart_the_brazilian_way():
    name = names.parse("MARIA A. DOS SANTOS JR.")
    assert name.words == ("maria", "santos")
    assert name.initials == ("m", "a", "s")
    assert name.agnome == "junior"
    assert names.parse("Ma. de Lourdes Neto").words == ("maria", "lourdes")
    # "Neto" is an agnome only at the end
    assert names.parse("Neto Ferreira").words == ("neto", "ferreira")
    assert names.parse("").words == ()


def _record(**data):
    return build(data.pop("id", "x"), **data)


def test_levels_follow_the_errors_of_brazilian_records():
    a = _record(
        name="José Luiz de Souza",
        mother_name="Maria Aparecida Souza",
        birth_date="2012-03-08",
        sex="M",
        cpf="529.982.247-25",
    )
    b = _record(
        name="Jose Luis Sousa",
        mother_name="Maria A. Souza",
        birth_date="2012-08-03",
        sex="M",
        cpf="52998224725",
    )
    levels, first, last, hard = compare.compare(a, b)
    by_field = dict(zip(compare.FIELDS, levels, strict=True))
    assert by_field["first_name"] == 5 and first == "jose"
    assert by_field["surname"] == 4  # Souza / Sousa: same sound, different letters
    assert by_field["birth"] == 6  # day and month swapped
    assert by_field["cpf"] == 3 and by_field["sex"] == 2
    assert by_field["mother"] == 4 and not hard


def test_birth_dates_compare_with_their_precision():
    def level(x, y, **kw):
        return compare.birth_level(_record(birth_date=x, **kw), _record(birth_date=y))

    assert level("2010-05-17", "2010-05-17") == 7
    assert level("2010-05-17", "2010-05-18") == 5  # one day
    assert level("2010-05-17", "2011-05-17") == 5  # one digit
    assert level("2010-01-01", "2011-06-20") == 4  # estimated (1 January), a year off
    assert level("2010-05-17", "2010-05-17", birth_precision="year") == 4
    assert level("2010-05-17", "1985-05-17") == 1
    assert level("", "2010-05-17") == 0


def test_hard_negatives_twins_father_and_son_and_different_cpfs():
    twin_a = _record(
        name="Pedro Henrique Costa", mother_name="Juliana Costa", birth_date="2015-02-10"
    )
    twin_b = _record(
        name="Mateus Henrique Costa", mother_name="Juliana Costa", birth_date="2015-02-10"
    )
    assert compare.compare(twin_a, twin_b)[3]
    father = _record(
        name="João Carlos Pereira", birth_date="1971-04-02", mother_name="Rita Pereira"
    )
    son = _record(name="João Carlos Pereira", birth_date="1998-11-23", mother_name="Sandra Lima")
    assert compare.compare(father, son)[3]
    one = _record(name="Ana Souza", cpf=fake.cpf())
    other = _record(name="Ana Souza", cpf=fake.cpf())
    assert compare.compare(one, other)[3]
    # ... unless birth date and mother agree: a child's record with the mother's CPF
    child = _record(
        name="Ana Souza", cpf=fake.cpf(), birth_date="2019-04-01", mother_name="Rosa Souza"
    )
    same_child = _record(
        name="Ana Souza", cpf=fake.cpf(), birth_date="2019-04-01", mother_name="Rosa Souza"
    )
    assert not compare.compare(child, same_child)[3]
    # siblings: same mother, first names far apart; and two different mothers
    brother = _record(name="Enzo Abreu Oliveira", mother_name="Fernanda Abreu")
    sister = _record(name="Antônia Abreu Oliveira", mother_name="Fernanda Abreu")
    assert compare.compare(brother, sister)[3]
    namesake = _record(name="Francisco Santos Silva", mother_name="Juliana Reis Santos")
    other_mother = _record(name="Francisco Santos Silva", mother_name="Márcia da Rocha Santos")
    assert compare.compare(namesake, other_mother)[3]
    typo = _record(name="Ana Souza", cpf="52998224726")  # check digit fails: a typo
    assert compare.id_level(_record(cpf="52998224725").cpf, typo.cpf) == 2


def test_the_social_name_and_the_civil_name_both_match():
    civil = _record(
        name="Carlos Eduardo Matos", social_name="Bianca Matos", birth_date="1999-09-09"
    )
    known_socially = _record(name="Bianca Matos", birth_date="1999-09-09")
    levels = compare.compare(civil, known_socially)[0]
    assert levels[0] == 5 and levels[2] == 5  # first name, surname


def test_blocking_survives_a_swapped_name_and_an_estimated_year():
    a = _record(id="1", name="Silva Maria", birth_date="2001-06-12")
    b = _record(id="2", name="Maria Silva", birth_date="2001-06-12")
    c = _record(id="3", name="Maria Silva", birth_date="2002-01-01")
    pairs, _stats = blocking.candidate_pairs([a, b, c])
    assert {divmod(p, 3) for p in pairs} >= {(0, 1), (1, 2)}


def test_clustering_never_joins_a_hard_negative_through_a_third_record():
    # 0 and 2 are father and son; 1 (no date) links strongly to both
    roots, best = cluster(3, [(0.99, 0, 1), (0.98, 1, 2)], [(0, 2)])
    assert roots[0] == roots[1] and roots[2] != roots[0]
    assert best[2] == 0.0


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})


def _people(count):
    rows, truth = [], {}
    for person in range(count):
        first, last = fake.first_name_female(), fake.last_name()
        mother = f"{fake.first_name_female()} {fake.last_name()} {last}"
        birth = fake.date_of_birth(minimum_age=1, maximum_age=80)
        cpf = fake.cpf()
        variants = [
            {
                "name": f"{first} {last}",
                "mother_name": mother,
                "birth_date": birth.isoformat(),
                "cpf": cpf,
                "sex": "F",
            },
            {
                "name": f"{names.fold(first).upper()} DE {names.fold(last).upper()}",
                "mother_name": mother.upper(),
                "birth_date": birth.strftime("%Y-%d-%m") if birth.day <= 12 else birth.isoformat(),
                "sex": "F",
            },
        ]
        for k, variant in enumerate(variants[: 1 + person % 2]):
            record_id = f"r{person}-{k}"
            rows.append({"record_id": record_id, "source": "teste", **variant})
            truth[record_id] = person
    return rows, truth


def test_dedupe_clusters_a_generated_file(tmp_path):
    rows, truth = _people(60)
    _write(tmp_path / "in.csv", rows)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "people",
        "dedupe",
        str(tmp_path / "in.csv"),
        out=str(tmp_path / "out.csv"),
        workers=1,
        stdout=out,
        stderr=err,
    )
    with open(tmp_path / "out.csv", newline="") as handle:
        result = list(csv.DictReader(handle))
    assert [r["record_id"] for r in result] == [r["record_id"] for r in rows]
    by_person = {}
    for row in result:
        by_person.setdefault(truth[row["record_id"]], set()).add(row["person_id"])
    assert all(len(ids) == 1 for ids in by_person.values())  # every pair found
    clusters = {}
    for row in result:
        clusters.setdefault(row["person_id"], set()).add(truth[row["record_id"]])
    assert all(len(people) == 1 for people in clusters.values())  # no two persons joined
    figures = json.loads(out.getvalue())
    assert figures["records"] == 90 and figures["persons"] == 60
    assert "Comparando pares" in err.getvalue()


def test_dedupe_reports_a_bad_file(tmp_path):
    (tmp_path / "bad.csv").write_text("id,nome\n1,Ana\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Faltam colunas"):
        call_command("people", "dedupe", str(tmp_path / "bad.csv"), out=str(tmp_path / "o.csv"))
    with pytest.raises(CommandError, match="não encontrado"):
        call_command("people", "dedupe", str(tmp_path / "nope.csv"), out=str(tmp_path / "o.csv"))


def test_the_shipped_model_weighs_agreement_above_disagreement():
    model = Model.load()
    same = model.pattern_weight((5, 3, 5, 0, 5, 7, 2, 3, 0, 0, 2, 2))
    different = model.pattern_weight((1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1))
    assert model.probability(same) > 0.99 > 0.01 > model.probability(different)
