"""Login gov.br: OpenID Connect, authorization code with PKCE (S256), ``state`` and ``nonce``
(Authlib's Django client). reference/domain-facts.md, "Login gov.br (OIDC)".

- **Linking.** A gov.br identity never creates an account. A user who signed in with password
  *and* second factor opens *Minha conta → Vincular conta gov.br*; gov.br answers with ``sub``
  = the CPF, and the link is made only if that CPF is the one on the account (compared by the
  blind index, ``cpf_index``). Audited.
- **Signing in.** gov.br's ``sub`` finds the linked account by the blind index. The token's
  reliability level (``reliability_info.level``: bronze, prata/silver, ouro/gold) must reach
  the minimum of every role the user holds (``SERDH_GOVBR_MIN_LEVEL``); the session then
  counts as verified (gov.br is the strong factor), and the sign-in is audited with the level.
- Anything wrong (a ``state`` that is not this session's, a code already redeemed, an ID token
  whose signature, issuer, audience, expiry or nonce do not check) ends in a refusal, an
  ``auth.govbr_failed`` audit event and the login page.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import audit, origin
from serdh.core.crypto import blind_index, normalize_identifier

from .models import Membership, User

SCOPES = "openid email profile govbr_confiabilidades"
VERIFIED_KEY = "serdh_verified_by"  # session: "govbr:<level>" after a gov.br sign-in
PURPOSE_KEY = "serdh_govbr_purpose"
LEVELS = {"bronze": 1, "prata": 2, "silver": 2, "ouro": 3, "gold": 3}
LEVEL_NAMES = {1: "bronze", 2: "prata", 3: "ouro"}


class GovBrRefused(Exception):
    """A gov.br answer SER-DH does not accept; the message says why, in Portuguese."""


def enabled():
    return bool(settings.SERDH_GOVBR_CLIENT_ID)


_clients = {}


def client():
    """Authlib's client for the configured provider (its metadata is fetched once)."""
    from authlib.integrations.django_client import OAuth

    key = (settings.SERDH_GOVBR_ISSUER, settings.SERDH_GOVBR_CLIENT_ID)
    if key not in _clients:
        oauth = OAuth()
        _clients[key] = oauth.register(
            "govbr",
            client_id=settings.SERDH_GOVBR_CLIENT_ID,
            client_secret=settings.SERDH_GOVBR_CLIENT_SECRET,
            server_metadata_url=(
                settings.SERDH_GOVBR_ISSUER.rstrip("/") + "/.well-known/openid-configuration"
            ),
            client_kwargs={
                "scope": SCOPES,
                "code_challenge_method": "S256",
                "timeout": settings.SERDH_GOVBR_TIMEOUT,
            },
        )
    return _clients[key]


def callback_url():
    return origin.public_url() + reverse("accounts:govbr_callback")


def start(request, purpose):
    """The redirect to gov.br; ``purpose`` is "login" or "link"."""
    request.session[PURPOSE_KEY] = purpose
    return client().authorize_redirect(request, callback_url())


def level_of(claims):
    info = claims.get("reliability_info") or {}
    raw = str(info.get("level") or claims.get("reliability_level") or "").strip().lower()
    return LEVELS.get(raw, 0)


def required_level(memberships):
    """The highest minimum among the user's roles (``SERDH_GOVBR_MIN_LEVEL``)."""
    minimums = settings.SERDH_GOVBR_MIN_LEVEL
    default = LEVELS[minimums.get("default", "prata")]
    return max([LEVELS.get(minimums.get(m.role, ""), default) for m in memberships] or [default])


def finish(request):
    """Check gov.br's answer and return ``(purpose, claims)``; raise ``GovBrRefused``."""
    from authlib.integrations.base_client.errors import OAuthError
    from joserfc.errors import JoseError

    purpose = request.session.pop(PURPOSE_KEY, None)
    try:
        token = client().authorize_access_token(request)
    except OAuthError as exc:
        _failed(f"oauth:{exc.error}")
        raise GovBrRefused(_("O gov.br não confirmou a entrada. Tente de novo.")) from exc
    except JoseError as exc:
        _failed(f"id_token:{type(exc).__name__}")
        raise GovBrRefused(_("A resposta do gov.br não pôde ser verificada.")) from exc
    claims = token.get("userinfo")
    if purpose not in ("login", "link") or not claims:
        _failed("no_claims")
        raise GovBrRefused(_("O gov.br não confirmou a entrada. Tente de novo."))
    return purpose, claims


def _failed(reason, user=None):
    with transaction.atomic():
        audit.record("auth.govbr_failed", user, flagged=True, data={"reason": reason[:80]})


def _cpf_index(claims):
    digits = normalize_identifier(str(claims.get("sub", "")))
    return blind_index(digits, "cpf") if len(digits) == 11 else ""


def link(user, claims):
    """Link the signed-in ``user`` to this gov.br identity, if it carries the user's CPF."""
    index = _cpf_index(claims)
    if not user.cpf_index:
        raise GovBrRefused(
            _("Sua conta não tem CPF cadastrado: peça à administração que o inclua.")
        )
    if not index or index != user.cpf_index:
        _failed("link:cpf_mismatch", user)
        raise GovBrRefused(_("O CPF da conta gov.br não é o desta conta do SER-DH."))
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(govbr_linked_at=timezone.now())
        audit.record("auth.govbr_linked", user, actor=user, data={"level": level_of(claims)})


def unlink(user):
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(govbr_linked_at=None)
        audit.record("auth.govbr_unlinked", user, actor=user)


def account_for(claims):
    """The linked, active account of this gov.br identity and its level; ``GovBrRefused``."""
    index = _cpf_index(claims)
    user = (
        User.objects.filter(
            cpf_index=index, govbr_linked_at__isnull=False, is_active=True, is_system=False
        ).first()
        if index
        else None
    )
    if user is None:
        _failed("login:not_linked")
        raise GovBrRefused(
            _(
                "Esta conta gov.br não está vinculada a uma conta do SER-DH. Entre com usuário, "
                "senha e segundo fator e faça o vínculo em Minha conta."
            )
        )
    memberships = list(Membership.objects.filter(user=user, is_active=True))
    level, needed = level_of(claims), required_level(memberships)
    if level < needed:
        _failed(f"login:level {level}<{needed}", user)
        raise GovBrRefused(
            _(
                "Seu papel exige conta gov.br nível %(needed)s ou acima; a sua é %(level)s. "
                "Aumente o nível no gov.br ou entre com usuário, senha e segundo fator."
            )
            % {"needed": LEVEL_NAMES[needed], "level": LEVEL_NAMES.get(level, _("sem nível"))}
        )
    return user, level
