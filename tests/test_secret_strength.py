"""A young person's secret must hold against a parent with the device and a GPU for a month
(docs/threat-model.md, "What a PIN does and does not protect"); the family's rules stay."""
from __future__ import annotations

import math

import pytest

from family_app.vault.errors import WeakSecret
from family_app.vault.keys import DEFAULT_KDF, KdfParams, validate_secret
from family_app.vault.strength import (MONTH_ODDS_BITS, YOUTH_MIN_BITS, guess_bits,
                                       month_of_guesses)

# The real scrypt cost sets the minimum strength (tests/helpers/kdf.py).
pytestmark = pytest.mark.real_scrypt


@pytest.mark.parametrize("secret", ["482915", "kaars-appel", "zwemmen is fijn", "4829150637",
                                    "a b c d e f g h", "aa-bb-cc-dd"])
def test_a_young_person_may_not_use_a_short_pin_or_few_words(secret):
    with pytest.raises(WeakSecret) as refused:
        validate_secret(secret, youth=True)
    assert refused.value.reason == "youth_too_weak"
    assert "at least 4 words" in refused.value.problem


@pytest.mark.parametrize("secret", ["zwemmen-is-heel-fijn", "mijn plan is van mij",
                                    "4829150637281", "٤٨٢٩١٥٠٦٣٧٢٨١", "بيتي هو مكاني الآمن دائما"])
def test_four_words_or_thirteen_digits_will_do(secret):
    validate_secret(secret, youth=True)


@pytest.mark.parametrize("secret", [
    "aaaa-aaaa-aaaa-aaaa", "aa aa aa aa aa aa",              # long, but one letter repeated
    "zwemmen zwemmen Zwemmen ZWEMMEN fijn",                  # one word four times
    "abcd-efgh-ijkl-mnop", "a b c d e f g h i j k l",        # the alphabet in pieces
    "1234-5678-9012-3456", "qwerty-asdfgh-zxcvbn-uiop",      # counting, keyboard rows
    "1111111111111", "1234567890123", "9876543210987",       # 13 digits in a row or a run
    "4829148291482",                                         # 13 digits: one group twice
])
def test_repeats_and_sequences_count_as_weak(secret):
    with pytest.raises(WeakSecret) as refused:
        validate_secret(secret, youth=True)
    assert refused.value.reason == "youth_too_weak"


def test_the_youth_minimum_outlasts_a_month_of_the_strongest_gpu():
    """scrypt's cost and the youth minimum are two halves of one promise: weakening
    either (a smaller N, a lower minimum) fails here. bench/scrypt.py prints the numbers."""
    month = month_of_guesses(DEFAULT_KDF)
    assert YOUTH_MIN_BITS >= math.log2(month) + MONTH_ODDS_BITS
    # The same rule for the weakest parameters a vault file may carry.
    assert YOUTH_MIN_BITS >= math.log2(month_of_guesses(KdfParams(KdfParams.MIN_N))) \
        + MONTH_ODDS_BITS


def test_a_random_13_digit_pin_or_four_random_words_meet_the_minimum():
    assert guess_bits("4829150637281") >= YOUTH_MIN_BITS          # 13 digits: 43.2 bits
    assert guess_bits("4829150637") < YOUTH_MIN_BITS              # 10 digits: 33.2 bits
    assert guess_bits("kikker-lamp-wolk-fiets") >= YOUTH_MIN_BITS  # 4 words of 11 bits


def test_the_family_keeps_its_rules():
    validate_secret("482915")
    validate_secret("kaars-appel")
    with pytest.raises(WeakSecret):
        validate_secret("12345")


def test_a_young_persons_profile_refuses_a_family_pin(tmp_path):
    from family_app.profiles.device import Device
    store = Device(tmp_path).store
    with pytest.raises(WeakSecret):
        store.create("youth", "Sam", "482915")
    assert store.list() == []
