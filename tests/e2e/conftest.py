"""End-to-end tests: the real app server, driven in Debian's Chromium like a person would.

Each test gets its own app server on a free port with a fresh data folder; the browser
is shared. Flutter draws on a canvas, so tests switch its semantics tree on and then find
controls by role and label, the way a screen reader does.
"""

from __future__ import annotations

import io
import re
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sync.frames import parse_frame
from sync.qr_image import decode_image

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
WRONG_SECRET = re.compile("klopt niet|is not right")  # the lock screen's "wrong secret", nl or en
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`family-app run --no-browser` as a user would start it, on its own data folder."""

    def __init__(self, data_dir: Path, env: dict | None = None):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = data_dir.parent / f"server-{self.port}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "family_app", "run", "--no-browser", "--port", str(self.port),
             "--data-dir", str(data_dir)],
            stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"app server exited: {self.log.read_text()}")
            try:
                urllib.request.urlopen(self.url, timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("app server did not start in 60 s")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Pilot:
    """A person at the phone: looks, taps and types; every request is recorded."""

    alive: list["Pilot"] = []  # for the screenshots of a failed test

    def __init__(self, page: Page, server: AppServer):
        Pilot.alive = [p for p in Pilot.alive if not p.page.is_closed()][-3:] + [self]
        self.page = page
        self.server = server
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    def open(self):
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
        deadline = time.monotonic() + timeout / 1000
        for attempt in range(200):
            try:
                locator.first.wait_for(state="attached", timeout=1_000)
                box = locator.first.bounding_box(timeout=1_000)
                if box and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= PHONE["height"]:
                    # Dialogs and pages slide in: tap only once the target stands still.
                    self.page.wait_for_timeout(150)
                    if locator.first.bounding_box(timeout=1_000) == box:
                        return locator.first
                    continue
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
        self.page.evaluate("window.__before = document.activeElement")
        box.click()
        # Flutter makes the real <input> only after the tap; keys sent before it is
        # focused are lost, so wait for a new focused input first.
        try:
            self.page.wait_for_function(
                "document.activeElement !== window.__before && "
                "['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName)", timeout=3_000)
        except PlaywrightTimeout:
            pass  # Flutter reused the same input element; it is focused by now
        self.page.wait_for_timeout(150)
        self.page.keyboard.press("Control+End")  # add to what is there, like a person would
        before = self._typed_value()
        self.page.keyboard.type(text, delay=10)
        if before is not None:
            self._make_sure_typed(before + text)

    def _typed_value(self) -> str | None:
        """The text of the focused input Flutter types into (None when there is none)."""
        return self.page.evaluate(
            "['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName)"
            " ? document.activeElement.value : null")

    def _make_sure_typed(self, expected: str, tries: int = 3):
        """On a busy machine the first keys can land before Flutter listens: check what the
        input holds and, like a person who sees a typo, erase and type it again."""
        def done() -> bool:  # some fields write in capitals (recovery codes)
            value = self._typed_value()
            return value is None or value.casefold() == expected.casefold()

        for _ in range(tries):
            for _ in range(10):
                if done():
                    return
                self.page.wait_for_timeout(100)
            current = self._typed_value() or ""
            self.page.keyboard.press("Control+End")
            for _ in range(len(current)):
                self.page.keyboard.press("Backspace")
            self.page.keyboard.type(expected, delay=20)
        assert done(), f"could not type {expected!r}"

    def replace_text(self, label: str, text: str):
        """Empty a field with backspace, as a person would, then type the new text."""
        self.type_into(label, "")
        current = self._typed_value()
        for _ in range(40 if current is None else len(current)):
            self.page.keyboard.press("Backspace")
        self.page.keyboard.type(text, delay=10)
        if current is not None:
            self._make_sure_typed(text)

    def open_with(self, secret: str, then: str):
        """Type the PIN or passphrase on a lock screen and open. On a busy machine Flutter can
        miss the first keys of a secret field while the page already holds them; a person
        told "not right" after typing the right secret types it again, and so does this."""
        dutch = self.page.get_by_role("textbox", name="Pincode of wachtzin", exact=True)
        english = self.page.get_by_role("textbox", name="PIN or passphrase", exact=True)
        dutch.or_(english).first.wait_for(state="attached", timeout=30_000)
        label, button = (("Pincode of wachtzin", "Openen") if dutch.count()
                         else ("PIN or passphrase", "Open"))
        wrong = self.page.get_by_text(WRONG_SECRET)
        for attempt in range(3):
            if attempt:
                self.replace_text(label, secret)
            else:
                self.type_into(label, secret)
            self.tap(button, exact=True)
            started = time.monotonic()
            while time.monotonic() - started < 30:
                if self.shown(then).count():
                    return
                # Unlocking takes a moment (scrypt); an earlier "not right" may still show.
                if wrong.count() and time.monotonic() - started > (1 if attempt == 0 else 5):
                    break
                self.page.wait_for_timeout(250)
        self.see(then)  # fails with what the screen shows

    def shown(self, text: str):
        """Text on screen: Flutter puts it either in a text node or in a group's label."""
        return self.page.get_by_text(text).or_(self.page.get_by_label(text))

    def see(self, text: str, timeout: float = 15_000):
        expect(self.shown(text).first).to_be_attached(timeout=timeout)

    def find(self, text: str):
        """Like see(), but scrolls down to look further."""
        return self.reach(self.shown(text))

    def not_see(self, text: str):
        expect(self.shown(text)).to_have_count(0)

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_timeout(400)  # let animations settle
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlparse(url).scheme not in ("blob", "data")
                and urlparse(url).hostname not in LOCAL_HOSTS]


def pytest_collection_modifyitems(items):
    """A browser test on a busy 2-core machine can lose a race with Flutter's rendering; run a
    failed one again (twice at most). A test that fails three times fails the suite."""
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.flaky(reruns=2, reruns_delay=2))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path):
    app = AppServer(tmp_path / "data")
    yield app
    app.stop()


def phone_pilot(browser, server):
    """A fresh phone-sized browser context on `server`; yields the pilot, then closes."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield Pilot(page, server)
    context.close()


@pytest.fixture
def pilot(browser, server):
    yield from phone_pilot(browser, server)


FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
DEMO_SECRET = "kaars-appel-fiets"
DEMO_YOUTH_SECRET = "mijn-eigen-plan"


@pytest.fixture
def demo_server(tmp_path):
    """An app server on a device where `family-app demo` already made the De Vries family."""
    data = tmp_path / "data"
    made = subprocess.run(
        [sys.executable, "-m", "family_app", "demo", "--scenario",
         str(FIXTURES / "scenario-de-vries.json"), "--data-dir", str(data)],
        env={**os.environ, "ONSPLAN_PASSPHRASE": DEMO_SECRET,
             "ONSPLAN_YOUTH_PASSPHRASE": DEMO_YOUTH_SECRET},
        capture_output=True, text=True, check=True)
    app = AppServer(data)
    app.recovery_codes = {line.split("\t")[0]: line.rsplit(" ", 1)[-1]
                          for line in made.stdout.splitlines()}
    yield app
    app.stop()


@pytest.fixture
def demo_pilot(browser, demo_server):
    yield from phone_pilot(browser, demo_server)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed e2e test, keep a screenshot of what the person saw, beside the test's files."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    folder = Path(item.funcargs.get("tmp_path") or "/tmp")
    for n, pilot in enumerate(Pilot.alive):
        try:
            pilot.page.screenshot(path=str(folder / f"failure-{n}.png"))
        except PlaywrightError:
            pass


BEGELEIDER_SECRET = "zorg-met-hart"


@pytest.fixture
def begeleider_server(tmp_path):
    """An app server on a device with Karin Mulder's begeleider workspace."""
    from family_app import onboarding
    from family_app.device import Device
    from i18n import translator
    data = tmp_path / "begeleider"
    draft = {"begeleider": {"name": "Karin Mulder", "organisation": "CJG Apeldoorn"}}
    opened, _ = onboarding.create_profile(Device(data), "begeleider", draft, BEGELEIDER_SECRET,
                                          translator("en"))
    opened.lock()
    app = AppServer(data)
    yield app
    app.stop()


def unlock(pilot, label: str, secret: str, then: str):
    """Open the app on its only profile's lock screen (asking for `label`) and unlock it."""
    pilot.open()
    pilot.see(label)
    pilot.open_with(secret, then)


def collect_frames(pilot, timeout: float = 30) -> dict[str, Image.Image]:
    """Screenshots of the family's cycling codes until every frame has been seen."""
    frames: dict[str, Image.Image] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shot = pilot.page.screenshot()
        for text in decode_image(shot):
            frames.setdefault(text, Image.open(io.BytesIO(shot)))
        if frames and len(frames) == _count(next(iter(frames))):
            return frames
        pilot.page.wait_for_timeout(300)
    raise AssertionError(f"saw {len(frames)} frames")


def _count(frame_text: str) -> int:
    return parse_frame(frame_text).count


def open_demo_family_in_english(pilot):
    """The De Vries family, unlocked on its own phone, switched to English."""
    pilot.open()
    pilot.tap("Ons gezin")
    pilot.open_with(DEMO_SECRET, "Gezin De Vries - Yilmaz")
    pilot.tap("Taal")
    pilot.tap("English")
    pilot.see("How our goals are going")


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
    begeleider.page.bring_to_front()  # a page in the background may not be painted
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
