"""Attacks on the readers: small inputs that used to cost minutes or gigabytes.

Each test reproduces a finding of the security review (tag 28/29 "shared value" bombs, a
body of millions of tiny items, a picture of huge dimensions, deeply nested scenario JSON,
a pairing key of small order, a body or a picture just over its cap) and checks that it is
refused with a documented error, within the caps of tests/helpers/limits.py (5 s, 64 MB).
"""
from __future__ import annotations

import functools
import io
import json
import zlib
from datetime import datetime, timedelta, timezone

import cbor2
import pytest
from PIL import Image
from PIL.JpegImagePlugin import JpegImageFile

from sync import body, bundle, qr_image
from sync.bundle import open_identity
from sync.cbor_limits import MAX_ITEMS, CborLimitError, check_cbor
from sync.errors import BundleFormatError, ImageUnreadable
from sync.identity import Identity, PublicIdentity
from sync.qr_image import MAX_DECODED_PIXELS, MAX_PIXELS, decode_image, render_png
from sync.randomness import seeded
from sync.zdict import ZDICT
from tests.helpers.limits import measured

NOW = datetime(2026, 1, 20, 9, 0, tzinfo=timezone.utc)
KARIN = Identity.generate("Karin", "CJG", rng=seeded("limits karin"))


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
    with pytest.raises(BundleFormatError):
        measured(open_identity, data, now=NOW)


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
    with pytest.raises(CborLimitError, match="items"):
        measured(check_cbor, encoded, memory_cap=1024 * 1024)


def test_a_small_bundle_that_inflates_to_millions_of_items_stays_within_memory():
    """The review's 7.4 kB bundle: it inflated to megabytes of one-byte items."""
    count = 4_000_000
    raw = b"\x83\x80\x60" + b"\x9a" + count.to_bytes(4, "big") + b"\x80" * count
    data = public_bundle(deflate(raw))
    assert len(data) < 16 * 1024
    with pytest.raises(BundleFormatError):
        measured(open_identity, data, now=NOW)


def test_a_body_of_as_many_items_as_allowed_stays_within_memory():
    """The costliest items to build are empty maps: a body of as many as the limit allows
    is decoded (then refused as no identity) within the caps."""
    count = MAX_ITEMS - 4  # the body's array, its two pools and the tree's array
    raw = b"\x83\x80\x60" + b"\x9a" + count.to_bytes(4, "big") + b"\xa0" * count
    check_cbor(raw)  # within the item limit: cbor2 builds every map
    with pytest.raises(BundleFormatError):
        measured(open_identity, public_bundle(deflate(raw)), now=NOW)


def test_a_body_of_millions_of_empty_texts_stays_within_memory():
    """Texts are pooled joined by U+0000: a text of only separators is millions of texts."""
    raw = b"\x83\x80" + cbor2.dumps("\x00" * 8_000_000) + b"\x80"
    data = public_bundle(deflate(raw))
    with pytest.raises(BundleFormatError):
        measured(open_identity, data, now=NOW)


def test_a_picture_of_huge_dimensions_is_refused_before_decoding():
    """A 1-bit PNG of 12,000 x 12,000 white pixels: 30 kB on disk, 144 megapixels, under
    Pillow's own bomb limit."""
    picture = io.BytesIO()
    Image.new("1", (12_000, 12_000), 1).save(picture, format="PNG", optimize=True)
    assert len(picture.getvalue()) < 1024 * 1024
    with pytest.raises(ImageUnreadable):
        measured(decode_image, picture.getvalue())


def test_a_large_phone_photo_is_still_read():
    """A 12-megapixel JPEG with a code in it, as a phone camera takes it."""
    code = Image.open(io.BytesIO(render_png("OP1:HELLO", box_size=24)))
    photo = Image.new("RGB", (4032, 3024), "white")
    photo.paste(code, (1200, 800))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=90)
    assert measured(decode_image, out.getvalue()) == ["OP1:HELLO"]


@functools.cache
def large_photo() -> bytes:
    """A 31.9-megapixel JPEG (6900 x 4624) with a code in it: about half a megabyte."""
    code = Image.open(io.BytesIO(render_png("OP1:HELLO", box_size=40)))
    photo = Image.new("RGB", (6900, 4624), "white")
    photo.paste(code, (2000, 1500))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=20)
    return out.getvalue()


def test_a_large_jpeg_is_decoded_at_no_more_than_the_decoded_cap(monkeypatch):
    """Pillow's draft() keeps the largest reduction whose result is still at least the size
    asked for: asked for just under 8 megapixels, this photo used to be decoded whole."""
    sizes = []
    read = qr_image.READERS[qr_image.DEFAULT_READER]
    monkeypatch.setitem(qr_image.READERS, qr_image.DEFAULT_READER,
                        lambda image: sizes.append(image.size) or read(image))
    assert measured(decode_image, large_photo()) == ["OP1:HELLO"]
    [(width, height)] = set(sizes)  # the picture as decoded (in each run of measured)
    assert width * height <= MAX_DECODED_PIXELS


def test_a_jpeg_the_decoder_cannot_scale_down_is_refused(monkeypatch):
    monkeypatch.setattr(JpegImageFile, "draft", lambda self, mode, size: None)
    with pytest.raises(ImageUnreadable):
        measured(decode_image, large_photo())


def test_a_picture_over_the_decoded_cap_that_is_no_jpeg_is_refused():
    """9 megapixels: under MAX_PIXELS, but a PNG cannot be decoded scaled down."""
    picture = io.BytesIO()
    Image.new("1", (3000, 3000), 1).save(picture, format="PNG")
    assert MAX_DECODED_PIXELS < 3000 * 3000 < MAX_PIXELS
    with pytest.raises(ImageUnreadable):
        measured(decode_image, picture.getvalue())


def test_a_body_of_exactly_its_inflated_cap_is_read():
    raw = b"\x83\x80\x60" + cbor2.dumps(bytes(body.MAX_BODY - 8))  # [[], "", h'00...']
    assert len(raw) == body.MAX_BODY
    assert measured(body.unpack, deflate(raw)) == bytes(body.MAX_BODY - 8)


@pytest.mark.parametrize("extra", [1, 16 * body.MAX_BODY])
def test_a_body_that_inflates_past_its_cap_is_refused(extra):
    """One byte over MAX_BODY is refused as too large (not as a truncated stream), and so is
    a small code that would inflate to 136 MiB."""
    data = public_bundle(deflate(b"\x00" * (body.MAX_BODY + extra)))
    with pytest.raises(BundleFormatError, match="more than the limit"):
        measured(open_identity, data, now=NOW)


def test_an_all_zero_agreement_key_is_refused_in_an_identity():
    zero = PublicIdentity.__new__(PublicIdentity)  # bypass checks to build the attacker's code
    object.__setattr__(zero, "name", "Niemand")
    object.__setattr__(zero, "organisation", "")
    object.__setattr__(zero, "signing_key", KARIN.public().signing_key)
    object.__setattr__(zero, "agreement_key", bytes(32))
    with pytest.raises(ValueError, match="agreement key"):
        PublicIdentity.from_bytes(zero.to_bytes())


def identity_code(agreement_key: bytes) -> bytes:
    """A pairing code signed by Karin that claims any agreement key: anyone can make one.
    The envelope map of docs/bundle-format.md: kind, id, created, expires, sender, payload."""
    sender = {1: "Niemand", 4: agreement_key}
    envelope = {1: bundle.KINDS.index("identity") + 1, 2: bytes(16), 3: int(NOW.timestamp()),
                4: int((NOW + timedelta(days=1)).timestamp()), 5: sender, 6: {}}
    return public_bundle(body.pack(envelope))


P = 2**255 - 19
SMALL_ORDER = {  # X25519 public keys of order 1, 2, 4 or 8, and the same modulo p
    "0": 0, "1": 1,
    "order 8": 325606250916557431795983626356110631294008115727848805560023387167927233504,
    "order 8'": 39382357235489614581723060781553021112529911719440698176882885853963445705823,
    "p-1": P - 1, "p": P, "p+1": P + 1,
    "0, top bit set": 2**255, "1, top bit set": 2**255 + 1,  # X25519 ignores the top bit
}


def test_a_pairing_code_made_this_way_opens_with_a_real_key():
    assert open_identity(identity_code(KARIN.public().agreement_key), now=NOW).name == "Niemand"


@pytest.mark.parametrize("point", SMALL_ORDER.values(), ids=SMALL_ORDER.keys())
def test_a_pairing_code_with_a_small_order_agreement_key_is_refused(point):
    """docs/threat-model.md: small-order keys are refused when the code is read."""
    with pytest.raises(BundleFormatError, match="agreement key"):
        measured(open_identity, identity_code(point.to_bytes(32, "little")), now=NOW)


def test_deeply_nested_scenario_json_is_a_plain_error(tmp_path):
    from family_app.domain import load_scenario
    from family_app.domain.scenario import ScenarioError
    path = tmp_path / "nested.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ScenarioError):
        measured(load_scenario, path)


def test_a_huge_scenario_file_is_refused_before_it_is_read(tmp_path):
    from family_app.domain import load_scenario
    from family_app.domain.scenario import ScenarioError
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"household": {"name": "x" * (20 * 1024 * 1024)}}), "utf-8")
    with pytest.raises(ScenarioError):
        measured(load_scenario, path)
