"""The SIMA part of /api/v1/ (see serdh/api_urls.py and docs/api.md)."""

from .views import CaseViewSet, ReferralViewSet

__all__ = ["CaseViewSet", "ReferralViewSet"]
