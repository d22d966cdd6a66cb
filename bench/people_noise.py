"""Identifiers with valid check digits and the recording errors of bench/people_data.py.

The rates are documented in people_data's docstring; ``k`` scales the error rates by the
data quality of the record's source (1.0 = average).
"""

import random
import re
from datetime import date, timedelta

from people_pools import PARTICLES, SPELLING_VARIANTS

# --- identifiers ------------------------------------------------------------------------------


def _digits(rng: random.Random, n: int) -> list[int]:
    return [int(c) for c in f"{rng.randrange(10**n):0{n}d}"]


def _cpf_digit(digits: list[int]) -> int:
    weights = range(len(digits) + 1, 1, -1)
    return sum(d * w for d, w in zip(digits, weights, strict=True)) * 10 % 11 % 10


def make_cpf(rng: random.Random) -> str:
    base = _digits(rng, 9)
    while len(set(base)) == 1:  # 111.111.111-11 and the like are not issued
        base = _digits(rng, 9)
    base.append(_cpf_digit(base))
    base.append(_cpf_digit(base))
    return "".join(map(str, base))


def valid_cpf(value: str) -> bool:
    if len(value) != 11 or not value.isdigit() or len(set(value)) == 1:
        return False
    d = [int(c) for c in value]
    return _cpf_digit(d[:9]) == d[9] and _cpf_digit(d[:10]) == d[10]


def _cns_sum(digits) -> int:
    return sum(int(d) * (15 - i) for i, d in enumerate(digits))


def make_cns(rng: random.Random) -> str:
    """70% definitive numbers (1 or 2, then the PIS-based rule), 30% provisional (7, 8, 9)."""
    if rng.random() < 0.7:
        pis = [rng.choice((1, 2)), *_digits(rng, 10)]
        total = _cns_sum(pis)
        check = 11 - total % 11
        if check == 10:
            check = (11 - (total + 2) % 11) % 11
            return "".join(map(str, pis)) + "001" + str(check)
        return "".join(map(str, pis)) + "000" + str(check % 11)
    while True:
        body = [rng.choice((7, 8, 9)), *_digits(rng, 13)]
        last = -_cns_sum(body) % 11
        if last < 10:
            return "".join(map(str, body)) + str(last)


def valid_cns(value: str) -> bool:
    return (
        len(value) == 15 and value.isdigit() and value[0] in "12789" and _cns_sum(value) % 11 == 0
    )


_NIS_WEIGHTS = (3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def _nis_digit(digits) -> int:
    check = 11 - sum(int(d) * w for d, w in zip(digits, _NIS_WEIGHTS, strict=True)) % 11
    return 0 if check >= 10 else check


def make_nis(rng: random.Random) -> str:
    body = [rng.choice((1, 2)), *_digits(rng, 9)]
    return "".join(map(str, body)) + str(_nis_digit(body))


def valid_nis(value: str) -> bool:
    return len(value) == 11 and value.isdigit() and _nis_digit(value[:10]) == int(value[10])


VALIDATORS = {"cpf": valid_cpf, "cns": valid_cns, "nis": valid_nis}


def mistype(rng: random.Random, value: str, kind: str) -> str:
    """One digit changed, so that the check digit fails."""
    valid = VALIDATORS[kind]
    for _ in range(30):
        i = rng.randrange(len(value))
        typo = value[:i] + str((int(value[i]) + rng.randrange(1, 10)) % 10) + value[i + 1 :]
        if not valid(typo):
            return typo
    return value


def format_id(rng: random.Random, value: str, kind: str) -> str:
    if kind == "cpf" and rng.random() < 0.35:
        return f"{value[:3]}.{value[3:6]}.{value[6:9]}-{value[9:]}"
    if kind == "cns" and len(value) == 15 and rng.random() < 0.2:
        return f"{value[:3]} {value[3:7]} {value[7:11]} {value[11:]}"
    if kind == "nis" and len(value) == 11 and rng.random() < 0.2:
        return f"{value[:3]}.{value[3:8]}.{value[8:10]}-{value[10]}"
    return value


_PHONE_FORMATS = (
    (0.40, "({ddd}) {a}-{b}"),
    (0.60, "{ddd}{a}{b}"),
    (0.70, "({ddd}){a}-{b}"),
    (0.80, "{a}-{b}"),
    (0.90, "{ddd} {a} {b}"),
    (0.95, "+55 {ddd} {a}-{b}"),
    (1.00, "{a}{b}"),
)


def format_phone(rng: random.Random, phone: str) -> str:
    """phone = DDD + 9-digit mobile number; written in one of the usual ways."""
    r = rng.random()
    template = next(t for limit, t in _PHONE_FORMATS if r < limit)
    return template.format(ddd=phone[:2], a=phone[2:7], b=phone[7:])


# --- names ------------------------------------------------------------------------------------

_ACCENTED = "áàâãäéèêëíìîïóòôõöúùûüçÁÀÂÃÄÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇº"
_PLAIN = "aaaaaeeeeiiiiooooouuuucAAAAAEEEEIIIIOOOOOUUUUCo"
_STRIP = str.maketrans(_ACCENTED, _PLAIN)
_ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}


def strip_accents(text: str) -> str:
    return text.translate(_STRIP)


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POS = {c: (r, i) for r, row in enumerate(_ROWS) for i, c in enumerate(row)}
NEIGHBOURS = {
    c: "".join(
        _ROWS[r2][i2]
        for r2 in (r - 1, r, r + 1)
        if 0 <= r2 < 3
        for i2 in (i - 1, i, i + 1)
        if 0 <= i2 < len(_ROWS[r2]) and (r2, i2) != (r, i)
    )
    for c, (r, i) in _KEY_POS.items()
}


def keyboard_typo(rng: random.Random, token: str) -> str:
    i = rng.randrange(1, len(token)) if len(token) > 1 else 0
    c, op = token[i], rng.random()
    if op < 0.45 and c.lower() in NEIGHBOURS:
        sub = rng.choice(NEIGHBOURS[c.lower()])
        return token[:i] + (sub.upper() if c.isupper() else sub) + token[i + 1 :]
    if op < 0.65:
        return token[:i] + token[i + 1 :]
    if op < 0.80:
        return token[:i] + c + token[i:]
    j = i - 1 if i == len(token) - 1 else i
    return token[:j] + token[j + 1] + token[j] + token[j + 2 :]


# Spelling rules of Portuguese names (pattern, replacement), one applied at a time.
_RULES = [
    (re.compile(p), r)
    for p, r in (
        ("y", "i"),
        ("i$", "y"),
        ("ph", "f"),
        ("th", "t"),
        ("^t(?=[aeiou])", "th"),
        ("ss", "ç"),
        ("ç", "ss"),
        ("ch", "x"),
        ("x", "ch"),
        ("(?<=[aeiou])s(?=[aeiou])", "z"),
        ("(?<=[aeiou])z(?=[aeiou])", "s"),
        (r"([lnrtm])\1", r"\1"),
        ("(?<=[aeiou])([lnt])(?=[aeiouy])", r"\1\1"),
        ("e$", "i"),
        ("(?<=[^aeiou])i$", "e"),
        ("^w", "v"),
        ("^v", "w"),
        ("k", "c"),
        ("m$", "n"),
        ("ei", "e"),
        ("^h(?=[aeiou])", ""),
    )
]
_variant_cache: dict[str, list[str]] = {}


def spelling_variants(token: str) -> list[str]:
    found = _variant_cache.get(token)
    if found is None:
        found = list(SPELLING_VARIANTS.get(token, ()))
        if not found:
            low = token.lower()
            for pattern, repl in _RULES:
                variant = pattern.sub(repl, low, count=1)
                if variant != low and len(variant) > 1:
                    found.append(variant.capitalize() if token[:1].isupper() else variant)
        _variant_cache[token] = found
    return found


_AGNOME_SHORT = {
    "Júnior": ("Jr.", "Jr", "Jun."),
    "Filho": ("Fº", "F."),
    "Neto": ("Nt.",),
    "Sobrinho": ("Sob.",),
}


def noisy_name(rng, given, surnames, agnome, k, upper, plain, agnome_drop=0.3) -> str:
    """One recording of a name (tokens given + surnames + agnome) with errors."""
    r = rng.random
    if r() < 0.01 * k:
        tokens = [given[0]]
    else:
        sur = list(surnames)
        if r() < 0.12 * k:
            sur = [t for t in sur if t not in PARTICLES]
        elif r() < 0.03 * k:
            spots = [
                i
                for i, t in enumerate(sur)
                if t not in PARTICLES and (i == 0 or sur[i - 1] not in PARTICLES)
            ]
            if spots:
                sur.insert(rng.choice(spots), rng.choice(("de", "da", "dos", "do")))
        tokens = list(given) + sur
        last = max(i for i, t in enumerate(tokens) if t not in PARTICLES)
        middle = [i for i in range(1, last) if tokens[i] not in PARTICLES]
        if middle:
            u = r()
            if u < 0.10 * k:
                i = rng.choice(middle)
                cut = i - 1 if tokens[i - 1] in PARTICLES and i - 1 > 0 else i
                del tokens[cut : i + 1]
            elif u < 0.16 * k:
                i = rng.choice(middle)
                tokens[i] = tokens[i][0] + ("." if r() < 0.6 else "")
        words = [i for i, t in enumerate(tokens) if t not in PARTICLES and len(t) > 2]
        if agnome:
            u = r()
            if u >= agnome_drop + 0.15:
                tokens.append(agnome)
            elif u >= agnome_drop:
                tokens.append(rng.choice(_AGNOME_SHORT[agnome]))
        if words and r() < 0.08 * k:
            i = rng.choice(words)
            variants = spelling_variants(tokens[i])
            if variants:
                tokens[i] = rng.choice(variants)
        if words and r() < 0.04 * k:
            i = rng.choice(words)
            tokens[i] = keyboard_typo(rng, tokens[i])
        if words and r() < 0.02 * k:
            i = rng.choice(words)
            vowels = [j for j, c in enumerate(tokens[i]) if c in _ACUTE]
            if vowels:
                j = rng.choice(vowels)
                tokens[i] = tokens[i][:j] + _ACUTE[tokens[i][j]] + tokens[i][j + 1 :]
        if len(words) > 1 and r() < 0.01 * k:
            a, b = words[0], words[-1]
            tokens[a], tokens[b] = tokens[b], tokens[a]
    text = " ".join(tokens)
    if plain:
        text = strip_accents(text)
    if upper:
        text = text.upper()
    return text


# --- dates ------------------------------------------------------------------------------------

_ESTIMATE_OFFSETS = (0, 0, 0, 0, 0, 0, -1, 1, -1, 1, -2, 2)


def noisy_date(rng: random.Random, d: date, p_estimated: float, k: float, today: date) -> str:
    r = rng.random
    if r() < p_estimated:
        year = min(d.year + rng.choice(_ESTIMATE_OFFSETS), today.year)
        return f"{year:04d}-{'01' if r() < 0.5 else '07'}-01"
    if r() < 0.015 * k and d.day <= 12 and d.day != d.month:
        d = date(d.year, d.day, d.month)
    elif r() < 0.01 * k:
        d += timedelta(days=rng.choice((-1, 1)))
    text = d.isoformat()
    if r() < 0.015 * k:
        i = rng.choice((2, 3, 5, 6, 8, 9))
        typo = text[:i] + str((int(text[i]) + rng.randrange(1, 10)) % 10) + text[i + 1 :]
        try:
            date.fromisoformat(typo)
            text = typo
        except ValueError:
            pass
    return text
