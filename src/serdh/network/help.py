"""Where to get help ("Onde buscar ajuda"): which services of the network serve each need,
read from the same directory SIMA uses. Only organizations the directory shows to the public
(active, ``is_public``) appear: confidential services such as shelters never do.

Each need lists kinds of service in the order a person should usually try them.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from serdh.core import access

from .choices import OrganizationKind as K
from .models import Organization


@dataclass(frozen=True)
class Need:
    code: str
    label: str
    kinds: tuple


NEEDS = {
    n.code: n
    for n in (
        Need(
            "crianca",
            _("Violência contra criança ou adolescente"),
            (
                K.CONSELHO_TUTELAR,
                K.CREAS,
                K.DPCA,
                K.CRAS,
                K.UBS,
                K.CHILDHOOD_COURT,
                K.PROSECUTION,
                K.POLICE_STATION,
            ),
        ),
        Need(
            "mulher",
            _("Violência contra a mulher"),
            (K.WOMENS_CENTER, K.DEAM, K.CREAS, K.POLICE_STATION, K.UBS, K.PUBLIC_DEFENDER),
        ),
        Need(
            "idosa",
            _("Violência contra a pessoa idosa"),
            (K.CREAS, K.CRAS, K.POLICE_STATION, K.PROSECUTION, K.UBS, K.PUBLIC_DEFENDER),
        ),
        Need(
            "deficiencia",
            _("Violência contra a pessoa com deficiência"),
            (K.CREAS, K.CRAS, K.POLICE_STATION, K.PROSECUTION, K.CAPS, K.PUBLIC_DEFENDER),
        ),
        Need(
            "discriminacao",
            _("Discriminação (racismo, LGBTfobia, intolerância religiosa)"),
            (K.CRDH, K.PUBLIC_DEFENDER, K.PROSECUTION, K.POLICE_STATION, K.CREAS),
        ),
        Need(
            "rua",
            _("Pessoa em situação de rua"),
            (K.CENTRO_POP, K.CREAS, K.CRAS, K.UBS),
        ),
    )
}
HOTLINES = (
    ("100", _("Disque 100 — Direitos Humanos (todas as violações; anônimo; 24 horas)")),
    ("180", _("Ligue 180 — Central de Atendimento à Mulher (24 horas)")),
    ("190", _("190 — Polícia Militar, em emergência")),
)


def public_directory():
    return access.restrict(Organization.objects.all(), AnonymousUser(), access.VIEW).filter(
        is_active=True, is_public=True
    )


def services_for(municipality_code, need_code):
    """Public services of the municipality that serve the need, most relevant first (state
    organs located in the municipality included)."""
    need = NEEDS[need_code]
    order = Case(
        *[When(kind=kind, then=Value(rank)) for rank, kind in enumerate(need.kinds)],
        output_field=IntegerField(),
    )
    return (
        public_directory()
        .filter(municipality_id=municipality_code, kind__in=need.kinds)
        .annotate(rank=order)
        .order_by("rank", "name")
    )


def conselhos_tutelares(municipality_code):
    return (
        public_directory()
        .filter(municipality_id=municipality_code, kind=K.CONSELHO_TUTELAR)
        .order_by("name")
    )
