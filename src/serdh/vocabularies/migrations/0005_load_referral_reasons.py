from django.db import migrations


def load_vocabularies(apps, schema_editor):
    """Loads the coded reasons of declined and cancelled referrals (issue 17): the same
    idempotent load as 0002 and 0004."""
    from serdh.vocabularies.loader import load_all

    vocabulary = apps.get_model("vocabularies", "Vocabulary")
    term = apps.get_model("vocabularies", "Term")
    load_all(models=(vocabulary, term))


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0004_load_law_vocabularies")]

    operations = [migrations.RunPython(load_vocabularies, migrations.RunPython.noop)]
