"""Our HPKE sender against RFC 9180 and against cryptography's own HPKE."""
from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync import hpke

# RFC 9180 appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.
A11 = {k: bytes.fromhex(v) for k, v in {
    "info": "4f6465206f6e2061204772656369616e2055726e",
    "ikmE": "7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234",
    "skEm": "52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736",
    "enc": "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431",
    "pkRm": "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d",
    "skRm": "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8",
    "pt": "4265617574792069732074727574682c20747275746820626561757479",
    "aad": "436f756e742d30",
    "ct": "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a9"
          "6d8770ac83d07bea87e13c512a",
}.items()}


def test_derive_key_pair_matches_rfc_9180():
    assert hpke.derive_key_pair(A11["ikmE"]).private_bytes_raw() == A11["skEm"]


def test_seal_matches_rfc_9180_a_1_1():
    sealed = hpke.seal(A11["pkRm"], A11["info"], A11["pt"], A11["ikmE"], aad=A11["aad"])
    assert sealed == A11["enc"] + A11["ct"]


def test_the_library_opens_what_we_seal():
    recipient = X25519PrivateKey.generate()
    public = recipient.public_key().public_bytes_raw()
    sealed = hpke.seal(public, b"info", b"plaintext", b"\x01" * 32)
    assert hpke.open_(recipient, b"info", sealed) == b"plaintext"
    with pytest.raises(InvalidTag):
        hpke.open_(recipient, b"other info", sealed)


def test_we_open_what_the_library_seals():
    recipient = X25519PrivateKey.generate()
    sealed = hpke.SUITE.encrypt(b"plaintext", recipient.public_key(), info=b"info")
    assert hpke.open_(recipient, b"info", sealed) == b"plaintext"


def test_a_fresh_ephemeral_key_gives_a_different_ciphertext():
    public = X25519PrivateKey.generate().public_key().public_bytes_raw()
    assert hpke.seal(public, b"", b"x", b"\x01" * 32) != hpke.seal(public, b"", b"x", b"\x02" * 32)
