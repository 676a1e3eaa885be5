"""HPKE (RFC 9180) base mode for one pinned suite, with an injectable ephemeral key.

Suite: DHKEM(X25519, HKDF-SHA256) (0x0020), HKDF-SHA256 (0x0001), AES-128-GCM (0x0001).

Opening uses ``cryptography.hazmat.primitives.hpke``. Sealing is written out here (RFC 9180
sections 4 and 5.1, single-shot, first message) because that library draws the ephemeral
key itself, and our tests and test vectors need it fixed. tests/test_bundle_hpke.py checks
this sender against the RFC's own vector A.1.1 and against the library's decrypt.
"""
from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives import hpke as library
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

KEM_ID, KDF_ID, AEAD_ID = 0x0020, 0x0001, 0x0001
ENC_LEN = 32  # Nenc: the X25519 ephemeral public key
IKM_LEN = 32  # bytes of randomness that DeriveKeyPair turns into the ephemeral key
TAG_LEN = 16
_NK, _NN, _NSECRET = 16, 12, 32
_KEM_SUITE = b"KEM" + KEM_ID.to_bytes(2, "big")
_HPKE_SUITE = b"HPKE" + b"".join(i.to_bytes(2, "big") for i in (KEM_ID, KDF_ID, AEAD_ID))
_MODE_BASE = b"\x00"

SUITE = library.Suite(library.KEM.X25519, library.KDF.HKDF_SHA256, library.AEAD.AES_128_GCM)


def _extract(salt: bytes, ikm: bytes) -> bytes:
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def _expand(prk: bytes, info: bytes, length: int) -> bytes:
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def _labeled_extract(suite: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
    return _extract(salt, b"HPKE-v1" + suite + label + ikm)


def _labeled_expand(suite: bytes, prk: bytes, label: bytes, info: bytes, length: int) -> bytes:
    labeled = length.to_bytes(2, "big") + b"HPKE-v1" + suite + label + info
    return _expand(prk, labeled, length)


def _raw(public_key: X25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def derive_key_pair(ikm: bytes) -> X25519PrivateKey:
    """DeriveKeyPair for DHKEM(X25519, HKDF-SHA256) (RFC 9180 section 7.1.3)."""
    prk = _labeled_extract(_KEM_SUITE, b"", b"dkp_prk", ikm)
    return X25519PrivateKey.from_private_bytes(_labeled_expand(_KEM_SUITE, prk, b"sk", b"", 32))


def seal(recipient: bytes, info: bytes, plaintext: bytes, ikm_e: bytes,
         aad: bytes = b"") -> bytes:
    """enc || ciphertext, as ``Suite.encrypt`` returns it, with the ephemeral key from ikm_e.

    ``recipient`` is the raw X25519 public key; ``ikm_e`` must be fresh random bytes.
    """
    ephemeral = derive_key_pair(ikm_e)
    enc = _raw(ephemeral.public_key())
    dh = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    eae_prk = _labeled_extract(_KEM_SUITE, b"", b"eae_prk", dh)
    shared = _labeled_expand(_KEM_SUITE, eae_prk, b"shared_secret", enc + recipient, _NSECRET)
    context = (_MODE_BASE
               + _labeled_extract(_HPKE_SUITE, b"", b"psk_id_hash", b"")
               + _labeled_extract(_HPKE_SUITE, b"", b"info_hash", info))
    secret = _labeled_extract(_HPKE_SUITE, shared, b"secret", b"")
    key = _labeled_expand(_HPKE_SUITE, secret, b"key", context, _NK)
    nonce = _labeled_expand(_HPKE_SUITE, secret, b"base_nonce", context, _NN)
    return enc + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_(private_key: X25519PrivateKey, info: bytes, sealed: bytes) -> bytes:
    """Decrypt enc || ciphertext with the library; raises cryptography's InvalidTag."""
    return SUITE.decrypt(sealed, private_key, info=info)
