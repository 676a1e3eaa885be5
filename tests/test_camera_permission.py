"""Asking for the camera in the app on a phone (sharing/camera_permission.py): the rule for
each status the phone can give, and the scanner's wiring with a fake permission handler and
a fake page that says it is a phone: no phone needed."""
from __future__ import annotations

from types import SimpleNamespace

import flet as ft
import pytest

from family_app.screens.sharing import scan
from family_app.sharing import camera_permission
from family_app.sharing.camera_permission import Step, after_asking, before_asking
from tests.helpers.screens import FakePage, find, run_alone

# Every PermissionStatus value of flet-permission-handler 1.0.5, and "the phone did not say".
ALL_STATUSES = ("granted", "denied", "permanentlyDenied", "limited", "provisional",
                "restricted", None)


@pytest.mark.parametrize("status, step", [
    ("granted", Step.START_CAMERA), ("limited", Step.START_CAMERA),
    ("denied", Step.EXPLAIN),  # not asked yet: a word on why, then the system's question
    (None, Step.EXPLAIN), ("provisional", Step.EXPLAIN),
    ("permanentlyDenied", Step.OPEN_SETTINGS), ("restricted", Step.NO_CAMERA)])
def test_when_the_scanner_opens(status, step):
    assert before_asking(status) is step


@pytest.mark.parametrize("status, step", [
    ("granted", Step.START_CAMERA), ("limited", Step.START_CAMERA),
    ("denied", Step.NO_CAMERA), (None, Step.NO_CAMERA), ("restricted", Step.NO_CAMERA),
    ("permanentlyDenied", Step.OPEN_SETTINGS)])
def test_after_the_question(status, step):
    assert after_asking(status) is step


def test_every_status_leads_somewhere_and_never_asks_twice_in_a_row():
    for status in ALL_STATUSES:
        assert isinstance(before_asking(status), Step)
        assert after_asking(status) is not Step.EXPLAIN  # an answer is not asked again


def test_the_flet_package_knows_the_same_statuses():
    import flet_permission_handler as fph
    assert {s.value for s in fph.PermissionStatus} == set(ALL_STATUSES) - {None}


def page(platform, web=False) -> "PhonePage":
    made = PhonePage()
    made.platform, made.web = platform, web
    return made


class PhonePage(FakePage):
    platform = None
    web = False

    def __init__(self):
        super().__init__()
        self.tasks = []

    def run_task(self, handler, *args):
        self.tasks.append(handler)


@pytest.mark.parametrize("platform, web, asks", [
    (ft.PagePlatform.ANDROID, False, True), (ft.PagePlatform.IOS, False, True),
    (ft.PagePlatform.ANDROID, True, False),  # a phone's browser asks by itself
    (ft.PagePlatform.LINUX, True, False), (ft.PagePlatform.WINDOWS, False, False),
    (None, False, False)])
def test_only_the_app_on_a_phone_asks_first(platform, web, asks):
    assert camera_permission.asks_first(page(platform, web)) is asks


class FakeHandler:
    """flet_permission_handler's PermissionHandler, answering as told."""

    def __init__(self, status: str | None, answer: str | None):
        self.status, self.answer = status, answer
        self.calls = []

    async def get_status(self, permission):
        self.calls.append(("get_status", permission))
        return SimpleNamespace(value=self.status)

    async def request(self, permission):
        self.calls.append(("request", permission))
        self.status = self.answer
        return SimpleNamespace(value=self.answer)

    async def open_app_settings(self):
        self.calls.append(("open_app_settings",))
        return True


def scanner(monkeypatch, handler, platform=ft.PagePlatform.ANDROID, web=False):
    package = SimpleNamespace(PermissionHandler=lambda: handler,
                              Permission=SimpleNamespace(CAMERA="camera"))
    monkeypatch.setattr(scan, "_handlers", lambda: package)
    phone = page(platform, web)
    ctx = SimpleNamespace(_=lambda text: text, page=phone, go=lambda *screen, **params: None,
                          opened=SimpleNamespace(profile=SimpleNamespace(kind="begeleider")))
    view = scan.build(ctx, purpose="share")
    return view, phone


def shown(view) -> set[str]:
    return {key for key in ("camera-why", "no-camera", "open-settings")
            if find(view, key).visible}


def test_on_a_phone_the_scanner_explains_first_and_asks_on_the_button(monkeypatch):
    handler = FakeHandler("denied", "granted")
    view, phone = scanner(monkeypatch, handler)
    assert handler in view.services  # kept alive: Flet drops unreferenced services
    assert shown(view) == set()
    run_alone(phone.tasks.pop(0)())  # the screen opens
    assert shown(view) == {"camera-why"}
    assert handler.calls == [("get_status", "camera")] and phone.tasks == []  # no camera yet
    text = find(view, "camera-why-text").value
    assert "camera" in text and "stay on this phone" in text

    run_alone(find(view, "allow-camera").on_click())
    assert handler.calls[-1] == ("request", "camera")
    assert shown(view) == set()
    assert [task.__name__ for task in phone.tasks] == ["watch_camera"]


def test_allowed_before_the_camera_starts_at_once(monkeypatch):
    handler = FakeHandler("granted", None)
    view, phone = scanner(monkeypatch, handler, platform=ft.PagePlatform.IOS)
    run_alone(phone.tasks.pop(0)())
    assert shown(view) == set()
    assert [task.__name__ for task in phone.tasks] == ["watch_camera"]


def test_refused_the_files_remain_and_for_good_the_settings_too(monkeypatch):
    handler = FakeHandler("denied", "denied")
    view, phone = scanner(monkeypatch, handler)
    run_alone(phone.tasks.pop(0)())
    run_alone(find(view, "allow-camera").on_click())
    assert shown(view) == {"no-camera"}
    assert find(view, "pick-file").visible is not False

    handler = FakeHandler("denied", "permanentlyDenied")
    view, phone = scanner(monkeypatch, handler)
    run_alone(phone.tasks.pop(0)())
    run_alone(find(view, "allow-camera").on_click())
    assert shown(view) == {"no-camera", "open-settings"}
    run_alone(find(view, "open-settings").on_click())
    assert handler.calls[-1] == ("open_app_settings",)
    assert shown(view) == {"camera-why"}  # back from the settings: the button asks again
    assert phone.tasks == []


def test_a_handler_that_fails_leaves_the_files(monkeypatch):
    class Broken(FakeHandler):
        async def get_status(self, permission):
            raise TimeoutError

        async def request(self, permission):
            raise TimeoutError

    view, phone = scanner(monkeypatch, Broken(None, None))
    run_alone(phone.tasks.pop(0)())
    assert shown(view) == {"camera-why"}
    run_alone(find(view, "allow-camera").on_click())
    assert shown(view) == {"no-camera"}


@pytest.mark.parametrize("platform, web", [(ft.PagePlatform.LINUX, True),
                                           (ft.PagePlatform.ANDROID, True)])
def test_in_a_browser_the_handler_is_not_used(monkeypatch, platform, web):
    def no_handler():
        raise AssertionError("the permission handler is for the app on a phone only")
    monkeypatch.setattr(scan, "_handlers", no_handler)
    phone = page(platform, web)
    ctx = SimpleNamespace(_=lambda text: text, page=phone,
                          opened=SimpleNamespace(profile=SimpleNamespace(kind="begeleider")))
    view = scan.build(ctx, purpose="share")
    assert [task.__name__ for task in phone.tasks] == ["start"]
    assert shown(view) == set()


def test_the_permission_handler_is_a_runtime_dependency_phones_can_carry():
    """A pure-Python wheel (its Flutter side is built into the app by `flet build`), so
    `make phone-check` passes it once it is in the lock."""
    import tomllib
    from importlib.metadata import version
    from pathlib import Path

    from tools import phone_check
    root = Path(__file__).resolve().parents[1]
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "flet-permission-handler==1.0.5" in pyproject["project"]["dependencies"]
    lock = (root / "requirements" / "lock.txt").read_text(encoding="utf-8")
    lock += f"\nflet-permission-handler=={version('flet-permission-handler')}\n"  # until locked
    packages = tomllib.loads((root / "tools" / "phone_packages.toml").read_text("utf-8"))
    report = phone_check.check({"project": {"dependencies": ["flet-permission-handler==1.0.5"]},
                                "tool": {"flet": {}}}, lock, packages)
    assert report.ok, report.problems
    assert report.dependencies["flet-permission-handler"].kind == "pure Python"



def test_an_answer_after_leaving_starts_nothing(monkeypatch):
    handler = FakeHandler("granted", None)
    view, phone = scanner(monkeypatch, handler)
    start = phone.tasks.pop(0)
    view.appbar.leading.content.on_click()  # Back, before the phone answered
    run_alone(start())
    assert phone.tasks == [] and shown(view) == set()
