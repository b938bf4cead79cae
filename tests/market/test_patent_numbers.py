"""The CNIPA application number check: real published numbers pass, altered ones are refused."""

from __future__ import annotations

import pytest

from portal.market.patent_numbers import application_number_error, canonical, check_char, kind_of
from tests.fixtures.market import REAL_NUMBERS


@pytest.mark.parametrize("number", REAL_NUMBERS)
def test_real_published_numbers_pass(number):
    assert application_number_error(number) is None


def test_worked_example_of_the_old_format():
    # 9×2 + 5×3 + 1×4 + 1×5 + 5×6 + 6×7 + 0×8 + 8×9 = 186; 186 mod 11 = 10, written X
    assert check_char("95115608") == "X"


def test_weights_restart_after_nine_in_the_12_digit_format():
    # 2·2 + 0·3 + 1·4 + 3·5 + 1·6 + 0·7 + 6·8 + 9·9 + 9·2 + 7·3 + 4·4 + 4·5 = 233; 233 mod 11 = 2
    assert check_char("201310699744") == "2"


@pytest.mark.parametrize(
    "number",
    ["ZL201310699744.3", "ZL202010566088.0", "ZL201811564288.1", "ZL95115608.1"],
)
def test_a_wrong_check_character_is_refused(number):
    assert "check character" in str(application_number_error(number))


def test_the_kind_digit_must_be_a_known_kind():
    digits = "201340699744"  # kind 4 does not exist
    message = application_number_error(f"{digits}.{check_char(digits)}")
    assert "kind of application" in str(message)


@pytest.mark.parametrize("number", ["", "ZL2013106997.2", "ZL20131069974A.2", "US201310699744.2", "2013106997442X"])
def test_malformed_numbers_are_refused(number):
    assert "12 digits" in str(application_number_error(number))


def test_full_width_and_spaced_input_is_normalised():
    assert application_number_error("ＺＬ２０１３ １ ０６９９７４４．２") is None
    assert canonical("zl 2013 1 0699744.2") == "201310699744.2"
    assert canonical("CN2013106997442") == "201310699744.2"


def test_kind_follows_the_fifth_digit():
    assert kind_of("201310699744.2") == "invention"
    assert kind_of("202322865413.3") == "utility_model"
