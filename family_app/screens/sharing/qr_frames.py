"""QR codes on screen: large, on white, cycling by themselves through the frames of one
bundle, with buttons to step back and forth for a scanner that needs more time.

A screen reader hears which code is shown ("QR code 2 of 5": the picture's description
follows the code) and the name of each button (common.icon_button)."""

from __future__ import annotations

import asyncio

import flet as ft

from family_app.bundles.codes import qr_picture

from family_app.screens.common import MAX_WIDTH, icon_button
from family_app.screens.context import ScreenContext

SECONDS_PER_FRAME = 1.5


class QrFrames(ft.Column):
    def __init__(self, ctx: ScreenContext, frames: list[str], *, key: str = "qr"):
        self.ctx = ctx
        self.pictures = [qr_picture(frame, box_size=8) for frame in frames]
        self.index = 0
        self.running = True
        # As wide as the screen allows (a scanner then reads it from further away); only a
        # width: the square takes what the column gives it, height and all.
        self.image = ft.Image(src=self.pictures[0], width=MAX_WIDTH, fit=ft.BoxFit.CONTAIN,
                              gapless_playback=True, key=key)
        self.counter = ft.Text("", size=18, weight=ft.FontWeight.BOLD, key=f"{key}-counter")
        steps = ft.Row([
            icon_button(ft.Icons.CHEVRON_LEFT, ctx._("Previous code"), lambda: self.step(-1),
                        key=f"{key}-previous", icon_size=36),
            self.counter,
            icon_button(ft.Icons.CHEVRON_RIGHT, ctx._("Next code"), lambda: self.step(1),
                        key=f"{key}-next", icon_size=36),
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

    def did_mount(self):
        if len(self.pictures) > 1:
            self.page.run_task(self._cycle)

    def will_unmount(self):
        self.running = False

    async def _cycle(self):
        while self.running:
            await asyncio.sleep(SECONDS_PER_FRAME)
            if not self.running:
                return
            self.step(1)
            try:
                self.update()
            except RuntimeError:  # unmounted between two frames
                return
