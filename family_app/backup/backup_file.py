"""The backup file format ``onsplan-backup/1``: bytes in, bytes out, no files.

    magic        b"ONSPLAN-BACKUP\\n" (15 bytes)
    version      1 byte, 1
    uint32 BE    length of the header (at most 4,096)
    header       UTF-8 JSON: format, profile_id, kdf, slots, salt, nonce
    payload      AES-256-GCM(content key, nonce, DEFLATE(JSON contents), aad = all bytes before)

The content key is HKDF-SHA256 of the vault's data key (with the header's salt); the data
key comes out of the vault's own recovery slot, copied into the header, which scrypt of the
recovery code opens. So a backup opens with the recovery code, and the app makes one without
knowing that code. If the family chooses, the vault's "secret" slot is copied too, so that
the backup also opens with their passphrase (never a PIN's: vault.passphrase_slot).
docs/backup-format.md is the normative description; keep the two in step.

A reader checks everything it can before the slow part: the size, the magic line, the
version, the header and its scrypt cost (bounded, as the vault's reader bounds it), and
inflates at most MAX_CONTENTS_LEN bytes.
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from family_app.backup.errors import (BackupDamaged, BackupTooLarge, NewerBackup, NotABackup,
                                      WrongBackupCode, WrongBackupSecret)
from family_app.clock import Rng
from family_app.vault import MalformedRecoveryCode, VaultCorrupt, WrongSecret
from family_app.vault.fileformat import KINDS, check_identity, decode_kdf, decode_slots, slot_aad
from family_app.vault.keys import (KEY_LEN, NONCE_LEN, SALT_LEN, TAG_LEN, KdfParams, KeySlot,
                                   derive_kek, open_slot, recovery_material, secret_material)

MAGIC = b"ONSPLAN-BACKUP\n"
VERSION = 1
FORMAT = "onsplan-backup/1"
EXTENSION = ".onsplan-backup"
CONTENT_INFO = b"onsplan-backup/1 content"
MAX_FILE_LEN = 32 * 1024 * 1024        # five busy years with a second device are ~10 MB
MAX_HEADER_LEN = 4096
MAX_CONTENTS_LEN = 64 * 1024 * 1024    # inflated: a small file must not fill the memory
_LENGTH = struct.Struct(">I")
_PREFIX_LEN = len(MAGIC) + 1 + _LENGTH.size


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds: one profile whole. ``tables`` is every table of its vault as
    stored, ``{table: {doc id: record}}``; ``made`` is an ISO 8601 moment in UTC."""

    kind: str
    label: str
    made: str
    tables: dict[str, dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class BackupHeader:
    profile_id: str
    kdf: KdfParams
    slot: KeySlot      # the vault's recovery slot, as it was when the backup was made
    salt: bytes        # for HKDF
    nonce: bytes       # of the payload
    passphrase: KeySlot | None = None   # the vault's "secret" slot, when the family chose it


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def content_key(data_key: bytes, salt: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_LEN, salt, CONTENT_INFO).derive(data_key)


# --- writing ---------------------------------------------------------------------------

def seal(contents: BackupContents, *, data_key: bytes, profile_id: str, kdf: KdfParams,
         slot: KeySlot, rng: Rng, passphrase: KeySlot | None = None) -> bytes:
    """The backup file of ``contents``. ``slot`` is the vault's recovery slot: it wraps
    ``data_key`` under scrypt of the recovery code, with the vault's ``kdf``;
    ``passphrase``, when given, is its "secret" slot holding a passphrase (same cost)."""
    check_identity(profile_id, contents.kind)
    if slot.kind != "recovery" or (passphrase is not None and passphrase.kind != "secret"):
        raise ValueError("a backup holds a recovery slot and at most a passphrase slot")
    salt, nonce = rng(SALT_LEN), rng(NONCE_LEN)
    header = {"format": FORMAT, "profile_id": profile_id,
              "kdf": {"name": "scrypt", "n": kdf.n, "r": kdf.r, "p": kdf.p},
              "slots": [{"kind": s.kind, "salt": _b64(s.salt), "nonce": _b64(s.nonce),
                         "wrapped": _b64(s.wrapped)} for s in (slot, passphrase) if s],
              "salt": _b64(salt), "nonce": _b64(nonce)}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    prefix = MAGIC + bytes([VERSION]) + _LENGTH.pack(len(text)) + text
    plain = json.dumps({"format": FORMAT, "kind": contents.kind, "label": contents.label,
                        "made": contents.made, "tables": contents.tables},
                       ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)   # raw DEFLATE: no second checksum
    packed = packer.compress(plain) + packer.flush()
    blob = prefix + AESGCM(content_key(data_key, salt)).encrypt(nonce, packed, prefix)
    if len(blob) > MAX_FILE_LEN:
        raise BackupTooLarge(detail=f"{len(blob)} bytes")
    return blob


# --- reading ---------------------------------------------------------------------------

def read_header(blob: bytes) -> tuple[BackupHeader, int]:
    """The checked header and where the payload starts; raises before any slow step."""
    if len(blob) > MAX_FILE_LEN:
        raise BackupTooLarge(detail=f"{len(blob)} bytes")
    if not blob.startswith(MAGIC):
        # A backup cut off inside its first line is damaged, anything else another file.
        if len(blob) < len(MAGIC) and MAGIC.startswith(blob):   # an empty file too
            raise BackupDamaged(detail="ends inside the magic line")
        raise NotABackup(detail="magic line missing")
    if len(blob) < _PREFIX_LEN:
        raise BackupDamaged(detail="ends before the header length")
    version = blob[len(MAGIC)]
    if version > VERSION:
        raise NewerBackup(detail=f"version {version}")
    if version != VERSION:
        raise BackupDamaged(detail=f"version {version}")
    (length,) = _LENGTH.unpack_from(blob, len(MAGIC) + 1)
    if length > MAX_HEADER_LEN or len(blob) < _PREFIX_LEN + length:
        raise BackupDamaged(detail="header length out of range")
    try:
        fields = json.loads(blob[_PREFIX_LEN:_PREFIX_LEN + length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupDamaged(detail="header is not UTF-8 JSON") from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise BackupDamaged(detail="header is not an onsplan-backup/1 object")
    try:
        # The vault's own rules for profile ids, scrypt costs and slots (vault/fileformat.py).
        check_identity(fields.get("profile_id"), "family")
        kdf = decode_kdf(fields.get("kdf"))
        slots = {slot.kind: slot for slot in decode_slots(fields.get("slots"))}
        salt, nonce = _exact_b64(fields.get("salt"), SALT_LEN), _exact_b64(fields.get("nonce"), NONCE_LEN)
    except VaultCorrupt as error:
        raise BackupDamaged(detail=error.detail) from None
    if "recovery" not in slots:
        raise BackupDamaged(detail="no recovery slot")
    offset = _PREFIX_LEN + length
    if len(blob) - offset < TAG_LEN:
        raise BackupDamaged(detail="payload shorter than the GCM tag")
    return BackupHeader(fields["profile_id"], kdf, slots["recovery"], salt, nonce,
                        slots.get("secret")), offset


def open_backup(blob: bytes, typed: str) -> tuple[BackupHeader, BackupContents]:
    """Check, decrypt and decode a backup with what the family typed: its recovery code, or
    the passphrase when the backup has a passphrase slot. Raises a BackupError (or
    MalformedRecoveryCode, before the slow part, for a text that cannot be a code when
    there is no passphrase slot)."""
    header, offset = read_header(blob)
    data_key = _data_key(header, typed)
    try:
        packed = AESGCM(content_key(data_key, header.salt)).decrypt(
            header.nonce, blob[offset:], blob[:offset])
    except InvalidTag:
        raise BackupDamaged(detail="payload failed authentication") from None
    return header, _contents(_inflate(packed))


def _data_key(header: BackupHeader, typed: str) -> bytes:
    """The data key out of the first slot that ``typed`` opens: the recovery slot when it
    reads as a recovery code, then the passphrase slot (at most two scrypt runs)."""
    tries = []
    try:
        tries.append((header.slot, recovery_material(typed)))
    except MalformedRecoveryCode:
        if header.passphrase is None:
            raise
    if header.passphrase is not None:
        tries.append((header.passphrase, secret_material(typed)))
    for slot, material in tries:
        kek = derive_kek(material, slot.salt, header.kdf)   # the slow step
        try:
            return open_slot(slot, kek, slot_aad(slot.kind, header.profile_id))
        except WrongSecret:
            continue
    if header.passphrase is not None:
        raise WrongBackupSecret(detail="no slot opened")
    raise WrongBackupCode(detail="recovery slot did not open")


def _inflate(packed: bytes) -> bytes:
    unpacker = zlib.decompressobj(-15)
    try:
        plain = unpacker.decompress(packed, MAX_CONTENTS_LEN)
    except zlib.error:
        raise BackupDamaged(detail="payload is not DEFLATE") from None
    if unpacker.unconsumed_tail:
        raise BackupTooLarge(detail="contents above the limit")
    if not unpacker.eof or unpacker.unused_data:
        raise BackupDamaged(detail="DEFLATE stream incomplete or followed by junk")
    return plain


def _contents(plain: bytes) -> BackupContents:
    # Authenticated, so a failure here is a writer's bug or a newer writer's shape.
    try:
        doc = json.loads(plain.decode("utf-8"))
        tables = doc["tables"]
        ok = (doc["format"] == FORMAT and doc["kind"] in KINDS and isinstance(doc["label"], str)
              and isinstance(doc["made"], str) and isinstance(tables, dict)
              and all(isinstance(rows, dict) and all(isinstance(r, dict) for r in rows.values())
                      for rows in tables.values()))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        raise BackupDamaged(detail="contents are not an onsplan-backup/1 object")
    return BackupContents(doc["kind"], doc["label"], doc["made"], tables)


def _exact_b64(text: object, length: int) -> bytes:
    """Canonical standard base64 of exactly ``length`` bytes (as the vault's header)."""
    if isinstance(text, str):
        try:
            raw = base64.b64decode(text, validate=True)
        except ValueError:
            raw = None
        if raw is not None and _b64(raw) == text and len(raw) == length:
            return raw
    raise VaultCorrupt(detail=f"not canonical base64 of {length} bytes")
