"""The preset dictionaries (sync/zdict.py, tools/make_zdict.py, docs/bundle-format.md "The
dictionaries"): the files are the pinned ones, the spec pins them too, they ship, and the
tool that made dictionaries 1-6 reads the app's own texts only and always makes the same.

The files are not rebuilt here: they were made from the catalogs of their day, and the
catalogs change while a dictionary must not (test_tool_* check the recipe, not the files).
"""
from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
from fnmatch import fnmatch
from pathlib import Path

from sync import zdict
from tools import make_zdict

ROOT = Path(__file__).resolve().parent.parent
SPEC = (ROOT / "docs" / "bundle-format.md").read_text(encoding="utf-8")


def test_every_dictionary_file_is_its_pin():
    assert [pin.id for pin in zdict.PINS] == list(range(len(zdict.PINS)))
    for pin in zdict.PINS:
        data = (ROOT / "sync" / pin.file).read_bytes()
        assert len(data) == pin.length and hashlib.sha256(data).hexdigest() == pin.sha256
        assert zdict.ZDICTS[pin.id] == data
        assert len(data) < 32 * 1024, "DEFLATE's window: a longer dictionary is not reached"


def test_the_spec_pins_each_language_dictionary():
    rows = re.findall(r"^\| (\d+) \| [^|]+\((\w\w)\) \| \[`sync/([\w.-]+)`\][^|]* \| ([\d,]+) "
                      r"\| `([0-9a-f]{64})` \|$", SPEC, re.MULTILINE)
    assert [(int(i), lang, file, int(n.replace(",", "")), sha) for i, lang, file, n, sha in rows] \
        == [(p.id, p.language, p.file, p.length, p.sha256) for p in zdict.PINS[1:]]


def test_one_per_shipped_language():
    shipped = {p.name for p in (ROOT / "i18n" / "locales").iterdir() if p.is_dir()}
    assert {pin.language for pin in zdict.PINS[1:]} == shipped == set(make_zdict.LANGUAGES)
    assert [pin.language for pin in zdict.PINS[1:]] == list(make_zdict.LANGUAGES)  # id order


def test_the_dictionary_files_ship_with_the_package():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["sync"]
    for pin in zdict.PINS:
        assert any(fnmatch(pin.file, pattern) for pattern in patterns), pin.file


def test_tool_is_deterministic():
    for lang in make_zdict.LANGUAGES:
        assert make_zdict.build(lang) == make_zdict.build(lang)


def test_tool_reads_only_the_app_s_catalogs_glossary_and_dictionary_0(tmp_path):
    """A copy of just those sources (no tests/, no fixtures) makes the same dictionaries."""
    for part in ("i18n/locales", "i18n/glossary.toml", "sync/zdict.bin"):
        source, target = ROOT / part, tmp_path / part
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target)
    for lang in make_zdict.LANGUAGES:
        assert make_zdict.build(lang, tmp_path) == make_zdict.build(lang)


def test_tool_layout_shared_part_then_catalog_words_then_glossary_terms():
    shared = zdict.ZDICT[make_zdict.SHARED_FROM:]
    assert shared.decode("utf-8").startswith("the and to of a in")  # dictionary 0's hand part
    for lang in make_zdict.LANGUAGES:
        built = make_zdict.build(lang)
        assert built.startswith(shared + b"\x00nl\x00en\x00ar\x00tr\x00pl\x00uk\x00")
        assert built.endswith(make_zdict.glossary_terms(ROOT, lang).encode())
    assert "hedef" in make_zdict.glossary_terms(ROOT, "tr").split()
    assert "household" in make_zdict.glossary_terms(ROOT, "en").split()


def test_tool_ranks_words_most_useful_last():
    words = make_zdict.ranked_words(["de de de zorg zorg plan", "{name} heeft 3 doelen"])
    assert words.split() == ["plan", "heeft", "doelen", "de", "zorg"]  # count x (bytes + 1)
    assert "name" not in words and words.endswith(" ")
    assert make_zdict.ranked_words(["aaaa bbbb cccc"], budget=10).split() == ["bbbb", "aaaa"]
