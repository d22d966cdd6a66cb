"""State changes of the network registry. Each checks access inside its transaction and writes
its audit event in the same transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.uploads import check_upload

from .choices import AdhesionStatus, OrganizationLevel
from .models import Adhesion, Municipality, Organization, fold

ORGANIZATION_FIELDS = (
    "name",
    "acronym",
    "kind",
    "sector",
    "level",
    "municipality",
    "description",
    "address",
    "postal_code",
    "phone",
    "email",
    "opening_hours",
    "is_public",
    "is_active",
    "cadsuas_id",
)


class AdhesionInactive(ServiceError):
    pass


def require_active_adhesion(organization):
    """SIMA actions call this first: a service of a municipality without an active adhesion
    cannot act. State-level organs are not bound by a municipal adhesion."""
    if organization is None:
        raise ServiceError(_("Selecione uma organização para atuar no SIMA."))
    if organization.level == OrganizationLevel.STATE:
        return
    adhesion = Adhesion.objects.filter(municipality_id=organization.municipality_id).first()
    if adhesion is None or not adhesion.is_active:
        status = adhesion.get_status_display().lower() if adhesion else _("não solicitada")
        raise AdhesionInactive(
            _(
                "%(municipality)s ainda não tem adesão ativa ao SER-DH (situação: %(status)s). "
                "Os serviços do município poderão registrar e acompanhar casos quando o termo "
                "de adesão estiver ativo. Procure a gestão municipal."
            )
            % {"municipality": organization.municipality.name, "status": status}
        )


def case_municipalities(organization):
    """Where ``organization`` may place a case: its own municipality, or (a state organ) any
    municipality of the state whose adhesion is active."""
    if organization.level != OrganizationLevel.STATE:
        return Municipality.objects.filter(code=organization.municipality_id)
    return Municipality.objects.filter(
        state__uf=organization.municipality.state.uf, adhesion__status=AdhesionStatus.ACTIVE
    )


def require_case_municipality(organization, municipality):
    """Refuse a case placed outside ``case_municipalities(organization)``, saying why."""
    if municipality is None:
        return
    if organization.level != OrganizationLevel.STATE:
        if municipality.code != organization.municipality_id:
            raise ServiceError(
                _(
                    "O caso pertence ao município do serviço que o registra "
                    "(%(municipality)s). Para acompanhar um caso de outro município, "
                    "encaminhe-o a um serviço de lá."
                )
                % {"municipality": organization.municipality.name},
                field="municipality",
            )
        return
    if not case_municipalities(organization).filter(code=municipality.code).exists():
        raise ServiceError(
            _(
                "%(municipality)s não tem adesão ativa ao SER-DH: nenhum caso pode ser "
                "registrado lá."
            )
            % {"municipality": municipality.name},
            field="municipality",
        )


def _snapshot(obj, fields):
    out = {}
    for name in fields:
        value = getattr(obj, name if name != "municipality" else "municipality_id")
        out[name] = value if isinstance(value, bool | int | type(None)) else str(value)
    return out


def _locked(qs, pk):
    obj = qs.select_for_update().filter(pk=pk).first()
    if obj is None:
        raise NotPermitted(_("Você não tem permissão para esta ação."))
    return obj


# --- Adhesion --------------------------------------------------------------------------------

ADHESION_TRANSITIONS = {
    "sign": ({AdhesionStatus.REQUESTED}, AdhesionStatus.SIGNED),
    "activate": ({AdhesionStatus.SIGNED, AdhesionStatus.SUSPENDED}, AdhesionStatus.ACTIVE),
    "suspend": ({AdhesionStatus.ACTIVE}, AdhesionStatus.SUSPENDED),
}


def request_adhesion(user, municipality: Municipality, requested_at=None):
    with transaction.atomic():
        if not may_manage_adhesions(user, municipality):
            raise NotPermitted(_("Você não tem permissão para esta ação."))
        if Adhesion.objects.filter(municipality=municipality).exists():
            raise ServiceError(_("Este município já tem um termo de adesão registrado."))
        adhesion = Adhesion.objects.create(
            municipality=municipality,
            requested_at=requested_at or timezone.localdate(),
            updated_by=user,
        )
        audit.record("adhesion.requested", adhesion, data={"municipality": municipality.code})
    return adhesion


def may_manage_adhesions(user, municipality):
    actor = access.actor_for(user)
    return actor.has_role(Role.STATE_ADMIN) and municipality.state.uf == actor.state_code


def transition_adhesion(
    user,
    adhesion,
    verb,
    *,
    signed_at=None,
    signatory_name="",
    signatory_role="",
    signed_term=None,
    reason="",
):
    allowed_from, target = ADHESION_TRANSITIONS[verb]
    with transaction.atomic():
        adhesion = _locked(Adhesion.objects.restrict(user, access.CHANGE), adhesion.pk)
        if adhesion.status not in allowed_from:
            raise ServiceError(
                _("Não é possível passar de “%(from)s” para “%(to)s”.")
                % {"from": adhesion.get_status_display(), "to": AdhesionStatus(target).label}
            )
        before = adhesion.status
        today = timezone.localdate()
        if verb == "sign":
            if not signatory_name.strip():
                raise ServiceError(_("Informe quem assinou o termo."), field="signatory_name")
            if signed_term is None:
                raise ServiceError(_("Anexe o termo assinado em PDF."), field="signed_term")
            if signed_at and signed_at > today:
                raise ServiceError(
                    _("A data de assinatura não pode ser futura."), field="signed_at"
                )
            check_upload(signed_term, {"application/pdf"})
            adhesion.signed_at = signed_at or today
            adhesion.signatory_name = signatory_name.strip()
            adhesion.signatory_role = signatory_role.strip()
            adhesion.signed_term.save(
                f"termo-{adhesion.municipality_id}.pdf", signed_term, save=False
            )
        elif verb == "activate":
            adhesion.activated_at = today
            adhesion.suspended_at = None
            adhesion.suspension_reason = ""
        elif verb == "suspend":
            if not reason.strip():
                raise ServiceError(_("Informe o motivo da suspensão."), field="reason")
            adhesion.suspended_at = today
            adhesion.suspension_reason = reason.strip()
        adhesion.status = target
        adhesion.updated_by = user
        adhesion.save()
        audit.record(
            f"adhesion.{verb}",
            adhesion,
            reason=reason,
            data={"municipality": adhesion.municipality_id, "from": before, "to": target},
        )
    return adhesion


# --- Organizations ---------------------------------------------------------------------------


def _check_organization_scope(user, data):
    """The target municipality and level must be inside what the actor may manage."""
    probe = Organization(
        municipality_id=data["municipality"].pk,
        level=data.get("level") or OrganizationLevel.MUNICIPAL,
    )
    actor = access.actor_for(user)
    if actor.has_role(Role.STATE_ADMIN):
        ok = data["municipality"].state.uf == actor.state_code
    elif actor.has_role(Role.MUNICIPAL_ADMIN):
        ok = (
            probe.municipality_id == actor.municipality_id
            and probe.level == OrganizationLevel.MUNICIPAL
        )
    else:
        ok = False
    if not ok:
        raise NotPermitted(_("Você só pode cadastrar organizações do seu território."))


def create_organization(user, data):
    with transaction.atomic():
        _check_organization_scope(user, data)
        org = Organization(**{k: data[k] for k in ORGANIZATION_FIELDS if k in data})
        org.search_name = fold(f"{org.name} {org.acronym}")
        org.full_clean()
        org.save()
        audit.record(
            "organization.created", org, data={"after": _snapshot(org, ORGANIZATION_FIELDS)}
        )
    return org


def update_organization(user, organization, data):
    with transaction.atomic():
        org = _locked(Organization.objects.restrict(user, access.CHANGE), organization.pk)
        _check_organization_scope(
            user, {**{"municipality": org.municipality, "level": org.level}, **data}
        )
        before = _snapshot(org, ORGANIZATION_FIELDS)
        for key in ORGANIZATION_FIELDS:
            if key in data:
                setattr(org, key, data[key])
        org.search_name = fold(f"{org.name} {org.acronym}")
        org.full_clean()
        org.save()
        after = _snapshot(org, ORGANIZATION_FIELDS)
        changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        audit.record("organization.updated", org, data={"changed": changed})
    return org
