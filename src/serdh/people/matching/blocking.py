"""Which records are compared at all. Comparing every pair of 1,000,000 records is 5 × 10^11
comparisons; blocking compares only records that share at least one key, and the keys are
chosen so that the errors Brazilian records carry still leave a shared key:

- an identifier (CPF, CNS, NIS, with or without a typo elsewhere) or the phone;
- the phonetic keys of first name and last surname (in either order: first and last swapped)
  with the birth year (two years either side for estimated dates), or with day and month (a
  typo in the year), or with the mother's first name;
- the first name with the mother's first name and the birth year (a typo in the surname; the
  year keeps Maria daughter of Maria from meeting every other: without it this key made 61%
  of the pairs and found 0.4% of the true ones);
- first name or last surname with the full birth date, day and month unordered (swapped);
- the birth date with the mother's first name (the child's name written otherwise);
- for records without a birth date, first and last name alone, the last surname with the
  first initial, and the first name with the mother's first name, paired only with each
  other and with dated records (never two dated records: their dates are the better key).

A key shared by more than ``MAX_BLOCK`` records (Maria Silva born 2015) is too common to
discriminate; it is skipped and the records meet through their other keys. ``blocking_stats``
counts how many were skipped.
"""

from collections import defaultdict

MAX_BLOCK = 400


def _date_keys(record):
    if record.birth is None:
        return (), ()
    year, month, day = record.birth
    low, high = min(month, day), max(month, day)
    years = tuple(range(year - 2, year + 3)) if record.estimated else (year,)
    exact = () if record.estimated else ((year, low, high),)
    return years, exact


def name_only(name, mother):
    """Keys without a date: first and last by sound (either order), the last surname with the
    first name's initial (a typo in the first name: Francico, Carlks), and the first name with
    the mother's (a typo in the surname)."""
    first, last = name.first_key, name.last_key
    out = [tuple(sorted((first, last))), ("i", name.first[:1], last)] if last else [(first,)]
    if mother:
        out.append(("fo", first, mother))
    return out


def keys(record, wide=False):
    """Blocking keys of one record; keys starting with "*" pair only undated records.
    ``wide``: also the first name with the mother's first name whatever the year, which
    brings ten times the pairs of namesakes for a handful of true pairs: not for matching,
    but training learns from those pairs how little such agreement says
    (bench/people_train.py)."""
    out = set()
    for kind in ("cpf", "cns", "nis"):
        value = getattr(record, kind)
        if value:
            out.add(("id", kind, value[0]))
    if record.phone:
        out.add(("ph", record.phone))
    years, exact = _date_keys(record)
    mother = record.mother.keys[0] if record.mother.words else ""
    for date in exact:
        if mother:
            out.add(("dm", date, mother))
    for name in record.names:
        first, last = name.first_key, name.last_key
        pair = tuple(sorted((first, last))) if last else (first,)
        for year in years:
            out.add(("fy", pair, year))
        for date in exact:
            out.add(("fd", first, date))
            if last:
                out.add(("ld", last, date))
                out.add(("fmd", pair, date[1:]))
        if mother:
            out.add(("fm", pair, mother))
            for year in years:  # a typo in the surname
                out.add(("fo", first, mother, year))
            if wide:
                out.add(("fo", first, mother))
        if record.birth is None:
            out.update(("*", key) for key in name_only(name, mother))
    return out


def candidate_pairs(records, progress=None, wide=False):
    """Set of pairs (i, j), i < j, encoded as i * n + j; and statistics."""
    n = len(records)
    blocks = defaultdict(list)
    undated = defaultdict(list)
    for index, record in enumerate(records):
        for key in keys(record, wide):
            blocks[key].append(index)
        if record.birth is not None:
            for name in record.names:
                pair = (
                    tuple(sorted((name.first_key, name.last_key)))
                    if name.last_key
                    else (name.first_key,)
                )
                undated[("*", pair)].append(index)  # dated records join undated blocks
        if progress and index % 50_000 == 0:
            progress(index, n)
    pairs = set()
    skipped = 0
    for key, members in blocks.items():
        if key[0] == "*":
            dated = undated.get(key, [])
            if len(members) * (len(members) + len(dated)) > MAX_BLOCK * MAX_BLOCK:
                skipped += 1
                continue
            group = members + dated
            for a in members:
                for b in group:
                    if a != b:
                        pairs.add(a * n + b if a < b else b * n + a)
            continue
        if len(members) > MAX_BLOCK:
            skipped += 1
            continue
        for x in range(len(members)):
            a = members[x]
            for y in range(x + 1, len(members)):
                b = members[y]
                pairs.add(a * n + b if a < b else b * n + a)
    if progress:
        progress(n, n)
    return pairs, {"blocks": len(blocks), "skipped_blocks": skipped, "pairs": len(pairs)}
