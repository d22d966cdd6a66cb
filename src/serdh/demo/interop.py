"""A demo system client, so the API example of docs/api.md runs against ``serdh demo``."""

import hashlib

from django.conf import settings

from serdh.accounts.models import User
from serdh.interop import clients
from serdh.interop.models import ALL_SCOPES, SystemClient
from serdh.network.models import Organization

CLIENT_ID = "demo-ct-passos"


def demo_secret():
    # Derived from the demo password, so every run of the same demo prints the same secret.
    digest = hashlib.sha256(f"serdh-demo-client:{settings.SERDH_DEMO_PASSWORD}".encode())
    return clients.SECRET_PREFIX + "demo_" + digest.hexdigest()[:32]


def ensure_demo_client():
    """(client_id, secret) of the Conselho Tutelar de Passos' demo system; created once."""
    secret = demo_secret()
    if not SystemClient.objects.filter(client_id=CLIENT_ID).exists():
        client, _random_secret = clients.register_client(
            User.objects.get(username="admin.passos"),
            organization=Organization.objects.get(name="Conselho Tutelar de Passos"),
            name="Sistema do Conselho Tutelar (demonstração)",
            scopes=list(ALL_SCOPES),
            rate_limit=600,
        )
        SystemClient.objects.filter(pk=client.pk).update(
            client_id=CLIENT_ID, secret_hash=clients.digest(secret)
        )
    return CLIENT_ID, secret
