"""Every URL of the project, requested by every demo persona (and an anonymous visitor), gives
exactly the status an independent oracle expects: 200 inside the persona's scope, 404 for an
object outside it (never a 403 that confirms it exists), 403 for a page of another role,
a redirect to login for the anonymous.

The oracle below is written from the rules of DESIGN.md and the demo's facts, not from the
policies it checks. A URL without an entry here fails ``test_every_url_is_in_the_matrix``: a
new page is not done until it is in the matrix.
"""

import importlib
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from serdh.accounts.models import Membership, User
from serdh.network.models import Organization
from tests.matrix_support import (
    ALL,
    ANON,
    BH,
    HOME_MUNICIPALITY,
    JF,
    PASSOS,
    PERSONAS,
    SAO_PAULO,
    Probe,
    admin_page,
    is_state_admin,
    logged_in,
    municipal_admin_of,
    role,
    role_page,
)


def objects():
    org = lambda name: Organization.objects.get(name=name)  # noqa: E731
    return {
        "passos_cras": org("CRAS Centro — Passos"),
        "passos_police": org("Delegacia de Polícia Civil de Passos"),  # state-level organ
        "passos_shelter": org("Casa de Acolhimento Provisório Passos"),  # not public
        "bh_creas": org("CREAS Centro-Sul"),
        "sedese": Organization.objects.get(acronym="SEDESE"),
        "u_cras_passos": User.objects.get(username="cras.passos"),
        "u_cras_bh": User.objects.get(username="cras.bh"),
        "u_auditor": User.objects.get(username="auditor.mg"),
        "m_cras_passos": Membership.objects.get(user__username="cras.passos"),
        "m_cras_bh": Membership.objects.get(user__username="cras.bh"),
        # A worker membership of CREAS Centro-Sul (BH) that admin.mg asked for: only a
        # coordinator of that service or another state admin may decide it (none in the demo).
        "m_pending_bh": Membership.objects.create(
            user=User.objects.create(username="pedido.matriz", full_name="Pedido Matriz"),
            organization=org("CREAS Centro-Sul"),
            role="worker",
            is_active=False,
            approval="pending",
            granted_by=User.objects.get(username="admin.mg"),
        ),
    }


def user_scope(p, subject_municipality):
    """Who may open a user's page: the state admin, or the admin of the user's municipality."""
    if is_state_admin(p):
        return 200
    return 200 if municipal_admin_of(p, subject_municipality) else 404


def org_edit_scope(o):
    def status(p):
        if is_state_admin(p):
            return 200
        if o.level == "municipal" and municipal_admin_of(p, o.municipality_id):
            return 200
        return 404

    return status


APP_MATRICES = sorted(
    f"tests.{p.parent.name}.matrix" for p in Path(__file__).parent.glob("*/matrix.py")
)


def matrix(o):
    entries = _foundation(o)
    for module in APP_MATRICES:
        extra = importlib.import_module(module).entries(o)
        clash = set(extra) & set(entries)
        assert not clash, f"{module} redefines {clash}"
        entries.update(extra)
    return entries


def approver(p):
    """Who decides memberships and system clients waiting for a second person."""
    return role(p) in {"coordinator", "state_admin"}


def _foundation(o):
    adm = admin_page
    return {
        "healthz": [Probe((), lambda p: 200)],
        "set_language": [Probe((), lambda p: 302, method="post", data={"language": "en"})],
        "accounts:login": [Probe((), lambda p: 200 if p == ANON else 302)],
        "accounts:logout": [Probe((), lambda p: 405), Probe((), lambda p: 302, method="post")],
        "accounts:password_change": [Probe((), logged_in(lambda p: 200))],
        "accounts:switch_membership": [Probe((), logged_in(lambda p: 405))],
        "accounts:user_list": [Probe((), role_page(adm))],
        "accounts:user_create": [Probe((), role_page(adm))],
        "accounts:user_detail": [
            Probe(
                (o["u_cras_passos"].pk,),
                role_page(adm, lambda p: user_scope(p, PASSOS)),
                label="Passos worker",
            ),
            Probe(
                (o["u_cras_bh"].pk,), role_page(adm, lambda p: user_scope(p, BH)), label="BH worker"
            ),
            Probe(
                (o["u_auditor"].pk,),
                role_page(adm, lambda p: 200 if is_state_admin(p) else 404),
                label="state auditor",
            ),
            Probe((999999,), role_page(adm, lambda p: 404), label="no such user"),
        ],
        "accounts:membership_grant": [
            Probe((o["u_cras_passos"].pk,), role_page(adm, lambda p: 405)),
        ],
        "accounts:membership_revoke": [
            Probe((o["m_cras_passos"].pk,), role_page(adm, lambda p: 405)),
            Probe(
                (o["m_cras_bh"].pk,),
                role_page(
                    adm, lambda p: 302 if is_state_admin(p) or municipal_admin_of(p, BH) else 404
                ),
                method="post",
                label="revoke a BH membership",
            ),
        ],
        "accounts:membership_approve": [
            Probe((o["m_pending_bh"].pk,), role_page(approver, lambda p: 405)),
            Probe(
                (o["m_pending_bh"].pk,),
                role_page(approver, lambda p: 404),
                method="post",
                label="the grantor's own request, another service's",
            ),
        ],
        "accounts:membership_refuse": [
            Probe((o["m_pending_bh"].pk,), role_page(approver, lambda p: 405)),
            Probe(
                (o["m_pending_bh"].pk,),
                role_page(approver, lambda p: 404),
                method="post",
                data={"reason": "Teste da matriz"},
                label="the grantor's own request, another service's",
            ),
        ],
        # The municipal manager approves a service opening its cases to its whole team.
        "web:approvals": [
            Probe((), role_page(lambda p: approver(p) or role(p) == "municipal_manager"))
        ],
        "web:access_review": [Probe((), role_page(lambda p: role(p) == "auditor"))],
        "web:home": [Probe((), logged_in(lambda p: 200))],
        "web:audit_log": [Probe((), role_page(lambda p: role(p) == "auditor"))],
        "network:municipality_list": [Probe((), logged_in(lambda p: 200))],
        "network:municipality_detail": [
            Probe((PASSOS,), logged_in(lambda p: 200)),
            Probe((SAO_PAULO,), logged_in(lambda p: 404), label="other state"),
            Probe((1234567,), logged_in(lambda p: 404), label="invalid code"),
        ],
        "network:adhesion_request": [
            Probe((3100104,), role_page(is_state_admin, lambda p: 405)),
        ],
        "network:adhesion_term": [
            Probe((PASSOS,), logged_in(lambda p: 200)),
            Probe((3170107,), logged_in(lambda p: 404), label="requested, no term yet"),
        ],
        "network:adhesion_transition": [
            Probe((PASSOS, "suspend"), role_page(is_state_admin)),
            Probe((JF, "activate"), role_page(is_state_admin)),
            Probe(
                (3100104, "activate"), role_page(is_state_admin, lambda p: 404), label="no adhesion"
            ),
            Probe(
                (SAO_PAULO, "activate"),
                role_page(is_state_admin, lambda p: 404),
                label="other state",
            ),
            Probe(
                (PASSOS, "delete"), role_page(is_state_admin, lambda p: 404), label="unknown verb"
            ),
        ],
        "network:organization_list": [Probe((), logged_in(lambda p: 200))],
        "network:organization_create": [Probe((), role_page(adm))],
        "network:organization_detail": [
            Probe((o[k].pk,), logged_in(lambda p: 200), label=k)
            for k in ("passos_cras", "passos_shelter", "bh_creas", "sedese")
        ]
        + [Probe((999999,), logged_in(lambda p: 404), label="no such organization")],
        "network:organization_edit": [
            Probe((o[k].pk,), role_page(adm, org_edit_scope(o[k])), label=k)
            for k in ("passos_cras", "passos_police", "passos_shelter", "bh_creas", "sedese")
        ],
    }


def url_names(patterns=None, namespace=""):
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += url_names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(f"{namespace}{entry.name}")
    return names


def test_every_url_is_in_the_matrix(db):
    project_urls = {n for n in url_names() if not n.startswith(WAGTAIL_NAMES)}
    covered = set(matrix(objects()))
    assert project_urls - covered == set(), "pages missing from the permission matrix"
    assert covered - project_urls == set(), "matrix entries for pages that no longer exist"


@pytest.fixture
def clients(db):
    made = {ANON: Client()}
    for username in PERSONAS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        made[username] = client
    return made


# Wagtail's own URLs (its admin, page serving, documents) are guarded by Wagtail's permission
# model, fed by SER-DH's roles; tests/portal/test_portal_matrix.py requests them per persona.
WAGTAIL_NAMES = ("wagtail",)


@pytest.fixture(scope="module")
def entries(django_db_setup, django_db_blocker):
    """The matrix, built once for the tests below (building it creates the objects of every
    app's probes): inside a transaction of its own, rolled back when the module ends. Each test
    still runs in a transaction of its own inside it (a savepoint), so whatever a probe changes
    is rolled back before the next test, as before."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield matrix(objects())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize("name", sorted(n for n in url_names() if not n.startswith(WAGTAIL_NAMES)))
def test_each_persona_gets_exactly_its_scope(name, entries, clients):
    probes = entries[name]
    wrong = []
    for probe in probes:
        url = reverse(name, args=probe.args)
        for persona in ALL:
            expected = probe.expect(persona)
            client = clients[persona]
            response = getattr(client, probe.method)(url, probe.data)
            if response.status_code != expected:
                wrong.append(
                    f"{persona:<20} {probe.method.upper()} {url} [{probe.label}] "
                    f"expected {expected}, got {response.status_code}"
                )
            if probe.method == "post" and persona != ANON and name == "accounts:logout":
                client.force_login(User.objects.get(username=persona))
    assert not wrong, "\n" + "\n".join(wrong)


def _listed(client, url):
    return client.get(url).content.decode()


def test_user_list_shows_only_the_admins_territory(clients):
    everyone = {u: HOME_MUNICIPALITY.get(u) for u in PERSONAS}
    for admin, municipality in (("admin.passos", PASSOS), ("admin.bh", BH)):
        html = _listed(clients[admin], reverse("accounts:user_list") + "?q=.")
        for username, home in everyone.items():
            shown = f">{username}<" in html
            assert shown == (home == municipality), f"{admin} listing {username}"
    html = _listed(clients["admin.mg"], reverse("accounts:user_list") + "?q=.")
    assert all(f">{u}<" in html for u in everyone)


def test_audit_log_is_the_auditors_alone(clients):
    for persona in PERSONAS:
        status = clients[persona].get(reverse("web:audit_log")).status_code
        assert status == (200 if persona == "auditor.mg" else 403)


def test_a_bh_admin_cannot_change_a_passos_organization_by_post(clients):
    org = Organization.objects.get(name="CRAS Centro — Passos")
    response = clients["admin.bh"].post(
        reverse("network:organization_edit", args=[org.pk]),
        {
            "name": "Tomado",
            "kind": "cras",
            "sector": "social_assistance",
            "municipality": BH,
            "is_active": "on",
        },
    )
    assert response.status_code == 404
    org.refresh_from_db()
    assert org.name == "CRAS Centro — Passos" and org.municipality_id == PASSOS


def test_a_bh_admin_cannot_revoke_a_passos_membership(clients):
    membership = Membership.objects.get(user__username="cras.passos")
    response = clients["admin.bh"].post(reverse("accounts:membership_revoke", args=[membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_a_user_page_shows_only_the_memberships_of_the_admins_territory(clients):
    user = User.objects.get(username="cras.passos")
    Membership.objects.create(
        user=user, role="worker", organization=Organization.objects.get(name="CRAS Barreiro")
    )
    html = _listed(clients["admin.passos"], reverse("accounts:user_detail", args=[user.pk]))
    assert "CRAS Centro — Passos" in html
    assert "CRAS Barreiro" not in html
    html = _listed(clients["admin.mg"], reverse("accounts:user_detail", args=[user.pk]))
    assert "CRAS Barreiro" in html


def _more_organizations():
    passos = Organization.objects.get(name="CRAS Centro — Passos")
    for i in range(12):
        Organization.objects.create(
            name=f"Serviço extra {i}",
            kind="ngo",
            sector="civil_society",
            municipality_id=PASSOS if i % 2 else BH,
            search_name=f"servico extra {i}",
        )
    return passos


def _more_users():
    org = Organization.objects.get(name="CRAS Centro — Passos")
    for i in range(12):
        user = User.objects.create(username=f"extra.{i}", full_name=f"Extra {i}")
        Membership.objects.create(user=user, organization=org, role="worker")


def _more_events():
    from serdh.core import audit

    for i in range(12):
        audit.record("test.extra", object_type="t", object_id=str(i))


@pytest.mark.parametrize(
    "persona,url,grow",
    [
        ("cras.passos", "network:organization_list", _more_organizations),
        ("admin.mg", "network:municipality_list", _more_organizations),
        ("admin.mg", "accounts:user_list", _more_users),
        ("admin.passos", "accounts:user_list", _more_users),
        ("auditor.mg", "web:audit_log", _more_events),
        ("admin.passos", "web:home", _more_organizations),
    ],
)
def test_list_pages_do_not_query_per_row(clients, persona, url, grow):
    """No N+1: twelve more rows on the page, not one more query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def once():
        with CaptureQueriesContext(connection) as ctx:
            assert clients[persona].get(reverse(url)).status_code == 200
        return len(ctx.captured_queries)

    def count():
        # The fewer of two requests: a cache entry that expires in between (the portal's links
        # live 60 s) adds queries to one of them, rows add them to both.
        return min(once(), once())

    # A first request fills per-process caches (the portal's links live 60 s in the cache, so
    # whether they are warm depends on how long the suite took to get here): not rows.
    once()
    before = count()
    grow()
    assert count() == before
