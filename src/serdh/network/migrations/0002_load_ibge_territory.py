from django.db import migrations


def load_territory(apps, schema_editor):
    from serdh.network.territory import load

    load(apps.get_model("network", "State"), apps.get_model("network", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(load_territory, migrations.RunPython.noop)]
