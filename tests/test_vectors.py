"""Replay every file in tests/vectors: one case each, its ``expect:`` line names the outcome.

The files are written by tests/vectors/generate.py; docs/bundle-format.md describes them.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import cbor2
import pytest

from sync.bundle import open_bundle
from sync.errors import (
    BundleFormatError, DamagedFrame, DecryptionFailed, Expired, MixedFrames,
    NotForThisRecipient, PasscodeNeeded, SignatureFailed, UnrelatedCode, UnsupportedVersion,
    WrongPasscode,
)
from sync.frames import FrameCollector
from sync.identity import Identity
from sync.share_payload import decode_share

VECTORS = Path(__file__).resolve().parent / "vectors"
FILES = sorted(p for p in VECTORS.iterdir() if p.name.startswith(("bundle_", "frames_")))

FAILURES = {
    "header-failure": BundleFormatError,
    "body-failure": BundleFormatError,
    "unsupported-version": UnsupportedVersion,
    "decryption-failure": DecryptionFailed,
    "wrong-passcode": WrongPasscode,
    "passcode-needed": PasscodeNeeded,
    "not-for-this-recipient": NotForThisRecipient,
    "signature-failure": SignatureFailed,
    "expired": Expired,
    "truncated-frame": DamagedFrame,
    "damaged-frame": DamagedFrame,
    "mixed-frames": MixedFrames,
    "unrelated-code": UnrelatedCode,
}


def read_vector(path: Path) -> tuple[dict[str, str], bytes]:
    head, _, data = path.read_bytes().partition(b"\n\n")
    header = dict(line.split(": ", 1) for line in head.decode().splitlines())
    return header, data


def replay(path: Path):
    header, data = read_vector(path)
    me = None
    if "agreement-secret" in header:
        me = Identity("", "", bytes(32), bytes.fromhex(header["agreement-secret"]))
    if path.name.startswith("frames_"):
        collector = FrameCollector()
        for text in data.decode().split("\n")[:-1]:
            collector.add(text)
        data = collector.bundle()
    return header, open_bundle(data, me=me, passcode=header.get("passcode"),
                               now=datetime.fromisoformat(header["now"]))


def test_there_is_a_vector_for_every_outcome():
    outcomes = {read_vector(path)[0]["expect"] for path in FILES}
    assert outcomes == {"success", *FAILURES}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_vector(path):
    header, _ = read_vector(path)
    expect = header["expect"]
    if expect != "success":
        with pytest.raises(FAILURES[expect]) as raised:
            replay(path)
        # The one failure named, not a subclass standing in for another case.
        assert type(raised.value) is FAILURES[expect]
        assert raised.value.problem
        return
    header, opened = replay(path)
    assert opened.kind == header["kind"]
    assert opened.sender.fingerprint() == header["sender-fingerprint"]
    payload = cbor2.dumps(opened.payload, canonical=True)
    assert hashlib.sha256(payload).hexdigest() == header["payload-sha256"]
    if "share-tables-sha256" in header:
        tables = decode_share(opened.payload).tables
        text = json.dumps(tables, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert hashlib.sha256(text.encode()).hexdigest() == header["share-tables-sha256"]


def test_the_generator_writes_exactly_these_files():
    """Fixed keys, randomness and clock: the vectors are reproducible (and the format pinned).

    If this fails while the replays pass, the writer's output changed (say, a new zlib
    compresses differently): the old vectors still open; regenerate deliberately.
    """
    from tests.vectors.generate import cases, render
    written = cases()
    assert sorted(written) == [p.name for p in FILES]
    for name, (header, data) in written.items():
        assert render(header, data) == (VECTORS / name).read_bytes(), name
