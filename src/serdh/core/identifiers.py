"""Brazilian personal identifiers and their check digits (CPF, CNS, NIS/PIS)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .crypto import normalize_identifier

_FORMATTING = set(" .-/")


def _digits(value):
    """The digits of an identifier typed with the usual punctuation; "" if anything else."""
    text = str(value or "").strip()
    if any(not (ch.isdigit() or ch in _FORMATTING) for ch in text):
        return ""
    return normalize_identifier(text)


def is_valid_cpf(value) -> bool:
    digits = _digits(value)
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    numbers = [int(d) for d in digits]
    for size in (9, 10):
        total = sum(n * w for n, w in zip(numbers[:size], range(size + 1, 1, -1), strict=True))
        remainder = total % 11
        check = 0 if remainder < 2 else 11 - remainder
        if numbers[size] != check:
            return False
    return True


def is_valid_cns(value) -> bool:
    digits = _digits(value)
    if len(digits) != 15:
        return False
    if digits[0] in "12":
        pis = digits[:11]
        total = sum(int(d) * w for d, w in zip(pis, range(15, 4, -1), strict=True))
        dv = 11 - total % 11
        if dv == 11:
            dv = 0
        if dv == 10:
            total += 2
            dv = 11 - total % 11
            expected = f"{pis}001{dv}"
        else:
            expected = f"{pis}000{dv}"
        return digits == expected
    if digits[0] in "789":
        total = sum(int(d) * w for d, w in zip(digits, range(15, 0, -1), strict=True))
        return total % 11 == 0
    return False


def is_valid_nis(value) -> bool:
    digits = _digits(value)
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    weights = (3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(digits[:10], weights, strict=True))
    dv = 11 - total % 11
    if dv in (10, 11):
        dv = 0
    return int(digits[10]) == dv


def validate_cpf(value):
    if value and not is_valid_cpf(value):
        raise ValidationError(
            _("CPF inválido: confira os 11 dígitos (os dois últimos são verificadores)."),
            code="invalid_cpf",
        )


def validate_cns(value):
    if value and not is_valid_cns(value):
        raise ValidationError(
            _("CNS inválido: o Cartão Nacional de Saúde tem 15 dígitos e não confere."),
            code="invalid_cns",
        )


def validate_nis(value):
    if value and not is_valid_nis(value):
        raise ValidationError(
            _("NIS inválido: confira os 11 dígitos (o último é verificador)."), code="invalid_nis"
        )


def format_cpf(value):
    d = normalize_identifier(value)
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}" if len(d) == 11 else value
