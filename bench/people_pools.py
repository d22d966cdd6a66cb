"""Name and place pools for the person-matching benchmark (bench/people_data.py).

The modern given names and most surnames come from Faker's pt_BR person provider (lists of
names, no people); the "classic" lists below add the given names common among Brazilian
adults that Faker's list of recent baby names lacks. Every pool is ordered by how common its
names are (the classic lists by hand, Faker's in a fixed shuffled order) and sampled with
Zipf weights, so that Maria, José, Silva and Santos are very common, as in Brazil.
Municipalities are the IBGE codes of Minas Gerais that the project ships.
"""

import csv
import itertools
import random
from pathlib import Path

from faker.providers.person.pt_BR import Provider as _PtBR

MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parents[1] / "src/serdh/network/data/ibge_municipalities.csv"
)
BELO_HORIZONTE = "3106200"
LARGE_CITIES = ("3118601", "3170206", "3136702", "3106705", "3143302", "3170107", "3131307")


def _words(text: str) -> list[str]:
    return text.split()


# Mobile area codes (DDD) of Minas Gerais; 31 is Belo Horizonte's region.
MG_DDD = ("31", "31", "31", "32", "33", "34", "35", "37", "38")

CLASSIC_FEMALE = _words(
    "Maria Ana Francisca Antônia Adriana Juliana Márcia Fernanda Patrícia Aline Sandra Camila "
    "Amanda Bruna Jéssica Letícia Júlia Luciana Vanessa Mariana Gabriela Vera Vitória Larissa "
    "Cláudia Beatriz Rita Luana Sônia Renata Eliane Josefa Simone Natália Cristiane Carla "
    "Débora Rosângela Jaqueline Rosa Daniela Aparecida Marlene Terezinha Raimunda Andréia "
    "Fabiana Lúcia Raquel Ângela Rafaela Joana Luzia Elaine Daiane Regina Ellen Helen Ingrid "
    "Kelly Kátia Cleide Neusa Tereza Thaís Michele Priscila Tatiane Viviane Solange Silvana "
    "Edna Marta Sebastiana Conceição Luísa Isabel Yasmin Stephany Gabrielly Emilly Heloísa"
)
CLASSIC_MALE = _words(
    "José João Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Luís Gabriel Rafael "
    "Daniel Marcelo Bruno Eduardo Felipe Raimundo Rodrigo Manoel Mateus André Fernando Fábio "
    "Leonardo Gustavo Guilherme Leandro Tiago Anderson Ricardo Márcio Jorge Sebastião "
    "Alexandre Roberto Edson Diego Vitor Sérgio Cláudio Matheus Thiago Geraldo Adriano "
    "Luciano Júlio Renato Alex Vinícius Rogério Samuel Ronaldo Mário Flávio Igor Douglas Davi "
    "Manuel Jefferson Walter Wellington Wesley Raphael Victor Cícero Benedito Joaquim Josué "
    "Everton Washington Valdir Osvaldo Reinaldo Erick Henrique Wagner"
)
# The commonest names of recent birth registrations head Faker's lists of modern names.
MODERN_FEMALE = [
    "Helena",
    "Alice",
    "Laura",
    "Maria Alice",
    "Valentina",
    "Heloísa",
    "Maria Clara",
    "Maria Cecília",
    "Maria Júlia",
    "Sophia",
    "Lívia",
    "Manuela",
    "Cecília",
    "Júlia",
]
MODERN_MALE = [
    "Miguel",
    "Arthur",
    "Gael",
    "Théo",
    "Heitor",
    "Ravi",
    "Davi",
    "Bernardo",
    "Noah",
    "Gabriel",
    "Samuel",
    "Pedro",
    "Anthony",
    "Isaac",
    "Benício",
    "Lorenzo",
    "Enzo",
]
# Second given names (Maria Aparecida, José Carlos), by sex.
SECOND_FEMALE = _words(
    "Aparecida Eduarda Clara Luiza Fernanda Helena Cristina Júlia Vitória Beatriz Alice "
    "Cecília Gabriela Rita Lúcia Carolina Isabel Luísa Tereza Sophia"
)
SECOND_MALE = _words(
    "Carlos Eduardo Henrique Pedro Paulo Antônio Lucas Gabriel Vitor Miguel Felipe Augusto "
    "Roberto Luiz Francisco Guilherme Otávio Vinícius Rafael"
)
CLASSIC_SURNAMES = _words(
    "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
    "Martins Carvalho Jesus Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias "
    "Nascimento Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Gonçalves "
    "Santana Teixeira Reis Xavier Batista Paula Miranda Faria Pinheiro Coelho Cruz Matos "
    "Tavares Queiroz Aguiar Medeiros Assis Chaves Sena Conceição Bezerra Sousa Moraes Campos"
)
# The particle a surname usually takes (da Silva, dos Santos, de Jesus…); "!" = always.
USUAL_PARTICLE = {
    "Silva": "da",
    "Santos": "dos",
    "Oliveira": "de",
    "Souza": "de",
    "Sousa": "de",
    "Jesus": "de!",
    "Nascimento": "do",
    "Conceição": "da!",
    "Paula": "de!",
    "Almeida": "de",
    "Assis": "de!",
    "Reis": "dos",
    "Costa": "da",
    "Cruz": "da",
    "Rocha": "da",
    "Luz": "da!",
    "Paz": "da!",
    "Neves": "das!",
    "Anjos": "dos!",
    "Lima": "de",
    "Freitas": "de",
    "Carvalho": "de",
    "Andrade": "de",
    "Moraes": "de",
    "Mata": "da!",
    "Mota": "da",
    "Rosa": "da",
    "Cunha": "da",
    "Castro": "de",
    "Faria": "de",
    "Matos": "de",
}
PARTICLES = frozenset({"da", "de", "do", "das", "dos", "e"})
AGNOMES = ("Júnior", "Filho", "Neto", "Sobrinho")

# Whole-name spelling variants seen in Brazilian registries (each way).
_VARIANT_PAIRS = (
    "Luiz/Luis Thiago/Tiago Sousa/Souza Ellen/Helen Walter/Valter Rafael/Raphael "
    "Vitor/Victor Ingrid/Ingridy Kelly/Keli Matheus/Mateus Thaís/Taís Felipe/Filipe "
    "Luiza/Luisa Isabela/Izabela Isabella/Isabela Gabrielly/Gabrieli Stephany/Stefany "
    "Emilly/Emily Esther/Ester Sarah/Sara Yasmin/Iasmin Heloísa/Heloiza Moraes/Morais "
    "Novaes/Novais Cavalcante/Cavalcanti Correia/Correa Tereza/Teresa Neusa/Neuza "
    "Jéssica/Jessika Wellington/Welington Wesley/Uesley Erick/Eric Henrique/Henriqui "
    "Manoel/Manuel Benjamim/Benjamin Joaquim/Joaquin Cleide/Cleyde Michele/Michelle "
    "Daiane/Dayane Tatiane/Tatiana Andréia/Andrea Jaqueline/Jacqueline Cristiane/Cristiani "
    "Queiroz/Queirós Batista/Baptista Teixeira/Teixera Ferreira/Ferrera "
    "Gonçalves/Gonsalves Arthur/Artur Théo/Teo Davi/David Luan/Luam "
    "Kauã/Cauã Kaique/Caique Ryan/Rian Kamilly/Camilly Kevin/Kevim Nicolas/Nicollas"
)
SPELLING_VARIANTS: dict[str, list[str]] = {}
for _pair in _VARIANT_PAIRS.split():
    _a, _b = _pair.split("/")
    SPELLING_VARIANTS.setdefault(_a, []).append(_b)
    SPELLING_VARIANTS.setdefault(_b, []).append(_a)

# Twins with similar first names (same sex).
SIMILAR_TWINS = {
    "M": [
        ("Pedro", "Paulo"),
        ("Lucas", "Lucca"),
        ("Davi", "Daniel"),
        ("João Pedro", "João Paulo"),
        ("Miguel", "Micael"),
        ("Enzo", "Enzo Gabriel"),
        ("Luan", "Luiz"),
        ("Caio", "Cauã"),
    ],
    "F": [
        ("Ana", "Ane"),
        ("Maria Clara", "Maria Luiza"),
        ("Isabela", "Isadora"),
        ("Ana Clara", "Ana Júlia"),
        ("Larissa", "Letícia"),
        ("Emanuelly", "Emilly"),
        ("Maria Eduarda", "Maria Fernanda"),
        ("Luana", "Luna"),
    ],
}
# Very common full names, for namesakes (given names, surnames).
COMMON_FULL_NAMES = {
    "F": [
        ("Maria", "da Silva"),
        ("Maria", "de Jesus"),
        ("Ana Maria", "da Silva"),
        ("Maria Aparecida", "dos Santos"),
        ("Maria", "dos Santos"),
        ("Ana Paula", "de Souza"),
        ("Maria José", "da Silva"),
        ("Francisca", "da Conceição"),
    ],
    "M": [
        ("José", "dos Santos"),
        ("José", "da Silva"),
        ("João", "da Silva"),
        ("Antônio Carlos", "dos Santos"),
        ("Francisco", "de Assis"),
        ("Carlos", "de Oliveira"),
        ("José Carlos", "da Silva"),
        ("Paulo", "Pereira"),
    ],
}


class Pool:
    """Values sampled with Zipf weights 1/(rank + offset)^s (rank 0 = most common)."""

    def __init__(self, values, offset=2.0, s=1.0):
        seen, ordered = set(), []
        for value in values:
            if value not in seen:
                seen.add(value)
                ordered.append(value)
        self.values = ordered
        self.cum = list(itertools.accumulate(1 / (r + offset) ** s for r in range(len(ordered))))

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum)[0]


def _faker_order(names, seed):
    names = list(names)
    random.Random(seed).shuffle(names)
    return names


def _parse_surname(raw: str) -> tuple[str, str]:
    """'da Conceição' -> ('Conceição', 'da!'); 'Silva' -> ('Silva', 'da')."""
    parts = raw.split()
    if parts[0] in PARTICLES:
        return " ".join(parts[1:]), parts[0] + "!"
    return raw, USUAL_PARTICLE.get(raw, "")


class Pools:
    def __init__(self):
        self.given = {
            ("F", "classic"): Pool(CLASSIC_FEMALE),
            ("M", "classic"): Pool(CLASSIC_MALE),
            ("F", "modern"): Pool(MODERN_FEMALE + _faker_order(_PtBR.first_names_female, 40)),
            ("M", "modern"): Pool(MODERN_MALE + _faker_order(_PtBR.first_names_male, 41)),
        }
        self.second = {"F": Pool(SECOND_FEMALE, 1.5), "M": Pool(SECOND_MALE, 1.5)}
        surnames = dict(_parse_surname(s) for s in CLASSIC_SURNAMES)
        for raw in _faker_order(_PtBR.last_names, 42):
            name, particle = _parse_surname(raw)
            surnames.setdefault(name, particle)
        self.particle = surnames
        self.surname = Pool(list(surnames), 6.0, 1.1)
        self.municipality, weights, rng = [], [], random.Random(43)
        with MUNICIPALITIES_CSV.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["uf"] == "MG":
                    code = row["ibge_code"]
                    self.municipality.append(code)
                    big = 400 if code == BELO_HORIZONTE else 60 if code in LARGE_CITIES else 0
                    weights.append(big or rng.choice((1, 1, 2, 3, 8)))
        self.municipality_cum = list(itertools.accumulate(weights))

    def given_name(self, rng, sex, age) -> tuple[str, ...]:
        modern = rng.random() < (0.75 if age < 18 else 0.35 if age < 30 else 0.05)
        name = self.given[(sex, "modern" if modern else "classic")].pick(rng)
        tokens = tuple(name.split())
        if len(tokens) == 1 and rng.random() < (0.2 if modern else 0.35):
            second = self.second[sex].pick(rng)
            if second != tokens[0]:
                tokens += (second,)
        return tokens

    def surname_tokens(self, rng, name=None) -> tuple[str, ...]:
        name = name or self.surname.pick(rng)
        particle = self.particle.get(name, "")
        if particle.endswith("!") or (particle and rng.random() < 0.55):
            return (particle.rstrip("!"), name)
        return (name,)

    def pick_municipality(self, rng) -> str:
        return rng.choices(self.municipality, cum_weights=self.municipality_cum)[0]
