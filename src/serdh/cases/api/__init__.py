"""The SIMA part of /api/v1/ (see serdh/api_urls.py and docs/api.md)."""

from .transfers import TransferViewSet
from .views import CaseViewSet, PersonViewSet, ReferralViewSet

__all__ = ["CaseViewSet", "PersonViewSet", "ReferralViewSet", "TransferViewSet"]
