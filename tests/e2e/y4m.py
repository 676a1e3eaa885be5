"""A Y4M video of pictures, for Chromium's fake camera (--use-file-for-fake-video-capture).

Each picture is centred on white at the video's size and held for `hold` frames; Chromium
plays the file in a loop, like a phone held in front of a cycling QR code."""

from __future__ import annotations

from pathlib import Path

from PIL import Image


def write_y4m(path: Path, pictures: list[Image.Image], *, size=(640, 480), fps: int = 10,
              hold: int = 10) -> Path:
    width, height = size
    with Path(path).open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for picture in pictures:
            canvas = Image.new("RGB", size, "white")
            shown = picture.convert("RGB")
            shown.thumbnail(size)
            canvas.paste(shown, ((width - shown.width) // 2, (height - shown.height) // 2))
            y, cb, cr = canvas.convert("YCbCr").split()
            half = (width // 2, height // 2)
            frame = b"FRAME\n" + y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
            for _ in range(hold):
                out.write(frame)
    return Path(path)
