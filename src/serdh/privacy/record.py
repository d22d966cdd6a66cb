"""The record of processing operations (LGPD art. 37) as the page shows it, read from the
apps' declarations (core.processing) and from the models themselves (field names, whether a
field is encrypted or a blind index)."""

from django.apps import apps

from serdh.core import processing
from serdh.core.fields import EncryptedTextField


def rows():
    out = []
    for activity in sorted(processing.activities(), key=lambda a: a.key):
        data = []
        for label, names in activity.data:
            model = apps.get_model(label)
            fields = []
            for name in names:
                field = model._meta.get_field(name)
                fields.append(
                    {
                        "name": str(getattr(field, "verbose_name", name)),
                        "encrypted": isinstance(field, EncryptedTextField),
                        "index": name.endswith("_index"),
                    }
                )
            data.append({"model": str(model._meta.verbose_name_plural), "fields": fields})
        out.append({"activity": activity, "data": data})
    return out
