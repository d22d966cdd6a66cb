import csv

from hypothesis import given
from hypothesis import strategies as st

from serdh.network.ibge import HISTORICAL_EXCEPTIONS, check_digit, is_valid_municipality_code
from serdh.network.models import Municipality, State
from serdh.network.territory import CSV_PATH


def test_all_5570_municipalities_and_27_states_are_loaded(db):
    assert Municipality.objects.count() == 5570
    assert State.objects.count() == 27
    assert Municipality.objects.get(code=3147907).name == "Passos"
    assert Municipality.objects.filter(state__uf="MG").count() == 853


def test_every_code_in_the_csv_passes_the_check_or_is_a_historical_exception():
    with open(CSV_PATH, encoding="utf-8") as fh:
        codes = [int(r["ibge_code"]) for r in csv.DictReader(fh)]
    assert all(is_valid_municipality_code(c) for c in codes)
    breaking_rule = {c for c in codes if check_digit(str(c)[:6]) != c % 10}
    assert breaking_rule == HISTORICAL_EXCEPTIONS


@given(st.integers(min_value=110001, max_value=539999))
def test_exactly_one_check_digit_is_valid_for_each_prefix(prefix):
    valid = [
        d
        for d in range(10)
        if is_valid_municipality_code(prefix * 10 + d)
        and prefix * 10 + d not in HISTORICAL_EXCEPTIONS
    ]
    assert valid == [check_digit(str(prefix))]


def test_malformed_codes_are_invalid():
    for code in ("314790", "31479070", "abcdefg", "0147907", "3147908"):
        assert not is_valid_municipality_code(code)
