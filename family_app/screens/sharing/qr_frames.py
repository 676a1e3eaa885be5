"""QR codes on screen: large, on white, cycling by themselves through the frames of one
bundle, with buttons to step back and forth for a scanner that needs more time (a step by
hand stops the cycling: the code shown stays until the next tap, or until the play button
lets them change by themselves again).

A screen reader hears which code is shown ("QR code 2 of 5": the picture's description
follows the code) and the name of each button (common.icon_button)."""

from __future__ import annotations

import asyncio

import flet as ft

from family_app.bundles.codes import qr_picture
from family_app.sharing import screen_awake

from family_app.screens.common import MAX_WIDTH, icon_button
from family_app.screens.context import ScreenContext

# How long each code stays: a scanner takes a new picture as soon as it has read the last
# (scan.py), a few a second, so it sees each code more than once and a whole plan passes in
# about a second (bench/camera.py; docs/decisions.md, "Faster scanning").
SECONDS_PER_FRAME = 0.3


class QrFrames(ft.Column):
    def __init__(self, ctx: ScreenContext, frames: list[str], *, key: str = "qr"):
        self.ctx = ctx
        self.pictures = [qr_picture(frame, box_size=8) for frame in frames]
        self.index = 0
        self.running = True
        self.paused = False  # stepped by hand: the codes wait for the person
        self.awake = _keep_awake(ctx.page)
        # As wide as the screen allows (a scanner then reads it from further away); only a
        # width: the square takes what the column gives it, height and all.
        self.image = ft.Image(src=self.pictures[0], width=MAX_WIDTH, fit=ft.BoxFit.CONTAIN,
                              gapless_playback=True, key=key)
        self.counter = ft.Text("", size=18, weight=ft.FontWeight.BOLD, key=f"{key}-counter")
        self.play = icon_button(ft.Icons.PLAY_ARROW, ctx._("Let the codes change by themselves"),
                                self.go_on, key=f"{key}-play", icon_size=36)
        self.play.visible = False  # shown once the person steps by hand
        steps = ft.Row([
            icon_button(ft.Icons.CHEVRON_LEFT, ctx._("Previous code"),
                        lambda: self.step_by_hand(-1), key=f"{key}-previous", icon_size=36),
            self.counter,
            icon_button(ft.Icons.CHEVRON_RIGHT, ctx._("Next code"), lambda: self.step_by_hand(1),
                        key=f"{key}-next", icon_size=36),
            self.play,
        ], alignment=ft.MainAxisAlignment.CENTER, visible=len(frames) > 1)
        # No padding: the code's own quiet zone (4 modules) is the white border.
        super().__init__([ft.Container(self.image, bgcolor=ft.Colors.WHITE,
                                       alignment=ft.Alignment.CENTER, border_radius=8),
                          steps], horizontal_alignment=ft.CrossAxisAlignment.CENTER)
        self._show()

    def _show(self) -> None:
        place = {"n": self.index + 1, "total": len(self.pictures)}
        self.image.src = self.pictures[self.index]
        self.image.semantics_label = self.ctx._("QR code {n} of {total}").format(**place)
        self.counter.value = self.ctx._("Code {n} of {total}").format(**place)

    def step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.pictures)
        self._show()

    def step_by_hand(self, delta: int) -> None:
        self.paused = self.play.visible = True
        self.step(delta)

    def go_on(self) -> None:
        self.paused = self.play.visible = False

    def did_mount(self):
        self.page.run_task(self.awake.codes_shown)  # on, and bright: screen_awake.py
        if len(self.pictures) > 1:
            self.page.run_task(self._cycle)

    def will_unmount(self):
        self.running = False
        # The tab's page: this control is off it already (another screen, or the lock).
        self.ctx.page.run_task(self.awake.codes_gone)

    async def _cycle(self):
        while self.running:
            await asyncio.sleep(SECONDS_PER_FRAME)
            if not self.running:
                return
            if self.paused:
                continue
            self.step(1)
            try:
                self.update()
            except RuntimeError:  # unmounted between two frames
                return


def _keep_awake(page) -> screen_awake.KeepAwake:
    """Flet's wakelock everywhere, its brightness only in the app on a phone (it refuses
    a browser). Made with the codes: the services live while something refers to them."""
    brightness = ft.ScreenBrightness() if screen_awake.brightens(page) else None
    return screen_awake.KeepAwake(ft.Wakelock(), brightness)
