"""A vault's own keys, and the public half that others pair with.

Every vault (a family, a begeleider's workspace) has an Ed25519 key that signs what it sends
and an X25519 key that bundles are encrypted to (the HPKE recipient key). The private
``Identity`` is stored inside the encrypted vault (``to_dict``); the ``PublicIdentity`` travels
in identity bundles and inside every bundle the vault signs.

The fingerprint is what two people compare when pairing: 16 characters in four groups,
derived from both public keys, e.g. ``7K2M-QX9D-0A1B-WXYZ``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from . import readable
from .body import strict_loads
from .randomness import RandomBytes, system

KEY_LEN = 32
FINGERPRINT_LABEL = b"onsplan/1 fingerprint"
FINGERPRINT_CHARS = 16  # 80 bits
IDENTITY_FORMAT = "onsplan-identity/1"
NAME_LIMIT = 120

# Integer keys of the public identity map (canonical bytes, see docs/bundle-format.md).
_NAME, _ORGANISATION, _SIGNING, _AGREEMENT = 1, 2, 3, 4


def _raw_public(key: Any) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _check_key(value: Any, what: str) -> bytes:
    if not isinstance(value, bytes) or len(value) != KEY_LEN:
        raise ValueError(f"{what} must be {KEY_LEN} bytes")
    return value


def _check_agreement(key: bytes) -> None:
    """Refuse an X25519 key of small order (all zeros, for one): no shared secret comes of it,
    so sharing would fail later with a cryptic error. cryptography refuses the exchange."""
    try:
        X25519PrivateKey.generate().exchange(X25519PublicKey.from_public_bytes(key))
    except ValueError:
        raise ValueError("the agreement key is not a usable X25519 key") from None


def _check_text(value: Any, what: str) -> str:
    if not isinstance(value, str) or len(value) > NAME_LIMIT:
        raise ValueError(f"{what} must be text of at most {NAME_LIMIT} characters")
    return value


@dataclass(frozen=True)
class PublicIdentity:
    """Who someone is to us: a name, an organisation and two public keys (raw bytes)."""

    name: str
    organisation: str
    signing_key: bytes
    agreement_key: bytes

    def __post_init__(self) -> None:
        _check_text(self.name, "name")
        _check_text(self.organisation, "organisation")
        _check_key(self.signing_key, "signing key")
        _check_key(self.agreement_key, "agreement key")
        _check_agreement(self.agreement_key)

    def fingerprint(self) -> str:
        """16 characters in 4 groups that both screens show when pairing."""
        digest = hashlib.sha256(FINGERPRINT_LABEL + self.signing_key + self.agreement_key)
        return readable.group(readable.encode(digest.digest(), FINGERPRINT_CHARS))

    def verify(self, signature: bytes, message: bytes) -> bool:
        return verify_signature(self.signing_key, signature, message)

    def to_map(self, *, with_signing_key: bool = True) -> dict[int, Any]:
        """The CBOR map of the spec; the organisation is left out when empty.

        Bundles leave the signing key out: it travels in front of the signed body.
        """
        out: dict[int, Any] = {_NAME: self.name}
        if self.organisation:
            out[_ORGANISATION] = self.organisation
        if with_signing_key:
            out[_SIGNING] = self.signing_key
        out[_AGREEMENT] = self.agreement_key
        return out

    @classmethod
    def from_bundle_map(cls, data: Any, signing_key: bytes) -> "PublicIdentity":
        """The sender map of a bundle, completed with the key that signed the bundle."""
        if not isinstance(data, dict):
            raise ValueError("a public identity must be a map")
        return cls.from_map({**data, _SIGNING: signing_key})

    @classmethod
    def from_map(cls, data: Any) -> "PublicIdentity":
        """Raises ValueError when the map lacks a field or has a wrong type; ignores extras."""
        if not isinstance(data, dict):
            raise ValueError("a public identity must be a map")
        return cls(name=_check_text(data.get(_NAME), "name"),
                   organisation=_check_text(data.get(_ORGANISATION, ""), "organisation"),
                   signing_key=_check_key(data.get(_SIGNING), "signing key"),
                   agreement_key=_check_key(data.get(_AGREEMENT), "agreement key"))

    def to_bytes(self) -> bytes:
        """Canonical CBOR: the same identity always gives the same bytes."""
        return cbor2.dumps(self.to_map(), canonical=True)

    @classmethod
    def from_bytes(cls, data: bytes) -> "PublicIdentity":
        return cls.from_map(strict_loads(data))

    def to_dict(self) -> dict[str, str]:
        """JSON-safe form (keys as hex), e.g. for a paired Professional record."""
        return {"name": self.name, "organisation": self.organisation,
                "signing_key": self.signing_key.hex(), "agreement_key": self.agreement_key.hex()}

    @classmethod
    def from_dict(cls, data: Any) -> "PublicIdentity":
        if not isinstance(data, dict):
            raise ValueError("a public identity must be a dict")
        return cls(name=_check_text(data.get("name", ""), "name"),
                   organisation=_check_text(data.get("organisation", ""), "organisation"),
                   signing_key=_from_hex(data.get("signing_key"), "signing key"),
                   agreement_key=_from_hex(data.get("agreement_key"), "agreement key"))


def verify_signature(signing_key: bytes, signature: bytes, message: bytes) -> bool:
    """True when ``signature`` is the Ed25519 signature of ``message`` by ``signing_key``."""
    try:
        Ed25519PublicKey.from_public_bytes(signing_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _from_hex(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be hex text")
    try:
        return _check_key(bytes.fromhex(value), what)
    except ValueError:
        raise ValueError(f"{what} must be {KEY_LEN} bytes of hex") from None


@dataclass(frozen=True)
class Identity:
    """A vault's own key pair. Keep it inside the encrypted vault; never print it."""

    name: str
    organisation: str
    signing_seed: bytes = field(repr=False)
    agreement_secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        _check_text(self.name, "name")
        _check_text(self.organisation, "organisation")
        _check_key(self.signing_seed, "signing seed")
        _check_key(self.agreement_secret, "agreement secret")

    @classmethod
    def generate(cls, name: str = "", organisation: str = "", *,
                 rng: RandomBytes = system) -> "Identity":
        return cls(name, organisation, rng(KEY_LEN), rng(KEY_LEN))

    def renamed(self, name: str, organisation: str | None = None) -> "Identity":
        """The same keys under another name (a name change keeps the fingerprint)."""
        org = self.organisation if organisation is None else organisation
        return Identity(name, org, self.signing_seed, self.agreement_secret)

    def public(self) -> PublicIdentity:
        return PublicIdentity(
            self.name, self.organisation,
            _raw_public(self._signing_key().public_key()),
            _raw_public(self.agreement_private_key().public_key()))

    def fingerprint(self) -> str:
        return self.public().fingerprint()

    def sign(self, message: bytes) -> bytes:
        return self._signing_key().sign(message)

    def agreement_private_key(self) -> X25519PrivateKey:
        return X25519PrivateKey.from_private_bytes(self.agreement_secret)

    def _signing_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.signing_seed)

    def to_dict(self) -> dict[str, str]:
        """For storing inside the encrypted vault (the private keys as hex)."""
        return {"format": IDENTITY_FORMAT, "name": self.name,
                "organisation": self.organisation,
                "signing_seed": self.signing_seed.hex(),
                "agreement_secret": self.agreement_secret.hex()}

    @classmethod
    def from_dict(cls, data: Any) -> "Identity":
        if not isinstance(data, dict) or data.get("format") != IDENTITY_FORMAT:
            raise ValueError(f"not an {IDENTITY_FORMAT} dict")
        return cls(_check_text(data.get("name", ""), "name"),
                   _check_text(data.get("organisation", ""), "organisation"),
                   _from_hex(data.get("signing_seed"), "signing seed"),
                   _from_hex(data.get("agreement_secret"), "agreement secret"))
