"""The Flet entry point: one ScreenContext per browser tab, on a device of profiles."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import flet as ft
from flet.utils import is_embedded

from i18n import translator

from family_app import flet_fixes, fonts, web_server
from family_app.profiles.device import Device
from family_app.offline_web import temporary_offline_web_root
from family_app.screens.context import ScreenContext
from family_app.screens.router import route

ASSETS_DIR = Path(__file__).parent / "assets"
DEFAULT_PORT = 8550


def make_main(data_dir: Path):
    flet_fixes.install()  # before any tab connects

    def main(page: ft.Page) -> None:
        device = Device(data_dir)
        ctx = ScreenContext(page=page, device=device, tr=translator(device.language),
                            router=route)
        page.title = "Ons Plan"
        # The bundled fonts, or Arabic shows as boxes offline (see fonts.py).
        fonts.register(page, color_scheme_seed=ft.Colors.TEAL)
        page.theme_mode = ft.ThemeMode.LIGHT
        page.rtl = ctx.tr.rtl

        # A closed (or reloaded) tab locks at once, and coming back, even with the old
        # session id, starts at the lock screen: Flet keeps a closed tab's session a while.
        page.on_disconnect = lambda _event=None: ctx.disconnected()
        page.on_connect = lambda _event=None: ctx.reconnected()
        page.on_close = lambda _event=None: ctx.lock()
        ctx.go("start")

    return main


class _Stopped(Exception):
    """SIGTERM: stop like Ctrl+C does, through the clean-up."""


def _stop(_signum, _frame):
    raise _Stopped


def serve(data_dir: Path, *, port: int = DEFAULT_PORT, open_browser: bool = True) -> None:
    """Run the app as a web server on this computer only (127.0.0.1)."""
    if is_embedded():
        # A phone or desktop build: Flet runs the UI itself, over its own socket, and
        # ignores the web settings; no web server, so no web client folder either.
        ft.run(make_main(data_dir), host="127.0.0.1", port=port, view=ft.AppView.WEB_BROWSER,
               no_cdn=True, assets_dir=str(ASSETS_DIR), name="")
        return
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop) if main_thread else None
    try:
        with temporary_offline_web_root():
            web_server.run(make_main(data_dir), port=port, assets_dir=ASSETS_DIR,
                           open_browser=open_browser)
    except _Stopped:
        pass
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
