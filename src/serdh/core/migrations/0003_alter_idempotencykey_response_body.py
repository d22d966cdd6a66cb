# The stored first responses become encrypted. They live 24 hours and are only a retry aid:
# the ones present at upgrade time are dropped rather than converted.

import serdh.core.fields
from django.db import migrations


def drop_stored_responses(apps, schema_editor):
    apps.get_model("core", "IdempotencyKey").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_idempotencykey"),
    ]

    operations = [
        migrations.RunPython(drop_stored_responses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="idempotencykey",
            name="response_body",
            field=serdh.core.fields.EncryptedTextField(),
        ),
    ]
