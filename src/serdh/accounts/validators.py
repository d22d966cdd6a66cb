from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least three of: lower-case letter, upper-case letter, digit, symbol."""

    def validate(self, password, user=None):
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                _(
                    "A senha precisa combinar pelo menos três destes: letra minúscula, "
                    "letra maiúscula, número e símbolo."
                ),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _(
            "Combine pelo menos três destes: letra minúscula, letra maiúscula, número e símbolo."
        )
