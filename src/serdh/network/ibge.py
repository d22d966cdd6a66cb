"""IBGE municipality codes: 7 digits, UF (2) + sequence (4) + a check digit.

Check digit: weights 1,2,1,2,1,2 over the first six digits, summing the *digits* of each
product; dv = (10 - sum mod 10) mod 10. Nine codes created before the rule break it and are
valid all the same.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HISTORICAL_EXCEPTIONS = frozenset(
    {2201919, 2201988, 2202251, 2611533, 3117836, 3152131, 4305871, 5203939, 5203962}
)


def check_digit(first_six: str) -> int:
    total = 0
    for index, char in enumerate(first_six):
        product = int(char) * (1 if index % 2 == 0 else 2)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def is_valid_municipality_code(code) -> bool:
    text = str(code)
    if len(text) != 7 or not text.isdigit() or text[0] == "0":
        return False
    if int(text) in HISTORICAL_EXCEPTIONS:
        return True
    return check_digit(text[:6]) == int(text[6])


def validate_municipality_code(value):
    if not is_valid_municipality_code(value):
        raise ValidationError(
            _("Código IBGE de município inválido: %(value)s (7 dígitos com dígito verificador)."),
            code="invalid_ibge",
            params={"value": value},
        )
