"""System checks: ``serdh check`` (and every server or worker start) refuses to run without
usable keys, instead of failing later on the first encrypted read."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security, deploy=False)
def keys_available(app_configs, **kwargs):
    from .keys import keyring, reset_keyring_cache

    reset_keyring_cache()
    try:
        keyring()
    except ImproperlyConfigured as exc:
        return [
            checks.Error(str(exc), id="serdh.E001", hint="See docs/operations.md, section 'Keys'.")
        ]
    return []
