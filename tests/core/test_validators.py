"""统一社会信用代码 (GB 32100-2015), mobile numbers and password rules."""

from __future__ import annotations

import pytest

from portal.core.validators import (
    mobile_error,
    normalise_mobile,
    normalise_uscc,
    password_error,
    uscc_check_char,
    uscc_error,
)
from tests.fixtures.accounts import make_credit_code


@pytest.mark.parametrize(
    "code",
    [
        "91120106MA05K12307",  # synthetic firm in Hongqiao
        "91120106103000011G",  # synthetic firm in Hongqiao
        "52120106MJ01234569",  # 民办非企业单位 in Hongqiao
        "91110000600037341L",  # python-stdnum's example
        "91350200776049653A",
        "91440101MA5CJQ4N59",
    ],
)
def test_valid_codes_pass(app_ctx, code):
    assert uscc_error(code) is None


def test_generated_codes_are_valid(app_ctx):
    assert all(uscc_error(make_credit_code(n)) is None for n in range(1, 200))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 9112 0106-ma05k12307 ", "91120106MA05K12307"),
        ("９１１２０１０６ＭＡ０５Ｋ１２３０７", "91120106MA05K12307"),  # full-width input from a Chinese IME
    ],
)
def test_normalisation(raw, expected):
    assert normalise_uscc(raw) == expected


def _message(code):
    return str(uscc_error(code))


def test_wrong_length_says_how_many(app_ctx):
    assert "17" in _message("91120106MA05K1230")


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters_are_named(app_ctx, letter):
    code = "91120106MA05K1230" + letter
    assert letter in _message(code)


def test_region_must_be_digits(app_ctx):
    body = "9112A106MA05K1230"
    code = body + uscc_check_char(body)
    assert "3" in _message(code) and "8" in _message(code)


@pytest.mark.parametrize("position", range(18))
def test_any_single_character_change_is_caught(app_ctx, position):
    code = "91120106MA05K12307"
    replacement = "1" if code[position] != "1" else "2"
    corrupted = code[:position] + replacement + code[position + 1 :]
    assert uscc_error(corrupted) is not None


def test_swapped_neighbours_are_caught(app_ctx):
    code = "91120106MA05K12307"
    swapped = code[:10] + code[11] + code[10] + code[12:]
    assert uscc_error(swapped) is not None


def test_check_digit_error_mentions_check_digit(app_ctx):
    assert "校验码" in _message("91120106MA05K12308")


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("13802212345", True),
        ("+8613802212345", True),
        ("138 0221 2345", True),
        ("19212345678", True),
        ("12802212345", False),
        ("1380221234", False),
        ("022-12345678", False),
        ("", False),
    ],
)
def test_mobile_numbers(app_ctx, number, ok):
    assert (mobile_error(number) is None) is ok


@pytest.mark.parametrize(
    ("password", "email", "ok"),
    [
        ("Correct-Horse-9", "a@example.cn", True),
        ("short1A", "a@example.cn", False),  # fewer than 10
        ("aaaaaaaaaaaa", "a@example.cn", False),  # one class only
        ("1234567890", "a@example.cn", False),  # digits only
        ("firm.user1@example.cn", "firm.user1@example.cn", False),  # the email itself
    ],
)
def test_password_rules(app_ctx, password, email, ok):
    assert (password_error(password, email) is None) is ok


@pytest.mark.parametrize(
    ("number", "stored"),
    [
        ("１３８０２２１２３４５", "13802212345"),  # full-width digits
        ("＋８６ １３８０２２１２３４５", "13802212345"),
        ("+86 138-0221-2345", "13802212345"),
    ],
)
def test_full_width_mobile_numbers_are_normalised_to_ascii(app_ctx, number, stored):
    assert mobile_error(number) is None and normalise_mobile(number) == stored


@pytest.mark.parametrize("number", ["١٣٨٠٢٢١٢٣٤٥", "१३८०२२१२३४५", "1380221234٥"])
def test_other_scripts_digits_are_normalised_to_ascii(app_ctx, number):
    # a phone keyboard in another script types these; the number is the same and is stored in ASCII
    assert mobile_error(number) is None and normalise_mobile(number) == "13802212345"


@pytest.mark.parametrize("number", ["l3802212345", "138O2212345", "13802212345x", "138022123456"])
def test_letters_that_look_like_digits_are_refused(app_ctx, number):
    assert mobile_error(number) is not None


def _with_check(first17: str) -> str:
    return first17 + uscc_check_char(first17)


@pytest.mark.parametrize("prefix", ["94", "90", "54", "Y2", "B1", "01", "A3"])
def test_registration_authority_and_entity_type_must_be_a_gb32100_pair(app_ctx, prefix):
    code = _with_check(prefix + "120106MA05K1230")
    assert "GB 32100" in str(uscc_error(code))


@pytest.mark.parametrize("prefix", ["11", "12", "31", "35", "51", "53", "71", "81", "92", "93", "A1", "N3", "Y1"])
def test_every_gb32100_pair_passes(app_ctx, prefix):
    assert uscc_error(_with_check(prefix + "120106MA05K1230")) is None
