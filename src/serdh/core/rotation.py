"""Re-encrypt every encrypted column with the current field key."""

from django.db import models, transaction
from django.db.models.functions import Cast

from . import audit, crypto
from .fields import encrypted_fields


def _stale(model, field, marker):
    # Cast to plain text so the filter compares the stored ciphertext, not a re-encryption.
    return (
        model._base_manager.annotate(_raw=Cast(field.attname, output_field=models.TextField()))
        .exclude(_raw__isnull=True)
        .exclude(_raw="")
        .exclude(_raw__startswith=marker)
    )


def _marker():
    return f"{crypto.PREFIX}${crypto.keyring().current_field_key_id}$"


def stale_counts():
    """{"app.model.field": rows not yet under the current key}."""
    marker = _marker()
    return {
        field.crypto_context: _stale(model, field, marker).count()
        for model, field in encrypted_fields()
    }


def rotate(progress=None, batch_size=500):
    """Re-encrypt rows whose ciphertext uses an older key; returns the rows rewritten.

    Batches run in their own transactions, so a rotation can be interrupted and resumed.
    """
    marker = _marker()
    total = sum(stale_counts().values())
    done = 0
    if progress:
        progress(done, total)
    for model, field in encrypted_fields():
        manager = model._base_manager
        while True:
            with transaction.atomic():
                pks = list(
                    _stale(model, field, marker)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:batch_size]
                )
                if not pks:
                    break
                rows = manager.select_for_update().filter(pk__in=pks).only("pk", field.attname)
                for obj in rows:
                    # Loaded with the old key; update() encrypts with the current one.
                    manager.filter(pk=obj.pk).update(**{field.attname: getattr(obj, field.attname)})
                done += len(pks)
            if progress:
                progress(done, total)
    if done:
        with transaction.atomic():
            audit.record(
                "keys.rotated",
                data={"current_key": crypto.keyring().current_field_key_id, "rows": done},
            )
    return done
