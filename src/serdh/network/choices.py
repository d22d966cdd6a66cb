from django.db import models
from django.utils.translation import gettext_lazy as _


class AdhesionStatus(models.TextChoices):
    REQUESTED = "requested", _("Solicitada")
    SIGNED = "signed", _("Assinada")
    ACTIVE = "active", _("Ativa")
    SUSPENDED = "suspended", _("Suspensa")


class Sector(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("Assistência social")
    HEALTH = "health", _("Saúde")
    EDUCATION = "education", _("Educação")
    PUBLIC_SECURITY = "public_security", _("Segurança pública")
    JUSTICE = "justice", _("Sistema de justiça")
    HUMAN_RIGHTS = "human_rights", _("Direitos humanos")
    CIVIL_SOCIETY = "civil_society", _("Sociedade civil")


class OrganizationKind(models.TextChoices):
    CRAS = "cras", _("CRAS")
    CREAS = "creas", _("CREAS")
    CENTRO_POP = "centro_pop", _("Centro POP")
    CONSELHO_TUTELAR = "conselho_tutelar", _("Conselho Tutelar")
    UBS = "ubs", _("UBS")
    CAPS = "caps", _("CAPS")
    HOSPITAL = "hospital", _("Hospital")
    SCHOOL = "school", _("Escola")
    DEAM = "deam", _("DEAM")
    DPCA = "dpca", _("DPCA")
    POLICE_STATION = "police_station", _("Delegacia de polícia")
    IML = "iml", _("IML")
    PROSECUTION = "prosecution", _("Ministério Público")
    PUBLIC_DEFENDER = "public_defender", _("Defensoria Pública")
    CHILDHOOD_COURT = "childhood_court", _("Vara da Infância e da Juventude")
    WOMENS_CENTER = "womens_center", _("Centro de Referência da Mulher")
    CRDH = "crdh", _("CRDH")
    NGO = "ngo", _("ONG")
    SECRETARIAT = "secretariat", _("Secretaria")


# The usual sector of each kind: the form proposes it, the organization may differ.
KIND_SECTOR = {
    OrganizationKind.CRAS: Sector.SOCIAL_ASSISTANCE,
    OrganizationKind.CREAS: Sector.SOCIAL_ASSISTANCE,
    OrganizationKind.CENTRO_POP: Sector.SOCIAL_ASSISTANCE,
    OrganizationKind.CONSELHO_TUTELAR: Sector.HUMAN_RIGHTS,
    OrganizationKind.UBS: Sector.HEALTH,
    OrganizationKind.CAPS: Sector.HEALTH,
    OrganizationKind.HOSPITAL: Sector.HEALTH,
    OrganizationKind.SCHOOL: Sector.EDUCATION,
    OrganizationKind.DEAM: Sector.PUBLIC_SECURITY,
    OrganizationKind.DPCA: Sector.PUBLIC_SECURITY,
    OrganizationKind.POLICE_STATION: Sector.PUBLIC_SECURITY,
    OrganizationKind.IML: Sector.PUBLIC_SECURITY,
    OrganizationKind.PROSECUTION: Sector.JUSTICE,
    OrganizationKind.PUBLIC_DEFENDER: Sector.JUSTICE,
    OrganizationKind.CHILDHOOD_COURT: Sector.JUSTICE,
    OrganizationKind.WOMENS_CENTER: Sector.HUMAN_RIGHTS,
    OrganizationKind.CRDH: Sector.HUMAN_RIGHTS,
    OrganizationKind.NGO: Sector.CIVIL_SOCIETY,
    OrganizationKind.SECRETARIAT: Sector.HUMAN_RIGHTS,
}


class OrganizationLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    STATE = "state", _("Estadual")
