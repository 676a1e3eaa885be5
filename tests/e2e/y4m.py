"""A Y4M video of pictures, for Chromium's fake camera (--use-file-for-fake-video-capture).

Each picture is what a person's camera sees when held in front of the phone's QR code: the
code and a margin of the screen around it, filling most of the view, centred on white and
held for `hold` frames. Chromium plays the file in a loop, like a phone held in front of a
cycling QR code. (A whole phone screenshot shrunk into 640x480 leaves under two pixels per
module for a dense code, which no camera held at a code would give.)"""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PIL import Image

MARGIN = 0.25  # of the code's width, on each side: some of the screen around it


def aim_at_code(picture: Image.Image) -> Image.Image:
    """The part of ``picture`` a camera aimed at its QR code sees (the whole picture if none).
    zxing-cpp (a test extra) tells where the code is; the app's reader gives no corners."""
    found = zxingcpp.read_barcodes(picture.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    if not found:
        return picture
    corners = found[0].position
    xs = [corners.top_left.x, corners.top_right.x, corners.bottom_left.x, corners.bottom_right.x]
    ys = [corners.top_left.y, corners.top_right.y, corners.bottom_left.y, corners.bottom_right.y]
    margin = int((max(xs) - min(xs)) * MARGIN)
    return picture.crop((max(min(xs) - margin, 0), max(min(ys) - margin, 0),
                         min(max(xs) + margin, picture.width), min(max(ys) + margin, picture.height)))


def write_y4m(path: Path, pictures: list[Image.Image], *, size=(640, 480), fps: int = 10,
              hold: int = 10) -> Path:
    width, height = size
    with Path(path).open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for picture in pictures:
            canvas = Image.new("RGB", size, "white")
            shown = aim_at_code(picture.convert("RGB"))
            shown = shown.resize((shown.width * height // shown.height, height), Image.LANCZOS) \
                if shown.height < height else shown
            shown.thumbnail(size)
            canvas.paste(shown, ((width - shown.width) // 2, (height - shown.height) // 2))
            y, cb, cr = canvas.convert("YCbCr").split()
            half = (width // 2, height // 2)
            frame = b"FRAME\n" + y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
            for _ in range(hold):
                out.write(frame)
    return Path(path)
