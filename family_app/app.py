"""The Flet entry point: one ScreenContext per browser tab, on a device of profiles."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import flet as ft
from flet.utils import is_embedded

from i18n import translator

from family_app import flet_fixes, fonts
from family_app.profiles import lifecycle
from family_app.profiles.device import Device
from family_app.screens.common import FOCUS_RING
from family_app.screens.context import ScreenContext, speak
from family_app.screens.router import route

ASSETS_DIR = Path(__file__).parent / "assets"
DEFAULT_PORT = 8550

# Over the app's near-white, 45 % black is 3.4 : 1 against what it covers (WCAG 2.4.13),
# and the app's dark text stays readable on it.
FOCUS_VEIL = ft.Colors.with_opacity(0.45, "#000000")


def _button_style(vertical: int, horizontal: int) -> ft.ButtonStyle:
    """At least TARGET px high (a 20 px line and the padding), and a black ring around the
    button that has the keyboard's focus: Material's own focus is a tint of 1.2 : 1."""
    return ft.ButtonStyle(
        padding=ft.Padding.symmetric(vertical=vertical, horizontal=horizontal),
        side={ft.ControlState.FOCUSED: FOCUS_RING})


# Material's look, made easier to see and to hit (docs/accessibility.md). Flet cannot ask for
# Material's padded tap targets (which phones get, and desktop browsers not), so buttons get
# the room by padding, radios and check boxes by common.roomy, icon-only buttons by padding.
EASY_TO_SEE_AND_HIT = dict(
    visual_density=ft.VisualDensity.STANDARD,   # a desktop browser gets compact otherwise
    focus_color=FOCUS_VEIL,                      # tiles and cards (Flutter's InkWell)
    filled_button_theme=ft.FilledButtonTheme(style=_button_style(14, 24)),
    outlined_button_theme=ft.OutlinedButtonTheme(style=_button_style(14, 24)),
    text_button_theme=ft.TextButtonTheme(style=_button_style(14, 12)),
    icon_button_theme=ft.IconButtonTheme(style=ft.ButtonStyle(
        padding=ft.Padding.all(12), side={ft.ControlState.FOCUSED: FOCUS_RING})),
    radio_theme=ft.RadioTheme(overlay_color={ft.ControlState.FOCUSED: FOCUS_VEIL}),
    checkbox_theme=ft.CheckboxTheme(overlay_color={ft.ControlState.FOCUSED: FOCUS_VEIL}),
)


def make_main(data_dir: Path):
    flet_fixes.install()  # before any tab connects

    def main(page: ft.Page) -> None:
        device = Device(data_dir)
        ctx = ScreenContext(page=page, device=device, tr=translator(device.language),
                            router=route)
        page.title = "Ons Plan"
        # The bundled fonts, or Arabic shows as boxes offline (see fonts.py).
        fonts.register(page, color_scheme_seed=ft.Colors.TEAL, **EASY_TO_SEE_AND_HIT)
        page.theme_mode = ft.ThemeMode.LIGHT
        speak(page, ctx.tr.lang)

        # A closed (or reloaded) tab locks at once, and coming back, even with the old
        # session id, starts at the lock screen: Flet keeps a closed tab's session a while.
        page.on_disconnect = lambda _event=None: ctx.disconnected()
        page.on_connect = lambda _event=None: ctx.reconnected()
        page.on_close = lambda _event=None: ctx.lock()
        lock_when_away(page, ctx)
        ctx.go("start")

    return main


def lock_when_away(page: ft.Page, ctx: ScreenContext, **timer) -> None:
    """On a phone, the profile locks when the app was in the background too long
    (profiles/lifecycle.py). A desktop browser's hidden tab stays open, as other desktop
    programs do; closing it locks (on_disconnect)."""
    if getattr(page, "platform", None) not in (ft.PagePlatform.ANDROID, ft.PagePlatform.IOS):
        return

    def lock() -> None:
        if ctx.lock() is not None:
            ctx.draft.clear()
            ctx.go("start")

    away = lifecycle.AwayLock(lock, **timer)
    page.on_app_lifecycle_state_change = lambda event: away.changed(event.state.value)


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
    # Only here: the web server and its client (flet-web, uvicorn) are desktop packages,
    # which a phone build does not carry (docs/phone.md).
    from family_app import web_server
    from family_app.offline_web import temporary_offline_web_root
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
