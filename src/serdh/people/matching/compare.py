"""How two records compare, field by field, as discrete levels (Fellegi–Sunter's agreement
patterns). Level 0 is "one side is missing" and weighs nothing; the other levels go from
"different" (1) up to "the same". ``LEVELS`` names them for the model file and the docs.

The same function serves the batch (``serdh people dedupe``) and the suggestions at intake.
"""

from rapidfuzz.distance import JaroWinkler, Levenshtein

from .names import Name


def _(text):
    """Marks a level name for makemessages (translated where shown: people/review.py); the
    matcher itself runs without Django settings (bench/, the batch)."""
    return text


# Level names in Portuguese (marked for the catalogue; the review page translates them).
LEVELS = {
    "first_name": (
        _("ausente"),
        _("diferente"),
        _("inicial ou contido"),
        _("parecido"),
        _("mesmo som"),
        _("igual"),
    ),
    "middle": (_("ausente"), _("diferentes"), _("em parte"), _("iguais")),
    "surname": (
        _("ausente"),
        _("diferente"),
        _("em outra posição"),
        _("parecido"),
        _("mesmo som"),
        _("igual"),
    ),
    "agnome": (_("nenhum"), _("diferentes"), _("só um tem"), _("iguais")),
    "mother": (
        _("ausente"),
        _("diferente"),
        _("uma palavra em comum"),
        _("primeiro nome igual"),
        _("primeiro e último iguais"),
        _("igual"),
    ),
    "birth": (
        _("ausente"),
        _("diferente"),
        _("estimada, até 2 anos"),
        _("mesmo ano"),
        _("estimada, até 1 ano"),
        _("um dígito ou um dia"),
        _("dia e mês trocados"),
        _("igual"),
    ),
    "sex": (_("ausente"), _("diferente"), _("igual")),
    "cpf": (_("ausente"), _("diferente"), _("um dígito"), _("igual")),
    "cns": (_("ausente"), _("diferente"), _("um dígito"), _("igual")),
    "nis": (_("ausente"), _("diferente"), _("um dígito"), _("igual")),
    "municipality": (_("ausente"), _("diferente"), _("igual")),
    "phone": (_("ausente"), _("diferente"), _("igual")),
}
FIELDS = tuple(LEVELS)
SIMILAR = 0.88  # Jaro-Winkler above which two words are "parecidos"


def _jw(a, b):
    return JaroWinkler.normalized_similarity(a, b)


def _close(x, y):
    """Two words a typo apart: Jaro-Winkler high, or one edit in a word of four letters+."""
    return _jw(x, y) >= SIMILAR or (min(len(x), len(y)) >= 4 and Levenshtein.distance(x, y) <= 1)


def first_level(a: Name, b: Name):
    if not a.words or not b.words:
        return 0
    fa, fb = a.words[0], b.words[0]
    if fa == fb:
        return 5
    if a.keys[0] == b.keys[0]:
        return 4
    if _close(fa, fb):
        return 3
    # "Maria Aparecida Silva" / "Aparecida Silva", an initial for the first name, or first
    # and last swapped ("Silva Maria")
    if (
        fb in a.words
        or fa in b.words
        or a.initials[0] == b.initials[0]
        and (len(a.initials) != len(a.words) or len(b.initials) != len(b.words))
    ):
        return 2
    return 1


def middle_level(a: Name, b: Name):
    """The words between first name and last surname (Maria *Aparecida dos Santos* Silva),
    initials included: absent on either side weighs nothing."""
    ma, mb = a.initials[1:-1], b.initials[1:-1]
    if not ma or not mb:
        return 0
    ka, kb = set(a.keys[1:-1]), set(b.keys[1:-1])
    if ka == kb and len(ma) == len(mb) and len(ka) == len(ma):
        return 3
    if ka & kb or set(ma) <= set(mb) or set(mb) <= set(ma):
        return 2
    return 1


def surname_level(a: Name, b: Name):
    if len(a.words) < 2 or len(b.words) < 2:
        return 0
    la, lb = a.words[-1], b.words[-1]
    if la == lb:
        return 5
    if a.keys[-1] == b.keys[-1]:
        return 4
    if _close(la, lb):
        return 3
    if a.keys[-1] in b.keys or b.keys[-1] in a.keys:  # transposed, or another surname kept
        return 2
    return 1


def agnome_level(a: Name, b: Name):
    if not a.agnome and not b.agnome:
        return 0
    if a.agnome == b.agnome:
        return 3
    return 2 if not a.agnome or not b.agnome else 1


def mother_level(a: Name, b: Name):
    if not a.words or not b.words:
        return 0
    if a.words == b.words:
        return 5
    same_first = a.keys[0] == b.keys[0] or _jw(a.words[0], b.words[0]) >= SIMILAR
    if (
        same_first
        and len(a.words) > 1
        and len(b.words) > 1
        and (a.keys[-1] == b.keys[-1] or _jw(a.words[-1], b.words[-1]) >= SIMILAR)
    ):
        return 4
    if same_first or a.keys[0] in b.keys or b.keys[0] in a.keys:  # or written surname first
        return 3
    if set(a.keys) & set(b.keys):
        return 2
    return 1


def birth_level(a, b):
    if a.birth is None or b.birth is None:
        return 0
    (ya, ma, da), (yb, mb, db) = a.birth, b.birth
    gap = abs(ya - yb)
    if a.estimated or b.estimated:
        return 4 if gap <= 1 else 2 if gap <= 2 else 1
    if a.birth == b.birth:
        return 7
    if ya == yb and ma == db and da == mb:
        return 6
    digits_a, digits_b = f"{ya:04d}{ma:02d}{da:02d}", f"{yb:04d}{mb:02d}{db:02d}"
    if Levenshtein.distance(digits_a, digits_b) <= 1 or (ya, ma) == (yb, mb) and abs(da - db) <= 1:
        return 5
    # two exact dates that no single typo explains: different persons, unless the same year
    return 3 if gap == 0 else 1


def id_level(x, y):
    """x, y: (digits, valid) or None."""
    if not x or not y:
        return 0
    if x[0] == y[0]:
        return 3
    if (not x[1] or not y[1]) and Levenshtein.distance(x[0], y[0]) <= 1:
        return 2
    return 1


def _plain(x, y):
    if not x or not y:
        return 0
    return 2 if x == y else 1


def _names(a, b):
    """The best pairing of the two records' names (civil with social, either way)."""
    best = None
    for na in a.names:
        for nb in b.names:
            levels = (first_level(na, nb), middle_level(na, nb), surname_level(na, nb))
            if best is None or sum(levels) > sum(best[0]):
                best = (levels, na, nb)
    return best


def _far(a: Name, b: Name):
    """First names more than a typo apart, in letters and in sound (twins: Pedro, Paulo)."""
    return (
        Levenshtein.distance(a.words[0], b.words[0]) > 1
        and Levenshtein.distance(a.keys[0], b.keys[0]) > 1
    )


def compare(a, b):
    """(levels, first word pair, last word pair, hard negative) for records a and b.

    The word pairs feed the term-frequency adjustment (a match on "Maria" says less than a
    match on "Iracema"). ``hard`` marks pairs that must never end in one person, whatever the
    score: different agnomes or middle names; birth dates no typo explains, unless the
    mothers agree (father and son, mother and daughter); first names more than a typo apart
    (siblings, twins); mothers with different first names; and valid CPFs that differ, unless
    the birth date and the mother or the surname agree (children's records often carry the
    CPF of the mother or guardian). A matching CPF overrides all but the first.
    """
    named = _names(a, b)
    if named is None:
        first = middle = surname = agnome = 0
        name_a = name_b = None
    else:
        (first, middle, surname), name_a, name_b = named
        agnome = agnome_level(name_a, name_b)
    mother = mother_level(a.mother, b.mother)
    birth = birth_level(a, b)
    cpf = id_level(a.cpf, b.cpf)
    levels = (
        first,
        middle,
        surname,
        agnome,
        mother,
        birth,
        _plain(a.sex, b.sex),
        cpf,
        id_level(a.cns, b.cns),
        id_level(a.nis, b.nis),
        _plain(a.municipality, b.municipality),
        _plain(a.phone, b.phone),
    )
    mothers_cpf = birth >= 5 and (mother >= 4 or surname == 5)  # a child's record, say
    if agnome == 1 or middle == 1 or surname == 1:
        hard = True
    elif cpf == 3:
        hard = False
    elif cpf == 1 and a.cpf[1] and b.cpf[1] and not mothers_cpf:
        hard = True
    elif birth == 1:
        hard = mother < 4
    elif first == 1:
        hard = _far(name_a, name_b)
    elif mother in (1, 2):
        hard = mother == 1 or _far(a.mother, b.mother)
    else:
        hard = False
    first_value = name_a.words[0] if first == 5 else ""
    last_value = name_a.words[-1] if surname == 5 else ""
    return levels, first_value, last_value, hard
