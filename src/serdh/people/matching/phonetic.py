"""A phonetic key for Brazilian Portuguese names (written for SER-DH, in the spirit of BuscaBR).

Names of the same person are spelled many ways in Brazilian records: Luiz/Luis, Thiago/Tiago,
Sousa/Souza, Walter/Valter, Rafael/Raphael, Vitor/Victor, Kelly/Keli, Ingrid/Ingridy,
Ellen/Helen, Xavier/Chavier, Baptista/Batista. The key maps each such family to one string by
the sounds Portuguese gives the letters:

- silent or borrowed spellings: ``h`` (initial and inside), ``ph`` → f, ``th`` → t, ``y`` → i,
  ``w`` → v, ``k`` → c sounds, consonant clusters ``ct``/``pt`` → t, doubled letters once;
- the letters that share a sound: c/ç/s/ss/z (before e, i: ``ce``, ``ci``; ``z`` anywhere),
  ch/sh/x, g/j before e and i, qu/c/k (hard c), ``lh`` → li, ``nh`` → ni;
- the endings speakers blur: a final unstressed ``e``/``i`` after a consonant (Ingridy, Jorge,
  Daniele), final ``m``/``n`` (nasal), and ``l`` closing a syllable (``Vaudir``/``Valdir``);
- the vowels registries write both ways (version 2 of the key): the diphthong ``ei`` inside a
  word (Ferreira/Ferrera, Correia/Correa, Andreia/Andrea), ``aes``/``ais`` at the end
  (Moraes/Morais), ``oel``/``uel`` (Manoel/Manuel), an initial ``w`` before ``e`` spoken as
  ``u`` (Wesley/Uesley; Walter keeps its v), and two names written both ways all over the
  country (David/Davi, Felipe/Filipe).

Vowels stay (unlike Soundex or BuscaBR's skeleton of consonants), since short Brazilian first
names differ mostly by their vowels (Ana, Ane, Ana Lia; Paulo, Pablo). ``compare`` still uses
Jaro-Winkler beside it for typos the key does not absorb.
"""

import re
from functools import lru_cache

_VOWELS = "aeiou"
_STEPS = (
    (re.compile(r"[^a-z]"), ""),  # callers fold first (ç → c, ã → a)
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"(sch|sh|ch)"), "x"),
    (re.compile(r"lh"), "li"),
    (re.compile(r"nh"), "ni"),
    (re.compile(r"y"), "i"),
    (re.compile(r"^w(?=e)"), "u"),  # Wesley, Uesley; Wellington (w before a, i: Walter, Valter)
    (re.compile(r"w"), "v"),
    (re.compile(r"h"), ""),
    (re.compile(r"ei(?!$)"), "e"),  # the diphthong spoken and written as e: Ferreira, Ferrera
    (re.compile(r"ae(?=s$)"), "ai"),  # Moraes, Morais; Novaes, Novais
    (re.compile(r"oe(?=l)"), "ue"),  # Manoel, Manuel
    (re.compile(r"(?<=^davi)d$"), ""),  # David, Davi
    (re.compile(r"^fel(?=ip)"), "fil"),  # Felipe, Filipe
    (re.compile(r"q[u]?"), "k"),
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"gu(?=[ei])"), "G"),  # hard g (Guilherme), kept apart from g → j
    (re.compile(r"g(?=[ei])"), "j"),
    (re.compile(r"G"), "g"),
    (re.compile(r"z"), "s"),
    (re.compile(r"[kp]t"), "t"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"(?<=[^aeiou])[ei]$"), ""),
    (re.compile(r"l(?=[^aeiou]|$)"), "u"),
    (re.compile(r"m(?=[^aeiou]|$)"), "n"),
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=200_000)
def key(word):
    """The key of one folded (lower-case, accent-free) word; "" for no letters."""
    text = word
    for pattern, replacement in _STEPS:
        text = pattern.sub(replacement, text)
    return text


def keys(words):
    return tuple(key(w) for w in words)


def is_vowel(ch):
    return ch in _VOWELS
