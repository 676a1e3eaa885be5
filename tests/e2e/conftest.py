"""End-to-end fixtures: the real app server, driven in Debian's Chromium like a person would.

Each test gets its own app server on a free port with a data folder of its own (a copy of a
device made once per worker, where a test starts from one); the browser is its own. The
servers start while the browser does; a phone waits for its server when it opens. Every browser context is made by the `phones` fixture and closed when the test
ends, whatever happens; a test that leaves a context open fails. The pilot and its helpers are in
tests/helpers/browser.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.helpers.browser import CHROMIUM, CHROMIUM_FLAGS, PHONE, AppServer, Pilot
from tests.helpers.data import BEGELEIDER_SECRET, DE_VRIES, FAMILY_SECRET, YOUTH_SECRET
from tests.helpers.kdf import real_cost


@pytest.fixture(scope="session")
def playwright_driver():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def browser(playwright_driver):
    """A browser of this test's own: its renderers and GPU process end with the test, so
    nothing a test leaves running can slow the next (launching takes about half a second)."""
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield chromium
    left = len(chromium.contexts)  # every context is the phones fixture's, closed before this
    chromium.close()
    assert left == 0, f"{left} browser context(s) left open by the test"


@pytest.fixture(scope="session", autouse=True)
def screenshot_folder(tmp_path_factory):
    """Screenshots go to a folder of this run; `make screenshots` names docs/screenshots."""
    chosen = os.environ.get("ONSPLAN_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    Pilot.screenshots = folder
    Pilot.for_docs = bool(chosen)
    return folder


class Phones:
    """Every browser context of one test: made here, closed here."""

    def __init__(self, browser):
        self.browser = browser
        self.pilots: list[Pilot] = []
        self.contexts = []

    def open(self, server: AppServer, browser=None, **options) -> Pilot:
        """A fresh phone-sized browser context on `server` (in `browser`, or the shared one)."""
        server.ready()
        context = (browser or self.browser).new_context(viewport=PHONE, device_scale_factor=1,
                                                        **options)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        pilot = Pilot(page, server)
        self.pilots.append(pilot)
        return pilot

    def close(self):
        for context in self.contexts:
            try:
                context.close()
            except PlaywrightError:
                pass  # its browser was closed already


@pytest.fixture
def phones(browser, request):
    # The test's app servers first, so that they stop after its pages closed: a server
    # stopping with a tab still connected waits for it (web_server.SHUTDOWN_SECONDS).
    for name in request.fixturenames:
        if name.endswith("server"):
            request.getfixturevalue(name)
    made = Phones(browser)
    request.node.phones = made  # for the screenshots of a failed test
    yield made
    made.close()


@pytest.fixture
def server(tmp_path):
    app = AppServer(tmp_path / "data", wait=False)
    yield app
    app.stop()


@pytest.fixture
def pilot(phones, server):
    return phones.open(server)


@pytest.fixture(scope="session")
def demo_device(tmp_path_factory):
    """A device on which `family-app demo` made the De Vries family, once per worker (each
    test gets a copy), and the recovery codes it printed."""
    data = tmp_path_factory.mktemp("demo") / "data"
    made = subprocess.run(
        [sys.executable, "-m", "family_app", "demo", "--scenario", str(DE_VRIES),
         "--data-dir", str(data)],
        env={**os.environ, "ONSPLAN_PASSPHRASE": FAMILY_SECRET,
             "ONSPLAN_YOUTH_PASSPHRASE": YOUTH_SECRET},
        capture_output=True, text=True, check=True)
    codes = {line.split("\t")[0]: line.rsplit(" ", 1)[-1] for line in made.stdout.splitlines()}
    return data, codes


@pytest.fixture
def demo_server(demo_device, tmp_path):
    """An app server on a copy of the De Vries device."""
    template, codes = demo_device
    shutil.copytree(template, tmp_path / "data")
    app = AppServer(tmp_path / "data", wait=False)
    app.recovery_codes = codes
    yield app
    app.stop()


@pytest.fixture
def demo_pilot(phones, demo_server):
    return phones.open(demo_server)


@pytest.fixture(scope="session")
def karins_device(tmp_path_factory):
    """A device with Karin Mulder's begeleider workspace, made once per worker."""
    from family_app.profiles import onboarding
    from family_app.profiles.device import Device
    from i18n import translator
    data = tmp_path_factory.mktemp("karin") / "begeleider"
    draft = {"begeleider": {"name": "Karin Mulder", "organisation": "CJG Apeldoorn"}}
    with real_cost():  # its app server opens it (tests/helpers/kdf.py)
        opened, _ = onboarding.create_profile(Device(data), "begeleider", draft,
                                              BEGELEIDER_SECRET, translator("en"))
    opened.lock()
    return data


@pytest.fixture
def begeleider_server(karins_device, tmp_path):
    """An app server on a copy of Karin's device."""
    shutil.copytree(karins_device, tmp_path / "begeleider")
    app = AppServer(tmp_path / "begeleider", wait=False)
    yield app
    app.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed e2e test, keep a screenshot of what each phone saw, beside the test's files,
    and print what it showed and the end of its app server's log (CI keeps only the output)."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or not hasattr(item, "phones"):
        return
    folder = Path(item.funcargs.get("tmp_path") or "/tmp")
    for n, pilot in enumerate(item.phones.pilots):
        try:
            pilot.page.screenshot(path=str(folder / f"failure-{n}.png"))
            report.sections.append((f"what phone {n} showed", pilot.describe()))
        except PlaywrightError:
            pass
        log = pilot.server.log
        if log.exists():
            lines = log.read_text(errors="replace").splitlines()[-30:]
            report.sections.append((f"the end of phone {n}'s app server log", "\n".join(lines)))
