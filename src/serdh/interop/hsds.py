"""The public service directory as Open Referral HSDS 3.0 JSON.

Each public, active organization of the network is an HSDS ``organization`` offering one
``service`` (what the organization does), delivered at one ``location`` (its address), with
its ``phone`` and ``schedule`` (opening hours as free text). Two taxonomies classify services:
the kind of service (CRAS, CREAS, Conselho Tutelar…) and the sector. Confidential services
(``is_public=False``, e.g. shelters) never appear: the directory reads through the access
policy as an anonymous visitor.

Identifiers are UUIDs that encode the record kind and primary key
(``00000000-0000-4000-8KKK-PPPPPPPPPPPP``), so they are stable and resolve without a lookup
table.
"""

import uuid

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from serdh.core import access
from serdh.network.choices import OrganizationKind, Sector
from serdh.network.models import Organization

HSDS_VERSION = "3.0"
KINDS = {
    "organization": 1,
    "service": 2,
    "location": 3,
    "service_at_location": 4,
    "phone": 5,
    "schedule": 6,
    "address": 7,
    "attribute_kind": 8,
    "attribute_sector": 9,
    "taxonomy": 10,
    "taxonomy_term": 11,
}
TAXONOMIES = {
    1: ("serdh-tipo-de-servico", OrganizationKind),
    2: ("serdh-setor", Sector),
}
SECTOR_OFFSET = 1000  # taxonomy_term "pk" of sector terms: 1000 + index


def hsds_id(kind, pk):
    return str(uuid.UUID(f"00000000-0000-4000-8{KINDS[kind]:03x}-{pk:012x}"))


def parse_id(value, kind):
    """The primary key encoded in an HSDS id of ``kind``, or None."""
    try:
        parsed = uuid.UUID(str(value))
    except ValueError:
        return None
    text = str(parsed)
    if not text.startswith("00000000-0000-4000-8") or int(text[20:23], 16) != KINDS[kind]:
        return None
    return int(text[24:], 16)


def public_organizations():
    return (
        access.restrict(Organization.objects.all(), AnonymousUser(), access.VIEW)
        .filter(is_active=True, is_public=True)
        .select_related("municipality__state")
    )


# --- taxonomy ---------------------------------------------------------------------------------


def _term_pk(choices, value):
    index = list(choices.values).index(value)
    return index + 1 + (SECTOR_OFFSET if choices is Sector else 0)


def taxonomy(number):
    name, choices = TAXONOMIES[number]
    return {
        "id": hsds_id("taxonomy", number),
        "name": name,
        "description": str(
            _("Tipos de serviço da rede de proteção (SER-DH)")
            if choices is OrganizationKind
            else _("Setores das políticas públicas (SER-DH)")
        ),
        "version": "1",
    }


def taxonomy_term(pk):
    """A term by its pk (see ``_term_pk``), or None."""
    choices, number = (Sector, 2) if pk > SECTOR_OFFSET else (OrganizationKind, 1)
    index = pk - 1 - (SECTOR_OFFSET if choices is Sector else 0)
    if not 0 <= index < len(choices.values):
        return None
    value, label = choices.choices[index]
    return {
        "id": hsds_id("taxonomy_term", pk),
        "code": value,
        "name": str(label),
        "description": str(label),
        "taxonomy": TAXONOMIES[number][0],
        "taxonomy_id": hsds_id("taxonomy", number),
        "language": "pt-BR",
    }


def all_taxonomy_terms():
    return [taxonomy_term(_term_pk(c, v)) for c in (OrganizationKind, Sector) for v in c.values]


# --- organizations and services ----------------------------------------------------------------


def organization(org):
    data = {
        "id": hsds_id("organization", org.pk),
        "name": org.name,
        "alternate_name": org.acronym or None,
        "description": org.description or org.get_kind_display(),
        "email": org.email or None,
        "phones": _phones(org, "organization_id", hsds_id("organization", org.pk)),
    }
    return {k: v for k, v in data.items() if v is not None}


def _phones(org, owner_field, owner_id):
    if not org.phone:
        return []
    return [
        {
            "id": hsds_id("phone", org.pk),
            owner_field: owner_id,
            "number": org.phone,
            "type": "voice",
        }
    ]


def _address(org, location_id):
    if not org.address:
        return []
    return [
        {
            "id": hsds_id("address", org.pk),
            "location_id": location_id,
            "address_1": org.address,
            "city": org.municipality.name,
            "state_province": org.municipality.state.uf,
            "postal_code": org.postal_code or "",
            "country": "BR",
            "address_type": "physical",
        }
    ]


def location(org):
    location_id = hsds_id("location", org.pk)
    return {
        "id": location_id,
        "location_type": "physical",
        "name": org.name,
        "addresses": _address(org, location_id),
        "phones": _phones(org, "location_id", location_id),
    }


def _attributes(org, service_id):
    found = []
    for kind, choices, value in (
        ("attribute_kind", OrganizationKind, org.kind),
        ("attribute_sector", Sector, org.sector),
    ):
        if value not in choices.values:
            continue
        term = taxonomy_term(_term_pk(choices, value))
        found.append(
            {
                "id": hsds_id(kind, org.pk),
                "link_id": service_id,
                "link_type": "service_type",
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "taxonomy_term": term,
            }
        )
    return found


def service_at_location(org, nested=True):
    data = {
        "id": hsds_id("service_at_location", org.pk),
        "service_id": hsds_id("service", org.pk),
        "location_id": hsds_id("location", org.pk),
    }
    if nested:
        data["location"] = location(org)
    return data


def service(org, nested=True):
    service_id = hsds_id("service", org.pk)
    data = {
        "id": service_id,
        "organization_id": hsds_id("organization", org.pk),
        "name": org.name,
        "description": org.description or org.get_kind_display(),
        "email": org.email or None,
        "status": "active" if org.is_active else "inactive",
        "phones": _phones(org, "service_id", service_id),
        "schedules": (
            [
                {
                    "id": hsds_id("schedule", org.pk),
                    "service_id": service_id,
                    "description": org.opening_hours,
                }
            ]
            if org.opening_hours
            else []
        ),
        "attributes": _attributes(org, service_id),
    }
    if nested:
        data["organization"] = organization(org)
        data["service_at_locations"] = [service_at_location(org)]
    return {k: v for k, v in data.items() if v is not None}


def filter_by_term(qs, term_id):
    pk = parse_id(term_id, "taxonomy_term")
    term = taxonomy_term(pk) if pk else None
    if term is None:
        return qs.none()
    field = "sector" if pk > SECTOR_OFFSET else "kind"
    return qs.filter(**{field: term["code"]})
