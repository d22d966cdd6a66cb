"""Integration pages in the permission matrix: admins manage their organizations' clients and
webhook endpoints (state admin: the whole state; municipal admin: municipal services of their
municipality); the auditor reads them and the message log; a coordinator sees its own
service's clients, decides those waiting for approval and renews the secrets of those that
reach case data; nobody else sees them. A one-time secret link opens for its designee alone."""

from serdh.interop import approvals, clients
from serdh.interop.models import Delivery, DeliveryStatus
from tests.interop.factories import admin as admin_user
from tests.interop.factories import coordinator_of, endpoint, org, system_client
from tests.matrix_support import (
    ANON,
    BH,
    PASSOS,
    Probe,
    is_state_admin,
    municipal_admin_of,
    role,
)
from tests.matrix_support import role_page as page


def entries(o):
    passos_client, _ = system_client()
    bh_client, _ = system_client(org("CRAS Barreiro"), by="admin.bh")
    # Waiting for the coordinator of CREAS Passos (coord.creas.passos).
    creas_pending, _ = clients.register_client(
        admin_user(), organization=org("CREAS Passos"), name="Pedido CREAS", scopes=["cases:read"]
    )
    # Approved by a coordinator of CRAS Centro, who designated cras.passos to collect it.
    handed, _ = clients.register_client(
        admin_user(), organization=org(), name="Entrega CRAS", scopes=["cases:read"]
    )
    _secret, (_handoff, handoff_token) = approvals.approve_client(
        coordinator_of(org()), handed, designee_username="cras.passos"
    )
    passos_endpoint, _ = endpoint("https://sistema.passos.invalid/hook")
    bh_endpoint, _ = endpoint(
        "https://sistema.bh.invalid/hook", org("CRAS Barreiro"), by="admin.bh"
    )
    dead = Delivery.objects.filter(endpoint=passos_endpoint).first()
    if dead is None:
        from django.utils import timezone

        from serdh.interop.models import OutboxEvent

        event = OutboxEvent.objects.create(type="case.registered", occurred_at=timezone.now())
        dead = Delivery.objects.create(
            event=event,
            endpoint=passos_endpoint,
            status=DeliveryStatus.DEAD,
            next_attempt_at=timezone.now(),
        )

    def admin(p):
        return role(p) in {"state_admin", "municipal_admin"}

    def reader(p):
        return admin(p) or role(p) == "auditor"

    def managed(code):
        return lambda p: 200 if is_state_admin(p) or municipal_admin_of(p, code) else 404

    def readable(code):
        return lambda p: 200 if role(p) == "auditor" else managed(code)(p)

    def post_only(p):
        return 405

    def coordinator(p):
        return role(p) == "coordinator"

    def client_reader(p):
        return reader(p) or coordinator(p)

    def creas_readable(p):
        return 200 if coordinator(p) else readable(PASSOS)(p)

    return {
        "interop:client_list": [Probe((), page(client_reader))],
        "interop:client_create": [Probe((), page(admin))],
        "interop:client_detail": [
            Probe((passos_client.pk,), page(client_reader, readable(PASSOS)), label="Passos"),
            Probe((bh_client.pk,), page(client_reader, readable(BH)), label="BH"),
            Probe(
                (creas_pending.pk,),
                page(client_reader, creas_readable),
                label="CREAS Passos, pending",
            ),
        ],
        "interop:client_approve": [
            Probe((creas_pending.pk,), page(coordinator, post_only)),
            Probe(
                (passos_client.pk,),
                page(coordinator, lambda p: 404),
                method="post",
                label="another service's client, nothing pending",
            ),
        ],
        "interop:client_refuse": [
            Probe((creas_pending.pk,), page(coordinator, post_only)),
            Probe(
                (passos_client.pk,),
                page(coordinator, lambda p: 404),
                method="post",
                data={"reason": "Teste da matriz"},
                label="another service's client, nothing pending",
            ),
        ],
        "interop:secret_handoff": [
            Probe(
                (handoff_token,),
                lambda p: 302 if p == ANON else 200 if p == "cras.passos" else 404,
                label="designated to cras.passos",
            ),
            Probe(("sho_nada",), lambda p: 302 if p == ANON else 404, label="no such link"),
        ],
        "interop:client_edit": [
            Probe((passos_client.pk,), page(admin, managed(PASSOS)), label="Passos"),
            Probe((bh_client.pk,), page(admin, managed(BH)), label="BH"),
        ],
        "interop:client_rotate": [
            Probe((passos_client.pk,), page(lambda p: admin(p) or coordinator(p), post_only))
        ],
        "interop:client_status": [Probe((passos_client.pk,), page(admin, post_only))],
        "interop:endpoint_list": [Probe((), page(reader))],
        "interop:endpoint_create": [Probe((), page(admin))],
        "interop:endpoint_detail": [
            Probe((passos_endpoint.pk,), page(reader, readable(PASSOS)), label="Passos"),
            Probe((bh_endpoint.pk,), page(reader, readable(BH)), label="BH"),
        ],
        "interop:endpoint_edit": [
            Probe((passos_endpoint.pk,), page(admin, managed(PASSOS)), label="Passos"),
            Probe((bh_endpoint.pk,), page(admin, managed(BH)), label="BH"),
        ],
        "interop:endpoint_rotate": [Probe((passos_endpoint.pk,), page(admin, post_only))],
        "interop:endpoint_status": [Probe((passos_endpoint.pk,), page(admin, post_only))],
        "interop:delivery_replay": [
            Probe((dead.pk,), page(admin, post_only)),
            Probe(
                (dead.pk,),
                page(admin, lambda p: 302 if managed(PASSOS)(p) == 200 else 404),
                method="post",
                label="replay a Passos dead delivery",
            ),
        ],
        "interop:message_log": [Probe((), page(lambda p: role(p) == "auditor"))],
        # RFC 6749: the token endpoint takes POST only; a GET is 405 for everyone.
        "oauth_token": [Probe((), lambda p: 405)],
    }
