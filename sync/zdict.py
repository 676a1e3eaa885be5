"""The preset DEFLATE dictionary of bundle bodies (docs/bundle-format.md, "Body").

A share is a few kilobytes of the family's own words: too little for DEFLATE to learn the
language from. The dictionary gives it a head start. It is part of the format: changing one
byte makes every bundle unreadable, so its bytes live in one data file, ``zdict.bin`` beside
this module (the file a reader in another language takes too), pinned by length and SHA-256
here and in the spec, and only ever replaced together with a new format version.

The file is UTF-8 text, the concatenation of
- bytes 0-15,989: the most frequent words of the Dutch CJG source documents (the five
  documents digested in docs/domain.md), by frequency x length, most useful last (DEFLATE
  reaches the end of the dictionary with the shortest distances), each followed by a space;
  made by ``seed_words()`` below with its default budget;
- bytes 15,990-19,534: hand-written, general vocabulary of family plans (goals, agreements,
  people, schools, organisations, towns, e-mail domains) and the commonest words of
  English, Turkish, Polish and Arabic. It was written for the domain, not copied from the
  test scenarios.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

ZDICT_FILE = "zdict.bin"
ZDICT_LENGTH = 19_535
ZDICT_SHA256 = "433c94f45d2c3e467033376cfce149ca30b6db1d8ae36b57058dc47409d1aa54"


def _load() -> bytes:
    data = (files(__package__) / ZDICT_FILE).read_bytes()
    # A changed file would make every bundle unreadable: refuse it at once, not later.
    if len(data) != ZDICT_LENGTH or hashlib.sha256(data).hexdigest() != ZDICT_SHA256:
        raise RuntimeError(f"sync/{ZDICT_FILE} is not the format's dictionary")
    return data


ZDICT = _load()


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
