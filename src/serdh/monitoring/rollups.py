"""The violation counts the dashboards read (``ViolationCount``), kept in step with the facts.

``apply(old_facts, new_facts)`` turns a case's old and new violation facts into +1/-1 deltas
per (dimension, month, territory, service, value) and adds them with one upsert per batch
(``INSERT … ON CONFLICT … DO UPDATE SET count = count + excluded.count``, on PostgreSQL and
SQLite alike), inside the transaction that changed the case. Each row also keeps the sum of
its facts' record keys (``key_sum``), from which disclosure control draws the cell's noise.
``rebuild()`` recomputes the table from the facts with one GROUP BY per dimension and level.

Three levels, so that no dashboard query sums more than a few thousand rows: the state
(``municipality_id = 0``, ``organization_id = 0``), each municipality
(``organization_id = 0``) and each registering service.
"""

import json
from collections import Counter

from django.db import connection
from django.db.models import Count, Sum

from .models import ViolationCount, ViolationFact

# dimension -> fact field (None: the total of each month and territory)
DIMENSIONS = {
    "total": None,
    "type": "type_id",
    "group": "group_id",
    "sex": "victim_sex",
    "age_band": "victim_age_band",
    "race": "victim_race_id",
}
KEY_FIELDS = ("dimension", "month", "state_code", "municipality_id", "organization_id", "value")


def _value(raw):
    return "" if raw is None else str(raw)


def contributions(facts):
    """(Counter of rollup keys, Counter of their record-key sums) for an iterable of
    ViolationFact (unsaved or saved)."""
    counter, keys = Counter(), Counter()
    for f in facts:
        levels = (
            (f.registered_month, f.state_code, 0, 0),
            (f.registered_month, f.state_code, f.municipality_id, 0),
            (f.registered_month, f.state_code, f.municipality_id, f.organization_id),
        )
        for dimension, field_name in DIMENSIONS.items():
            value = "" if field_name is None else _value(getattr(f, field_name))
            for base in levels:
                counter[(dimension, *base, value)] += 1
                keys[(dimension, *base, value)] += f.record_key
    return counter, keys


def apply(old_facts, new_facts):
    deltas, key_deltas = contributions(new_facts)
    old, old_keys = contributions(old_facts)
    deltas.subtract(old)
    key_deltas.subtract(old_keys)
    rows = [
        (*key, deltas[key], key_deltas[key])
        for key in deltas.keys() | key_deltas.keys()
        if deltas[key] or key_deltas[key]
    ]
    if not rows:
        return 0
    table = connection.ops.quote_name(ViolationCount._meta.db_table)
    columns = ", ".join(KEY_FIELDS)
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    # Only constant names are interpolated; every value is a query parameter.
    sql = (
        f"INSERT INTO {table} ({columns}, count, key_sum) VALUES {placeholders} "  # noqa: S608
        f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + excluded.count, "
        f"key_sum = {table}.key_sum + excluded.key_sum"
    )
    params = [value for row in rows for value in row]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return len(rows)


def add_cases(case_ids):
    """Add the violation facts of cases that had none (just inserted) to the counts: what
    ``apply([], their facts)`` adds, worked out by the database from the fact rows, with one
    INSERT … SELECT … GROUP BY per dimension and level in a single statement."""
    case_ids = list(case_ids)
    if not case_ids:
        return 0
    fact_table = connection.ops.quote_name(ViolationFact._meta.db_table)
    if connection.vendor == "postgresql":
        where, param = "case_id = ANY(%s)", case_ids
    else:
        where, param = "case_id IN (SELECT value FROM json_each(%s))", json.dumps(case_ids)
    selects = []
    for dimension, field_name in DIMENSIONS.items():
        value = "''" if field_name is None else f"COALESCE(CAST({field_name} AS TEXT), '')"
        for level in LEVELS.values():
            municipality = "municipality_id" if "municipality_id" in level else "0"
            organization = "organization_id" if "organization_id" in level else "0"
            group = ", ".join([*level, field_name] if field_name else level)
            selects.append(  # constant names only (DIMENSIONS, LEVELS)
                f"SELECT '{dimension}' AS dimension, registered_month AS month, state_code, "  # noqa: S608
                f"{municipality} AS municipality_id, {organization} AS organization_id, "
                f"{value} AS value, COUNT(*) AS count, SUM(record_key) AS key_sum "
                f"FROM batch GROUP BY {group}"
            )
    table = connection.ops.quote_name(ViolationCount._meta.db_table)
    columns = ", ".join(KEY_FIELDS)
    # Only constant names are interpolated; the case ids are one query parameter.
    sql = (
        f"WITH batch AS (SELECT * FROM {fact_table} WHERE {where}) "  # noqa: S608
        f"INSERT INTO {table} ({columns}, count, key_sum) "
        f"SELECT * FROM ({' UNION ALL '.join(selects)}) AS deltas WHERE true "
        f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + excluded.count, "
        f"key_sum = {table}.key_sum + excluded.key_sum"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        return cursor.rowcount


LEVELS = {
    "state": ("registered_month", "state_code"),
    "municipality": ("registered_month", "state_code", "municipality_id"),
    "organization": ("registered_month", "state_code", "municipality_id", "organization_id"),
}


def rebuild(count_model=ViolationCount, fact_model=ViolationFact):
    """The table from the facts (the models may be a migration's historical ones)."""
    count_model.objects.all().delete()
    made = 0
    for dimension, field_name in DIMENSIONS.items():
        for group in LEVELS.values():
            group = [*group, field_name] if field_name else list(group)
            batch = [
                count_model(
                    dimension=dimension,
                    month=row["registered_month"],
                    state_code=row["state_code"],
                    municipality_id=row.get("municipality_id", 0),
                    organization_id=row.get("organization_id", 0),
                    value=_value(row[field_name]) if field_name else "",
                    count=row["n"],
                    key_sum=row["k"],
                )
                for row in fact_model.objects.values(*group)
                .annotate(n=Count("id"), k=Sum("record_key"))
                .order_by()
            ]
            count_model.objects.bulk_create(batch, batch_size=5000)
            made += len(batch)
    return made


def counts(query, breakdown):
    """[(key, count, key sum)] of violations for a query, from the rollup table.
    ``breakdown`` is one of DIMENSIONS (not total), or municipality, organization, month, or
    None."""
    qs = ViolationCount.objects.filter(
        state_code=query.state_code, month__gte=query.start, month__lte=query.end
    )
    if query.organization_id:
        qs = qs.filter(organization_id=query.organization_id)
    elif breakdown == "organization":
        qs = qs.exclude(organization_id=0)
        if query.municipality_id:
            qs = qs.filter(municipality_id=query.municipality_id)
    elif query.municipality_id:
        qs = qs.filter(municipality_id=query.municipality_id, organization_id=0)
    elif breakdown == "municipality":
        qs = qs.filter(organization_id=0).exclude(municipality_id=0)
    else:
        qs = qs.filter(municipality_id=0, organization_id=0)
    if breakdown in (None, "municipality", "organization", "month"):
        qs = qs.filter(dimension="total")
        if breakdown is None:
            total = qs.aggregate(n=Sum("count"), k=Sum("key_sum"))
            return [(None, total["n"] or 0, total["k"] or 0)]
        field_name = {"municipality": "municipality_id", "organization": "organization_id"}.get(
            breakdown, "month"
        )
        grouped = (
            qs.values(field_name).annotate(n=Sum("count"), k=Sum("key_sum")).order_by(field_name)
        )
        return [(row[field_name], row["n"], row["k"]) for row in grouped if row["n"]]
    grouped = (
        qs.filter(dimension=breakdown)
        .values("value")
        .annotate(n=Sum("count"), k=Sum("key_sum"))
        .order_by("value")
    )
    return [(_key(breakdown, row["value"]), row["n"], row["k"]) for row in grouped if row["n"]]


def _key(breakdown, value):
    if value == "":
        return "" if breakdown == "sex" else None
    return value if breakdown == "sex" else int(value)
