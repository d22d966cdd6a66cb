"""A demo system client, so the API example of docs/api.md runs against ``serdh demo``."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from serdh.accounts.models import Membership, User
from serdh.core import audit
from serdh.core.context import use_context
from serdh.interop import clients
from serdh.interop.models import ALL_SCOPES, ClientStatus, SystemClient
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
        # It asks for case scopes, so it waits for a coordinator of the Conselho Tutelar; the
        # demo network has none there, so the demo approves it itself, in the open: the audit
        # trail says so, and the auditor's review page lists it like any other.
        with transaction.atomic(), use_context(actor_label="demo", channel="cli"):
            SystemClient.objects.filter(pk=client.pk).update(
                client_id=CLIENT_ID,
                secret_hash=clients.digest(secret),
                scopes=client.pending_scopes,
                pending_scopes="",
                status=ClientStatus.ACTIVE,
                approved_at=timezone.now(),
                approval_note="Aprovado pela preparação da demonstração.",
            )
            Membership.objects.filter(user=client.service_user).update(
                is_active=True, approval="approved", decided_at=timezone.now()
            )
            client.refresh_from_db()
            audit.record(
                "api_client.approved",
                client,
                flagged=True,
                organization_id=client.organization_id,
                reason="Aprovado pela preparação da demonstração.",
                data={"client_id": CLIENT_ID, "scopes": client.scopes, "seeded": True},
            )
    return CLIENT_ID, secret
