"""The browser side of the end-to-end tests: the app server as a user starts it, and a
pilot that looks, taps and types in Chromium like a person at a phone.

Flutter draws on a canvas, so the pilot switches its semantics tree on and then finds
controls by role and label, the way a screen reader does. The fixtures that create and close
browser contexts are in tests/e2e/conftest.py.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from PIL import Image
from playwright.sync_api import Page, expect
from playwright.sync_api import Error as PlaywrightError

from sync.errors import FRAME_ERRORS
from sync.frames import parse_frame
from sync.qr_image import decode_image
from tests.helpers.data import FAMILY_SECRET

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`family-app run --no-browser` as a user would start it, on its own data folder."""

    def __init__(self, data_dir: Path, env: dict | None = None, *, wait: bool = True):
        """Start the server; with ``wait=False`` it starts while the test goes on (two
        servers and a browser start at once) and ``ready()`` waits for it."""
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = data_dir.parent / f"server-{self.port}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "family_app", "run", "--no-browser", "--port", str(self.port),
             "--data-dir", str(data_dir)],
            stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})})
        self.started = False
        if wait:
            self.ready()

    def ready(self) -> "AppServer":
        """Wait until the server answers (at most 60 s)."""
        deadline = time.monotonic() + 60
        while not self.started and time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"app server exited: {self.log.read_text()}")
            try:
                urllib.request.urlopen(self.url, timeout=1).read()
                self.started = True
            except OSError:
                time.sleep(0.2)
        if not self.started:
            raise RuntimeError("app server did not start in 60 s")
        return self

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Pilot:
    """A person at the phone: looks, taps and types; every request is recorded."""

    screenshots = Path("/tmp")  # set per run by tests/e2e/conftest.py
    for_docs = False  # pictures for docs/screenshots wait for animations to settle

    def __init__(self, page: Page, server: AppServer):
        self.page = page
        self.server = server
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    # The page the person looks at: in headless Chromium a page in the background may draw
    # no frames, and what waits for one hangs (a print, a screenshot, Flutter's semantics).
    in_front: Page | None = None

    def look(self) -> None:
        """Turn to this phone, as a person with two devices does before using one."""
        if Pilot.in_front is not self.page:
            self.page.bring_to_front()
            Pilot.in_front = self.page

    def open(self):
        self.look()
        self.page.goto(self.server.url)
        placeholder = self.page.locator("flt-semantics-placeholder")
        placeholder.wait_for(state="attached", timeout=60_000)
        placeholder.dispatch_event("click")  # switch Flutter's semantics tree on
        self.page.locator("flt-semantics").first.wait_for(state="attached")

    def button(self, name: str, exact: bool = False):
        return self.page.get_by_role("button", name=name, exact=exact)

    def reach(self, locator, timeout: float = 20_000):
        """Find a control, scrolling down like a thumb would: Flutter only puts what is
        on screen (or nearly) into the semantics tree, and scrolls its own canvas."""
        self.look()
        deadline = time.monotonic() + timeout / 1000
        for attempt in range(200):
            try:
                locator.first.wait_for(state="attached", timeout=1_000)
                # The first match on screen: a page sliding out may still hold a twin.
                boxes = [(match, match.bounding_box(timeout=1_000)) for match in locator.all()]
                on_screen = [(match, box) for match, box in boxes if box and box["y"] >= 0
                             and box["y"] + min(box["height"], 40) <= PHONE["height"]]
                if on_screen:
                    match, box = on_screen[0]
                    # Dialogs and pages slide in: tap only once the target stands still.
                    self.page.wait_for_timeout(150)
                    if match.bounding_box(timeout=1_000) == box:
                        return match
                    continue
                box = boxes[0][1] if boxes else None
                direction = 1 if box and box["y"] > 0 else -1
            except PlaywrightError:
                direction = 1  # not in the tree yet: it is further down
            if time.monotonic() > deadline:
                raise AssertionError(f"could not reach {locator}")
            self.page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
            self.page.mouse.wheel(0, 400 * direction)
            self.page.wait_for_timeout(200)
        raise AssertionError(f"could not reach {locator}")

    def tap(self, name: str, role: str = "button", exact: bool = False):
        target = self.page.get_by_role(role, name=name, exact=exact)
        if role == "button":
            # An icon button's name is its tooltip, which Flutter puts on a wrapper node.
            target = target.or_(self.page.get_by_label(name, exact=True).locator("[role=button]"))
        target = self.reach(target)
        target.dispatch_event("click") if role == "checkbox" else target.click()

    def choose(self, label: str):
        """Pick an answer: a radio button, or the text beside one (long answers wrap)."""
        target = self.page.get_by_role("radio", name=label).or_(self.page.get_by_role("button", name=label))
        self.reach(target).click()

    def pick_pictures(self, files):
        """Tap "Choose a picture or file" and pick `files` in the browser's file chooser."""
        with self.page.expect_file_chooser() as chooser:
            self.tap("Choose a picture or file")
        chooser.value.set_files(files)

    def type_into(self, label: str, text: str):
        box = self.reach(self.page.get_by_role("textbox", name=label, exact=True))
        self._focus(box)
        self.page.keyboard.press("Control+End")  # add to what is there, like a person would
        before = self._typed_value()
        self.page.keyboard.type(text, delay=10)
        self._expect_typed((before or "") + text)

    def _focus(self, box):
        """Tap a text field and wait until Flutter's real <input> for it has the focus: keys
        sent before that are lost. (The app autofocuses no field: see decisions.md.)"""
        box.click()
        self.page.wait_for_function(
            "['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName)"
            " && document.activeElement.isConnected", timeout=5_000)
        self.page.wait_for_timeout(100)

    def _typed_value(self) -> str | None:
        """The text of the focused input Flutter types into (None when there is none)."""
        return self.page.evaluate(
            "['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName)"
            " ? document.activeElement.value : null")

    def _expect_typed(self, expected: str):
        """What the input holds once Flutter has taken the keys (some fields write in capitals)."""
        deadline = time.monotonic() + 3
        value = self._typed_value()
        while value is None or value.casefold() != expected.casefold():
            assert time.monotonic() < deadline, f"typed {expected!r}, the field holds {value!r}"
            self.page.wait_for_timeout(100)
            value = self._typed_value()

    def replace_text(self, label: str, text: str):
        """Empty a field with backspace, as a person would, then type the new text."""
        box = self.reach(self.page.get_by_role("textbox", name=label, exact=True))
        self._focus(box)
        self.page.keyboard.press("Control+End")
        for _ in range(len(self._typed_value() or "")):  # _focus made sure an input has the focus
            self.page.keyboard.press("Backspace")
        self.page.keyboard.type(text, delay=10)
        self._expect_typed(text)

    def open_with(self, secret: str, then: str):
        """Type the PIN or passphrase on a lock screen, open, and wait for `then`."""
        self.look()
        dutch = self.page.get_by_role("textbox", name="Pincode of wachtwoord", exact=True)
        english = self.page.get_by_role("textbox", name="PIN or passphrase", exact=True)
        dutch.or_(english).first.wait_for(state="attached", timeout=30_000)
        label, button = (("Pincode of wachtwoord", "Openen") if dutch.count()
                         else ("PIN or passphrase", "Open"))
        self.type_into(label, secret)
        self.tap(button, exact=True)
        self.see(then, timeout=30_000)  # unlocking takes a moment (scrypt)

    def shown(self, text: str):
        """Text on screen: Flutter puts it either in a text node or in a group's label."""
        return self.page.get_by_text(text).or_(self.page.get_by_label(text))

    def see(self, text: str, timeout: float = 15_000):
        self.look()
        expect(self.shown(text).first).to_be_attached(timeout=timeout)

    def find(self, text: str):
        """Like see(), but scrolls down to look further."""
        return self.reach(self.shown(text))

    def not_see(self, text: str):
        expect(self.shown(text)).to_have_count(0)

    def screenshot(self, name: str):
        """A picture of the screen, into the run's screenshot folder (see conftest.py)."""
        if self.for_docs:
            self.page.wait_for_timeout(400)  # let animations settle
        self.page.screenshot(path=str(self.screenshots / f"{name}.png"))

    def describe(self) -> str:
        """What a screen reader would find on the page now, top to bottom, and whether the
        page is in the front (a page in the background may not be painted)."""
        return self.page.evaluate(r"""() => {
            const seen = [];
            for (const node of document.querySelectorAll('flt-semantics')) {
                const words = (node.getAttribute('aria-label') || '') + ' ' +
                    [...node.childNodes].filter(c => c.nodeType === 3).map(c => c.textContent).join(' ');
                const box = node.getBoundingClientRect();
                if (words.trim()) seen.push(`${Math.round(box.y)}\t${node.getAttribute('role') || ''}\t${words.trim()}`);
            }
            return `visibility=${document.visibilityState} focus=${document.hasFocus()}\n` + seen.join('\n');
        }""")

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlparse(url).scheme not in ("blob", "data")
                and urlparse(url).hostname not in LOCAL_HOSTS]



def unlock(pilot, label: str, secret: str, then: str):
    """Open the app on its only profile's lock screen (asking for `label`) and unlock it."""
    pilot.open()
    pilot.see(label)
    pilot.open_with(secret, then)


def collect_frames(pilot, timeout: float = 30) -> dict[str, Image.Image]:
    """Screenshots of the family's codes, one of each frame.

    The codes change every 0.3 s (qr_frames.py), faster than a busy browser's screenshots
    can be counted on to catch each, so the pilot does what a person with a slow scanner
    does: "Next code" stops the cycling (the play button shows), and each tap shows the next
    code, whose number the counter says ("Code 2 of 3"). The pilot waits for the counter,
    then for a screenshot that holds that code (the picture is painted just after it)."""
    frames: dict[str, Image.Image] = {}
    pilot.look()  # a page in the background may not be painted
    deadline = time.monotonic() + timeout
    shots, want, texts = 0, None, []  # want: the frame index shown, once the codes stand still
    while time.monotonic() < deadline:
        shot = pilot.page.screenshot()
        shots += 1
        texts = decode_image(shot)
        # A picture taken while the code changes can misread, as a camera's can.
        shown = {text: parse_frame(text) for text in texts if _is_frame(text)}
        for text, frame in shown.items():
            if want is None or frame.index == want:
                frames.setdefault(text, Image.open(io.BytesIO(shot)))
        if frames and len(frames) == parse_frame(next(iter(frames))).count:
            return frames
        if not frames or (want is not None and want not in {f.index for f in shown.values()}):
            continue  # the code is not painted yet
        pilot.tap("Next code")
        count = parse_frame(next(iter(frames))).count
        if want is None:  # the first tap stops the cycling: then the counter stands still
            expect(pilot.button("Let the codes change by themselves")).to_have_count(1, timeout=15_000)
            want = _code_shown(pilot) - 1
        else:
            want = (want + 1) % count
            pilot.see(re.compile(rf"^Code {want + 1} of {count}$"))
    raise AssertionError(f"saw {len(frames)} frames in {shots} screenshots; "
                         f"the last: {_looks(shot, texts)}")


def _code_shown(pilot) -> int:
    """The number on the counter under the codes, "Code 2 of 3" (in English)."""
    counter = pilot.shown(re.compile(r"^Code \d+ of \d+$")).first
    words = counter.evaluate("n => n.getAttribute('aria-label') || n.textContent")
    return int(re.match(r"Code (\d+)", words).group(1))


def _looks(shot: bytes, texts: list[str]) -> str:
    """What a screenshot without a readable code showed, for the failure message (CI keeps
    only the output); the picture itself goes to the run's screenshot folder."""
    path = Pilot.screenshots / f"unread-{time.monotonic_ns()}.png"
    path.write_bytes(shot)
    gray = Image.open(io.BytesIO(shot)).convert("L")
    dark = sum(gray.histogram()[:128]) / (gray.width * gray.height)
    return (f"{dark:.0%} of its pixels dark, texts read {[t[:20] for t in texts]}, "
            f"saved as {path}")


def _is_frame(text: str) -> bool:
    try:
        parse_frame(text)
        return True
    except FRAME_ERRORS:
        return False


def open_demo_family_in_english(pilot):
    """The De Vries family, unlocked on its own phone, switched to English."""
    pilot.open()
    pilot.tap("Ons gezin")
    pilot.open_with(FAMILY_SECRET, "Gezin De Vries - Yilmaz")
    pilot.tap("Taal")
    pilot.tap("English")
    pilot.see("How our goals are going")


def open_section(pilot, name: str):
    """From the family's home to a part of the plan, as a person goes: "Our whole plan",
    then its tile. Back from that part leads to the whole plan, and from there home."""
    pilot.tap("Our whole plan")
    expect(pilot.shown("How our goals are going")).to_have_count(0)  # home's buttons are gone
    pilot.tap(name)


def frames_as_pictures(pilot, folder: Path, name: str) -> list[str]:
    """Picture files of the codes on screen, one per frame: what another phone's camera sees."""
    files = []
    for n, picture in enumerate(collect_frames(pilot).values()):
        path = folder / f"{name}-{n}.png"
        picture.save(path)
        files.append(str(path))
    return files


def begeleider_code_picture(begeleider, folder: Path) -> Path:
    """A picture of the begeleider's pairing code (a logged-in begeleider on the home screen)."""
    begeleider.tap("Show my code to pair")
    begeleider.see("Let the family scan this code")
    picture = folder / "identity.png"
    begeleider.look()  # a page in the background may not be painted
    # A busy browser can hand out a screenshot before it painted the code: take pictures
    # until one holds a readable code, as a person waits for the screen to show it.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        shot = begeleider.page.screenshot()
        if any(text.startswith("OP") for text in decode_image(shot)):
            picture.write_bytes(shot)
            return picture
        begeleider.page.wait_for_timeout(300)
    raise AssertionError("the begeleider's code never showed")
