"""Many rows of a plain table at once, with no model instance per row: COPY on PostgreSQL,
``executemany`` elsewhere. For derived rows that importers write by the hundred thousand (a
person's search tokens and matching keys): building a Django model object for each costs more
than the database's work (bench/import_sinan.py). No save(), no signals: use it only for
tables that have none."""

import operator

from django.db import connection, models, transaction

from .fields import EncryptedTextField

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
        elif isinstance(field, EncryptedTextField):
            # Empty values are stored as they are (nothing to encrypt).
            out.append(
                lambda value, field=field: (
                    value if value in ("", None) else field.get_db_prep_save(value, connection)
                )
            )
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


def reserve_ids(model, count):
    """``count`` ids for new rows of ``model``'s table that no later insert will take, in the
    caller's transaction: from the table's sequence on PostgreSQL (as copy_objects); elsewhere
    (SQLite's AUTOINCREMENT) after the highest id the table has had, which the insert of those
    ids then moves on. For writers that link rows of several tables before inserting them."""
    if count <= 0:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        # Names quoted by the backend from the model's own metadata.
        cursor.execute(f"SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)}")  # noqa: S608
        last = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT MAX(seq) FROM sqlite_sequence WHERE name = %s", [meta.db_table])
            last = max(last, cursor.fetchone()[0] or 0)
    return list(range(last + 1, last + 1 + count))


def insert_objects(model, objects, *, keep=()):
    """Insert unsaved ``objects`` with ``insert_rows``: their ids as set on them (from
    ``reserve_ids``), or, when the first has none, numbered by the table. Field values as
    ``bulk_create`` writes them (``pre_save``: creation stamps are now, encrypted fields
    encrypted), but the fields named in ``keep`` as set on the objects (a creation stamp of
    the past). No save(), no signals (as ``bulk_create``)."""
    objects = list(objects)
    if not objects:
        return objects
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and objects[0].pk is None)
    ]
    # Most fields' pre_save only reads the attribute: read those with one attrgetter.
    plain = [f for f in fields if f.attname in keep or f.primary_key or _reads_only(f)]
    other = [f for f in fields if f not in plain]
    read = operator.attrgetter(*[f.attname for f in plain]) if plain else lambda obj: ()
    if len(plain) == 1:
        read = (lambda get: lambda obj: (get(obj),))(read)
    insert_rows(
        model,
        [f.attname for f in plain + other],
        ([*read(obj), *(f.pre_save(obj, True) for f in other)] for obj in objects),
    )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects


def _reads_only(field):
    """Whether the field's pre_save only returns the attribute (no stamp, no file to save)."""
    pre_save = type(field).pre_save
    if pre_save is models.Field.pre_save:
        return True
    dates = (models.DateField.pre_save, models.DateTimeField.pre_save)
    return pre_save in dates and not (field.auto_now or field.auto_now_add)


def update_rows(model, fields, rows):
    """Set ``fields`` (model field names) of the rows of ``model`` whose ids start each of
    ``rows`` (tuples: id, then the values in the order of ``fields``), in the caller's
    transaction: one UPDATE … FROM a temporary table filled with COPY on PostgreSQL,
    ``executemany`` elsewhere. Values as the database takes them (no field preparation).
    Returns how many rows were given."""
    rows = list(rows)
    if not rows:
        return 0
    quote = connection.ops.quote_name
    meta = model._meta
    table = quote(meta.db_table)
    pk = quote(meta.pk.column)
    columns = [quote(meta.get_field(f).column) for f in fields]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Names quoted by the backend from the model's own metadata; values through COPY.
            cursor.execute(
                f"CREATE TEMPORARY TABLE serdh_update ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {pk}, {', '.join(columns)} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(
                f"COPY serdh_update ({pk}, {', '.join(columns)}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            sets = ", ".join(f"{c} = u.{c}" for c in columns)
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM serdh_update u "  # noqa: S608
                f"WHERE {table}.{pk} = u.{pk}"
            )
            cursor.execute("DROP TABLE serdh_update")
        else:
            sets = ", ".join(f"{c} = %s" for c in columns)
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE {pk} = %s",  # noqa: S608
                [(*row[1:], row[0]) for row in rows],
            )
    return len(rows)
