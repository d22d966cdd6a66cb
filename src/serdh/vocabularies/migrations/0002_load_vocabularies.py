from django.db import migrations


def load_vocabularies(apps, schema_editor):
    from serdh.vocabularies.loader import load_all

    vocabulary = apps.get_model("vocabularies", "Vocabulary")
    term = apps.get_model("vocabularies", "Term")
    load_all(models=(vocabulary, term))


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0001_initial")]

    operations = [migrations.RunPython(load_vocabularies, migrations.RunPython.noop)]
