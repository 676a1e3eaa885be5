"""A second device joins the household; both edit while apart, exchange codes, and end with
the same plan and one conflict to choose, which the family settles."""

from __future__ import annotations

import pytest

from tests.helpers.browser import (AppServer, frames_as_pictures, open_demo_family_in_english,
                                   open_section)
from tests.helpers.data import SECOND_DEVICE_SECRET

HOMEWORK = "We willen minder ruzie over huiswerk"
SCHOOL = "Ik wil weer elke dag naar school"
SANNE_WORDS = "Geen ruzie meer over huiswerk: om vijf uur samen aan tafel."
EMRE_WORDS = "Huiswerk voor het eten, en wij blijven rustig."
SCHOOL_WORDS = "Elke dag naar school, en op tijd."


@pytest.fixture
def laptop_server(tmp_path):
    """The family laptop: a new family plan, just made, with nothing in it yet."""
    from family_app.profiles import onboarding
    from family_app.profiles.device import Device
    from i18n import translator
    data = tmp_path / "laptop"
    draft = {"family": {"household_name": "Gezin De Vries", "members": [
        onboarding.member_from_form("Emre Yilmaz", "parent", "1985")]}}
    opened, _ = onboarding.create_profile(Device(data), "family", draft, SECOND_DEVICE_SECRET,
                                          translator("en"))
    opened.lock()
    app = AppServer(data, wait=False)
    yield app
    app.stop()


def join_code(pilot) -> str:
    return next(t.strip() for t in pilot.page.locator("flt-semantics").all_text_contents()
                if len(t.strip()) == 7 and t.strip()[3] == " " and t.strip().replace(" ", "").isdigit())


def reword(pilot, goal: str, words: str):
    pilot.tap("Our goals")
    pilot.tap(goal)
    pilot.tap("Change this goal")
    pilot.replace_text("Our goal, in our own words", words)
    pilot.tap("Save")
    pilot.see(words)
    pilot.tap("Back")
    pilot.tap("Back")


def exchange(sender, receiver, tmp_path, name: str):
    """The sender shows its changes as codes; the receiver scans pictures of them."""
    open_section(sender, "Our devices")
    sender.tap("Send my changes")
    sender.see("Let the other device scan these codes")
    codes = frames_as_pictures(sender, tmp_path, name)
    sender.tap("Done")
    sender.tap("Back")
    open_section(receiver, "Our devices")
    receiver.tap("Read its changes")
    receiver.pick_pictures(codes)
    receiver.see("read from", timeout=30_000)


def test_two_devices_join_edit_apart_and_agree(phones, demo_server, laptop_server, tmp_path):
    phone = phones.open(demo_server)
    laptop = phones.open(laptop_server)
    open_demo_family_in_english(phone)
    laptop.open()
    laptop.open_with(SECOND_DEVICE_SECRET, "Gezin De Vries")

    # 1. The phone shows its join code; the laptop scans it and answers.
    open_section(phone, "Our devices")
    phone.see("Share chosen parts instead")  # joining vs. a scoped share, in plain words
    phone.type_into("What do you call this device?", "Sanne's phone")
    phone.screenshot("50-devices")
    phone.tap("Add a device to our household")
    offer = frames_as_pictures(phone, tmp_path, "offer")
    open_section(laptop, "Our devices")
    laptop.type_into("What do you call this device?", "Laptop")
    laptop.tap("Join a household (new device)")
    laptop.pick_pictures(offer)
    laptop.see("Is this code the same on the other device?", timeout=30_000)
    code = join_code(laptop)
    reply = frames_as_pictures(laptop, tmp_path, "reply")

    # 2. The phone scans the answer: both screens show the same code.
    phone.tap("Scan the new device's code")
    phone.pick_pictures(reply)
    phone.see("Is this code the same on the other device?", timeout=30_000)
    assert join_code(phone) == code
    phone.screenshot("51-join-code")
    phone.tap("Yes, the codes are the same")
    laptop.tap("Yes, the codes are the same")
    plan = frames_as_pictures(phone, tmp_path, "plan")
    phone.tap("Done")
    laptop.tap("Scan the household's plan")
    laptop.pick_pictures(plan)
    laptop.see("read from Sanne's phone", timeout=30_000)
    laptop.tap("Back")
    laptop.see("Gezin De Vries - Yilmaz")
    phone.tap("Back")

    # 3. Apart: both reword the homework goal; the laptop also the school goal.
    reword(phone, HOMEWORK, SANNE_WORDS)
    reword(laptop, HOMEWORK, EMRE_WORDS)
    reword(laptop, SCHOOL, SCHOOL_WORDS)

    # 4. They exchange both ways: the same plan, and one change to choose on each.
    exchange(laptop, phone, tmp_path, "laptop-changes")
    phone.see("1 change to choose between")
    phone.tap("Back")
    exchange(phone, laptop, tmp_path, "phone-changes")
    laptop.see("1 change to choose between")
    laptop.tap("Back")
    shown = []
    for device in (phone, laptop):
        device.tap("Our goals")
        device.see(SCHOOL_WORDS)
        sanne_won = device.shown(SANNE_WORDS).count() > 0
        device.see(SANNE_WORDS if sanne_won else EMRE_WORDS)
        shown.append(sanne_won)
        device.tap("Back")
    assert shown[0] == shown[1]  # the same version wins on both; the other waits to be chosen

    # 5. The family chooses on the phone; the choice reaches the laptop.
    open_section(phone, "Our devices")
    phone.tap("1 change to choose between")
    phone.see(SANNE_WORDS)
    phone.see(EMRE_WORDS)
    phone.screenshot("52-conflict")
    # Keep Emre's words: the "Keep this" right under them (each version has its own).
    words_at = phone.shown(EMRE_WORDS).first.bounding_box()["y"]
    buttons = phone.page.get_by_role("button", name="Keep this")
    under = min((b for b in buttons.all() if b.bounding_box()["y"] > words_at),
                key=lambda b: b.bounding_box()["y"])
    under.click()
    phone.see("Nothing to choose. Both devices agree.")
    phone.tap("Back")
    phone.tap("Back")
    exchange(phone, laptop, tmp_path, "choice")
    laptop.not_see("change to choose between")
    laptop.tap("Back")
    for device in (phone, laptop):
        device.tap("Our goals")
        device.see(EMRE_WORDS)
        device.not_see(SANNE_WORDS)
        device.tap("Back")
    assert phone.outside_requests() == [] and laptop.outside_requests() == []
