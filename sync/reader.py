"""The project's own reader of test vectors: what a conformance run asks of any reader.

    python -m sync.reader VECTOR [VECTOR ...]

For each vector file (docs/bundle-format.md, "Test vectors") it prints one JSON line: the
outcome, and for a bundle that opens its kind, its sender's fingerprint and its payload as
JSON (sync/payloads.py). tests/vectors/conformance.py runs it, or any other reader, over
every vector and compares.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from .bundle import open_bundle
from .errors import SyncError
from .frames import FrameCollector
from .identity import Identity
from .payloads import read_payload


def read_vector(path: Path) -> tuple[dict[str, str], bytes]:
    """The header lines (``key: value``) and the data after the first blank line."""
    head, _, data = path.read_bytes().partition(b"\n\n")
    header = dict(line.split(": ", 1) for line in head.decode("utf-8").splitlines())
    return header, data


def open_vector(path: Path):
    """The vector's header and its bundle, opened as its header says (raises SyncError)."""
    header, data = read_vector(path)
    secret = header.get("agreement-secret")
    me = Identity("", "", bytes(32), bytes.fromhex(secret)) if secret else None
    if header.get("data") == "frames":
        collector = FrameCollector()
        for text in data.decode("utf-8").split("\n")[:-1]:  # every line ends in \n
            collector.add(text)
        data = collector.bundle()
    return header, open_bundle(data, me=me, passcode=header.get("passcode"),
                               now=datetime.fromisoformat(header["now"]))


def answer(path: Path) -> dict[str, Any]:
    """What this reader makes of one vector: {"outcome": ...} and, on success, the rest."""
    try:
        _, opened = open_vector(path)
        payload = read_payload(opened.kind, opened.payload)
    except SyncError as error:
        return {"outcome": error.outcome}
    return {"outcome": "success", "kind": opened.kind,
            "sender-fingerprint": opened.sender.fingerprint(), "payload": payload}


def main(argv: list[str]) -> int:
    for name in argv:
        print(json.dumps(answer(Path(name)), ensure_ascii=False, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
