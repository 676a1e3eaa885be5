"""A CBOR map that names one key twice is refused by every reader (docs/threat-model.md,
"CBOR bombs": "without duplicate keys"). Two readers could otherwise take different values
from the same signed bytes; here none takes any."""

from __future__ import annotations

import datetime as dt
import io
import zlib

import cbor2
import pytest

from sync import body, bundle
from sync.body import strict_loads
from sync.errors import BundleFormatError
from sync.identity import Identity, PublicIdentity
from sync.zdict import ZDICT

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)


def deflate(raw: bytes) -> bytes:
    """Raw DEFLATE with the bundle body's preset dictionary, as sync/body.py writes it."""
    out = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, ZDICT)
    return out.compress(raw) + out.flush()


@pytest.mark.parametrize("data", [
    bytes.fromhex("a2 01 02 01 03"),                  # {1: 2, 1: 3}
    bytes.fromhex("a2 61 61 01 61 61 02"),            # {"a": 1, "a": 2}
    bytes.fromhex("a2 01 02 18 01 03"),               # 1, then 1 written the long way
    bytes.fromhex("81 a1 00 a2 01 02 01 02"),         # [{0: {1: 2, 1: 2}}]: deep, same value
], ids=["int", "text", "two-encodings", "nested"])
def test_strict_loads_refuses_a_key_named_twice(data):
    with pytest.raises(ValueError):
        strict_loads(data)


def test_the_same_maps_with_distinct_keys_are_read():
    assert strict_loads(bytes.fromhex("a2 01 02 02 03")) == {1: 2, 2: 3}


def test_a_bundle_body_with_a_key_named_twice_is_refused():
    no_pools = b"\x83" + cbor2.dumps([]) + cbor2.dumps("")   # [blobs, texts, tree]
    assert body.unpack(deflate(no_pools + bytes.fromhex("a1 01 02"))) == {1: 2}
    with pytest.raises(BundleFormatError):
        body.unpack(deflate(no_pools + bytes.fromhex("a2 01 02 01 03")))


def test_a_signed_bundle_with_a_key_named_twice_is_refused(monkeypatch):
    """The sender signs bytes whose envelope names one field twice: the signature holds,
    the reader still refuses."""
    real_pack = body.pack

    def pack_naming_a_key_twice(envelope: dict) -> bytes:
        key, value = next((k, v) for k, v in envelope.items() if type(v) is int)
        inflate = zlib.decompressobj(-15, ZDICT)
        raw = inflate.decompress(real_pack(envelope, dictionary=0))  # the one inflated here
        parts = io.BytesIO(raw[1:])             # after the array header: blobs, texts, tree
        reader = cbor2.CBORDecoder(parts)
        reader.decode(), reader.decode()
        tree_at = 1 + parts.tell()
        assert raw[tree_at] == 0xA0 + len(envelope)            # a short map header
        raw = (raw[:tree_at] + bytes([raw[tree_at] + 1]) + raw[tree_at + 1:]
               + cbor2.dumps(key) + cbor2.dumps(value))
        return deflate(raw)

    sender = Identity.generate("Gezin", "")
    made = bundle.seal("identity", {}, sender, now=NOW, expires=NOW + dt.timedelta(days=1))
    assert bundle.open_bundle(made, now=NOW).sender.fingerprint() == sender.fingerprint()
    monkeypatch.setattr(body, "pack", pack_naming_a_key_twice)
    forged = bundle.seal("identity", {}, sender, now=NOW, expires=NOW + dt.timedelta(days=1))
    with pytest.raises(BundleFormatError):
        bundle.open_bundle(forged, now=NOW)


def test_a_public_identity_with_a_key_named_twice_is_refused():
    identity = Identity.generate("Fatima", "Wijkteam").public()
    data = identity.to_bytes()
    assert PublicIdentity.from_bytes(data) == identity
    first_key = cbor2.dumps(next(iter(identity.to_map())))
    twice = bytes([data[0] + 1]) + data[1:] + first_key + cbor2.dumps("Mallory")
    with pytest.raises(ValueError):
        PublicIdentity.from_bytes(twice)
