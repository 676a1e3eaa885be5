"""The file layout of docs/vault-format.md: each MUST-reject rule, one case each."""
from __future__ import annotations

import base64
import json
import struct

import pytest

from family_app.vault import VaultCorrupt, fileformat
from family_app.vault.fileformat import MAGIC, VaultHeader
from family_app.vault.keys import DEFAULT_KDF, KeySlot

# The header's scrypt rules themselves: the real cost (tests/helpers/kdf.py).
pytestmark = pytest.mark.real_scrypt

KEY = bytes(32)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def good_fields() -> dict:
    slot = {"salt": b64(b"s" * 16), "nonce": b64(b"n" * 12), "wrapped": b64(b"w" * 48)}
    return {"format": "onsplan-vault/1", "profile_id": "a1b2", "kind": "youth",
            "kdf": {"name": "scrypt", "n": 2**17, "r": 8, "p": 1},
            "slots": [{"kind": "secret", **slot}, {"kind": "recovery", **slot}],
            "nonce": b64(b"N" * 12)}


def build(fields: dict, payload: bytes = b"p" * 40, magic: bytes = MAGIC) -> bytes:
    text = json.dumps(fields).encode()
    return magic + struct.pack(">I", len(text)) + text + payload


def test_encode_then_decode_gives_back_header_and_payload():
    header = VaultHeader("a1b2", "youth", DEFAULT_KDF,
                         (KeySlot("secret", b"s" * 16, b"n" * 12, b"w" * 48),))
    sealed, ciphertext = fileformat.seal(KEY, header, b'{"t":{}}')
    blob = fileformat.encode(sealed, ciphertext)
    assert blob.startswith(b"ONSPLAN-VAULT/1\n")
    assert fileformat.decode(blob) == (sealed, ciphertext)
    assert fileformat.unseal(KEY, *fileformat.decode(blob)) == b'{"t":{}}'


def test_unknown_fields_and_slot_kinds_are_ignored():
    fields = good_fields()
    fields["comment"] = "from a newer writer"
    fields["slots"].append({"kind": "hardware-key", "whatever": 1})
    header, payload = fileformat.decode(build(fields))
    assert [s.kind for s in header.slots] == ["secret", "recovery"]
    assert payload == b"p" * 40


def change(path: str, value):
    def apply(fields):
        *parents, last = path.split(".")
        target = fields
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    return apply


REJECTED_HEADERS = {
    "format": change("format", "onsplan-vault/2"),
    "profile_id_chars": change("profile_id", "../etc"),
    "profile_id_type": change("profile_id", 7),
    "kind": change("kind", "admin"),
    "kdf_name": change("kdf.name", "pbkdf2"),
    "kdf_n_too_low": change("kdf.n", 2**16),
    "kdf_n_too_high": change("kdf.n", 2**24),
    "kdf_r": change("kdf.r", 1),
    "salt_length": change("slots.0.salt", b64(b"s" * 8)),
    "wrapped_length": change("slots.0.wrapped", b64(b"w" * 32)),
    "base64_alphabet": change("slots.0.nonce", "bm5ubm5ubm5ubm5u_"),
    "base64_unpadded": change("slots.0.salt", b64(b"s" * 16).rstrip("=")),
    "base64_noncanonical": change("slots.0.salt", "c3Nzc3Nzc3Nzc3Nzc3Nzcx=="),
    "nonce_length": change("nonce", b64(b"N" * 16)),
    "duplicate_slot": change("slots.1.kind", "secret"),
    "slots_type": change("slots", {"secret": 1}),
}


@pytest.mark.parametrize("case", REJECTED_HEADERS)
def test_header_rules(case):
    fields = good_fields()
    REJECTED_HEADERS[case](fields)
    with pytest.raises(VaultCorrupt):
        fileformat.decode(build(fields))


@pytest.mark.parametrize("blob", [
    b"",
    b"ONSPLAN-VAULT/2\n" + build(good_fields())[len(MAGIC):],
    MAGIC + b"\x00\x00",                                        # no full length field
    MAGIC + struct.pack(">I", 10**6) + b"{}",                   # longer than allowed
    MAGIC + struct.pack(">I", 500) + b"{}",                     # longer than the file
    MAGIC + struct.pack(">I", 2) + b"[]" + b"p" * 20,           # not an object
    MAGIC + struct.pack(">I", 3) + b"\xff{}" + b"p" * 20,       # not UTF-8
    build(good_fields(), payload=b"p" * 15),                    # shorter than a GCM tag
], ids=["empty", "magic", "length_cut", "length_max", "length_past_end", "array",
        "utf8", "short_payload"])
def test_layout_rules(blob):
    with pytest.raises(VaultCorrupt):
        fileformat.decode(blob)


def test_a_changed_payload_byte_fails_authentication():
    header = VaultHeader("a1b2", "family", DEFAULT_KDF, ())
    sealed, ciphertext = fileformat.seal(KEY, header, b"{}")
    damaged = bytes([ciphertext[0] ^ 1]) + ciphertext[1:]
    with pytest.raises(VaultCorrupt):
        fileformat.unseal(KEY, sealed, damaged)


def test_the_payload_is_bound_to_the_kind():
    header = VaultHeader("a1b2", "youth", DEFAULT_KDF, ())
    sealed, ciphertext = fileformat.seal(KEY, header, b"{}")
    as_family = VaultHeader("a1b2", "family", DEFAULT_KDF, (), sealed.nonce)
    with pytest.raises(VaultCorrupt):
        fileformat.unseal(KEY, as_family, ciphertext)


@pytest.mark.parametrize("attempts", [
    {"secret": {"failures": 4, "not_before": 1700000010.0}}, "damaged", [1, 2], None,
])
def test_the_attempts_count_never_makes_a_file_unreadable(attempts):
    # Unauthenticated and written after wrong secrets: whatever it holds, the file reads,
    # and writing it back keeps the payload byte for byte.
    fields = good_fields()
    fields["attempts"] = attempts
    header, payload = fileformat.decode(build(fields))
    assert header.attempts == attempts
    assert fileformat.decode(fileformat.encode(header, payload)) == (header, payload)
