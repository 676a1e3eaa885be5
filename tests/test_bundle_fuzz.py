"""Fuzzing open_bundle: whatever the bytes, only the documented errors come out.

Random changes rarely get past the AEAD and the signature, so the second half signs and
encrypts arbitrary bodies and envelopes: the parsing behind the signature is fuzzed too.
"""
from __future__ import annotations

import zlib
from datetime import datetime, timedelta, timezone
from unittest import mock

import cbor2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import body, bundle, hpke
from sync import passcode as passcode_module
from sync.bundle import open_bundle, seal
from sync.errors import BUNDLE_ERRORS, SharePayloadError
from sync.identity import Identity
from sync.randomness import seeded
from sync.share_payload import decode_share
from sync.zdict import ZDICT
from tests.vectors.generate import envelope, kowalska_share, recipient_bundle_of

NOW = datetime(2026, 1, 20, 9, 0, tzinfo=timezone.utc)
FAMILY = Identity.generate("Gezin", rng=seeded("fuzz family"))
KARIN = Identity.generate("Karin", "CJG", rng=seeded("fuzz karin"))
FAST = mock.patch.object(passcode_module, "SCRYPT_N", 2**8)  # the logic, not the KDF cost

with FAST:
    from sync.share_payload import encode_share
    SEEDS = [
        seal("share", {"t": "tekst", 1: [1, 2]}, FAMILY, to=KARIN.public(),
             expires=NOW + timedelta(days=1), now=NOW, rng=seeded("1")),
        seal("share", encode_share(kowalska_share()), FAMILY, to=KARIN.public(),
             expires=NOW + timedelta(days=1), now=NOW, rng=seeded("2")),
        seal("identity", {}, KARIN, expires=NOW + timedelta(days=1), now=NOW, rng=seeded("3")),
        seal("return", {"x": "y"}, FAMILY, passcode="ABCD-EFGH",
             expires=NOW + timedelta(days=1), now=NOW, rng=seeded("4")),
    ]
FUZZ = settings(max_examples=1500, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def try_open(data: bytes, passcode: str | None = "ABCD-EFGH") -> None:
    with FAST:
        try:
            opened = open_bundle(data, me=KARIN, passcode=passcode, now=NOW)
        except BUNDLE_ERRORS:
            return
    if opened.kind == "share":
        try:
            decode_share(opened.payload)
        except SharePayloadError:
            pass


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "splice", "header"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            data = data[:at]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "splice":
            data[at:] = draw(st.binary(max_size=64))
        elif action == "header" and len(data) >= 4:
            data[draw(st.integers(0, 3))] = draw(st.integers(0, 255))
    return bytes(data)


@FUZZ
@given(data=mutated())
def test_changed_bundles_raise_only_documented_errors(data):
    try_open(data)


@FUZZ
@given(data=st.binary(max_size=300) | st.builds(lambda h, t: h + t, st.sampled_from(
    [b"OP\x01\x01", b"OP\x01\x02", b"OP\x01\x03", b"OP\x02\x01", b"OP"]), st.binary(max_size=300)),
    passcode=st.none() | st.text(max_size=10))
def test_random_bytes_raise_only_documented_errors(data, passcode):
    try_open(data, passcode)


# --- behind the signature -------------------------------------------------------------------

CBOR = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6) | st.binary(max_size=40)
    | st.floats(allow_nan=False) | st.just(cbor2.undefined),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.integers(0, 9) | st.text(max_size=3), inner, max_size=6),
    max_leaves=25)


def deflate(raw: bytes) -> bytes:
    """Any CBOR item (not only [blobs, texts, tree]) as a well-formed compressed body."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, ZDICT)
    return compressor.compress(raw) + compressor.flush()


def signed_body(packed: bytes, rng_seed: int) -> bytes:
    """A bundle for Karin whose signed body is exactly ``packed``."""
    rng = seeded(str(rng_seed))
    ikm = rng(hpke.IKM_LEN)
    enc = hpke.derive_key_pair(ikm).public_key().public_bytes_raw()
    key = KARIN.public().agreement_key
    prefix = bundle.MAGIC + bytes([1, 1]) + bundle.recipient_hint(enc, key)
    signer = FAMILY.public().signing_key
    signature = FAMILY.sign(bundle.LABEL_SIGNATURE + prefix + enc + key + signer + packed)
    return prefix + hpke.seal(key, bundle.LABEL_HPKE_INFO + prefix, signature + signer + packed,
                              ikm)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packed=st.binary(max_size=200) | CBOR.map(cbor2.dumps).map(lambda raw: deflate(raw)),
       seed=st.integers(0, 10**6))
def test_any_signed_body_raises_only_documented_errors(packed, seed):
    try_open(signed_body(packed, seed))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(st.integers(0, 8), CBOR, max_size=4), tree=CBOR,
       seed=st.integers(0, 10**6))
def test_any_signed_envelope_raises_only_documented_errors(changes, tree, seed):
    try_open(recipient_bundle_of({**envelope(), **changes}, KARIN, seeded(str(seed))))
    try_open(signed_body(body.pack(tree), seed))
    try_open(signed_body(body.pack({**envelope(), 6: tree}), seed))

