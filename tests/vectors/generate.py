"""Write the test vectors of docs/bundle-format.md into this folder.

    .venv/bin/python -m tests.vectors.generate

Three small generators make the cases: gen_frames.py (QR frames), gen_bundle.py (header,
decryption, signature, body, envelope, expiry) and gen_payloads.py (every kind's payload).
Keys, randomness and the clock are fixed (forge.py), so running it again writes the same
files. Each file is one case: ``key: value`` lines (``expect:`` names the single outcome it
tests), a blank line, then the data: the bundle's raw bytes, or for ``frames_*`` the QR texts,
one a line. A success case has a sibling ``<name>.json``: its payload as the reader decodes
it (sync/payloads.py).
"""
from __future__ import annotations

from typing import Any

from sync.identity import Identity
from sync.payloads import read_payload

from tests.vectors import gen_bundle, gen_frames, gen_payloads
from tests.vectors.forge import (  # noqa: F401  (the forging helpers other tests import)
    HERE, decrypt_recipient, dictionary_zero, digest_of_payload, encrypt_recipient, envelope,
    flip, kowalska_share, recipient_bundle_of, render, render_json, reseal_passcode,
    signed_plaintext,
)

PREFIXES = ("bundle_", "frames_", "payload_")


def success(kind: str, sender: Identity, payload: dict[Any, Any], data: bytes | list[str],
            **inputs: str) -> tuple[dict[str, str], bytes | list[str], Any]:
    """A case that opens: what the reader must find, and the payload's JSON view."""
    header = {"expect": "success", "kind": kind, "sender-fingerprint": sender.fingerprint(),
              "payload-sha256": digest_of_payload(payload), **inputs}
    return header, data, read_payload(kind, payload)


def cases() -> dict[str, tuple[dict[str, str], bytes | list[str], Any]]:
    """name -> (header, data, the JSON view of a success's payload, or None)."""
    found: dict[str, Any] = {}
    for generator in (gen_frames, gen_bundle, gen_payloads):
        with dictionary_zero():  # the vectors of the dictionaries 1-6 name theirs
            made = generator.cases(success)
        for name, case in made.items():
            assert name.startswith(PREFIXES) and name not in found, name
            header, data, view = case if len(case) == 3 else (*case, None)
            header = {"expect": header["expect"],
                      "data": "frames" if isinstance(data, list) else "bundle", **header}
            if view is not None:
                header = {**header, "payload-json": f"{name}.json"}
            found[name] = (header, data, view)
    return dict(sorted(found.items()))


def files() -> dict[str, bytes]:
    """Every file the generator writes, by name."""
    out: dict[str, bytes] = {}
    for name, (header, data, view) in cases().items():
        out[name] = render(header, data)
        if view is not None:
            out[f"{name}.json"] = render_json(view)
    return out


def main() -> None:
    for old in HERE.iterdir():
        if old.name.startswith(PREFIXES):
            old.unlink()
    written = files()
    for name, content in written.items():
        (HERE / name).write_bytes(content)
    print(f"wrote {len(written)} files to {HERE}")


if __name__ == "__main__":
    main()
