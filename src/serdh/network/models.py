import unicodedata

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.models import TimeStampedModel

from .choices import AdhesionStatus, OrganizationKind, OrganizationLevel, Sector
from .ibge import validate_municipality_code


def fold(text):
    """Lower-case, accent-free text for search that works the same on SQLite and PostgreSQL."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


class State(models.Model):
    code = models.PositiveSmallIntegerField(_("código IBGE"), primary_key=True)
    uf = models.CharField(_("UF"), max_length=2, unique=True)
    name = models.CharField(_("nome"), max_length=60)

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("estado")
        verbose_name_plural = _("estados")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    code = models.PositiveIntegerField(
        _("código IBGE"), primary_key=True, validators=[validate_municipality_code]
    )
    name = models.CharField(_("nome"), max_length=80)
    search_name = models.CharField(max_length=80, db_index=True, editable=False)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="municipalities")

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("município")
        verbose_name_plural = _("municípios")
        indexes = [models.Index(fields=["state", "search_name"])]

    def __str__(self):
        return f"{self.name}/{self.state_id and self.state.uf}"


class Adhesion(TimeStampedModel):
    """Termo de adesão / cooperação técnica of one municipality with the state."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, related_name="adhesion"
    )
    status = models.CharField(
        _("situação"), max_length=12, choices=AdhesionStatus, default=AdhesionStatus.REQUESTED
    )
    requested_at = models.DateField(_("solicitada em"))
    signed_at = models.DateField(_("assinada em"), null=True, blank=True)
    signatory_name = models.CharField(_("signatário(a)"), max_length=150, blank=True)
    signatory_role = models.CharField(_("cargo do(a) signatário(a)"), max_length=150, blank=True)
    signed_term = models.FileField(_("termo assinado (PDF)"), upload_to="adhesions/", blank=True)
    activated_at = models.DateField(_("ativa desde"), null=True, blank=True)
    suspended_at = models.DateField(_("suspensa em"), null=True, blank=True)
    suspension_reason = models.TextField(_("motivo da suspensão"), blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("adesão")
        verbose_name_plural = _("adesões")

    def __str__(self):
        return f"{self.municipality} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status == AdhesionStatus.ACTIVE


phone_validator = RegexValidator(
    r"^[0-9()+\- ]{8,20}$", _("Informe um telefone com DDD, por exemplo (35) 3521-0000.")
)


class Organization(TimeStampedModel):
    """An organ or service of the protection network (órgão ou serviço da rede)."""

    name = models.CharField(_("nome"), max_length=200)
    acronym = models.CharField(_("sigla"), max_length=30, blank=True)
    kind = models.CharField(_("tipo"), max_length=20, choices=OrganizationKind)
    sector = models.CharField(_("setor"), max_length=20, choices=Sector)
    level = models.CharField(
        _("esfera"), max_length=10, choices=OrganizationLevel, default=OrganizationLevel.MUNICIPAL
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("município"),
    )
    description = models.TextField(_("o que faz"), blank=True)
    address = models.CharField(_("endereço"), max_length=250, blank=True)
    postal_code = models.CharField(
        _("CEP"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{5}-?\d{3}$", _("CEP no formato 00000-000."))],
    )
    phone = models.CharField(_("telefone"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(_("horário de atendimento"), max_length=150, blank=True)
    is_public = models.BooleanField(
        _("aparece no diretório público"),
        default=True,
        help_text=_("Desmarque para serviços sigilosos, como casas-abrigo."),
    )
    is_active = models.BooleanField(_("ativa"), default=True)
    # The unit's number in the federal registry of SUAS units (CadSUAS): CRAS and CREAS report
    # their monthly RMA under it (rma app).
    cadsuas_id = models.CharField(
        _("identificador no CadSUAS"),
        max_length=15,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9]+$", _("Use só os números do identificador do CadSUAS."))
        ],
        help_text=_("Para CRAS e CREAS: o número da unidade no CadSUAS, usado no RMA."),
    )
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    objects = RestrictedManager()

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("organização")
        verbose_name_plural = _("organizações")
        indexes = [models.Index(fields=["municipality", "kind"])]

    def __str__(self):
        return self.name
