"""The vault file format ``onsplan-vault/1``: bytes in, bytes out, no files.

    magic line  b"ONSPLAN-VAULT/1\\n"
    uint32 BE   length of the header
    header      UTF-8 JSON object (format, profile_id, kind, kdf, slots, nonce[, attempts])
    payload     AES-256-GCM(data key, nonce, JSON database, aad=data_aad(...))

docs/vault-format.md is the normative description; keep the two in step. Every rule a
reader MUST enforce raises VaultCorrupt here, with ``detail`` naming the rule.
"""
from __future__ import annotations

import base64
import binascii
import json
import os
import re
import struct
from dataclasses import dataclass, replace
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from family_app.vault.errors import VaultCorrupt
from family_app.vault.keys import (KEY_LEN, NONCE_LEN, SALT_LEN, SLOT_KINDS, TAG_LEN, KdfParams,
                                   KeySlot)

MAGIC = b"ONSPLAN-VAULT/1\n"
FORMAT = "onsplan-vault/1"
KINDS = ("family", "youth", "begeleider")
MAX_HEADER_LEN = 64 * 1024
_LENGTH = struct.Struct(">I")
_PROFILE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")
_UNSUPPORTED = "This file is not a plan this app can open."


def _reject(detail: str, problem: str | None = None) -> VaultCorrupt:
    return VaultCorrupt(problem, detail=detail)


@dataclass(frozen=True)
class VaultHeader:
    """Everything outside the encryption: what a reader needs to find and open the key."""

    profile_id: str
    kind: str
    kdf: KdfParams
    slots: tuple[KeySlot, ...]
    nonce: bytes = b""
    # The wrong-secret counts (lockout.py reads and writes them); None when there are
    # none. Plaintext and not authenticated: kept as the JSON value found, never a
    # reason to reject a file.
    attempts: Any = None

    def slot(self, kind: str) -> KeySlot:
        for slot in self.slots:
            if slot.kind == kind:
                return slot
        raise _reject(f"no {kind!r} slot")

    def with_slot(self, new: KeySlot) -> "VaultHeader":
        """The same header with the slot of ``new.kind`` replaced (or added)."""
        others = tuple(s for s in self.slots if s.kind != new.kind)
        return replace(self, slots=tuple(sorted(others + (new,), key=_slot_order)))


def _slot_order(slot: KeySlot) -> int:
    return SLOT_KINDS.index(slot.kind) if slot.kind in SLOT_KINDS else len(SLOT_KINDS)


def check_identity(profile_id: str, kind: str) -> None:
    """Writers and readers accept the same profile ids and kinds."""
    if not isinstance(profile_id, str) or not _PROFILE_ID.match(profile_id):
        raise _reject("profile_id must be 1-64 of [A-Za-z0-9_-]")
    if kind not in KINDS:
        raise _reject(f"kind must be one of {KINDS}", _UNSUPPORTED)


# --- labels: associated data that binds ciphertexts to their place -----------------

def data_aad(profile_id: str, kind: str) -> bytes:
    # Binds the database to its format and profile, not to the slots, so that a new
    # PIN rewrites only the header.
    return b"\x00".join([FORMAT.encode(), b"data", profile_id.encode(), kind.encode()])


def slot_aad(slot_kind: str, profile_id: str) -> bytes:
    return b"\x00".join([FORMAT.encode(), b"slot", slot_kind.encode(), profile_id.encode()])


# --- the database payload --------------------------------------------------------------

def seal(data_key: bytes, header: VaultHeader, plaintext: bytes) -> tuple[VaultHeader, bytes]:
    """Encrypt the database under a fresh random nonce; returns the header carrying it."""
    nonce = os.urandom(NONCE_LEN)
    ciphertext = AESGCM(data_key).encrypt(nonce, plaintext,
                                          data_aad(header.profile_id, header.kind))
    return replace(header, nonce=nonce), ciphertext


def unseal(data_key: bytes, header: VaultHeader, ciphertext: bytes) -> bytes:
    try:
        return AESGCM(data_key).decrypt(header.nonce, ciphertext,
                                        data_aad(header.profile_id, header.kind))
    except InvalidTag:
        raise _reject("payload failed authentication") from None


# --- encoding --------------------------------------------------------------------------

def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: object, length: int, what: str) -> bytes:
    """Strict, canonical standard base64 of exactly ``length`` bytes."""
    if not isinstance(text, str):
        raise _reject(f"{what} must be a base64 string")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _reject(f"{what} is not valid base64") from None
    if _b64(raw) != text or len(raw) != length:
        raise _reject(f"{what} must be canonical base64 of {length} bytes")
    return raw


def encode(header: VaultHeader, ciphertext: bytes) -> bytes:
    check_identity(header.profile_id, header.kind)
    fields = {
        "format": FORMAT,
        "profile_id": header.profile_id,
        "kind": header.kind,
        "kdf": {"name": "scrypt", "n": header.kdf.n, "r": header.kdf.r, "p": header.kdf.p},
        "slots": [{"kind": s.kind, "salt": _b64(s.salt), "nonce": _b64(s.nonce),
                   "wrapped": _b64(s.wrapped)} for s in header.slots],
        "nonce": _b64(header.nonce),
    }
    if header.attempts is not None:
        fields["attempts"] = header.attempts
    text = json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return b"".join([MAGIC, _LENGTH.pack(len(text)), text, ciphertext])


def decode_slots(raw: object) -> tuple[KeySlot, ...]:
    if not isinstance(raw, list):
        raise _reject("slots must be a list")
    slots: list[KeySlot] = []
    for item in raw:
        if not isinstance(item, dict):
            raise _reject("each slot must be an object")
        kind = item.get("kind")
        if kind not in SLOT_KINDS:
            continue   # a newer writer's slot kind: ignored, as unknown fields are
        if any(s.kind == kind for s in slots):
            raise _reject(f"two {kind!r} slots")
        slots.append(KeySlot(kind, _unb64(item.get("salt"), SALT_LEN, "slot salt"),
                             _unb64(item.get("nonce"), NONCE_LEN, "slot nonce"),
                             _unb64(item.get("wrapped"), KEY_LEN + TAG_LEN, "wrapped key")))
    return tuple(slots)


def decode_kdf(raw: object) -> KdfParams:
    if not isinstance(raw, dict) or raw.get("name") != "scrypt":
        raise _reject("kdf must be scrypt", _UNSUPPORTED)
    params = KdfParams(raw.get("n"), raw.get("r"), raw.get("p"))
    problem = params.problem()
    if problem:
        raise _reject(problem, _UNSUPPORTED)
    return params


def decode_header(blob: bytes) -> tuple[VaultHeader, int]:
    """Parse and check the header; returns it and the offset of the payload."""
    if not blob.startswith(MAGIC):
        raise _reject("magic line missing", _UNSUPPORTED)
    start = len(MAGIC) + _LENGTH.size
    if len(blob) < start:
        raise _reject("truncated before the header length")
    (length,) = _LENGTH.unpack_from(blob, len(MAGIC))
    if length > MAX_HEADER_LEN or len(blob) < start + length:
        raise _reject("header length out of range")
    try:
        fields = json.loads(blob[start:start + length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _reject("header is not UTF-8 JSON") from None
    if not isinstance(fields, dict):
        raise _reject("header must be a JSON object")
    if fields.get("format") != FORMAT:
        raise _reject(f"format must be {FORMAT!r}", _UNSUPPORTED)
    check_identity(fields.get("profile_id"), fields.get("kind"))
    header = VaultHeader(fields["profile_id"], fields["kind"], decode_kdf(fields.get("kdf")),
                         decode_slots(fields.get("slots")),
                         _unb64(fields.get("nonce"), NONCE_LEN, "payload nonce"),
                         fields.get("attempts"))
    return header, start + length


def decode(blob: bytes) -> tuple[VaultHeader, bytes]:
    """Split a vault file into its checked header and its payload ciphertext."""
    header, offset = decode_header(blob)
    if len(blob) - offset < TAG_LEN:
        raise _reject("payload shorter than the GCM tag")
    return header, blob[offset:]
