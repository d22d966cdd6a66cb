"""Model fields that keep sensitive values encrypted at rest."""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted with AES-GCM; the database only ever holds ciphertext.

    Encrypted values cannot be filtered or ordered on: search through a blind index instead.
    The empty string and NULL are stored as they are (nothing to hide).
    """

    description = "Encrypted text"

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only)
        self.crypto_context = f"{cls._meta.label_lower}.{name}"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(value, self.crypto_context)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return crypto.decrypt(value, self.crypto_context)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise TypeError(f"Encrypted fields cannot be searched with '{lookup_name}'.")
        return super().get_lookup(lookup_name)


def encrypted_fields():
    """Every (model, field) pair that stores ciphertext, for key rotation."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field
