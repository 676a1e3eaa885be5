"""The Flet entry point: one ScreenContext per browser tab, on a device of profiles."""

from __future__ import annotations

import os
from pathlib import Path

import flet as ft

from i18n import translator

from . import fonts
from .device import Device
from .offline_web import use_offline_web_root
from .screens.context import ScreenContext
from .screens.router import route

ASSETS_DIR = Path(__file__).parent / "assets"
DEFAULT_PORT = 8550


def make_main(data_dir: Path):
    def main(page: ft.Page) -> None:
        device = Device(data_dir)
        ctx = ScreenContext(page=page, device=device, tr=translator(device.language),
                            router=route)
        page.title = "Ons Plan"
        # The bundled fonts, or Arabic shows as boxes offline (see fonts.py).
        fonts.register(page, color_scheme_seed=ft.Colors.TEAL)
        page.theme_mode = ft.ThemeMode.LIGHT
        page.rtl = ctx.tr.rtl

        # A closed tab must not leave an unlocked plan in memory.
        page.on_close = lambda _event=None: ctx.lock()
        ctx.go("start")

    return main


def serve(data_dir: Path, *, port: int = DEFAULT_PORT, open_browser: bool = True) -> None:
    """Run the app as a web server on this computer only (127.0.0.1)."""
    use_offline_web_root()
    if not open_browser:
        os.environ["FLET_FORCE_WEB_SERVER"] = "true"
    # One family on one computer: an unused tab need not keep a session for an hour.
    os.environ.setdefault("FLET_SESSION_TIMEOUT", "600")
    ft.run(make_main(data_dir), host="127.0.0.1", port=port, view=ft.AppView.WEB_BROWSER,
           no_cdn=True, assets_dir=str(ASSETS_DIR), name="")
