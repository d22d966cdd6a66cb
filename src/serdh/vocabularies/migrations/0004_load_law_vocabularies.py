from django.db import migrations


def load_vocabularies(apps, schema_editor):
    """Loads the vocabularies taken from the law (protective measures, rights groups,
    violator types; issue 14) and fills the legal source of every term: the same idempotent
    load as 0002, now with the fields 0003 added."""
    from serdh.vocabularies.loader import load_all

    vocabulary = apps.get_model("vocabularies", "Vocabulary")
    term = apps.get_model("vocabularies", "Term")
    load_all(models=(vocabulary, term))


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0003_term_legal_source")]

    operations = [migrations.RunPython(load_vocabularies, migrations.RunPython.noop)]
