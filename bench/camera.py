"""Benchmark: camera to viewer — a begeleider's app scans a family's cycling QR codes.

    python bench/camera.py [--repeats 3]

For each scenario in tests/fixtures ("everything" preset, the largest share): a family
device made with `demo`, paired with a begeleider; the share's frames rendered as the
family's screen shows them and played to Chromium's fake camera (Y4M, each frame held
1 s, looping); the begeleider's real app server and UI; the time from tapping "Scan" to
the viewer showing the plan. Baseline in the same run: the same bundle read from its
frame pictures without camera or UI (decode + open), so the table shows what the camera
loop and the screens add. Target (DESIGN.md): under 5 s. Needs Debian's chromium.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from family_app.profiles import onboarding, unlocking  # noqa: E402
from family_app.sharing import sharing, viewer
from family_app.profiles.demo import create_demo  # noqa: E402
from family_app.profiles.device import Device  # noqa: E402
from family_app.plan.plan_book import PlanBook  # noqa: E402
from i18n import translator  # noqa: E402
from sync.bundle import open_bundle, seal  # noqa: E402
from sync.frames import join_frames  # noqa: E402
from sync.qr_image import decode_image, render_png  # noqa: E402
from sync.share_payload import Scope  # noqa: E402
from tests.helpers.browser import CHROMIUM, CHROMIUM_FLAGS, PHONE, AppServer, Pilot, unlock  # noqa: E402
from tests.helpers.data import SCENARIOS  # noqa: E402
from tests.e2e.y4m import write_y4m  # noqa: E402

from tests.helpers.data import BEGELEIDER_SECRET as BEGELEIDER  # noqa: E402
from tests.helpers.data import FAMILY_SECRET as FAMILY, YOUTH_SECRET as YOUTH  # noqa: E402


def prepare(folder: Path, scenario: Path) -> tuple[Path, bytes, list[str]]:
    """A begeleider device and the family's "everything" share to it, as frames."""
    family_device = Device(folder / "family")
    create_demo(family_device, scenario, FAMILY, YOUTH)
    begeleider_device = Device(folder / "begeleider")
    begeleider, _ = onboarding.create_profile(
        begeleider_device, "begeleider",
        {"begeleider": {"name": "Karin Mulder", "organisation": "CJG Apeldoorn"}}, BEGELEIDER,
        translator("en"))
    now = dt.datetime.now(dt.timezone.utc)
    identity = seal("identity", {}, viewer._me(begeleider), expires=now + dt.timedelta(days=9))
    family = unlocking.unlock(family_device, family_device.profile("family"), FAMILY)
    book = PlanBook(family)
    to = sharing.pair(book, sharing.read_identity(identity)).professional
    result = sharing.share(book, Scope.preset("everything"), to=to)
    family.lock()
    begeleider.lock()
    begeleider_device.remember_language("en")  # the lock screen the bench reads
    return folder / "begeleider", result.bundle, result.frames


def without_camera(bundle_frames: list[str], begeleider_dir: Path) -> float:
    device = Device(begeleider_dir)
    opened = unlocking.unlock(device, device.profiles()[0], BEGELEIDER)
    me = viewer._me(opened)
    pictures = [render_png(frame, box_size=8) for frame in bundle_frames]
    started = time.perf_counter()
    texts = [text for picture in pictures for text in decode_image(picture)]
    open_bundle(join_frames(texts), me=me)
    elapsed = time.perf_counter() - started
    opened.lock()
    return elapsed


def with_camera(frames: list[str], begeleider_dir: Path, work: Path) -> float:
    pictures = [Image.open(io.BytesIO(render_png(frame, box_size=8))) for frame in frames]
    video = write_y4m(work / "frames.y4m", pictures)
    server = AppServer(begeleider_dir)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS + [
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                f"--use-file-for-fake-video-capture={video}"])
            try:
                context = browser.new_context(viewport=PHONE, permissions=["camera"])
                pilot = Pilot(context.new_page(), server)
                unlock(pilot, "PIN or passphrase", BEGELEIDER, "Karin Mulder")
                started = time.perf_counter()
                pilot.tap("Scan a family's code")
                pilot.see("Written in", timeout=60_000)
                elapsed = time.perf_counter() - started
            finally:
                browser.close()  # closes its contexts too
    finally:
        server.stop()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for scenario in SCENARIOS:
        work = Path(tempfile.mkdtemp(prefix="onsplan-bench-camera-"))
        try:
            begeleider_dir, _, frames = prepare(work, scenario)
            plain = [without_camera(frames, begeleider_dir) for _ in range(args.repeats)]
            camera = [with_camera(frames, begeleider_dir, work) for _ in range(args.repeats)]
            rows.append((scenario.stem.removeprefix("scenario-"), len(frames),
                         statistics.median(plain), statistics.median(camera)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print("| scenario | frames | read from pictures, no UI (s) | camera to viewer (s) | target |")
    print("|---|---:|---:|---:|---|")
    for name, count, plain, camera in rows:
        print(f"| {name} | {count} | {plain:.2f} | {camera:.2f} | {'ok' if camera < 5 else 'MISSED'} (< 5 s) |")


if __name__ == "__main__":
    main()
