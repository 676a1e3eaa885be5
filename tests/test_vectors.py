"""Replay every file in tests/vectors: one case each, its ``expect:`` line names the outcome.

The files are written by tests/vectors/generate.py; docs/bundle-format.md ("Test vectors")
describes them. The project's reader (sync/reader.py) answers each here, in process;
tests/test_conformance.py runs it as any other reader would be run.
"""
from __future__ import annotations

import hashlib
import cbor2
import pytest

from sync.errors import OUTCOMES
from sync.reader import answer, open_vector
from tests.vectors.conformance import PREFIXES, VECTORS, expected, vector_files

FILES = vector_files()


def test_every_outcome_has_a_vector():
    assert {expected(path)["outcome"] for path in FILES} == set(OUTCOMES)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_vector(path):
    assert answer(path) == expected(path)


@pytest.mark.parametrize("path", [p for p in FILES if expected(p)["outcome"] == "success"],
                         ids=lambda p: p.name)
def test_a_success_carries_the_payload_that_was_sealed(path):
    header, opened = open_vector(path)
    canonical = cbor2.dumps(opened.payload, canonical=True)
    assert hashlib.sha256(canonical).hexdigest() == header["payload-sha256"]


def test_the_generator_writes_exactly_these_files():
    """Fixed keys, randomness and clock: the vectors are reproducible (and the format pinned).

    If this fails while the replays pass, the writer's output changed (say, a new zlib
    compresses differently): the old vectors still open; regenerate deliberately.
    """
    from tests.vectors.generate import files
    written = files()
    on_disk = sorted(p.name for p in VECTORS.iterdir() if p.name.startswith(PREFIXES))
    assert sorted(written) == on_disk
    for name, content in written.items():
        assert content == (VECTORS / name).read_bytes(), name
