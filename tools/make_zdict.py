"""Make the per-language preset DEFLATE dictionaries of bundle bodies (sync/zdict.py).

    .venv/bin/python tools/make_zdict.py          # writes sync/zdict-<lang>.bin, prints pins

A dictionary must come from the app itself, never from the test families (tests/fixtures):
compression that only works on words the tests happen to use is no compression. Each
shipped language's dictionary is, in this order (DEFLATE reaches the end of a dictionary with
the shortest distances, so the most useful bytes go last):

1. the shared domain part: bytes 15,990- of dictionary 0 (sync/zdict.bin: Dutch services,
   schools, towns, e-mail domains a family in the Netherlands writes in any language)
   and the shipped language codes, each after a U+0000 as the body's texts are joined;
2. the words of that language's catalog (i18n/locales/<lang>/LC_MESSAGES/onsplan.po, the
   msgstrs; English: the msgids), by count x length, least useful first, each followed by a
   space, within WORD_BUDGET bytes;
3. that language's domain terms of i18n/glossary.toml (the letters of each `render`;
   English: of each `match`; Dutch: also each concept's `nl`).

The files are part of the format: once made, they are pinned in sync/zdict.py and
docs/bundle-format.md and never made again (the catalogs change; a dictionary must not).
A new dictionary gets a new id. This tool records how they were made and makes the next.
"""
from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")  # the shipped languages, in id order 1-6
SHARED_FROM = 15_990  # where dictionary 0's hand-written domain part starts
WORD_BUDGET = 24_000
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?")
_PLACEHOLDER = re.compile(r"\{[^}]*\}|%\([^)]*\)[a-z]|%[sd]")


def catalog_texts(root: Path, lang: str) -> list[str]:
    """The app's own sentences in ``lang``: every msgstr (English: the msgid)."""
    with (root / "i18n" / "locales" / lang / "LC_MESSAGES" / "onsplan.po").open("rb") as po:
        catalog = read_po(po)
    texts: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        texts += ids if lang == "en" else [s for s in strings if s]
    return texts


def ranked_words(texts: list[str], budget: int = WORD_BUDGET) -> str:
    """The words of ``texts`` by count x length, least useful first, each with a space."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in _WORD.findall(_PLACEHOLDER.sub(" ", text)) if len(w) > 1)
    ranked = sorted(counts.items(), key=lambda wc: (-wc[1] * (len(wc[0].encode()) + 1), wc[0]))
    chosen, size = [], 0
    for word, _ in ranked:
        size += len(word.encode()) + 1
        if size > budget:
            break
        chosen.append(word)
    return "".join(word + " " for word in reversed(chosen))


def glossary_terms(root: Path, lang: str) -> str:
    """The glossary's renderings in ``lang`` (regular expressions: their letters only)."""
    glossary = tomllib.loads((root / "i18n" / "glossary.toml").read_text(encoding="utf-8"))
    terms: list[str] = []
    for concept in glossary.get("concept", []):
        # English has no rendering: its terms are what the rule matches in the msgids.
        render = (concept.get("match", "") if lang == "en"
                  else concept.get("render", {}).get(lang, ""))
        pattern = re.sub(r"\(\?i\)|\\[bwWsd]|[.*+?]", " ", render)
        for word in _WORD.findall(pattern) + ([concept["nl"]] if lang == "nl" else []):
            if word not in terms:
                terms.append(word)
    return "".join(term + " " for term in terms)


def shared_part(root: Path) -> bytes:
    zero = (root / "sync" / "zdict.bin").read_bytes()
    return zero[SHARED_FROM:] + "".join("\x00" + code for code in LANGUAGES).encode() + b"\x00"


def build(lang: str, root: Path = ROOT) -> bytes:
    """The dictionary of ``lang`` from the sources under ``root`` (nothing else is read)."""
    words = ranked_words(catalog_texts(root, lang))
    return shared_part(root) + (words + glossary_terms(root, lang)).encode("utf-8")


def main(argv: list[str]) -> int:
    for lang in argv or LANGUAGES:
        data = build(lang)
        path = ROOT / "sync" / f"zdict-{lang}.bin"
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(data):,} bytes, SHA-256 "
              f"{hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
