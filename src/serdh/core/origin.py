"""The address other systems reach this installation at, for links in events and FHIR
``fullUrl``s: ``SERDH_PUBLIC_URL`` when set (production, behind a proxy); otherwise the origin
of the request being served; otherwise the address ``serdh serve`` (or the demo) listens on;
otherwise http://localhost:8000."""

from django.conf import settings

from . import context

FALLBACK = "http://localhost:8000"


def public_url():
    configured = getattr(settings, "SERDH_PUBLIC_URL", "")
    if configured:
        return configured.rstrip("/")
    origin = context.current().origin
    if origin:
        return origin.rstrip("/")
    return (getattr(settings, "SERDH_SERVED_URL", "") or FALLBACK).rstrip("/")
