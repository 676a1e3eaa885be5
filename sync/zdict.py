"""The preset DEFLATE dictionaries of bundle bodies (docs/bundle-format.md, "Body").

A share is a few kilobytes of the family's own words: too little for DEFLATE to learn the
language from. A dictionary gives it a head start. There is one per shipped language and the
first, Dutch-trained one; the writer tries each and names the one it used in the body
(body.py). They are part of the format: changing one byte makes every bundle that used it
unreadable, so their bytes live in data files beside this module (the files a reader in
another language takes too), pinned by length and SHA-256 here and in the spec. A file is
never replaced; a new dictionary gets a new id.

Dictionary 0, ``zdict.bin``, is UTF-8 text, the concatenation of
- bytes 0-15,989: the most frequent words of the Dutch CJG source documents (the five
  documents digested in docs/domain.md), by frequency x length, most useful last (DEFLATE
  reaches the end of the dictionary with the shortest distances), each followed by a space;
  made by ``seed_words()`` below with its default budget;
- bytes 15,990-19,534: hand-written, general vocabulary of family plans (goals, agreements,
  people, schools, organisations, towns, e-mail domains) and the commonest words of
  English, Turkish, Polish and Arabic. It was written for the domain, not copied from the
  test scenarios.

Dictionaries 1-6, ``zdict-<lang>.bin``, were made by tools/make_zdict.py from the app's own
catalogs and glossary (never from the test families): dictionary 0's domain part, then the
words of that language's catalog, then its glossary terms.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

ZDICT_FILE = "zdict.bin"
ZDICT_LENGTH = 19_535
ZDICT_SHA256 = "433c94f45d2c3e467033376cfce149ca30b6db1d8ae36b57058dc47409d1aa54"


@dataclass(frozen=True)
class Pin:
    """One dictionary of the format: its id in a body, its language, file, length, hash."""
    id: int
    language: str  # "" for dictionary 0 (Dutch-trained, with a mixed part)
    file: str
    length: int
    sha256: str


PINS = (
    Pin(0, "", ZDICT_FILE, ZDICT_LENGTH, ZDICT_SHA256),
    Pin(1, "nl", "zdict-nl.bin", 10_222,
        "7568a89d93f3a6b9cd68aebcd5ce7fd05103fa4cc16cd80982107525a4193ed9"),
    Pin(2, "en", "zdict-en.bin", 9_174,
        "70d8d12102edbe6c9e28d5b628d2c6ca8ff67dfdd5b1c2739519c5628d9f3f9a"),
    Pin(3, "ar", "zdict-ar.bin", 17_405,
        "b308237c160d928f3494fd046f0c81ec8f7d5080d057e56119de8f9603089d1e"),
    Pin(4, "tr", "zdict-tr.bin", 16_694,
        "bf901bdd0b15ce5f53a41b10a680142421b3ab33f6e8f53e8fb38c40bcc634b9"),
    Pin(5, "pl", "zdict-pl.bin", 13_977,
        "b22b0683f1ff032915bdf0f8dac87ee090062e47bdd71f980684f45de6e01e76"),
    Pin(6, "uk", "zdict-uk.bin", 22_481,
        "5084adac35b58b646a42b3624ae11c3431d9794a070e6f8c8e17979eb9246401"),
)


def _load(file: str = ZDICT_FILE, length: int = ZDICT_LENGTH,
          sha256: str = ZDICT_SHA256) -> bytes:
    data = (files(__package__) / file).read_bytes()
    # A changed file would make every bundle unreadable: refuse it at once, not later.
    if len(data) != length or hashlib.sha256(data).hexdigest() != sha256:
        raise RuntimeError(f"sync/{file} is not the format's dictionary")
    return data


# id -> bytes, in id order (the writer prefers the lowest id of equally small bodies).
ZDICTS: dict[int, bytes] = {pin.id: _load(pin.file, pin.length, pin.sha256) for pin in PINS}
ZDICT = ZDICTS[0]


def seed_words(seeds: Path, budget: int = 16000) -> str:
    """How the dictionary's first part (bytes 0-15,989) was made from the seed documents
    (kept to make it again, not run: the documents are not in the repository)."""
    counts: Counter[str] = Counter()
    for path in sorted(seeds.glob("*.txt")):
        counts.update(re.findall(r"[A-Za-zÀ-ÿ']{2,}", path.read_text(encoding="utf-8")))
    ranked = sorted(counts.items(), key=lambda wc: (-wc[1] * (len(wc[0].encode()) + 1), wc[0]))
    chosen, size = [], 0
    for word, _ in ranked:
        if size + len(word.encode()) + 1 > budget:
            break
        chosen.append(word)
        size += len(word.encode()) + 1
    return " ".join(reversed(chosen)) + " "
