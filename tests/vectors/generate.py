"""Write the bundle and frame test vectors of docs/bundle-format.md into this folder.

    .venv/bin/python -m tests.vectors.generate

Keys, randomness and the clock are fixed, so running it again writes the same files. Each
file is one case: ``key: value`` lines (``expect:`` names the single outcome it tests), a
blank line, then the data: the bundle's raw bytes, or for ``frames_*`` the QR texts, one a
line. The forging helpers are also used by tests/test_bundle.py.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import cbor2
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from family_app.domain import load_scenario
from sync import body, bundle, hpke
from sync.bundle import seal
from sync.frames import split_frames
from sync.identity import Identity
from sync.passcode import passcode_key
from sync.randomness import seeded
from sync.share_payload import Scope, build_share, decode_share, encode_share
from tests.helpers.data import KOWALSKA

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 1, 20, 9, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=31)
FAMILY = Identity.generate("Gezin Kowalska", rng=seeded("vector family"))
KARIN = Identity.generate("Karin Mulder", "CJG Apeldoorn", rng=seeded("vector karin"))
OTHER = Identity.generate("Piet Jansen", "Buurtteam", rng=seeded("vector other"))
PASSCODE = "7K2M-QX9D"
PAYLOAD = {"note": "Afspraak dinsdag om 10.00 uur", "items": [1, 2, 3], "raw": b"\x00\xff"}


# --- forging: what an attacker (or a damaged file) can make -------------------------------

def decrypt_recipient(data: bytes, me: Identity) -> bytes:
    return hpke.open_(me.agreement_private_key(), bundle.LABEL_HPKE_INFO + data[:8], data[8:])


def encrypt_recipient(plaintext: bytes, to: Identity, rng: Callable[[int], bytes]) -> bytes:
    """A recipient-mode bundle around any plaintext (HPKE needs no sender key)."""
    ikm = rng(hpke.IKM_LEN)
    enc = hpke.derive_key_pair(ikm).public_key().public_bytes_raw()
    prefix = bundle.MAGIC + bytes([bundle.VERSION, bundle.RECIPIENT])
    prefix += bundle.recipient_hint(enc, to.public().agreement_key)
    return prefix + hpke.seal(to.public().agreement_key, bundle.LABEL_HPKE_INFO + prefix,
                              plaintext, ikm)


def reseal_passcode(data: bytes, passcode: str, change: Callable[[bytes], bytes]) -> bytes:
    header = data[:20]
    key = passcode_key(passcode, header[4:])
    plaintext = AESGCM(key).decrypt(bytes(12), data[20:], header)
    return header + AESGCM(key).encrypt(bytes(12), change(plaintext), header)


def flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]


def signed_plaintext(envelope: dict[Any, Any], sender: Identity, header: bytes,
                     recipient_key: bytes = b"") -> bytes:
    """A correctly signed plaintext around any envelope (to test what comes after signing)."""
    packed = body.pack(envelope)
    signer = sender.public().signing_key
    message = bundle.LABEL_SIGNATURE + header + recipient_key + signer + packed
    return sender.sign(message) + signer + packed


def envelope(kind: int = 1, **extra: Any) -> dict[Any, Any]:
    return {1: kind, 2: b"\x11" * 16, 3: int(NOW.timestamp()), 4: int(LATER.timestamp()),
            5: FAMILY.public().to_map(with_signing_key=False), 6: {"x": 1}, **extra}


def recipient_bundle_of(plain_envelope: dict[Any, Any], to: Identity,
                        rng: Callable[[int], bytes]) -> bytes:
    """Sign an arbitrary envelope correctly for ``to`` and encrypt it."""
    ikm = rng(hpke.IKM_LEN)
    enc = hpke.derive_key_pair(ikm).public_key().public_bytes_raw()
    key = to.public().agreement_key
    prefix = bundle.MAGIC + bytes([bundle.VERSION, bundle.RECIPIENT])
    prefix += bundle.recipient_hint(enc, key)
    plaintext = signed_plaintext(plain_envelope, FAMILY, prefix + enc, key)
    return prefix + hpke.seal(key, bundle.LABEL_HPKE_INFO + prefix, plaintext, ikm)


# --- deterministic content ----------------------------------------------------------------

def fixed_ids(tables: dict[str, Any], seed: str) -> dict[str, Any]:
    """The same tables with every uuid4 id replaced by a fixed one (consistently)."""
    mapping: dict[str, str] = {}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str) and re.fullmatch(r"[0-9a-f]{32}", node):
            if node not in mapping:
                digest = hashlib.sha256(f"{seed}/{len(mapping)}".encode()).hexdigest()
                mapping[node] = digest[:32]
            return mapping[node]
        return node

    return walk(tables)


def kowalska_share():
    tables = fixed_ids(load_scenario(KOWALSKA).plan.to_tables(),
                       "kowalska")
    return build_share(tables, Scope.preset("current"), plan_version=12)


def digest_of_payload(payload: Any) -> str:
    return hashlib.sha256(cbor2.dumps(payload, canonical=True)).hexdigest()


def digest_of_tables(tables: Any) -> str:
    text = json.dumps(tables, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --- the cases ------------------------------------------------------------------------------

def cases() -> dict[str, tuple[dict[str, str], bytes | list[str]]]:
    rng = seeded("vectors")
    karin_key = {"agreement-secret": KARIN.agreement_secret.hex(), "now": NOW.isoformat()}
    ok = seal("share", PAYLOAD, FAMILY, to=KARIN.public(), expires=LATER, now=NOW, rng=rng)
    by_passcode = seal("share", PAYLOAD, FAMILY, passcode=PASSCODE, expires=NOW + timedelta(days=1),
                       now=NOW, rng=rng)
    identity = seal("identity", {}, KARIN, expires=NOW + timedelta(days=365), now=NOW, rng=rng)
    share = kowalska_share()
    share_bundle = seal("share", encode_share(share), FAMILY, to=KARIN.public(), expires=LATER,
                        now=NOW, rng=rng)
    frames = split_frames(share_bundle, max_chars=500)  # small frames: more of them
    other_frames = split_frames(seal("share", PAYLOAD, FAMILY, to=KARIN.public(), expires=LATER,
                                     now=NOW, rng=rng), max_chars=200)
    success = {"expect": "success", "kind": "share",
               "sender-fingerprint": FAMILY.fingerprint(),
               "payload-sha256": digest_of_payload(PAYLOAD)}
    share_success = {**success, "payload-sha256": digest_of_payload(encode_share(share)),
                     "share-tables-sha256": digest_of_tables(decode_share(encode_share(share)).tables)}
    at = {"now": NOW.isoformat()}
    passcode = {**at, "passcode": PASSCODE}
    return {
        "bundle_recipient_success": ({**success, **karin_key}, ok),
        "bundle_passcode_success": ({**success, **passcode, "passcode": "7k2m qx9d"},
                                    by_passcode),
        "bundle_identity_success": ({"expect": "success", "kind": "identity", **at,
                                     "sender-fingerprint": KARIN.fingerprint(),
                                     "payload-sha256": digest_of_payload({})}, identity),
        "bundle_share_success": ({**share_success, **karin_key}, share_bundle),
        "bundle_header_bad_magic": ({"expect": "header-failure", **karin_key},
                                    b"PK" + ok[2:]),
        "bundle_header_truncated": ({"expect": "header-failure", **karin_key}, ok[:30]),
        "bundle_header_public_share": ({"expect": "header-failure", **at},
                                       b"OP\x01\x03" + signed_plaintext(
                                           envelope(), FAMILY, b"OP\x01\x03")),
        "bundle_body_not_deflate": ({"expect": "body-failure", **karin_key},
                                    _signed_junk_for_karin(rng)),
        "bundle_version_2": ({"expect": "unsupported-version", **karin_key},
                             ok[:2] + b"\x02" + ok[3:]),
        "bundle_mode_unknown": ({"expect": "unsupported-version", **karin_key},
                                ok[:3] + b"\x09" + ok[4:]),
        "bundle_kind_unknown": ({"expect": "unsupported-version", **karin_key},
                                recipient_bundle_of(envelope(kind=99), KARIN, rng)),
        "bundle_recipient_tampered": ({"expect": "decryption-failure", **karin_key},
                                      flip(ok, len(ok) - 40)),
        "bundle_recipient_other": ({"expect": "not-for-this-recipient", **karin_key},
                                   seal("share", PAYLOAD, FAMILY, to=OTHER.public(),
                                        expires=LATER, now=NOW, rng=rng)),
        "bundle_recipient_forwarded": ({"expect": "signature-failure",
                                        "agreement-secret": OTHER.agreement_secret.hex(), **at},
                                       encrypt_recipient(decrypt_recipient(ok, KARIN), OTHER,
                                                         rng)),
        "bundle_recipient_changed_body": ({"expect": "signature-failure", **karin_key},
                                          encrypt_recipient(flip(decrypt_recipient(ok, KARIN),
                                                                 120), KARIN, rng)),
        "bundle_identity_changed": ({"expect": "signature-failure", **at},
                                    flip(identity, len(identity) - 5)),
        "bundle_recipient_expired": ({"expect": "expired", **karin_key,
                                      "now": (LATER + timedelta(seconds=1)).isoformat()}, ok),
        "bundle_passcode_wrong": ({"expect": "wrong-passcode", **at, "passcode": "7K2M-QX9E"},
                                  by_passcode),
        "bundle_passcode_missing": ({"expect": "passcode-needed", **at}, by_passcode),
        "frames_success": ({**share_success, **karin_key}, [frames[2], frames[0], frames[1],
                                                             frames[0], frames[3]]),
        "frames_truncated": ({"expect": "truncated-frame", **karin_key},
                             [frames[0], frames[1][:-6]]),
        "frames_changed_character": ({"expect": "damaged-frame", **karin_key},
                                     [frames[0][:50] + ("A" if frames[0][50] != "A" else "B")
                                      + frames[0][51:]]),
        "frames_mixed": ({"expect": "mixed-frames", **karin_key},
                         [frames[0], frames[1], other_frames[1]]),
        "frames_version_2": ({"expect": "unsupported-version", **karin_key},
                             ["OP2:" + frames[0][4:]]),
        "frames_unrelated_url": ({"expect": "unrelated-code", **karin_key},
                                 ["https://example.org/plan?id=42"]),
        "frames_unrelated_wifi": ({"expect": "unrelated-code", **karin_key},
                                  ["WIFI:T:WPA;S:Thuis;P:geheim123;;"]),
    }


def _signed_junk_for_karin(rng: Callable[[int], bytes]) -> bytes:
    """A correctly signed and encrypted bundle whose body is not DEFLATE data."""
    ikm = rng(hpke.IKM_LEN)
    enc = hpke.derive_key_pair(ikm).public_key().public_bytes_raw()
    key = KARIN.public().agreement_key
    prefix = bundle.MAGIC + bytes([bundle.VERSION, bundle.RECIPIENT])
    prefix += bundle.recipient_hint(enc, key)
    junk, signer = b"\xff" * 40, FAMILY.public().signing_key
    signature = FAMILY.sign(bundle.LABEL_SIGNATURE + prefix + enc + key + signer + junk)
    return prefix + hpke.seal(key, bundle.LABEL_HPKE_INFO + prefix, signature + signer + junk,
                              ikm)


def render(header: dict[str, str], data: bytes | list[str]) -> bytes:
    head = "".join(f"{key}: {value}\n" for key, value in header.items()).encode()
    payload = data if isinstance(data, bytes) else "".join(t + "\n" for t in data).encode()
    return head + b"\n" + payload


def main() -> None:
    for old in HERE.glob("bundle_*"):
        old.unlink()
    for old in HERE.glob("frames_*"):
        old.unlink()
    written = cases()
    for name, (header, data) in written.items():
        (HERE / name).write_bytes(render(header, data))
    print(f"wrote {len(written)} vectors to {HERE}")


if __name__ == "__main__":
    main()
