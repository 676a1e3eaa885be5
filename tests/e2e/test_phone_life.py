"""Phone life in the real UI: the scanner's word on the camera before the system's question,
and the codes on screen asking the browser to keep the screen on.

The scanner asks for the camera itself only in the app on a phone; this test's app server
is made to ask as that app does (tests/helpers/as_phone/sitecustomize.py), and Chromium,
without the camera allowed, answers Flet's permission handler. What a real phone's dialogs,
wakelock and brightness do is in docs/phone.md, "What only a real phone can verify"."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from i18n import LANGUAGE_NAMES, translator

from tests.helpers.browser import AppServer, unlock
from tests.helpers.data import BEGELEIDER_SECRET

AS_PHONE = Path(__file__).resolve().parents[1] / "helpers" / "as_phone"

# Counts the page's requests for a screen wake lock (the Screen Wake Lock API, which Flet's
# Wakelock uses in a browser) and the locks given back.
COUNT_WAKE_LOCKS = """
window.wakeLocks = {requested: 0, released: 0};
if (navigator.wakeLock) {
  const request = navigator.wakeLock.request.bind(navigator.wakeLock);
  navigator.wakeLock.request = async (type) => {
    window.wakeLocks.requested += 1;
    const lock = await request(type);
    lock.addEventListener("release", () => { window.wakeLocks.released += 1; });
    return lock;
  };
}
"""


@pytest.fixture
def phone_app_server(karins_device, tmp_path):
    """Karin's device, in an app server that asks for the camera as the app on a phone."""
    shutil.copytree(karins_device, tmp_path / "begeleider")
    path = os.pathsep.join([str(AS_PHONE), os.environ.get("PYTHONPATH", "")])
    app = AppServer(tmp_path / "begeleider", env={"PYTHONPATH": path}, wait=False)
    yield app
    app.stop()


def wake_locks(pilot) -> dict:
    return pilot.page.evaluate("window.wakeLocks")


def choose_language(pilot, current: str, lang: str) -> None:
    pilot.tap(translator(current).gettext("Language"))
    pilot.tap(LANGUAGE_NAMES[lang])


def test_the_scanner_says_why_before_asking_and_the_codes_keep_the_screen_on(
        phones, phone_app_server):
    pilot = phones.open(phone_app_server)
    pilot.page.add_init_script(COUNT_WAKE_LOCKS)
    unlock(pilot, "Pincode of wachtwoord", BEGELEIDER_SECRET, "Karin Mulder")

    # Her own code on screen: the page asks to keep the screen on, and gives it back after.
    pilot.tap("Show my code to pair")
    pilot.see("Let the family scan this code")
    pilot.page.wait_for_function("window.wakeLocks.requested > 0")
    pilot.tap("Back")
    pilot.see("Scan a family's code")
    pilot.page.wait_for_function("window.wakeLocks.released >= window.wakeLocks.requested")

    # The scanner first says why, in her language, before the system asks anything.
    for lang, before in (("nl", "en"), ("ar", "nl")):
        t = translator(lang).gettext
        choose_language(pilot, before, lang)
        pilot.tap(t("Scan a family's code"))
        pilot.see(t("To read the codes, Ons Plan needs the camera. "
                    "The pictures stay on this phone."))
        pilot.button(t("Allow the camera")).wait_for()
        pilot.screenshot(f"phone-camera-why-{lang}")
        if lang == "nl":
            pilot.tap(t("Back"))

    # She taps the button; the browser refuses the camera (for good, as Chromium answers
    # without a person to ask): the files remain, and the way to the settings.
    pilot.tap(t("Allow the camera"))
    pilot.see(t("No camera could be used. Choose a picture or a file instead."))
    pilot.button(t("Choose a picture or file")).wait_for()
    pilot.screenshot("phone-camera-refused-ar")
    pilot.tap(t("Open settings"))  # back from the settings, the button asks again
    pilot.button(t("Allow the camera")).wait_for()
