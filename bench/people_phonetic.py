"""Our Portuguese phonetic key (people/matching/phonetic.py) against maintained libraries, on
the same names, in one run (issue 15: "written or from a maintained library — compare both").

Keys compared (each applied to the folded word: lower case, no accents):

- ``serdh``: ours (vowels kept, Portuguese letter sounds; docstring of phonetic.py);
- ``metaphone-ptbr``: the Brazilian Portuguese Metaphone in C, through ``fonema`` 1.0.8;
- ``soundex-br``: the Brazilian Soundex of ``abydos`` 0.5.0 (SoundexBR);
- ``spelling``: the folded word itself (no phonetic key), the baseline.

Measured on names only (no person data): the given names and surnames of Faker pt_BR and of
the benchmark's pools (bench/people_pools.py):

- variants that should share a key: the registry spelling pairs of the pools (Luiz/Luis,
  Thiago/Tiago, Sousa/Souza… 63 pairs), one spelling rule applied to each pool name (y/i,
  ph/f, ss/ç, s/z between vowels, doubled letters…) and, for reference, one keyboard typo
  (which a phonetic key is not meant to absorb: the comparison's Jaro-Winkler does);
- names that must stay apart: the similar names given to twins (Pedro/Paulo, Ana/Ane,
  Luana/Luna…), and any two distinct names of the pool (share of pairs that collide, and the
  mean number of other names sharing a name's key: how much a block grows);
- microseconds per key (median of 5 passes over all names).

    .venv/bin/python bench/people_phonetic.py
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def _algorithms():
    import fonema
    from abydos.phonetic import SoundexBR

    from serdh.people.matching import phonetic

    soundex = SoundexBR()
    return {
        "serdh": phonetic.key.__wrapped__,  # without its cache, for a fair time
        "metaphone-ptbr": fonema.phonetic,
        "soundex-br": soundex.encode,
        "spelling": lambda word: word,
    }


def _names():
    import people_pools as pools
    from faker.providers.person.pt_BR import Provider

    given = set(Provider.first_names_female) | set(Provider.first_names_male)
    for pool in (
        pools.CLASSIC_FEMALE,
        pools.CLASSIC_MALE,
        pools.SECOND_FEMALE,
        pools.SECOND_MALE,
        pools.MODERN_FEMALE,
        pools.MODERN_MALE,
    ):
        given.update(pools_words(pool))
    surnames = set(Provider.last_names) | set(pools_words(pools.CLASSIC_SURNAMES))
    surnames -= pools.PARTICLES
    return sorted(given), sorted(surnames)


def pools_words(pool):
    return [w for item in pool for w in item.split()]


def main():
    import people_noise as noise
    import people_pools as pools

    from serdh.people.matching.names import fold

    rng = random.Random(15)
    given, surnames = _names()
    words = sorted({fold(w) for w in given + surnames if len(w) > 1})
    registry = sorted(
        {tuple(sorted((fold(a), fold(b)))) for a, bs in pools.SPELLING_VARIANTS.items() for b in bs}
    )
    rules = []
    typos = []
    for word in given + surnames:
        for variant in noise.spelling_variants(word):
            if fold(variant) != fold(word):
                rules.append((fold(word), fold(variant)))
        typo = noise.keyboard_typo(rng, word)
        if fold(typo) != fold(word):
            typos.append((fold(word), fold(typo)))
    twins = sorted(
        {
            (fold(a.split()[-1]), fold(b.split()[-1]))
            for pairs in pools.SIMILAR_TWINS.values()
            for a, b in pairs
            if fold(a.split()[-1]) != fold(b.split()[-1])
        }
    )
    print(
        f"{len(words):,} distinct names ({len(given):,} given, {len(surnames):,} surnames); "
        f"{len(registry)} registry variant pairs, {len(rules):,} rule variants, "
        f"{len(typos):,} typos, {len(twins)} twin name pairs"
    )
    header = (
        f"{'key':16s} {'registry':>9s} {'rules':>7s} {'typos':>7s} {'twins':>7s} "
        f"{'collide':>8s} {'block':>6s} {'µs/key':>7s}"
    )
    print(header)
    print("-" * len(header))
    for label, encode in _algorithms().items():
        keys = {w: encode(w) for w in words}

        def k(word, _keys=keys, _encode=encode):
            found = _keys.get(word)
            return found if found is not None else _encode(word)

        def share(pairs, _k=k):
            return sum(_k(a) == _k(b) for a, b in pairs) / max(len(pairs), 1)

        apart = 1 - share(twins)
        sizes = {}
        for value in keys.values():
            sizes[value] = sizes.get(value, 0) + 1
        total_pairs = len(words) * (len(words) - 1) / 2
        colliding = sum(n * (n - 1) / 2 for n in sizes.values()) / total_pairs
        block = sum(n - 1 for n in (sizes[keys[w]] for w in words)) / len(words)
        passes = []
        for _ in range(5):
            start = time.perf_counter()
            for word in words:
                encode(word)
            passes.append((time.perf_counter() - start) / len(words) * 1e6)
        print(
            f"{label:16s} {share(registry):9.1%} {share(rules):7.1%} {share(typos):7.1%} "
            f"{apart:7.1%} {colliding:8.3%} {block:6.2f} {statistics.median(passes):7.2f}"
        )
    print(
        "\nregistry, rules, typos: share of variant pairs with the same key (higher finds more); "
        "twins: share of twins' names kept apart (higher is safer); collide: share of pairs of "
        "distinct names with the same key; block: mean number of other names sharing a name's "
        "key (lower keeps blocks small)."
    )
    examples = [("luiz", "luis"), ("pedro", "paulo"), ("ana", "ane"), ("luana", "luna")]
    for label, encode in _algorithms().items():
        print(
            f"  {label:16s} " + "  ".join(f"{a}/{b}: {encode(a)}|{encode(b)}" for a, b in examples)
        )


if __name__ == "__main__":
    main()
