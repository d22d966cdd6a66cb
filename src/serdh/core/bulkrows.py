"""Many rows of a plain table at once, with no model instance per row: COPY on PostgreSQL,
``executemany`` elsewhere. For derived rows that importers write by the hundred thousand (a
person's search tokens and matching keys): building a Django model object for each costs more
than the database's work (bench/import_sinan.py). No save(), no signals: use it only for
tables that have none."""

from django.db import connection, models

# Field classes whose Python values psycopg writes as Django would (ints, text, booleans,
# floats, dates, aware datetimes): on PostgreSQL they skip Django's per-value preparation,
# which costs more than the COPY itself. Any other field (JSON, encrypted text…) is prepared
# by the field, as bulk_create does.
NATIVE = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.PositiveBigIntegerField,
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.FloatField,
        models.DateField,
        models.DateTimeField,
    }
)


def _preparers(model, fields):
    native = connection.vendor == "postgresql"
    out = []
    for name in fields:
        field = model._meta.get_field(name)
        if native and type(field) in NATIVE:
            out.append(None)
        else:
            out.append(lambda value, field=field: field.get_db_prep_save(value, connection))
    return out


def insert_rows(model, fields, rows):
    """Insert ``rows`` (tuples in the order of ``fields``, model field names) into ``model``'s
    table, in the caller's transaction. Returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    preparers = _preparers(model, fields)
    if any(preparers):
        rows = [
            tuple(v if prep is None else prep(v) for v, prep in zip(row, preparers, strict=True))
            for row in rows
        ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            # Names quoted by the backend from the model's own metadata; values as parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)
    return len(rows)
