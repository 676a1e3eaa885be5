"""Bundles: signed, compressed, encrypted messages between vaults (docs/bundle-format.md).

    bundle    = header || sealed                      (what a file or the QR frames carry)
    header    = "OP" || version 0x01 || mode || mode fields
    plaintext = signature(64) || signer key(32) || body (body.py)

Mode 1 (recipient) encrypts the plaintext with HPKE to a paired recipient's X25519 key;
mode 2 (passcode) with AES-256-GCM under scrypt(passcode, salt); mode 3 (public) does not
encrypt and is allowed only for identity bundles. Everything about the bundle except what
decryption needs (kind, sender, id, dates, payload) is inside the signed body.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import body, hpke
from .errors import (
    BundleFormatError, DecryptionFailed, Expired, HeaderFailure, NotForThisRecipient,
    PasscodeNeeded, SignatureFailed, UnsupportedVersion, WrongPasscode,
)
from .identity import Identity, PublicIdentity, verify_signature
from .passcode import SALT_LEN, passcode_key
from .randomness import RandomBytes, system

MAGIC = b"OP"
VERSION = 1
FILE_SUFFIX = ".onsplan"  # a bundle saved as a file is just its bytes
RECIPIENT, PASSCODE, PUBLIC = 1, 2, 3
MODES = {RECIPIENT: "recipient", PASSCODE: "passcode", PUBLIC: "public"}
KINDS = ("share", "return", "sync", "closure", "identity", "revocation")  # wire: index + 1

HINT_LEN, SIG_LEN, KEY_LEN, ID_LEN, TAG_LEN = 4, 64, 32, 16, 16
LABEL_SIGNATURE = b"onsplan/1 signature"
LABEL_HPKE_INFO = b"onsplan/1 hpke"
LABEL_HINT = b"onsplan/1 recipient hint"
_ZERO_NONCE = bytes(12)  # each passcode key is fresh (random salt) and used once

# Keys of the envelope map inside the body.
_KIND, _ID, _CREATED, _EXPIRES, _SENDER, _PAYLOAD = range(1, 7)
# Dates are whole seconds from 1970 up to the last second of the year 9999.
LAST_SECOND = 253_402_300_799
# The shortest bundle of each mode: its header, and a plaintext that holds at least the
# signature and the signer (the ciphertext adds the AEAD tag). Shorter is a header failure.
_PLAIN_MIN = SIG_LEN + KEY_LEN
MIN_LENGTH = {RECIPIENT: 4 + HINT_LEN + hpke.ENC_LEN + _PLAIN_MIN + hpke.TAG_LEN,
              PASSCODE: 4 + SALT_LEN + _PLAIN_MIN + TAG_LEN, PUBLIC: 4 + _PLAIN_MIN}


@dataclass(frozen=True)
class OpenedBundle:
    kind: str
    sender: PublicIdentity
    bundle_id: str  # 32 hex digits
    created: datetime
    expires: datetime
    payload: dict[Any, Any]
    mode: str  # "recipient", "passcode" or "public"


def _now(now: datetime | None) -> datetime:
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("use timezone-aware datetimes")
    return now


def _seconds(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("use timezone-aware datetimes")
    return int(moment.timestamp())


def recipient_hint(enc: bytes, recipient_key: bytes) -> bytes:
    """4 bytes that let a recipient see "not for me" without trying to decrypt."""
    return hashlib.sha256(LABEL_HINT + enc + recipient_key).digest()[:HINT_LEN]


def seal(kind: str, payload: dict[Any, Any], sender: Identity, *,
         to: PublicIdentity | None = None, passcode: str | None = None,
         expires: datetime, now: datetime | None = None,
         rng: RandomBytes = system, bundle_id: bytes | None = None) -> bytes:
    """A bundle of ``kind`` from ``sender``: to a paired recipient (``to``), under a passcode,
    or (identity bundles only) public. ``payload`` is any CBOR-ready map. A sender that must
    remember the bundle (the consent log) passes its own random ``bundle_id``."""
    if kind not in KINDS:
        raise ValueError(f"unknown bundle kind {kind!r}")
    if to is not None and passcode is not None:
        raise ValueError("a bundle goes to a recipient or under a passcode, not both")
    if to is None and passcode is None and kind != "identity":
        raise ValueError("only identity bundles may be unencrypted")
    if not isinstance(payload, dict):
        raise ValueError("the payload must be a map")
    created = _now(now)
    if _seconds(expires) <= _seconds(created):
        raise ValueError("a bundle must expire after it is made")
    if bundle_id is not None and len(bundle_id) != ID_LEN:
        raise ValueError(f"a bundle id has {ID_LEN} bytes")
    envelope = {_KIND: KINDS.index(kind) + 1, _ID: bundle_id or rng(ID_LEN), _CREATED: _seconds(created),
                _EXPIRES: _seconds(expires), _SENDER: sender.public().to_map(with_signing_key=False),
                _PAYLOAD: payload}
    packed = body.pack(envelope)
    signer = sender.public().signing_key
    if to is not None:
        ikm = rng(hpke.IKM_LEN)
        enc = hpke.derive_key_pair(ikm).public_key().public_bytes_raw()
        prefix = MAGIC + bytes([VERSION, RECIPIENT]) + recipient_hint(enc, to.agreement_key)
        header = prefix + enc
        plaintext = _signed(sender, header, to.agreement_key, signer, packed)
        sealed = hpke.seal(to.agreement_key, LABEL_HPKE_INFO + prefix, plaintext, ikm)
        return prefix + sealed  # sealed starts with enc
    if passcode is not None:
        header = MAGIC + bytes([VERSION, PASSCODE]) + rng(SALT_LEN)
        plaintext = _signed(sender, header, b"", signer, packed)
        key = passcode_key(passcode, header[-SALT_LEN:])
        return header + AESGCM(key).encrypt(_ZERO_NONCE, plaintext, header)
    header = MAGIC + bytes([VERSION, PUBLIC])
    return header + _signed(sender, header, b"", signer, packed)


def _signed(sender: Identity, header: bytes, recipient_key: bytes, signer: bytes,
            packed: bytes) -> bytes:
    signature = sender.sign(LABEL_SIGNATURE + header + recipient_key + signer + packed)
    return signature + signer + packed


def bundle_mode(data: bytes) -> str:
    """"recipient", "passcode" or "public": lets the UI ask for a passcode before opening."""
    return MODES[_parse_header(data)]


def _parse_header(data: Any) -> int:
    if not isinstance(data, (bytes, bytearray)) or len(data) < 4 or data[:2] != MAGIC:
        raise HeaderFailure(detail="no Ons Plan bundle magic")
    if data[2] != VERSION:
        raise UnsupportedVersion(detail=f"bundle version {data[2]}")
    if data[3] not in MODES:
        raise UnsupportedVersion(detail=f"bundle mode {data[3]}")
    if len(data) < MIN_LENGTH[data[3]]:
        raise HeaderFailure(detail=f"too short for a {MODES[data[3]]} bundle")
    return data[3]


def open_bundle(data: bytes, *, me: Identity | None = None, passcode: str | None = None,
                now: datetime | None = None) -> OpenedBundle:
    """Check and open a bundle. Raises one of the errors in errors.BUNDLE_ERRORS."""
    data = bytes(data) if isinstance(data, bytearray) else data
    mode = _parse_header(data)
    recipient_key = b""
    if mode == RECIPIENT:
        plaintext, header, recipient_key = _open_recipient(data, me)
    elif mode == PASSCODE:
        plaintext, header = _open_passcode(data, passcode)
    else:
        header, plaintext = data[:4], data[4:]
    signature, signer = plaintext[:SIG_LEN], plaintext[SIG_LEN:SIG_LEN + KEY_LEN]
    packed = plaintext[SIG_LEN + KEY_LEN:]
    message = LABEL_SIGNATURE + header + recipient_key + signer + packed
    if not verify_signature(signer, signature, message):
        raise SignatureFailed()
    opened = _read_envelope(body.unpack(packed), signer, MODES[mode])
    if opened.kind != "identity" and mode == PUBLIC:
        raise BundleFormatError(detail="only identity bundles may be unencrypted")
    if _now(now) > opened.expires:
        raise Expired(detail=f"expired {opened.expires.isoformat()}", expires=opened.expires)
    return opened


def open_identity(data: bytes, *, now: datetime | None = None) -> PublicIdentity:
    """The public identity in an identity bundle (pairing); any other kind is refused."""
    opened = open_bundle(data, now=now)
    if opened.kind != "identity":
        raise BundleFormatError(detail=f"a {opened.kind} bundle where an identity was expected")
    from .payloads import read_payload  # payloads reads merge deltas, which read bundles' parts
    read_payload("identity", opened.payload)
    return opened.sender


def _open_recipient(data: bytes, me: Identity | None) -> tuple[bytes, bytes, bytes]:
    prefix_len = 4 + HINT_LEN
    if me is None:
        raise NotForThisRecipient(detail="no identity to open it with")
    prefix, sealed = data[:prefix_len], data[prefix_len:]
    enc = sealed[:hpke.ENC_LEN]
    my_key = me.public().agreement_key
    if recipient_hint(enc, my_key) != prefix[4:]:
        raise NotForThisRecipient(detail="recipient hint does not match")
    try:
        plaintext = hpke.open_(me.agreement_private_key(), LABEL_HPKE_INFO + prefix, sealed)
    except (InvalidTag, ValueError):
        raise DecryptionFailed() from None
    return plaintext, prefix + enc, my_key


def _open_passcode(data: bytes, passcode: str | None) -> tuple[bytes, bytes]:
    header_len = 4 + SALT_LEN
    if passcode is None:
        raise PasscodeNeeded()
    header = data[:header_len]
    try:
        key = passcode_key(passcode, header[4:])
    except ValueError:
        raise WrongPasscode(detail="not a passcode") from None
    try:
        return AESGCM(key).decrypt(_ZERO_NONCE, data[header_len:], header), header
    except InvalidTag:
        raise WrongPasscode() from None


def _read_envelope(envelope: Any, signer: bytes, mode: str) -> OpenedBundle:
    if not isinstance(envelope, dict):
        raise BundleFormatError(detail="envelope must be a map")
    kind = envelope.get(_KIND)
    if type(kind) is not int:
        raise BundleFormatError(detail="kind must be an integer")
    if not 1 <= kind <= len(KINDS):
        raise UnsupportedVersion(detail=f"bundle kind {kind}")
    bundle_id, payload = envelope.get(_ID), envelope.get(_PAYLOAD)
    if not isinstance(bundle_id, bytes) or len(bundle_id) != ID_LEN:
        raise BundleFormatError(detail="bundle id must be 16 bytes")
    if not isinstance(payload, dict):
        raise BundleFormatError(detail="payload must be a map")
    try:
        sender = PublicIdentity.from_bundle_map(envelope.get(_SENDER), signer)
        created, expires = (_moment(envelope.get(k)) for k in (_CREATED, _EXPIRES))
    except ValueError as err:
        raise BundleFormatError(detail=str(err)) from None
    if expires <= created:  # seal() never writes it: such a bundle was never valid
        raise BundleFormatError(detail="expires is not after created")
    return OpenedBundle(KINDS[kind - 1], sender, bundle_id.hex(), created, expires, payload,
                        mode)


def _moment(value: Any) -> datetime:
    if type(value) is not int:
        raise ValueError("dates must be whole seconds")
    if not 0 <= value <= LAST_SECOND:
        raise ValueError("date out of range")
    return datetime.fromtimestamp(value, timezone.utc)
