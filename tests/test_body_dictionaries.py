"""A body names the dictionary it was deflated with (sync/body.py; docs/bundle-format.md,
"The dictionary byte"): the writer keeps the smallest, the reader follows the byte, and a
dictionary of a newer app is refused as a newer version, which the app already explains."""
from __future__ import annotations

import zlib
from pathlib import Path

import cbor2
import pytest
from cddl_verifier import Validator

from sync import body
from sync.errors import BundleFormatError, UnsupportedVersion
from sync.zdict import PINS, ZDICTS

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "bundle-format.cddl"
TEXTS = {
    "nl": "Ik wil dat de kinderen op tijd naar school gaan en dat we samen eten.",
    "ar": "نريد أن يذهب الأطفال إلى المدرسة في الوقت المحدد وأن نأكل معًا.",
    "uk": "Ми хочемо, щоб діти вчасно ходили до школи і щоб ми їли разом.",
}


def tree(text: str) -> dict:
    return {1: 1, 2: b"\x11" * 16, 6: {"goals": [text, text[::-1]], "n": 3}}


@pytest.mark.parametrize("pin", PINS, ids=lambda pin: pin.file)
def test_every_dictionary_round_trips_and_names_itself(pin):
    packed = body.pack(tree(TEXTS["uk"]), dictionary=pin.id)
    assert body.dictionary_of(packed)[0] == pin.id
    assert (packed[0] == 8 * pin.id + 6) == (pin.id != 0)  # dictionary 0 takes no byte
    assert body.unpack(packed) == tree(TEXTS["uk"])


@pytest.mark.parametrize("lang", TEXTS)
def test_the_writer_keeps_the_smallest_body(lang):
    chosen = body.pack(tree(TEXTS[lang]))
    sizes = [len(body.pack(tree(TEXTS[lang]), dictionary=pin.id)) for pin in PINS]
    assert len(chosen) == min(sizes)
    assert body.unpack(chosen) == tree(TEXTS[lang])


def test_a_ukrainian_text_takes_the_ukrainian_dictionary_and_no_text_dictionary_0():
    ukrainian = body.dictionary_of(body.pack(tree(TEXTS["uk"])))[0]
    assert PINS[ukrainian].language == "uk"
    assert body.dictionary_of(body.pack({1: 2}))[0] == 0  # a tie: the lowest id, no byte


def test_a_body_of_more_than_the_trial_chooses_on_its_start_and_round_trips():
    big = {1: [f"{TEXTS['ar']} {i}" for i in range(600)]}  # ~70 KiB of texts
    packed = body.pack(big)
    assert PINS[body.dictionary_of(packed)[0]].language == "ar"
    assert body.unpack(packed) == big


def test_a_named_dictionary_0_reads_as_the_unnamed_one():
    assert body.unpack(b"\x06" + body.pack(tree(TEXTS["nl"]), dictionary=0)) \
        == tree(TEXTS["nl"])


@pytest.mark.parametrize("ident", [len(PINS), 31])
def test_a_dictionary_of_a_newer_app_is_a_newer_version(ident):
    packed = bytes([8 * ident + 6]) + body.pack(tree(TEXTS["nl"]), dictionary=0)
    with pytest.raises(UnsupportedVersion) as refused:
        body.unpack(packed)
    assert refused.value.outcome == "unsupported-version"
    assert "newer version of Ons Plan" in refused.value.problem  # what the app shows


def test_a_byte_that_names_nothing_is_still_deflate():
    """Only b & 7 == 6 names a dictionary: 0xFF (block type 3, final) stays a broken body."""
    with pytest.raises(BundleFormatError):
        body.unpack(b"\xff" * 40)
    with pytest.raises(BundleFormatError):
        body.unpack(b"\x36")  # dictionary 6 named, no stream after it


def test_the_wrong_dictionary_does_not_give_the_same_tree():
    """The byte matters: the same stream read with another dictionary is refused or differs."""
    stream = body.pack(tree(TEXTS["uk"]), dictionary=6)[1:]
    for other in (0, 1, 3):
        try:
            assert body.unpack(bytes([8 * other + 6]) + stream) != tree(TEXTS["uk"])
        except BundleFormatError:
            pass


def test_what_a_body_inflates_to_is_the_cddl_rule():
    validator = Validator(SCHEMA)
    ident, stream = body.dictionary_of(body.pack(tree(TEXTS["ar"])))
    raw = zlib.decompressobj(-15, ZDICTS[ident]).decompress(stream)
    assert validator.validate(raw, root_type="inflated-body").valid
    assert not validator.validate(cbor2.dumps([[], 5, {}]), root_type="inflated-body").valid
