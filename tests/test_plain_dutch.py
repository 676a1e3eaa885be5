"""The Dutch catalog is plain B1 Dutch (i18n/plain_dutch.toml): short sentences, no passive,
no jargon without its explanation, one way of saying 'you' per message."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import i18n

RULES = tomllib.loads((Path(i18n.__file__).parent / "plain_dutch.toml").read_text(encoding="utf-8"))
PASSIVE_AUX = re.compile(r"\b(word|wordt|worden|werd|werden)\b", re.IGNORECASE)
# A participle: ge…d/t/en (gelezen, gebruikt), or a prefixed verb without ge- (bewaard,
# verwijderd); "-en" only after ge-, so that "bellen" or "vertellen" is no participle.
PARTICIPLE = re.compile(r"\b(\w*ge\w+(d|t|en)|(be|ver|ont|her)\w+(d|t))\b", re.IGNORECASE)
JE = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
JULLIE = re.compile(r"\bjullie\b", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def words(sentence: str) -> list[str]:
    return re.findall(r"[\w{}’'-]+", sentence)


def problems(text: str) -> list[str]:
    """Every B1 rule the text breaks, as (rule: detail)."""
    found = []
    for sentence in sentences(text):
        if len(words(sentence)) > RULES["max_words"]:
            found.append(f"long: {len(words(sentence))} words in {sentence!r}")
        if PASSIVE_AUX.search(sentence) and PARTICIPLE.search(PASSIVE_AUX.split(sentence, 1)[0]
                                                              + " " + sentence):
            found.append(f"passive: {sentence!r}")
    for entry in RULES["jargon"]:
        if re.search(rf"\b({entry['word']})\b", text, re.IGNORECASE) and not (
                entry.get("explained") and re.search(entry["explained"], text, re.IGNORECASE)):
            found.append(f"jargon: {entry['word']!r} (plainer: {entry['plain']})")
    if JE.search(text) and JULLIE.search(text):
        found.append("je+jullie: both in one message")
    return found


def excused(msgid: str, problem: str) -> bool:
    return any(e["msgid"] in (msgid, "*") and problem.startswith(e["rule"])
               for e in RULES.get("exception", []))


def dutch_messages():
    with (i18n.LOCALES_DIR / "nl/LC_MESSAGES/onsplan.po").open("rb") as handle:
        for message in read_po(handle, locale="nl"):
            if message.id:
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                forms = message.string if isinstance(message.string, tuple) else (message.string,)
                yield key, forms


def findings() -> list[str]:
    return [f"{msgid!r}: {problem}" for msgid, forms in dutch_messages() for form in forms
            for problem in problems(form) if not excused(msgid, problem)]


@pytest.mark.parametrize("rule", ["long", "passive", "jargon", "je+jullie"])
def test_the_dutch_is_plain(rule):
    found = [f for f in findings() if f.split(": ", 2)[1].startswith(rule)]
    assert not found, f"{len(found)} Dutch messages break '{rule}':\n" + "\n".join(found)


@pytest.mark.parametrize("text, rule", [
    ("Het plan kon niet worden bewaard.", "passive"),
    ("Er kon geen camera worden gebruikt.", "passive"),
    ("Hoe zijn jullie overgedragen aan de nieuwe hulp? Vertel het je begeleider.", "je+jullie"),
    ("Stuur eerst een synccode.", "jargon"),
    ("Wie houdt een vinger aan de pols?", "jargon"),
    ("Dit is een zin met veel meer woorden dan een lezer op niveau B1 in één keer goed kan "
     "volgen.", "long"),
])
def test_the_rules_catch_what_the_review_found(text, rule):
    assert any(p.startswith(rule) for p in problems(text))


@pytest.mark.parametrize("text", [
    "Het wordt beter.", "Ons plan is afgerond op 5 maart.", "Jullie plan blijft van jullie.",
    "De camera werkt niet. Kies een foto of een bestand.",
])
def test_plain_dutch_passes(text):
    assert problems(text) == []


def test_every_exception_has_a_reason():
    for entry in RULES.get("exception", []):
        assert entry["reason"].strip() and entry["rule"], entry
