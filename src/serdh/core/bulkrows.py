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


def _is_native(field):
    if type(field) in NATIVE:
        return True
    # A foreign key's value is its target's: an integer id here.
    return field.is_relation and field.many_to_one and type(field.target_field) in NATIVE


def _preparers(model, fields):
    native = connection.vendor == "postgresql"
    out = []
    for name in fields:
        field = model._meta.get_field(name)
        if native and _is_native(field):
            out.append(None)
        else:
            out.append(lambda value, field=field: field.get_db_prep_save(value, connection))
    return out


def copy_objects(model, objects):
    """Insert unsaved ``objects`` of ``model`` as ``bulk_create`` would, ids set on them, in the
    caller's transaction. On PostgreSQL the ids are taken from the table's sequence in one
    statement and the rows written with COPY (what Django's per-value preparation of a
    bulk_create costs is most of an import's time); elsewhere, ``bulk_create``. The model must
    have no save() logic and no signals that matter (as for bulk_create)."""
    objects = list(objects)
    if not objects or connection.vendor != "postgresql":
        return model.objects.bulk_create(objects)
    meta = model._meta
    fields = list(meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
    # pre_save fills auto_now_add dates and hands back each value as bulk_create would.
    rows = ([field.pre_save(obj, True) for field in fields] for obj in objects)
    insert_rows(model, [f.attname for f in fields], rows)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects


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
