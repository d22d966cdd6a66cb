"""Brazilian names taken apart for matching.

``parse("MARIA APARECIDA DOS SANTOS JR.")`` gives the words that identify (particles dropped:
da, de, do, das, dos, e, d'), the agnome kept apart (Júnior, Filho, Neto, Sobrinho; the son who
drops "Júnior" is compared by the rest), initials where a word was abbreviated (``A.``), and a
phonetic key per word (``phonetic.key``). Common abbreviations of whole words (Ma., Sta.) are
expanded first.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import phonetic

PARTICLES = frozenset({"da", "de", "do", "das", "dos", "e", "d", "del", "di", "du"})
AGNOMES = {
    "junior": "junior",
    "jr": "junior",
    "jnr": "junior",
    "filho": "filho",
    "fo": "filho",
    "fho": "filho",
    "neto": "neto",
    "nt": "neto",
    "net": "neto",
    "sobrinho": "sobrinho",
    "sobr": "sobrinho",
    "sob": "sobrinho",
    "segundo": "segundo",
    "terceiro": "terceiro",
    "bisneto": "bisneto",
}
ABBREVIATIONS = {
    "ma": "maria",
    "m": None,  # an initial: no expansion
    "sta": "santa",
    "sto": "santo",
    "jose": "jose",
    "jos": "jose",
    "fco": "francisco",
    "franco": "francisco",
    "ant": "antonio",
    "apda": "aparecida",
    "apa": "aparecida",
    "s": None,
}
_SEPARATORS = re.compile(r"[^a-z.]+")


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@dataclass(frozen=True, slots=True)
class Name:
    words: tuple  # identifying words, in order, full words only
    initials: tuple  # first letters of every identifying word, abbreviated ones included
    keys: tuple  # phonetic key per full word
    agnome: str
    text: str  # the words joined: for Jaro-Winkler

    @property
    def first(self):
        return self.words[0] if self.words else ""

    @property
    def last(self):
        return self.words[-1] if len(self.words) > 1 else ""

    @property
    def first_key(self):
        return self.keys[0] if self.keys else ""

    @property
    def last_key(self):
        return self.keys[-1] if len(self.keys) > 1 else ""

    @property
    def surnames(self):
        return self.words[1:]

    @property
    def surname_keys(self):
        return frozenset(self.keys[1:])


EMPTY = Name((), (), (), "", "")


@lru_cache(maxsize=500_000)
def parse(text):
    folded = fold(text).replace("'", " ")
    words, initials, agnome = [], [], ""
    raws = [r for r in _SEPARATORS.split(folded) if r.strip(".")]
    for position, raw in enumerate(raws):
        abbreviated = raw.endswith(".") or len(raw.strip(".")) == 1
        word = raw.strip(".")
        if not word or word in PARTICLES:
            continue
        if word in AGNOMES and words and position == len(raws) - 1:
            agnome = AGNOMES[word]
            continue
        if word in ABBREVIATIONS:
            expansion = ABBREVIATIONS[word]
            if expansion:
                word, abbreviated = expansion, False
        if abbreviated and len(word) <= 2:
            initials.append(word[0])
            continue
        words.append(word)
        initials.append(word[0])
    if not words:
        return EMPTY
    return Name(
        words=tuple(words),
        initials=tuple(initials),
        keys=phonetic.keys(words),
        agnome=agnome,
        text=" ".join(words),
    )
