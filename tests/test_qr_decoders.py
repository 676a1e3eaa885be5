"""The QR reading seam (sync/qr_image.py): the app reads with ZBar (pyzbar), the decoder
phone builds carry; zxing-cpp stays reachable for bench/decode.py's comparison only."""
from __future__ import annotations

import io
import sys

import pytest
from PIL import Image, ImageOps

from family_app.bundles.scan_session import ScanSession
from sync import qr_image
from sync.errors import ImageUnreadable
from sync.frames import split_frames
from sync.qr_image import DEFAULT_READER, READERS, decode_image, render_png

FRAMES = split_frames(bytes(range(256)) * 8)  # four frames of version 20, as the app draws them


@pytest.fixture
def no_zxing(monkeypatch):
    """zxing-cpp cannot be imported, as in a phone build."""
    monkeypatch.setitem(sys.modules, "zxingcpp", None)


def png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def test_the_app_reads_with_pyzbar_and_needs_no_zxing(no_zxing):
    assert DEFAULT_READER == "pyzbar"
    assert decode_image(render_png(FRAMES[0], box_size=8)) == [FRAMES[0]]
    session = ScanSession()
    for frame in reversed(FRAMES):
        session.add_picture(render_png(frame, box_size=6))
    assert session.bundle == bytes(range(256)) * 8


@pytest.mark.parametrize("reader", sorted(READERS))
def test_each_reader_reads_the_apps_codes_as_drawn_and_mirrored(reader):
    """A front camera's picture is mirrored; the share screen draws at 8 px per module."""
    code = Image.open(io.BytesIO(render_png(FRAMES[1], box_size=8))).convert("L")
    assert decode_image(png(code), reader=reader) == [FRAMES[1]]
    assert decode_image(png(ImageOps.mirror(code)), reader=reader) == [FRAMES[1]]


@pytest.mark.parametrize("reader", sorted(READERS))
def test_each_reader_gives_text_and_nothing_for_a_picture_without_a_code(reader):
    assert decode_image(render_png("https://example.org/ons-plan", box_size=4),
                        reader=reader) == ["https://example.org/ons-plan"]
    assert decode_image(png(Image.new("L", (300, 200), 200)), reader=reader) == []


def test_pixels_are_checked_before_any_reader_sees_them(monkeypatch):
    called = []
    monkeypatch.setitem(READERS, DEFAULT_READER, lambda image: called.append(image) or [])
    too_large = io.BytesIO()
    Image.new("1", (3000, 3000), 1).save(too_large, format="PNG")  # over MAX_DECODED_PIXELS
    with pytest.raises(ImageUnreadable):
        decode_image(too_large.getvalue())
    with pytest.raises(ImageUnreadable):
        decode_image(b"not a picture")
    assert called == []
    decode_image(render_png("OP1:HELLO"))
    assert [image.mode for image in called] == ["L"]  # grey, decoded once


def test_an_unknown_reader_is_a_programming_error():
    with pytest.raises(KeyError):
        qr_image.read_codes(Image.new("L", (10, 10)), "zbarcam")
