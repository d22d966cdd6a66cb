"""The record of processing (LGPD art. 37) is generated from the apps' declarations, and every
field of personal data the models encrypt or index is declared in it."""

from django.apps import apps
from django.urls import reverse

from serdh.core import processing
from serdh.core.fields import EncryptedTextField

# Encrypted values that are secrets of the platform, not personal data.
NOT_PERSONAL = {
    ("accounts.TotpDevice", "secret"),
    ("interop.SystemClient", "secret"),
    ("interop.SystemClient", "previous_secret"),
    ("interop.WebhookEndpoint", "secret"),
    ("interop.WebhookEndpoint", "previous_secret"),
}


def test_every_encrypted_field_and_blind_index_is_declared(db):
    personal = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        if model.__module__.startswith("serdh.")
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField) or field.name.endswith("_index")
    } - NOT_PERSONAL
    undeclared = personal - processing.declared_fields()
    assert undeclared == set()


def test_every_declared_field_exists(db):
    for label, name in processing.declared_fields():
        apps.get_model(label)._meta.get_field(name)  # raises if a declaration went stale


def test_the_page_shows_each_activity_with_its_legal_basis(client_for):
    html = client_for("cras.passos").get(reverse("privacy:record")).content.decode()
    for activity in processing.activities():
        assert str(activity.name) in html
    assert "art. 11, II, b" in html and "ECA art. 13" in html
    assert "nome civil (cifrado)" in html and "(índice cego)" in html
