"""Benchmark: the QR readers on what a phone camera sees of the app's own codes.

    python bench/decode.py [--samples 4] [--bundle-bytes 3400] [--code-css 336]
                           [--versions 10 15 20 25] [--ppm 1.5 2 2.5 3 4]

The app's own frames (sync.frames.split_frames of a bundle-sized run of seeded random bytes,
which is what an encrypted bundle looks like) at QR versions 10, 15, 20 and 25 (20-M is the
largest the app draws, sync.frames.MAX_QR_VERSION; 25-M was until 2026-12-01), rendered by sync.qr_image.render_png at 8 screen pixels per module,
on a margin of the screen around them; then degraded the way a phone camera sees another
phone's screen, with Pillow alone, seeded so every run sees the same pictures:

- clean: scaled to the camera's pixels per module (area-averaged, as a sensor does);
- blur: out of focus, a Gaussian blur of 0.25 or 0.45 module;
- tilt: the phone held at an angle (one edge 10 % or 25 % shorter), turned up to 8 degrees;
- JPEG q25: a camera picture compressed hard;
- noise: sensor noise in a dim room;
- low contrast: a dim screen with glare (black at 100, white at 160 of 255);
- moire: the screen's pixel grid (every third line 40 % darker) sampled by the camera
  without smoothing, which gives aliasing bands;
- phone at arm's length: a milder dose of all of the above at once.

Every picture is read by each reader in sync.qr_image.READERS (zxing-cpp and pyzbar over
libzbar) on the same grey image; a picture counts as read when the frame's exact text comes
back. Time is the median per picture of each reader, measured in the same run.

The second table turns pixels per module into distance: the code drawn `--code-css` CSS px
wide on a phone whose 390 CSS px are 6.5 cm, and a camera that sees a field 0.8 x the
distance wide across the picture's short side (about 44 degrees, a phone's main camera held
upright), at 480p (flet-camera's MEDIUM, today's scanner) and 1080p (VERY_HIGH).
"""
from __future__ import annotations

import argparse
import io
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageChops, ImageFilter  # noqa: E402

from sync.frames import split_frames  # noqa: E402
from sync.qr_image import READERS, qr_version, render_png  # noqa: E402

VERSIONS = (10, 15, 20, 25)
PIXELS_PER_MODULE = (1.5, 2.0, 2.5, 3.0, 4.0)
SCREEN_PX_PER_MODULE = 8  # render_png's box_size, as the share screen draws its codes
SCREEN_GREY, PHONE_BODY = 235, 60
SCREEN_CSS_WIDTH, SCREEN_CM = 390, 6.5
FIELD_PER_DISTANCE = 0.8
CAMERAS = {"480p": 480, "1080p": 1080}


@dataclass(frozen=True)
class Condition:
    name: str
    blur: float = 0.0          # Gaussian radius, in modules
    tilt: float = 0.0          # how much shorter one edge is (perspective)
    turn: float = 3.0          # largest rotation, degrees
    jpeg: int | None = None    # JPEG quality
    noise: float = 0.0         # standard deviation, grey levels
    contrast: tuple[int, int] = (0, 255)  # black and white as the camera sees them
    moire: float = 0.0         # how much darker the gaps between the screen's pixels are


CONDITIONS = (
    Condition("clean"),
    Condition("blur 0.25 module", blur=0.25),
    Condition("blur 0.45 module", blur=0.45),
    Condition("tilt 10 %", tilt=0.10, turn=8.0),
    Condition("tilt 25 %", tilt=0.25, turn=8.0),
    Condition("JPEG q25", jpeg=25),
    Condition("noise", noise=28.0),
    Condition("low contrast", contrast=(100, 160)),
    Condition("moire", moire=0.4),
    Condition("phone at arm's length", blur=0.2, tilt=0.08, turn=5.0, jpeg=60, noise=8.0,
              contrast=(60, 210), moire=0.2),
)
PHONE = CONDITIONS[-1].name


def capacity(version: int) -> int:
    """The most characters of a frame that fit QR ``version`` at error correction M."""
    low, high = 1, 4296
    while low < high:  # the largest length whose code is no larger than ``version``
        middle = (low + high + 1) // 2
        if qr_version("0" * 4 + "A" * (middle - 4)) <= version:
            low = middle
        else:
            high = middle - 1
    return low


def perspective_coefficients(output: list[tuple[float, float]],
                             source: list[tuple[float, float]]) -> list[float]:
    """Pillow's PERSPECTIVE data mapping the four ``output`` corners onto ``source``."""
    rows = []
    for (x, y), (u, v) in zip(output, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    for col in range(8):  # Gauss-Jordan elimination with partial pivoting
        pivot = max(range(col, 8), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(8):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[r][8] / rows[r][r] for r in range(8)]


def noise_image(size: tuple[int, int], sigma: float, rng: random.Random) -> Image.Image:
    """Seeded noise around 128: the mean of two uniform pictures (triangular, sd 52),
    scaled to ``sigma``."""
    count = size[0] * size[1]
    one = Image.frombytes("L", size, rng.randbytes(count))
    two = Image.frombytes("L", size, rng.randbytes(count))
    mean = ImageChops.add(one, two, scale=2.0)
    return mean.point(lambda v: max(0, min(255, round(128 + (v - 128) * sigma / 52))))


def screen_picture(text: str, moire: float) -> Image.Image:
    """The phone's screen around the code, in screen pixels."""
    code = Image.open(io.BytesIO(render_png(text, box_size=SCREEN_PX_PER_MODULE))).convert("L")
    margin = code.width // 4
    screen = Image.new("L", (code.width + 2 * margin, code.height + 2 * margin), SCREEN_GREY)
    screen.paste(code, (margin, margin))
    if moire:  # the dark gaps between the screen's pixels, every third line each way
        grid = Image.new("L", screen.size, 255)
        gap = round(255 * (1 - moire))
        for i in range(0, screen.width, 3):
            grid.paste(gap, (i, 0, i + 1, screen.height))
        for i in range(0, screen.height, 3):
            grid.paste(gap, (0, i, screen.width, i + 1))
        screen = ImageChops.multiply(screen, grid)
    return screen


def camera_picture(text: str, ppm: float, condition: Condition, rng: random.Random) -> Image.Image:
    """What the camera gives: the screen scaled to ``ppm`` camera pixels per module, held
    at an angle, blurred, dimmed, noisy and compressed as ``condition`` says."""
    screen = screen_picture(text, condition.moire)
    scale = ppm / SCREEN_PX_PER_MODULE
    if not condition.moire:  # a sensor averages over its pixels: area-average to twice the size
        screen = screen.resize((round(screen.width * scale * 2), round(screen.height * scale * 2)),
                               Image.BOX)
        scale = 0.5
    width, height = screen.size
    out_w, out_h = round(width * scale), round(height * scale)
    # Where the screen's corners land in the picture: shrunk edge (tilt), turned, shifted.
    shrink = condition.tilt * out_w / 2
    corners = [(shrink, 0), (out_w - shrink, 0), (out_w, out_h), (0, out_h)]
    angle = math.radians(rng.uniform(-condition.turn, condition.turn))
    cx, cy = out_w / 2 + rng.uniform(-2, 2), out_h / 2 + rng.uniform(-2, 2)
    landed = [(cx + (x - out_w / 2) * math.cos(angle) - (y - out_h / 2) * math.sin(angle),
               cy + (x - out_w / 2) * math.sin(angle) + (y - out_h / 2) * math.cos(angle))
              for x, y in corners]
    source = [(0, 0), (width, 0), (width, height), (0, height)]
    picture = screen.transform((out_w, out_h), Image.Transform.PERSPECTIVE,
                               perspective_coefficients(landed, source), Image.Resampling.BILINEAR,
                               fillcolor=PHONE_BODY)
    if condition.blur:
        picture = picture.filter(ImageFilter.GaussianBlur(condition.blur * ppm))
    low, high = condition.contrast
    if (low, high) != (0, 255):
        picture = picture.point(lambda v: low + v * (high - low) // 255)
    if condition.noise:
        picture = ImageChops.add(picture, noise_image(picture.size, condition.noise, rng),
                                 offset=-128)
    if condition.jpeg:
        out = io.BytesIO()
        picture.save(out, format="JPEG", quality=condition.jpeg)
        picture = Image.open(io.BytesIO(out.getvalue())).convert("L")
    return picture


@dataclass
class Tally:
    read: dict[str, int] = field(default_factory=lambda: {name: 0 for name in READERS})
    seconds: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in READERS})
    pictures: int = 0

    def add(self, other: "Tally") -> None:
        self.pictures += other.pictures
        for name in READERS:
            self.read[name] += other.read[name]
            self.seconds[name] += other.seconds[name]

    def rate(self, name: str) -> str:
        return f"{self.read[name]}/{self.pictures} ({100 * self.read[name] / self.pictures:.0f} %)"

    def ms(self, name: str) -> str:
        return f"{1000 * statistics.median(self.seconds[name]):.1f}"


def measure(frames: list[str], ppm: float, condition: Condition, version: int,
            samples: int) -> Tally:
    tally = Tally()
    for sample in range(samples):
        rng = random.Random(f"{condition.name}|{version}|{ppm}|{sample}")
        text = frames[sample % len(frames)]
        picture = camera_picture(text, ppm, condition, rng)
        tally.pictures += 1
        for name, read in READERS.items():
            started = time.perf_counter()
            texts = read(picture)
            tally.seconds[name].append(time.perf_counter() - started)
            tally.read[name] += text in texts
    return tally


def distance_cm(camera_px: int, ppm: float, modules: int, code_css: int) -> float:
    code_cm = code_css / SCREEN_CSS_WIDTH * SCREEN_CM
    return camera_px * code_cm / (FIELD_PER_DISTANCE * ppm * modules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=4, help="pictures per cell")
    parser.add_argument("--bundle-bytes", type=int, default=3400,
                        help="bundle size (about the 'everything' share of bench/qr.py)")
    parser.add_argument("--code-css", type=int, default=336,
                        help="the code's width on screen (qr_frames.py: the column's width)")
    parser.add_argument("--versions", type=int, nargs="+", default=VERSIONS)
    parser.add_argument("--ppm", type=float, nargs="+", default=PIXELS_PER_MODULE,
                        help="camera pixels per module")
    args = parser.parse_args()
    versions, ppms = tuple(args.versions), tuple(args.ppm)
    bundle = random.Random("bench decode").randbytes(args.bundle_bytes)
    frames = {version: split_frames(bundle, max_chars=capacity(version)) for version in versions}
    # Frames are balanced (all alike), so a bundle may need a version or two less than the cap.
    drawn = {version: max(qr_version(text) for text in texts) for version, texts in frames.items()}
    by_condition = {condition.name: Tally() for condition in CONDITIONS}
    by_size: dict[tuple[int, float], dict[str, Tally]] = {}
    for version in versions:
        for ppm in ppms:
            cell = by_size.setdefault((version, ppm), {"all": Tally(), PHONE: Tally()})
            for condition in CONDITIONS:
                tally = measure(frames[version], ppm, condition, version, args.samples)
                by_condition[condition.name].add(tally)
                cell["all"].add(tally)
                if condition.name == PHONE:
                    cell[PHONE].add(tally)
    names = list(READERS)
    total = Tally()
    print(f"Pictures read, all versions ({', '.join(map(str, versions))}) and pixels per module "
          f"({', '.join(map(str, ppms))}), {args.samples} per cell:\n")
    print("| condition | " + " | ".join(f"{n} read" for n in names) + " | "
          + " | ".join(f"{n} ms" for n in names) + " |")
    print("|---|" + "---:|" * (2 * len(names)))
    for name, tally in by_condition.items():
        total.add(tally)
        print(f"| {name} | " + " | ".join(tally.rate(n) for n in names) + " | "
              + " | ".join(tally.ms(n) for n in names) + " |")
    print("| **all** | " + " | ".join(total.rate(n) for n in names) + " | "
          + " | ".join(total.ms(n) for n in names) + " |")
    print(f"\nBy code size ({args.bundle_bytes}-byte bundle; code {args.code_css} CSS px wide; "
          f"'{PHONE}' and all conditions):\n")
    print("| QR version (cap) | modules | frames | px/module | cm at 480p | cm at 1080p | "
          + " | ".join(f"{n} phone" for n in names) + " | "
          + " | ".join(f"{n} all" for n in names) + " |")
    print("|---:|---:|---:|---:|---:|---:|" + "---:|" * (2 * len(names)))
    for (version, ppm), cell in by_size.items():
        modules = 17 + 4 * drawn[version]
        far = [f"{distance_cm(px, ppm, modules, args.code_css):.0f}" for px in CAMERAS.values()]
        print(f"| {drawn[version]} ({version}) | {modules} | {len(frames[version])} | {ppm} | {far[0]} | {far[1]} | "
              + " | ".join(cell[PHONE].rate(n) for n in names) + " | "
              + " | ".join(cell["all"].rate(n) for n in names) + " |")


if __name__ == "__main__":
    main()
