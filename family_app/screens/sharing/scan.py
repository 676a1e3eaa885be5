"""Scan a code: the camera reads the QR frames in any order ("2 of 3"); a picture or a
`.onsplan` file works too. What happens with the bundle depends on the purpose:
a begeleider opens a family's share, a family pairs with a begeleider."""

from __future__ import annotations

import asyncio

import flet as ft
import flet_camera as fc

from family_app.bundles import codes
from family_app.household import household, household_sync
from family_app.report import closure_inbox
from family_app.sharing import camera_permission, returns, sharing, viewer
from family_app.sharing.camera_permission import Step
from family_app.youth import youth_links
from family_app.plan.plan_book import PlanBook
from family_app.bundles.scan_session import ScanSession
from i18n.problems import Problem

from family_app.screens.common import (Message, paragraph, primary_button, screen,
                                       secondary_button, translated_problem)
from family_app.screens.context import ScreenContext

# The back camera at 1080p: at 480p a version-20 code (sync/frames.py) needs the phone about
# 14 cm from the screen, near many phones' closest focus; at 1080p about 33 cm (bench/decode.py).
CAMERA_RESOLUTION = fc.ResolutionPreset.VERY_HIGH
# Where a received share leads: a begeleider reads it; a young person links goals to it.
AFTER_RECEIVING = {"family_goals": ("youth_share", {})}


def _join(ctx: ScreenContext, book: PlanBook, bundle: bytes) -> None:
    offer = household.read_join_offer(bundle, now=ctx.now())
    ctx.draft["join_reply"] = household.join_reply(book, offer, ctx.draft.get("device_name", ""))
    ctx.go("join", step="reply")


def _join_reply(ctx: ScreenContext, book: PlanBook, bundle: bytes) -> None:
    ctx.draft["joining"] = household.accept_join(book, bundle)
    ctx.go("join", step="confirm")


def _sync(ctx: ScreenContext, book: PlanBook, bundle: bytes) -> None:
    ctx.draft["synced"] = household_sync.apply_sync(book, bundle)
    ctx.go("devices")


HOUSEHOLD_STEPS = {"join": _join, "join_reply": _join_reply, "sync": _sync}


def handle_bundle(ctx: ScreenContext, purpose: str, bundle: bytes) -> None:
    """Go on with a complete bundle; raises a Problem for the scanner to show."""
    if purpose in HOUSEHOLD_STEPS:
        HOUSEHOLD_STEPS[purpose](ctx, PlanBook(ctx.opened), bundle)
    elif purpose == "pair":
        ctx.draft["pairing"] = sharing.read_identity(bundle, now=ctx.now())
        ctx.go("pair_confirm")
    elif purpose == "return":  # the family scans: a begeleider's return, or a young person's news
        book = PlanBook(ctx.opened)
        try:
            returns.import_return(book, bundle)
        except returns.NotAReturn:
            youth_links.import_links(book, bundle)
            ctx.go("section", table="goals")
            return
        ctx.go("inbox")
    elif codes.needs_passcode(bundle):
        ctx.draft["scanned"] = bundle
        ctx.draft["after_passcode"] = AFTER_RECEIVING.get(purpose, ("shared_plan", {}))
        ctx.go("passcode")
    elif purpose == "family_goals":
        viewer.receive(ctx.opened, bundle)
        then, params = AFTER_RECEIVING[purpose]
        ctx.go(then, **params)
    else:
        try:
            ctx.draft["received"] = viewer.receive(ctx.opened, bundle)
        except viewer.NotAShare:
            closure_inbox.import_closure(ctx.opened, bundle)  # a family's closure report
            ctx.go("closure_reports")
            return
        except viewer.UnknownFamilyKey as error:  # a known family, from another key
            ctx.draft["other_device"] = {"bundle": bundle, "error": error}
            ctx.go("family_device")
            return
        ctx.go("shared_plan")


def build(ctx: ScreenContext, *, purpose: str) -> ft.View:
    _ = ctx._
    session = ScanSession()
    message = Message()
    progress = ft.Text("", size=20, weight=ft.FontWeight.BOLD, key="scan-progress")
    state = {"active": True}
    camera = fc.Camera(expand=True, preview_enabled=True)
    picker = ft.FilePicker()
    youth = ctx.opened.profile.kind == "youth"
    back_to = {"share": ("home", {}), "return": ("inbox", {}), "family_goals": ("youth_share", {}),
               "pair": ("youth_share", {}) if youth else ("section", {"table": "professionals"}),
               **{step: ("devices", {}) for step in HOUSEHOLD_STEPS}}[purpose]

    def leave():
        state["active"] = False
        ctx.go(back_to[0], **back_to[1])

    def show_progress():
        got, total = session.progress
        progress.value = _("{got} of {total}").format(got=got, total=total) if total else ""

    def finish() -> bool:
        """True when the bundle was handled and the screen moved on."""
        if session.bundle is None:
            return False
        state["active"] = False
        try:
            handle_bundle(ctx, purpose, session.bundle)
        except Problem as error:
            session.reset()
            state["active"] = True
            message.say(translated_problem(ctx, error))
            return False
        return True

    async def feed(kind: str, data: bytes):
        try:
            await asyncio.to_thread(session.add_file if kind == "file" else session.add_picture, data)
            message.clear()
        except Problem as error:
            if kind == "file" or session.progress[1] == 0:
                message.say(translated_problem(ctx, error))
        show_progress()
        if not finish():
            ctx.page.update()

    # In the app on a phone, the camera is asked for first, after a word on why (Flet's
    # permission handler: a Flet extension that `flet build` puts in the app); a browser
    # asks by itself when the camera starts.
    handler = _handlers().PermissionHandler() if camera_permission.asks_first(ctx.page) else None

    def show(step: Step) -> None:
        if not state["active"]:  # left while the phone answered
            return
        why.visible = step is Step.EXPLAIN
        no_camera.visible = step in (Step.NO_CAMERA, Step.OPEN_SETTINGS)
        open_settings.visible = step is Step.OPEN_SETTINGS
        ctx.page.update()
        if step is Step.START_CAMERA:
            ctx.page.run_task(watch_camera)

    async def camera_status(ask: bool) -> str | None:
        try:
            status = await (handler.request if ask else handler.get_status)(
                _handlers().Permission.CAMERA)
        except Exception:  # noqa: BLE001 - the phone did not say: treated as not allowed
            return None
        return status.value if status is not None else None

    async def start():
        if handler is None:
            await watch_camera()
        else:
            show(camera_permission.before_asking(await camera_status(ask=False)))

    async def allow(_event=None):
        show(camera_permission.after_asking(await camera_status(ask=True)))

    async def settings(_event=None):
        try:
            await handler.open_app_settings()
        except Exception:  # noqa: BLE001 - no settings to open: the files still work
            pass
        show(camera_permission.after_settings())

    async def watch_camera():
        """Take pictures until every frame is in, the user leaves, or there is no camera."""
        try:
            cameras = await camera.get_available_cameras()
            if not cameras:
                raise RuntimeError("no camera")
            back = [c for c in cameras if c.lens_direction == fc.CameraLensDirection.BACK]
            await camera.initialize((back or cameras)[0], CAMERA_RESOLUTION, enable_audio=False)
        except Exception:  # noqa: BLE001 - no camera, or no permission: the files still work
            no_camera.visible = True
            ctx.page.update()
            return
        while state["active"]:
            try:
                picture = await camera.take_picture()
            except Exception:  # noqa: BLE001 - the screen was left while taking a picture
                return
            # The next picture as soon as this one is read, with no pause: the codes change
            # every 0.3 s (qr_frames.py), and a pause only lets some pass unseen.
            await feed("camera", picture)

    async def pick(_event=None):
        files = await picker.pick_files(allow_multiple=True, with_data=True)
        for chosen in files or []:
            if chosen.bytes:
                await feed("file", chosen.bytes)
                if session.bundle is not None:
                    return

    no_camera = ft.Row([ft.Icon(ft.Icons.NO_PHOTOGRAPHY, color=ft.Colors.GREY_700),
                        ft.Text(_("No camera could be used. Choose a picture or a file instead."),
                                expand=True)], visible=False, key="no-camera")
    open_settings = secondary_button(_("Open settings"), ft.Icons.SETTINGS, settings,
                                     key="open-settings")
    open_settings.visible = False
    # Over the camera's place, until the camera may be used.
    why = ft.Container(ft.Column([
        ft.Icon(ft.Icons.PHOTO_CAMERA, size=40, color=ft.Colors.TEAL_700),
        paragraph(_("To read the codes, Ons Plan needs the camera. "
                    "The pictures stay on this phone."), key="camera-why-text"),
        primary_button(_("Allow the camera"), ft.Icons.CHECK, allow, key="allow-camera"),
    ], horizontal_alignment=ft.CrossAxisAlignment.CENTER, alignment=ft.MainAxisAlignment.CENTER,
        spacing=16), bgcolor=ft.Colors.TEAL_50, padding=16, alignment=ft.Alignment.CENTER,
        left=0, top=0, right=0, bottom=0, visible=False, key="camera-why")
    title = {"share": _("Scan the family's code"), "family_goals": _("Scan your family's code"),
             "return": _("Scan a code for our plan"), "join": _("Scan the other device's code"),
             "join_reply": _("Scan the other device's code"),
             "sync": _("Scan the other device's code")}.get(purpose, _("Scan the begeleider's code"))
    view = screen(ctx, title, [
        paragraph(_("Hold the camera in front of the code. If there are more codes, they change by "
                    "themselves: keep holding still until all parts are in.")),
        ft.Container(ft.Stack([camera, why], fit=ft.StackFit.EXPAND), height=300,
                     bgcolor=ft.Colors.BLACK, border_radius=12,
                     clip_behavior=ft.ClipBehavior.HARD_EDGE, key="camera"),
        progress, message, no_camera, open_settings,
        secondary_button(_("Choose a picture or file"), ft.Icons.UPLOAD_FILE, pick, key="pick-file"),
    ], back=leave, key=f"scan-{purpose}")
    view.services.append(picker)  # keep the picker alive (Flet drops unreferenced services)
    if handler is not None:
        view.services.append(handler)
    ctx.page.run_task(start)
    return view


def _handlers():
    """Flet's permission handler package, imported only in the app on a phone: a desktop
    install made before it was in the lock still runs."""
    import flet_permission_handler
    return flet_permission_handler
