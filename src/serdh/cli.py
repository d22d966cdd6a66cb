"""The ``serdh`` command: Django's manage.py plus SER-DH's own verbs.

``serdh demo`` · ``serdh serve`` · ``serdh worker`` · ``serdh audit verify`` ·
``serdh keys rotate`` · and every Django command (``serdh migrate``, ``serdh check --deploy``…).
"""

import os
import sys


def main(argv=None):
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
