"""What the vector generators share: fixed people, a fixed clock, and ways to forge bundles.

The forging helpers make what an attacker, a damaged file or a careless writer could make:
correctly signed bundles around any envelope or any body bytes, and re-encrypted ones. They
are also used by tests/test_bundle.py and tests/test_bundle_fuzz.py.
"""
from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import cbor2
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from family_app.domain import load_scenario
from sync import body, bundle, hpke
from sync.identity import Identity
from sync.passcode import passcode_key
from sync.randomness import seeded
from sync.share_payload import Scope, build_share
from sync.zdict import ZDICT
from tests.helpers.data import KOWALSKA

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 1, 20, 9, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=31)
FAMILY = Identity.generate("Gezin Kowalska", rng=seeded("vector family"))
KARIN = Identity.generate("Karin Mulder", "CJG Apeldoorn", rng=seeded("vector karin"))
OTHER = Identity.generate("Piet Jansen", "Buurtteam", rng=seeded("vector other"))
YOUTH = Identity.generate("Ola", rng=seeded("vector youth"))
LAPTOP = Identity.generate("Laptop", rng=seeded("vector laptop"))
PASSCODE = "7K2M-QX9D"
PUBLIC_HEADER = bundle.MAGIC + bytes([bundle.VERSION, bundle.PUBLIC])

Header = dict[str, str]
Case = tuple[Header, "bytes | list[str]"]


def reader(me: Identity | None = None, *, now: datetime = NOW, **more: str) -> Header:
    """The reader's inputs: its X25519 secret (to open mode 1), its clock, a passcode."""
    header = {"agreement-secret": me.agreement_secret.hex()} if me else {}
    return {**header, "now": now.isoformat(), **more}


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


def signed_body(packed: bytes, sender: Identity, header: bytes,
                recipient_key: bytes = b"") -> bytes:
    """signature || signer || body for any body bytes, correctly signed."""
    signer = sender.public().signing_key
    message = bundle.LABEL_SIGNATURE + header + recipient_key + signer + packed
    return sender.sign(message) + signer + packed


def signed_plaintext(envelope: dict[Any, Any], sender: Identity, header: bytes,
                     recipient_key: bytes = b"") -> bytes:
    """A correctly signed plaintext around any envelope (to test what comes after signing)."""
    return signed_body(body.pack(envelope), sender, header, recipient_key)


def envelope(kind: int = 1, **extra: Any) -> dict[Any, Any]:
    return {1: kind, 2: b"\x11" * 16, 3: int(NOW.timestamp()), 4: int(LATER.timestamp()),
            5: FAMILY.public().to_map(with_signing_key=False), 6: {"x": 1}, **extra}


def recipient_bundle_of(plain_envelope: dict[Any, Any], to: Identity,
                        rng: Callable[[int], bytes], sender: Identity = FAMILY) -> bytes:
    """Sign an arbitrary envelope correctly for ``to`` and encrypt it."""
    return recipient_bundle_with_body(body.pack(plain_envelope), to, rng, sender)


def recipient_bundle_with_body(packed: bytes, to: Identity, rng: Callable[[int], bytes],
                               sender: Identity = FAMILY) -> bytes:
    """A bundle for ``to`` whose signed body is exactly ``packed``."""
    ikm = rng(hpke.IKM_LEN)
    enc = hpke.derive_key_pair(ikm).public_key().public_bytes_raw()
    key = to.public().agreement_key
    prefix = bundle.MAGIC + bytes([bundle.VERSION, bundle.RECIPIENT])
    prefix += bundle.recipient_hint(enc, key)
    plaintext = signed_body(packed, sender, prefix + enc, key)
    return prefix + hpke.seal(key, bundle.LABEL_HPKE_INFO + prefix, plaintext, ikm)


def public_bundle_with_body(packed: bytes, sender: Identity = KARIN) -> bytes:
    """A public (mode 3) bundle whose signed body is exactly ``packed``: no key needed."""
    return PUBLIC_HEADER + signed_body(packed, sender, PUBLIC_HEADER)


def identity_envelope(changes: dict[Any, Any] | None = None) -> dict[Any, Any]:
    """Karin's identity envelope (kind 5, for mode 3), with changes; None drops a key."""
    fields = {1: 5, 2: b"\x22" * 16, 3: int(NOW.timestamp()),
              4: int((NOW + timedelta(days=365)).timestamp()),
              5: KARIN.public().to_map(with_signing_key=False), 6: {}, **(changes or {})}
    return {key: value for key, value in fields.items() if value is not None}


def deflate(raw: bytes) -> bytes:
    """Raw DEFLATE with the format's dictionary, in one block: any bytes as a body."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, ZDICT)
    return compressor.compress(raw) + compressor.flush()


@contextmanager
def dictionary_zero() -> Iterator[None]:
    """Bodies as writers made them before dictionaries 1-6: every body.pack (seal's too)
    uses dictionary 0 unless told otherwise. The vectors made before then stay byte for
    byte what they were, the proof that such bundles still read."""
    choosing = body.pack
    body.pack = lambda tree, dictionary=0: choosing(tree, dictionary)
    try:
        yield
    finally:
        body.pack = choosing


def unpooled(tree: Any) -> bytes:
    """A body that pools nothing: [[], "", tree], every string written where it stands."""
    return deflate(cbor2.dumps([[], "", tree]))


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


def kowalska_tables() -> dict[str, Any]:
    return fixed_ids(load_scenario(KOWALSKA).plan.to_tables(), "kowalska")


def kowalska_share(preset: str = "current", goal_ids: tuple[str, ...] | None = None):
    return build_share(kowalska_tables(), Scope.preset(preset, goal_ids), plan_version=12)


def digest_of_payload(payload: Any) -> str:
    return hashlib.sha256(cbor2.dumps(payload, canonical=True)).hexdigest()


# --- files ------------------------------------------------------------------------------------

def render(header: Header, data: bytes | list[str]) -> bytes:
    head = "".join(f"{key}: {value}\n" for key, value in header.items()).encode()
    payload = data if isinstance(data, bytes) else "".join(t + "\n" for t in data).encode()
    return head + b"\n" + payload


def render_json(view: Any) -> bytes:
    return (json.dumps(view, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
