"""docs/bundle-format.md says what the code does: the dictionary, the outcomes, the CDDL.

A third party builds a reader from the spec alone, so what the spec pins (the dictionary's
length and hash, the outcome names, the rule names of the CDDL) is checked against the
files and the code here.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from sync import errors, zdict
from sync.bundle import MIN_LENGTH

ROOT = Path(__file__).resolve().parent.parent
SPEC = (ROOT / "docs" / "bundle-format.md").read_text(encoding="utf-8")
CDDL = (ROOT / "docs" / "bundle-format.cddl").read_text(encoding="utf-8")


def section(title: str) -> str:
    return SPEC.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


# --- the dictionary -------------------------------------------------------------------------

def test_the_dictionary_file_is_the_one_the_spec_names():
    data = (ROOT / "sync" / zdict.ZDICT_FILE).read_bytes()
    named = re.search(r"\*\*([\d,]+) bytes\*\*, SHA-256\s+`([0-9a-f]{64})`", SPEC)
    assert named, "the spec names the dictionary by length and SHA-256"
    assert len(data) == int(named[1].replace(",", "")) == zdict.ZDICT_LENGTH
    assert hashlib.sha256(data).hexdigest() == named[2] == zdict.ZDICT_SHA256
    assert zdict.ZDICT == data


def test_the_dictionary_parts_are_where_the_spec_says():
    text = zdict.ZDICT.decode("utf-8")
    seeds = zdict.ZDICT[:15_990].decode("utf-8")
    assert "bytes 0–15,989" in SPEC and "bytes 15,990–19,534" in SPEC
    assert seeds.endswith(" ") and not seeds.endswith("  ")  # words, each with one space
    assert text[len(seeds):].startswith("the and to of a in")  # the hand-written part


def test_a_changed_dictionary_file_is_refused_at_once(tmp_path, monkeypatch):
    changed = bytearray(zdict.ZDICT)
    changed[0] ^= 1
    (tmp_path / zdict.ZDICT_FILE).write_bytes(bytes(changed))
    monkeypatch.setattr(zdict, "files", lambda package: tmp_path)
    with pytest.raises(RuntimeError):
        zdict._load()


# --- one outcome vocabulary -------------------------------------------------------------------

def outcome_table() -> list[tuple[str, str]]:
    """(outcome, error class) of each row of the spec's table of outcomes."""
    rows = re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| (`\w+`|—) \|", section("Outcomes"), re.M)
    return [(outcome, error.strip("`")) for outcome, error in rows]


def test_the_spec_lists_every_outcome_with_its_error_class():
    table = outcome_table()
    assert [outcome for outcome, _ in table] == list(errors.OUTCOMES)
    for outcome, name in table:
        if name != "—":
            assert getattr(errors, name).outcome == outcome, name


def test_every_error_a_decoder_raises_names_its_outcome():
    for cls in (*errors.BUNDLE_ERRORS, *errors.FRAME_ERRORS, errors.HeaderFailure,
                errors.SharePayloadError):
        assert cls.outcome in errors.OUTCOMES, cls.__name__


def test_the_minimum_lengths_are_the_spec_s():
    layout = section("Bundle layout")
    for mode, length in MIN_LENGTH.items():
        assert f"{length}" in layout, mode


# --- the CDDL -----------------------------------------------------------------------------------

def test_every_rule_the_spec_names_is_in_the_cddl():
    rules = set(re.findall(r"^([a-z][a-z0-9-]*) =", CDDL, re.M))
    named = set(re.findall(r"CDDL(?: rule)? `([a-z-]+)`", SPEC))
    named |= set(re.findall(r"`([a-z]+-(?:payload|share|reply|changes|code|delta|plan))`",
                            SPEC)) - set(errors.OUTCOMES)
    assert len(named) > 10 and named <= rules, named - rules
