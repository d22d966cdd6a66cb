"""On PostgreSQL, a full-text search configuration for Portuguese that ignores accents
("violencia" finds "violência"): the portuguese stemmer after the unaccent dictionary.
unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'serdh_portuguese') THEN
    CREATE TEXT SEARCH CONFIGURATION serdh_portuguese (COPY = portuguese);
    ALTER TEXT SEARCH CONFIGURATION serdh_portuguese
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem;
  END IF;
END $$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS serdh_portuguese;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
