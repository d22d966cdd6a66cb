from django.conf import settings
from django.db.models import OuterRef, Subquery

from serdh.core import access

from .models import Adhesion, Municipality, Organization, fold


def state_municipalities(user, *, q="", status=""):
    """Municipalities of the installation's state with their adhesion status."""
    qs = (
        Municipality.objects.restrict(user, access.VIEW)
        .filter(state__uf=settings.SERDH_STATE)
        .annotate(
            adhesion_status=Subquery(
                Adhesion.objects.filter(municipality=OuterRef("pk")).values("status")[:1]
            )
        )
        .order_by("search_name")
    )
    if q:
        qs = qs.filter(search_name__contains=fold(q))
    if status == "none":
        qs = qs.filter(adhesion__isnull=True)
    elif status:
        qs = qs.filter(adhesion__status=status)
    return qs


def directory(user, *, q="", municipality=None, kind="", sector=""):
    qs = Organization.objects.restrict(user, access.VIEW).select_related("municipality__state")
    if q:
        qs = qs.filter(search_name__contains=fold(q))
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    if kind:
        qs = qs.filter(kind=kind)
    if sector:
        qs = qs.filter(sector=sector)
    return qs.order_by("municipality__search_name", "search_name")
