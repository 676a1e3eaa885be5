"""A young person's secret must hold against a parent with the device and a GPU for a month
(docs/threat-model.md, "What a PIN does and does not protect"); the family's rules stay."""
from __future__ import annotations

import pytest

from family_app.vault.errors import WeakSecret
from family_app.vault.keys import validate_secret


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


def test_the_family_keeps_its_rules():
    validate_secret("482915")
    validate_secret("kaars-appel")
    with pytest.raises(WeakSecret):
        validate_secret("12345")


def test_a_young_persons_profile_refuses_a_family_pin(tmp_path):
    from family_app.device import Device
    store = Device(tmp_path).store
    with pytest.raises(WeakSecret):
        store.create("youth", "Sam", "482915")
    assert store.list() == []
