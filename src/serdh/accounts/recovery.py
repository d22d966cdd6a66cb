"""Account recovery: password reset links by e-mail, and the first administrator
(``serdh bootstrap``).

The e-mail says only that a reset was asked for and carries the link (Django's
``default_token_generator``: single use, since it hashes the password and last login, and
``PASSWORD_RESET_TIMEOUT`` long). No name, no organization, no case: people get no personal
data by e-mail.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from serdh.core import audit, origin

from .models import User

RESET_WINDOW = 3600


def reset_allowed(request, email):
    """At most ``SERDH_PASSWORD_RESET_PER_ADDRESS`` requests an hour from one address and
    ``SERDH_PASSWORD_RESET_PER_EMAIL`` for one e-mail address (counted by a keyed digest, so
    the counters hold no address)."""
    from serdh.core import crypto, throttle

    ip = request.META.get("REMOTE_ADDR", "")
    by_ip = throttle.hit("password_reset_ip", ip, RESET_WINDOW)
    digest = crypto.keyed_digest(email.strip().lower(), "password-reset-email")
    by_email = throttle.hit("password_reset_email", digest, RESET_WINDOW)
    allowed = (
        by_ip <= settings.SERDH_PASSWORD_RESET_PER_ADDRESS
        and by_email <= settings.SERDH_PASSWORD_RESET_PER_EMAIL
    )
    if not allowed and by_email == settings.SERDH_PASSWORD_RESET_PER_EMAIL + 1:
        with transaction.atomic():
            audit.record("auth.password_reset_throttled", flagged=True, data={"ip": ip})
    return allowed


def password_was_reset(user):
    """After a new password from a reset link: every session of the account ends; audited."""
    from .sessions import end_sessions

    with transaction.atomic():
        ended = end_sessions(user)
        audit.record("auth.password_reset", user, actor=user, data={"sessions_ended": ended})
    return ended


def reset_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{origin.public_url()}{path}"


def send_reset_links(email):
    email = (email or "").strip()
    users = list(
        User.objects.filter(email__iexact=email, is_active=True, is_system=False).exclude(email="")
    )
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    for user in users:
        body = _(
            "Recebemos um pedido para redefinir a senha de uma conta do SER-DH ligada a este "
            "endereço.\n\nPara escolher uma nova senha, abra o link abaixo em até %(minutes)d "
            "minutos (ele só funciona uma vez):\n\n%(link)s\n\nSe você não pediu, ignore esta "
            "mensagem: a senha atual continua valendo.\n"
        ) % {"minutes": minutes, "link": reset_link(user)}
        send_mail(_("SER-DH: redefinição de senha"), body, None, [user.email])
        with transaction.atomic():
            audit.record("auth.password_reset_requested", user, actor=user)
    return len(users)


# --- The first administrator (``serdh bootstrap``) ----------------------------------------------


class BootstrapRefused(Exception):
    pass


def state_admin_exists():
    from serdh.core.roles import Role

    from .models import Membership

    return Membership.objects.filter(role=Role.STATE_ADMIN, is_active=True).exists()


def find_municipality(state, text):
    """A municipality of ``state`` by IBGE code or by name (accents and case ignored)."""
    from serdh.network.models import Municipality, fold

    text = (text or "").strip()
    qs = Municipality.objects.filter(state=state)
    if text.isdigit():
        return qs.filter(code=int(text)).first()
    matches = list(qs.filter(search_name=fold(text))[:2])
    return matches[0] if len(matches) == 1 else None


def bootstrap(*, state, secretariat, acronym, municipality, username, full_name, email, password):
    """Create the state secretariat and its first state admin, in one transaction, audited.

    ``password`` None leaves the account without one (it is set through a reset link).
    Refused once an active state admin exists: from then on accounts are made on the web.
    """
    from django.contrib.auth.password_validation import validate_password

    from serdh.core.roles import Role
    from serdh.network.models import Organization, fold

    from .models import Membership

    with transaction.atomic():
        if state_admin_exists():
            raise BootstrapRefused(
                _("Já existe uma administração estadual ativa: crie as contas pela web.")
            )
        if User.objects.filter(username__iexact=username).exists():
            raise BootstrapRefused(_("O usuário %(u)s já existe.") % {"u": username})
        org = Organization(
            name=secretariat,
            acronym=acronym,
            kind="secretariat",
            sector="human_rights",
            level="state",
            municipality=municipality,
            is_public=True,
        )
        org.search_name = fold(f"{org.name} {org.acronym}")
        org.full_clean()
        org.save()
        user = User(username=username, full_name=full_name, email=email)
        if password is None:
            user.set_unusable_password()
        else:
            validate_password(password, user)
            user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        membership = Membership.objects.create(
            user=user, organization=org, role=Role.STATE_ADMIN, granted_at=timezone.now()
        )
        audit.record(
            "bootstrap",
            membership,
            flagged=True,
            organization_id=org.pk,
            data={
                "state": state.uf,
                "organization": org.pk,
                "user": user.pk,
                "password_set": password is not None,
            },
        )
    return org, user
