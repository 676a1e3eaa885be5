"""Secrets people type, and recovery codes: rules that need no scrypt."""
from __future__ import annotations

import re

import pytest

from family_app.vault import (MalformedRecoveryCode, WeakSecret, WrongSecret,
                              new_recovery_code, normalize_recovery_code, validate_secret)
from family_app.vault.keys import KdfParams, recovery_material, secret_material

# The scrypt policy itself: the real cost (tests/helpers/kdf.py).
pytestmark = pytest.mark.real_scrypt


@pytest.mark.parametrize("secret, reason, problem", [
    ("", "empty", "Please choose a PIN or a passphrase."),
    ("   \t ", "empty", "Please choose a PIN or a passphrase."),
    ("12345", "pin_too_short", "A PIN needs at least 6 digits."),
    ("111111", "pin_too_easy", "This PIN is too easy to guess."),
    ("123456", "pin_too_easy", "This PIN is too easy to guess."),
    ("654321", "pin_too_easy", "This PIN is too easy to guess."),
    ("789012", "pin_too_easy", "This PIN is too easy to guess."),
    ("1234567890123", "pin_too_easy", "This PIN is too easy to guess."),
    ("\u0661\u0662\u0663\u0664\u0665\u0666", "pin_too_easy", "This PIN is too easy to guess."),
    ("kort", "passphrase_too_short", "A passphrase needs at least 8 characters."),
    ("abc 123", "passphrase_too_short", "A passphrase needs at least 8 characters."),
])
def test_weak_secrets_are_refused_with_a_message(secret, reason, problem):
    with pytest.raises(WeakSecret) as raised:
        validate_secret(secret)
    assert raised.value.reason == reason
    assert raised.value.problem == problem


@pytest.mark.parametrize("secret", ["482915", "90210455", "zonnebloem", "één twee",
                                    "\u0664\u0668\u0662\u0669\u0661\u0665"])
def test_good_secrets_pass(secret):
    validate_secret(secret)


def test_a_pin_typed_in_arabic_indic_digits_is_the_same_pin():
    assert secret_material("\u0664\u0668\u0662\u0669\u0661\u0665") == b"482915"


def test_passphrases_are_compared_in_nfc():
    assert secret_material("e\u0301\u00e9n twee") == secret_material("\u00e9\u00e9n twee")


def test_recovery_codes_are_100_bits_in_five_groups():
    codes = {new_recovery_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}", code)
        assert normalize_recovery_code(code) == code


@pytest.mark.parametrize("typed", [
    "7k2m-qx9d-0011-abcd-wxyz",
    "7K2M QX9D 0011 ABCD WXYZ",
    "7K2MQX9D0011ABCDWXYZ",
    " 7K2M-QX9D-OOIL-ABCD-WXYZ ",      # O for 0, I and L for 1
    "7K2M\u2013QX9D\u2013oOil\u2013abcd\u2013wxyz",   # a phone's en dashes
])
def test_recovery_codes_survive_how_people_type_them(typed):
    assert normalize_recovery_code(typed) == "7K2M-QX9D-0011-ABCD-WXYZ"
    assert recovery_material(typed) == b"7K2MQX9D0011ABCDWXYZ"


@pytest.mark.parametrize("typed", ["", "7K2M-QX9D-0011-ABCD", "7K2M-QX9D-0011-ABCD-WXYZ-1",
                                   "7K2M-QX9D-0011-ABCD-WXYU", "7K2M-QX9D-0011-ABCD-WXY!"])
def test_text_that_is_no_recovery_code_is_refused(typed):
    with pytest.raises(MalformedRecoveryCode) as raised:
        normalize_recovery_code(typed)
    assert isinstance(raised.value, WrongSecret)   # the UI's "not right" path catches it
    assert "20" in raised.value.problem


@pytest.mark.parametrize("n, r, p, ok", [
    (2**17, 8, 1, True), (2**18, 8, 1, True), (2**16, 8, 1, False), (2**17 + 1, 8, 1, False),
    (2**21, 8, 1, False), (2**17, 1, 1, False), (2**17, 8, 2, False), (True, 8, 1, False),
])
def test_kdf_parameters_outside_the_policy_are_refused(n, r, p, ok):
    assert (KdfParams(n, r, p).problem() is None) is ok
