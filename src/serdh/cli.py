"""The ``serdh`` command: Django's manage.py plus SER-DH's own verbs.

``serdh demo`` · ``serdh serve`` · ``serdh worker`` · ``serdh audit verify`` ·
``serdh keys rotate`` · and every Django command (``serdh migrate``, ``serdh check --deploy``…).
"""

import os
import sys

M_ARENA_MAX = -8  # glibc's mallopt() parameter


def _fewer_malloc_arenas():
    """glibc gives each thread that allocates its own malloc arena, which the web server's
    threads and the worker's keep mostly empty but resident. Two arenas serve them as well
    (docs/operations.md, 'Memory budget'); MALLOC_ARENA_MAX in the environment decides
    instead."""
    if os.environ.get("MALLOC_ARENA_MAX") or not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 2)
    except (OSError, AttributeError):  # not glibc (musl, say): nothing to tune
        pass


def main(argv=None):
    _fewer_malloc_arenas()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serdh.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - load settings now so bad config fails loudly
        execute_from_command_line(argv or sys.argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"serdh: configuração inválida: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
