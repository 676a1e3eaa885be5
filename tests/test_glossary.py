"""The term base (i18n/glossary.toml) holds in every catalog: one word per concept, the
approved you-form, none of the forms a reviewer struck out."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import i18n

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = tomllib.loads((ROOT / "i18n/glossary.toml").read_text(encoding="utf-8"))
TRANSLATED = [lang for lang in i18n.SHIPPED if lang != "en"]


@lru_cache(maxsize=None)
def catalog(lang: str):
    with (i18n.LOCALES_DIR / lang / "LC_MESSAGES/onsplan.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def texts(lang: str):
    """(English msgid, every translated form) of each message."""
    for message in catalog(lang):
        if message.id:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            yield key, [f for f in forms if f]  # an empty one is test_i18n's to report


def excepted(concept: str, msgid: str, lang: str) -> bool:
    return any(e["concept"] == concept and e["msgid"] in (msgid, "*") and lang in e["langs"]
               for e in GLOSSARY.get("exception", []))


def concept_findings(lang: str, rows=None, messages=None) -> list[str]:
    """Messages whose English names a concept that the translation renders another way."""
    found = []
    for row in rows or GLOSSARY["concept"]:
        match, render = re.compile(row["match"]), row["render"].get(lang)
        avoid = [re.compile(p, re.IGNORECASE) for p in row.get("avoid", {}).get(lang, [])]
        for msgid, forms in messages or texts(lang):
            if not match.search(msgid) or excepted(row["id"], msgid, lang):
                continue
            for form in forms:
                if render and not re.search(render, form, re.IGNORECASE):
                    found.append(f"{row['id']}: {msgid!r} -> {form!r} lacks /{render}/")
                found += [f"{row['id']}: {msgid!r} -> {form!r} uses /{a.pattern}/"
                          for a in avoid if a.search(form)]
    return found


def forbidden_findings(lang: str, messages=None) -> list[str]:
    found = []
    for rule in GLOSSARY["forbidden"].get(lang, []):
        pattern = re.compile(rule["pattern"])
        found += [f"{msgid!r} -> {form!r}: {rule['reason']}"
                  for msgid, forms in messages or texts(lang) for form in forms
                  if pattern.search(form)]
    return found


@lru_cache(maxsize=1)
def files_of_messages() -> dict[str, set[str]]:
    """msgid -> the source files that show it, from Babel's own extraction."""
    method_map = [("family_app/**.py", "python"), ("sync/**.py", "python")]
    where: dict[str, set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, keywords={"_": None, "N_": None, "ngettext": (1, 2),
                                             "pgettext": ((1, "c"), 2)}):
        key = message[0] if isinstance(message, tuple) else message
        where.setdefault(key, set()).add(filename.replace("\\", "/"))
    return where


def on_family_screens(msgid: str) -> bool:
    """True when some screen that addresses the whole family shows the message."""
    singular_ok = GLOSSARY["family_screens"]["singular_ok_files"]
    if msgid in {e["msgid"] for e in GLOSSARY["family_screens"]["singular_ok_msgids"]}:
        return False
    files = files_of_messages().get(msgid, set())
    return any(not any(f.startswith(ok) for ok in singular_ok) for f in files)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_concept_has_its_one_approved_word(lang):
    found = concept_findings(lang)
    assert not found, f"{lang}: {len(found)} messages off the term base:\n" + "\n".join(found)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_form_the_term_base_forbids(lang):
    found = forbidden_findings(lang)
    assert not found, f"{lang}: {len(found)} forbidden forms:\n" + "\n".join(found)


def test_arabic_family_screens_speak_to_the_whole_family():
    singular = re.compile(GLOSSARY["family_screens"]["ar_singular"])
    found = [f"{msgid!r} -> {form!r}" for msgid, forms in texts("ar") for form in forms
             if singular.search(form) and on_family_screens(msgid)]
    assert not found, f"{len(found)} masculine singular imperatives on family screens:\n" + "\n".join(found)


def test_the_checks_catch_what_the_review_found():
    """The rules are live: the review's own bad strings fail them, its rewrites pass."""
    household = [r for r in GLOSSARY["concept"] if r["id"] == "household"]
    assert concept_findings("tr", household, [("Join a household", ("Bir haneye katıl",))])
    assert not concept_findings("tr", household, [("Join a household", ("Aile planına katıl",))])
    assert concept_findings("pl", household, [("Scan the household's plan", ("Zeskanuj plan domu",))])
    assert forbidden_findings("uk", [("x", ("пов'язати",))])
    assert not forbidden_findings("uk", [("x", ("пов’язати",))])
    assert forbidden_findings("ar", [("x", ("يرجى اختيار رقم سري.",))])
    assert re.search(GLOSSARY["family_screens"]["ar_singular"], "امسح رمزًا لخطتنا")
    assert not re.search(GLOSSARY["family_screens"]["ar_singular"], "امسحوا رمزًا لخطتنا")


def test_every_concept_names_every_translated_language():
    for row in GLOSSARY["concept"]:
        assert set(row["render"]) >= set(TRANSLATED), row["id"]
        for pattern in [*row["render"].values(), *sum(row.get("avoid", {}).values(), [])]:
            re.compile(pattern)
    assert set(GLOSSARY["you"]) == set(i18n.SHIPPED)


@pytest.mark.parametrize("lang, status, button", [("tr", "Yapıldı", "Tamam"), ("nl", "Klaar", "Klaar"),
                                                  ("en", "Done", "Done")])
def test_done_as_a_status_and_as_a_button_are_two_messages(lang, status, button):
    """One English word, two roles: the button has its own msgctxt (share_codes.py)."""
    tr = i18n.translator(lang)
    assert tr.gettext("Done") == status
    assert tr.pgettext("button", "Done") == button
