"""Attacks on the readers: small inputs that used to cost minutes or gigabytes.

Each test reproduces a finding of the security review (tag 28/29 "shared value" bombs, a
body of millions of tiny items, a picture of huge dimensions, deeply nested scenario JSON,
an all-zero pairing key) and checks that it is refused with a documented error, quickly and
within the memory cap. Time and memory are measured, not asserted against a clock: the
guard below stops a runaway reader so that a regression fails instead of hanging.
"""
from __future__ import annotations

import io
import json
import signal
import tracemalloc
import zlib
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import cbor2
import pytest
from PIL import Image

from sync import body, bundle
from sync.bundle import open_identity, seal
from sync.cbor_limits import CborLimitError, check_cbor
from sync.errors import BundleFormatError, ImageUnreadable
from sync.identity import Identity, PublicIdentity
from sync.qr_image import decode_image, render_png
from sync.randomness import seeded
from sync.zdict import ZDICT

NOW = datetime(2026, 1, 20, 9, 0, tzinfo=timezone.utc)
KARIN = Identity.generate("Karin", "CJG", rng=seeded("limits karin"))
MEMORY_CAP = 64 * 1024 * 1024


@contextmanager
def bounded(seconds: int = 20):
    """Fail (instead of hanging the suite) when the reader runs away; measure its memory."""
    def stop(signum, frame):
        raise TimeoutError(f"the reader took more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    tracemalloc.start()
    usage = {}
    try:
        yield usage
    finally:
        usage["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def deflate(raw: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, ZDICT)
    return compressor.compress(raw) + compressor.flush()


def public_bundle(packed: bytes, signer: Identity = KARIN) -> bytes:
    """A correctly signed, unencrypted (identity-mode) bundle around any body bytes: what
    anyone can put in a pairing QR code without a key."""
    header = bundle.MAGIC + bytes([bundle.VERSION, bundle.PUBLIC])
    key = signer.public().signing_key
    signature = signer.sign(bundle.LABEL_SIGNATURE + header + key + packed)
    return header + signature + key + packed


def shared_value_bomb(levels: int = 40) -> bytes:
    """CBOR where each level is a shared array holding the level below twice (tags 28/29):
    a few hundred bytes that a resolving decoder expands to 2**levels items."""
    # Shared values are numbered in the order their tag 28 is met: the outermost is 0.
    item = b"\xd8\x1c\x80"  # a shared [], numbered `levels`
    for level in range(1, levels + 1):
        below = levels - level + 1
        item = b"\xd8\x1c" + b"\x82" + item + b"\xd8\x1d" + cbor2.dumps(below)
    return b"\x83" + b"\x80" + b"\x60" + item  # [blobs, texts, tree]


def test_a_shared_value_bomb_in_a_pairing_code_is_refused_at_once():
    data = public_bundle(deflate(shared_value_bomb()))
    assert len(data) < 600
    with bounded() as usage, pytest.raises(BundleFormatError):
        open_identity(data, now=NOW)
    assert usage["peak"] < MEMORY_CAP


@pytest.mark.parametrize("tag", [0, 1, 4, 5, 21, 24, 25, 28, 29, 30, 55799, 258, 260])
def test_every_tag_but_big_integers_is_refused_before_decoding(tag):
    encoded = cbor2.dumps(cbor2.CBORTag(tag, 0))
    with pytest.raises(CborLimitError):
        check_cbor(encoded)
    with pytest.raises(ValueError):
        body.strict_loads(encoded)


def test_big_integers_are_still_read():
    assert body.strict_loads(cbor2.dumps(2**70)) == 2**70
    assert body.strict_loads(cbor2.dumps(-(2**70))) == -(2**70)


@pytest.mark.parametrize("encoded, rule", [
    (b"\x9f\x01\xff", "indefinite"),                     # [_ 1]
    (b"\x5f\x41\x00\xff", "indefinite"),                 # (_ h'00')
    (b"\x81" * 70 + b"\x00", "nested"),                  # 70 arrays deep
    (b"\x9a\xff\xff\xff\xff", "container longer"),       # an array of 4 billion
    (b"\x5a\x7f\xff\xff\xff", "string longer"),          # a 2 GB byte string
    (b"\x01\x02", "bytes after"),
    (b"\x1c", "reserved"),
    (b"", "truncated"),
])
def test_malformed_or_oversized_cbor_is_refused_naming_the_rule(encoded, rule):
    with pytest.raises(CborLimitError, match=rule):
        check_cbor(encoded)


def test_too_many_items_are_refused_before_any_object_is_built():
    count = 300_000  # an array of 300,000 empty arrays: 300 kB that would be 300,000 lists
    encoded = b"\x83\x80\x60" + b"\x9a" + count.to_bytes(4, "big") + b"\x80" * count
    with bounded() as usage, pytest.raises(CborLimitError, match="items"):
        check_cbor(encoded)
    assert usage["peak"] < 1024 * 1024


def test_a_small_bundle_that_inflates_to_millions_of_items_stays_within_memory():
    """The review's 7.4 kB bundle: it inflated to megabytes of one-byte items."""
    count = 4_000_000
    raw = b"\x83\x80\x60" + b"\x9a" + count.to_bytes(4, "big") + b"\x80" * count
    data = public_bundle(deflate(raw))
    assert len(data) < 16 * 1024
    with bounded() as usage, pytest.raises(BundleFormatError):
        open_identity(data, now=NOW)
    assert usage["peak"] < MEMORY_CAP


def test_a_body_of_millions_of_empty_texts_stays_within_memory():
    """Texts are pooled joined by U+0000: a text of only separators is millions of texts."""
    raw = b"\x83\x80" + cbor2.dumps("\x00" * 8_000_000) + b"\x80"
    data = public_bundle(deflate(raw))
    with bounded() as usage, pytest.raises(BundleFormatError):
        open_identity(data, now=NOW)
    assert usage["peak"] < MEMORY_CAP


def test_a_picture_of_huge_dimensions_is_refused_before_decoding():
    """A 1-bit PNG of 12,000 x 12,000 white pixels: 30 kB on disk, 144 megapixels, under
    Pillow's own bomb limit."""
    picture = io.BytesIO()
    Image.new("1", (12_000, 12_000), 1).save(picture, format="PNG", optimize=True)
    assert len(picture.getvalue()) < 1024 * 1024
    with bounded() as usage, pytest.raises(ImageUnreadable):
        decode_image(picture.getvalue())
    assert usage["peak"] < MEMORY_CAP


def test_a_large_phone_photo_is_still_read():
    """A 12-megapixel JPEG with a code in it, as a phone camera takes it."""
    code = Image.open(io.BytesIO(render_png("OP1:HELLO", box_size=24)))
    photo = Image.new("RGB", (4032, 3024), "white")
    photo.paste(code, (1200, 800))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=90)
    with bounded() as usage:
        assert decode_image(out.getvalue()) == ["OP1:HELLO"]
    assert usage["peak"] < MEMORY_CAP


def test_an_all_zero_agreement_key_is_refused_at_pairing():
    zero = PublicIdentity.__new__(PublicIdentity)  # bypass checks to build the attacker's code
    object.__setattr__(zero, "name", "Niemand")
    object.__setattr__(zero, "organisation", "")
    object.__setattr__(zero, "signing_key", KARIN.public().signing_key)
    object.__setattr__(zero, "agreement_key", bytes(32))
    with pytest.raises(ValueError, match="agreement key"):
        PublicIdentity.from_bytes(zero.to_bytes())
    forged = Identity.from_dict({**KARIN.to_dict()})
    code = seal("identity", {}, forged, expires=NOW + timedelta(days=1), now=NOW,
                rng=seeded("zero"))
    assert open_identity(code, now=NOW).agreement_key == KARIN.public().agreement_key


def test_deeply_nested_scenario_json_is_a_plain_error(tmp_path):
    from family_app.domain import load_scenario
    from family_app.domain.scenario import ScenarioError
    path = tmp_path / "nested.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with bounded() as usage, pytest.raises(ScenarioError):
        load_scenario(path)
    assert usage["peak"] < MEMORY_CAP


def test_a_huge_scenario_file_is_refused_before_it_is_read(tmp_path):
    from family_app.domain import load_scenario
    from family_app.domain.scenario import ScenarioError
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"household": {"name": "x" * (20 * 1024 * 1024)}}), "utf-8")
    with bounded() as usage, pytest.raises(ScenarioError):
        load_scenario(path)
    assert usage["peak"] < MEMORY_CAP
