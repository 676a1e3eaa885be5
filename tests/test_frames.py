"""QR frames: split, scan in any order, refuse what does not belong; images both ways."""
from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from sync import base45
from sync.errors import (
    DamagedFrame, FramesIncomplete, ImageUnreadable, MixedFrames, UnrelatedCode,
    UnsupportedVersion,
)
from sync.frames import (
    MAX_FRAME_CHARS, MAX_QR_VERSION, PREFIX, FrameCollector, join_frames, max_chunk, parse_frame, split_frames,
)
from sync.qr_image import decode_image, qr_version, render_png
from sync.randomness import seeded

BUNDLE = seeded("bundle")(1800)  # three frames
ALPHANUMERIC = set(base45.ALPHABET)


def test_a_bundle_splits_into_balanced_frames_that_fit_version_20_m():
    frames = split_frames(BUNDLE)
    assert len(frames) == 3  # 634 bytes a frame
    assert all(f.startswith(PREFIX) and len(f) <= MAX_FRAME_CHARS for f in frames)
    assert all(set(f) <= ALPHANUMERIC for f in frames)
    assert max(len(f) for f in frames) - min(len(f) for f in frames) <= 3
    versions = {qr_version(f) for f in frames}
    assert len(versions) == 1 and versions.pop() <= MAX_QR_VERSION == 20
    # Full frames are exactly version 20: one byte more would need a larger code.
    assert qr_version(split_frames(seeded("full")(max_chunk() * 2))[0]) == 20
    assert len(split_frames(seeded("full")(max_chunk() * 2 + 1))) == 3


def test_frames_of_a_larger_code_are_read_too():
    """Frames of a writer with larger codes (up to version 25 before 2026-12-01) still read:
    the size of a frame is the writer's choice."""
    frames = split_frames(BUNDLE, max_chars=1451)
    assert len(frames) == 2 and qr_version(frames[0]) > MAX_QR_VERSION
    assert join_frames(frames) == BUNDLE


def test_frames_come_back_in_any_order_with_progress_and_repeats():
    frames = split_frames(BUNDLE)
    collector = FrameCollector()
    assert collector.progress == (0, 0) and not collector.complete
    assert collector.add(frames[2]) == (1, 3)
    assert collector.add(frames[2]) == (1, 3)  # the screen cycles: repeats are harmless
    assert collector.add(frames[0]) == (2, 3)
    with pytest.raises(FramesIncomplete):
        collector.bundle()
    assert collector.add(frames[1]) == (3, 3) and collector.complete
    assert collector.bundle() == BUNDLE


@pytest.mark.parametrize("size", [1, 2, 3, 10, 99, 100, 101, 500, 1000])
@pytest.mark.parametrize("max_chars", [24, 25, 26, 100, MAX_FRAME_CHARS])
def test_every_length_round_trips_and_no_frame_is_empty(size, max_chars):
    data = seeded(f"{size}")(size)
    if size > max_chunk(max_chars) * 255:
        with pytest.raises(ValueError):
            split_frames(data, max_chars=max_chars)
        return
    frames = split_frames(data, max_chars=max_chars)
    assert all(len(f) <= max_chars for f in frames)
    assert all(parse_frame(f).chunk for f in frames)
    shuffled = frames[:]
    random.Random(size).shuffle(shuffled)
    assert join_frames(shuffled) == data


def test_a_bundle_too_large_for_qr_frames_is_refused():
    with pytest.raises(ValueError):
        split_frames(bytes(max_chunk(30) * 256), max_chars=30)
    with pytest.raises(ValueError):
        split_frames(b"")


@pytest.mark.parametrize("text", [
    "https://example.org/plan", "WIFI:T:WPA;S:Thuis;P:geheim;;", "BEGIN:VCARD", "", "OP:",
    "op1:ABC", "HC1:6BFOXN*TS0BI$ZD4N9", "0P1:ABC", "OP01:ABC", "OP0:ABC", b"OP1:ABC", None,
    42,
])
def test_a_code_of_something_else_is_unrelated(text):
    with pytest.raises(UnrelatedCode):
        FrameCollector().add(text)


def test_a_newer_frame_version_says_so():
    with pytest.raises(UnsupportedVersion):
        FrameCollector().add("OP2:" + split_frames(BUNDLE)[0][4:])


@pytest.mark.parametrize("damage", [
    lambda f: f[:-6],           # truncated by two bytes: base45 still parses, the check fails
    lambda f: f[:-1],           # truncated to an impossible base45 length
    lambda f: f[:4],            # nothing after the prefix
    lambda f: f[:30] + ("X" if f[30] != "X" else "Y") + f[31:],
    lambda f: f + "00",         # a byte too many
    lambda f: f.replace(f[10], "a", 1),  # not base45 (lower case)
])
def test_a_truncated_or_damaged_frame_is_refused(damage):
    frame = split_frames(BUNDLE)[1]
    collector = FrameCollector()
    with pytest.raises(DamagedFrame):
        collector.add(damage(frame))
    assert collector.progress == (0, 0)


def test_index_and_count_must_make_sense():
    from sync.frames import _crc
    for index, count in ((0, 0), (3, 3), (200, 2)):
        data = bytes([index, count]) + b"tagx" + b"chunk"
        with pytest.raises(DamagedFrame):
            parse_frame(PREFIX + base45.encode(data + _crc(data)))


def test_frames_of_two_bundles_are_not_mixed():
    ours, theirs = split_frames(BUNDLE), split_frames(seeded("other")(1800))
    collector = FrameCollector()
    collector.add(ours[0])
    with pytest.raises(MixedFrames):
        collector.add(theirs[1])
    assert collector.progress == (1, 3)  # the other bundle's frame was not taken
    collector.add(ours[1])
    collector.add(ours[2])
    assert collector.bundle() == BUNDLE
    collector.reset()
    collector.add(theirs[1])
    assert collector.progress == (1, 3)


def test_a_frame_that_contradicts_an_earlier_one_is_damaged():
    """Same bundle tag, different content: one of the two was misread."""
    from sync.frames import _crc
    frame = parse_frame(split_frames(BUNDLE)[0])
    data = bytes([0, 3]) + frame.tag + b"other content"
    collector = FrameCollector()
    collector.add(split_frames(BUNDLE)[0])
    with pytest.raises(DamagedFrame):
        collector.add(PREFIX + base45.encode(data + _crc(data)))
    data = bytes([1, 4]) + frame.tag + b"other count"
    with pytest.raises(DamagedFrame):
        collector.add(PREFIX + base45.encode(data + _crc(data)))


def test_a_reassembled_bundle_that_does_not_match_its_tag_is_damaged():
    from sync.frames import _crc
    tag = parse_frame(split_frames(BUNDLE)[0]).tag
    collector = FrameCollector()
    for index in range(2):
        data = bytes([index, 2]) + tag + b"forged part"
        collector.add(PREFIX + base45.encode(data + _crc(data)))
    with pytest.raises(DamagedFrame):
        collector.bundle()
    assert collector.progress == (0, 0)


# --- images ---------------------------------------------------------------------------------

def test_rendered_frames_decode_back_to_the_bundle():
    frames = split_frames(BUNDLE)
    collector = FrameCollector()
    for png in reversed([render_png(f) for f in frames]):
        for text in decode_image(png):
            collector.add(text)
    assert collector.bundle() == BUNDLE


def test_the_png_is_black_on_white_with_a_quiet_zone():
    image = Image.open(io.BytesIO(render_png(split_frames(BUNDLE)[0], box_size=2)))
    assert image.format == "PNG"
    gray = image.convert("L")
    width, height = gray.size
    border = [gray.getpixel((x, y)) for x in range(width) for y in range(8)]
    assert set(border) == {255}
    assert gray.getextrema() == (0, 255)


def test_a_camera_jpeg_decodes_too():
    frame = split_frames(BUNDLE)[1]
    png = Image.open(io.BytesIO(render_png(frame, box_size=4))).convert("RGB")
    photo = Image.new("RGB", (png.width + 200, png.height + 120), (40, 40, 40))
    photo.paste(png, (100, 60))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=70)
    assert decode_image(out.getvalue()) == [frame]


def test_an_image_without_a_code_gives_nothing_and_junk_is_refused():
    blank = io.BytesIO()
    Image.new("L", (200, 200), 255).save(blank, format="PNG")
    assert decode_image(blank.getvalue()) == []
    with pytest.raises(ImageUnreadable):
        decode_image(b"not an image at all")


def test_unrelated_codes_in_an_image_are_read_and_then_refused():
    texts = decode_image(render_png("WIFI:T:WPA;S:Thuis;P:geheim;;"))
    assert texts == ["WIFI:T:WPA;S:Thuis;P:geheim;;"]
    with pytest.raises(UnrelatedCode):
        FrameCollector().add(texts[0])
