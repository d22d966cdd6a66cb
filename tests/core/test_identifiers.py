import pytest
from hypothesis import given
from hypothesis import strategies as st

from serdh.core.identifiers import is_valid_cns, is_valid_cpf, is_valid_nis


def make_cpf(base9):
    digits = [int(d) for d in base9]
    for size in (9, 10):
        total = sum(n * w for n, w in zip(digits, range(size + 1, 1, -1)))
        r = total % 11
        digits.append(0 if r < 2 else 11 - r)
    return "".join(map(str, digits))


def make_nis(base10):
    weights = (3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    dv = 11 - sum(int(d) * w for d, w in zip(base10, weights)) % 11
    return base10 + str(0 if dv in (10, 11) else dv)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: len(set(s)) > 1))
def test_a_cpf_with_its_check_digits_is_valid_and_any_changed_digit_is_not(base):
    cpf = make_cpf(base)
    assert is_valid_cpf(cpf)
    assert is_valid_cpf(f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}")
    for position in (9, 10):
        wrong = cpf[:position] + str((int(cpf[position]) + 1) % 10) + cpf[position + 1 :]
        assert not is_valid_cpf(wrong)


@pytest.mark.parametrize("value", ["11111111111", "123", "", "5299822472a5", "52998224726"])
def test_malformed_cpfs_are_invalid(value):
    assert not is_valid_cpf(value)


@given(st.text(alphabet="0123456789", min_size=10, max_size=10).filter(lambda s: len(set(s)) > 1))
def test_nis_check_digit(base):
    nis = make_nis(base)
    assert is_valid_nis(nis)
    assert not is_valid_nis(nis[:10] + str((int(nis[10]) + 1) % 10))


def test_cns_definitive_and_provisional():
    # Built by the rules in domain-facts.md, not taken from any person.
    assert is_valid_cns("100000000060018")  # starts with 1: pis + 000/001 + dv
    assert not is_valid_cns("100000000060019")
    provisional = "70000000000000"
    total = sum(int(d) * w for d, w in zip(provisional, range(15, 1, -1)))
    last = (11 - total % 11) % 11
    if last < 10:
        assert is_valid_cns(provisional + str(last))
    assert not is_valid_cns("300000000000000")
    assert not is_valid_cns("12345")
