"""restrict() fails closed."""

import re
from pathlib import Path

import pytest
from django.apps import apps

from serdh.accounts.models import User
from serdh.core import access
from serdh.core.models import AuditChainHead, AuditEvent
from serdh.network.models import Adhesion, Organization

SRC = Path(__file__).resolve().parents[2] / "src" / "serdh"

# Models that hold no data worth a policy, each with the reason.
WITHOUT_POLICY = {
    "core.AuditChainHead": "one row of chain bookkeeping, never shown",
    "cases.ProtocolCounter": "the last protocol number per state and year, never shown",
    "people.PersonNameToken": "keyed digests of name words, read only by the name search",
    "people.PersonMatchKey": "keyed digests of matching keys, read only by people.suggest",
    "core.IdempotencyKey": "the caller's own first responses, read only by core.api.idempotent",
    "accounts.TotpDevice": "a user's own authenticator, read only by accounts.twofactor for them",
    "accounts.RecoveryCodeDevice": "a user's own recovery codes, read only by accounts.twofactor",
    "accounts.RecoveryCode": "salted hashes of one recovery code, read only by its device",
    "workflow.DigestRun": "the day a user's digest went out, read only by the worker's sender",
}


# The portal's pages, images and documents are published content, governed by Wagtail's own
# permission model (page and collection permissions fed by SER-DH roles, the moderation
# workflow) and, for training, by portal.access; they hold no case data (tests/portal/).
GOVERNED_BY_WAGTAIL = "portal"


def test_every_project_model_has_a_policy_or_a_stated_reason():
    project = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("serdh.") and m._meta.app_label != GOVERNED_BY_WAGTAIL
    ]
    policies = access.registered_policies()
    missing = [
        m._meta.label
        for m in project
        if m._meta.label not in policies and m._meta.label not in WITHOUT_POLICY
    ]
    assert missing == []


def test_a_model_without_a_policy_gives_nothing(persona):
    auditor = persona("auditor.mg")
    assert AuditChainHead.objects.count() == 1
    qs = access.restrict(AuditChainHead.objects.all(), auditor, access.VIEW)
    assert list(qs) == []


def test_an_unknown_action_gives_nothing(persona):
    admin = persona("admin.mg")
    assert Organization.objects.restrict(admin, access.CHANGE).exists()
    assert not Organization.objects.restrict(admin, "approve").exists()
    assert not Organization.objects.restrict(admin, access.DELETE).exists()


def test_the_anonymous_sees_only_public_reference_data(db):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert not Adhesion.objects.restrict(anon).exists()
    assert not User.objects.restrict(anon).exists()
    assert not AuditEvent.objects.restrict(anon).exists()
    public = Organization.objects.restrict(anon)
    assert public.exists() and not public.filter(is_public=False).exists()


def test_a_user_without_membership_sees_only_themselves(persona):
    user = persona("cras.passos")
    user.memberships.update(is_active=False)
    user = persona("cras.passos")
    assert list(User.objects.restrict(user)) == [user]
    assert not Organization.objects.restrict(user, access.CHANGE).exists()


def test_a_deactivated_account_sees_nothing(persona):
    user = persona("admin.mg")
    user.is_active = False
    assert not Organization.objects.restrict(user, access.CHANGE).exists()
    assert not User.objects.restrict(user).exists()


@pytest.mark.parametrize(
    "path",
    sorted(
        str(p.relative_to(SRC))
        for p in [*SRC.glob("*/views*.py"), *SRC.glob("*/api.py"), *SRC.glob("*/api/*.py")]
        if not str(p).endswith("core/api.py")
    ),
)
def test_interface_code_reads_models_only_through_restrict(path):
    """Views parse input and call selectors/services; a bare manager read there is a leak."""
    source = (SRC / path).read_text()
    bare = [
        line.strip()
        for line in source.splitlines()
        if re.search(r"\.objects\.(all|filter|get|exclude)\(", line) and "restrict(" not in line
    ]
    assert bare == []


@pytest.mark.django_db
def test_restrict_if_any_gives_what_restrict_gives():
    """The shortcut the case page takes (no policy built when there are no rows) changes no
    answer: rows the user may see, rows they may not, and no rows."""
    from serdh.cases.models import Case
    from tests.cases.factories import acting, open_case

    case = open_case("cras.passos")
    for username in ("cras.passos", "cras.bh", "gestor.passos", "auditor.mg"):
        user = acting(username)
        for action in (access.VIEW, access.CHANGE, "pseudonymized"):
            for qs in (Case.objects.filter(pk=case.pk), Case.objects.filter(pk=-1)):
                expected = list(access.restrict(qs, user, action))
                assert list(access.restrict_if_any(qs, user, action)) == expected
                assert list(qs.restrict_if_any(user, action)) == expected
    assert list(Case.objects.filter(pk=case.pk).restrict_if_any(acting("cras.passos")))
    assert not list(Case.objects.filter(pk=case.pk).restrict_if_any(acting("cras.bh")))
