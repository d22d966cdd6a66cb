"""Errors that services raise and interfaces turn into messages for the user."""

from django.core.exceptions import PermissionDenied


class ServiceError(Exception):
    """A rule of the domain refused the action. ``message`` is for the user (pt-BR)."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotPermitted(PermissionDenied):
    """The actor may not do this to an object it can see (403)."""
