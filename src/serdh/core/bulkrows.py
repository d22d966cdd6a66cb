"""Many rows of a plain table at once, with no model instance per row: COPY on PostgreSQL,
``executemany`` elsewhere. For derived rows that importers write by the hundred thousand (a
person's search tokens and matching keys): building a Django model object for each costs more
than the database's work (bench/import_sinan.py). No save(), no signals: use it only for
tables that have none."""

from django.db import connection


def insert_rows(model, fields, rows):
    """Insert ``rows`` (tuples in the order of ``fields``, model field names) into ``model``'s
    table, in the caller's transaction. Returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
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
