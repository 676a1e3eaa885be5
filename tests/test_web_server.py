"""The local web server (`family-app run`): only this computer's browser, on the app's own
address, gets in; it leaves no web client folder behind; the data folder is private.

Each test starts the real server as a user would (tests/helpers/browser.py's AppServer),
with its own temporary folder (TMPDIR), so the web client folders it makes are its own.
"""

from __future__ import annotations

import base64
import http.client
import os
import socket
import stat
import time
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.helpers.browser import AppServer
from tests.helpers.screens import FakePage

EVIL = "http://evil.example"


def start(folder: Path, name: str = "data") -> AppServer:
    temp = folder / "tmp"
    temp.mkdir(exist_ok=True)
    return AppServer(folder / name, env={"TMPDIR": str(temp)})


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    server = start(tmp_path_factory.mktemp("web-server"))
    yield server
    server.stop()


def own_origins(port: int) -> list[str]:
    return [f"http://127.0.0.1:{port}", f"http://localhost:{port}", f"http://[::1]:{port}"]


def http_get(port: int, path: str = "/", *, host: str | None = None,
             origin: str | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host or f"127.0.0.1:{port}"}
    if origin:
        headers["Origin"] = origin
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def ws_handshake(port: int, *, origin: str | None, host: str | None = None) -> int:
    """The status of a WebSocket upgrade request to the app's socket, as a browser sends it."""
    lines = ["GET /ws HTTP/1.1", f"Host: {host or f'127.0.0.1:{port}'}",
             "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
             "Sec-WebSocket-Version: 13"]
    if origin:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while b"\r\n" not in received:
            chunk = sock.recv(1024)
            if not chunk:
                break
            received += chunk
    return int(received.split(b" ", 2)[1])


# --- another website (cross-site WebSocket hijacking) -------------------------------------

def test_a_websocket_from_another_website_is_refused(app):
    with pytest.raises(InvalidStatus) as refused:
        with connect(f"ws://127.0.0.1:{app.port}/ws", origin=EVIL, proxy=None, open_timeout=10):
            pass
    assert refused.value.response.status_code == 403
    assert ws_handshake(app.port, origin=EVIL) == 403
    assert ws_handshake(app.port, origin="null") == 403
    assert ws_handshake(app.port, origin=f"http://127.0.0.1:{app.port}.evil.example") == 403
    assert ws_handshake(app.port, origin=f"https://127.0.0.1:{app.port}") == 403


def test_a_websocket_from_the_apps_own_page_is_accepted(app):
    with connect(f"ws://127.0.0.1:{app.port}/ws", origin=f"http://127.0.0.1:{app.port}",
                 proxy=None, open_timeout=10):
        pass
    for origin in own_origins(app.port):
        assert ws_handshake(app.port, origin=origin) == 101
    assert ws_handshake(app.port, origin=None) == 101  # not a browser: no Origin to check


def test_http_from_another_website_is_refused(app):
    assert http_get(app.port, origin=EVIL).status == 403
    assert http_get(app.port, "/main.dart.js", origin=EVIL).status == 403
    for origin in own_origins(app.port):
        assert http_get(app.port, origin=origin).status == 200
    assert http_get(app.port).status == 200


# --- another host name (DNS rebinding) ----------------------------------------------------

def test_a_foreign_host_name_is_refused(app):
    rebound = f"evil.example:{app.port}"
    assert http_get(app.port, host=rebound).status == 403
    assert http_get(app.port, host=rebound, origin=f"http://{rebound}").status == 403
    assert ws_handshake(app.port, origin=f"http://{rebound}", host=rebound) == 403
    assert http_get(app.port, host=f"127.0.0.1:{app.port + 1}").status == 403
    for host in (f"127.0.0.1:{app.port}", f"localhost:{app.port}", f"LOCALHOST:{app.port}"):
        assert http_get(app.port, host=host).status == 200


def test_other_sites_may_not_frame_the_app_nor_embed_its_files(app):
    for path in ("/", "/main.dart.js"):
        response = http_get(app.port, path)
        assert response.status == 200
        assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy", "")
        assert response.getheader("X-Frame-Options") == "DENY"
        assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"


# --- what stays on disk ---------------------------------------------------------------------

def web_client_folders(folder: Path) -> list[Path]:
    return sorted((folder / "tmp").glob("onsplan-web-*"))


def test_the_web_client_folder_is_removed_when_the_server_stops(tmp_path):
    server = start(tmp_path)
    try:
        assert len(web_client_folders(tmp_path)) == 1
    finally:
        server.stop()
    assert web_client_folders(tmp_path) == []


def test_folders_of_killed_runs_are_removed_at_start_and_running_ones_kept(tmp_path):
    running = start(tmp_path, "running")
    killed = start(tmp_path, "killed")
    killed.process.kill()
    killed.process.wait()
    assert len(web_client_folders(tmp_path)) == 2
    day_old = tmp_path / "tmp" / "onsplan-web-from-an-older-version"
    day_old.mkdir()
    (day_old / "main.dart.js").write_text("old")
    os.utime(day_old, (time.time() - 2 * 86400,) * 2)
    just_made = tmp_path / "tmp" / "onsplan-web-being-made-now"
    just_made.mkdir()
    before = set(web_client_folders(tmp_path))
    third = start(tmp_path, "third")
    try:
        after = set(web_client_folders(tmp_path))
        kept = before & after
        assert just_made in kept
        assert day_old not in after
        assert len(kept) == 2  # the running server's folder and the one being made
        assert len(after - before) == 1  # the third server's own
        assert running.process.poll() is None
        assert http_get(running.port, "/main.dart.js").status == 200
    finally:
        third.stop()
        running.stop()
    assert web_client_folders(tmp_path) == [just_made]


def test_a_server_with_a_tab_open_stops_when_asked(tmp_path):
    """Ctrl+C or SIGTERM while a tab is connected: the server stops (it used to wait for the
    tab forever), quietly, and leaves no web client folder behind."""
    server = start(tmp_path)
    try:
        with connect(f"ws://127.0.0.1:{server.port}/ws", origin=f"http://127.0.0.1:{server.port}",
                     proxy=None, open_timeout=10):
            server.process.terminate()
            assert server.process.wait(timeout=30) == 0
    finally:
        server.stop()
    assert "Traceback" not in server.log.read_text()
    assert web_client_folders(tmp_path) == []


def test_the_server_listens_on_127_0_0_1_and_drops_a_closed_tabs_session_after_60_s(
        monkeypatch, tmp_path):
    """What `family-app run` hands to uvicorn and Flet, caught instead of serving."""
    import flet_web.fastapi as flet_fastapi
    import uvicorn
    from family_app import web_server
    handed = {}

    async def no_app(scope, receive, send):
        pass

    def flet_app(main, **options):
        handed["flet"] = options
        return no_app

    class NotServing:
        def __init__(self, config):
            handed["server"] = config

        def run(self):
            pass
    monkeypatch.setattr(flet_fastapi, "app", flet_app)
    monkeypatch.setattr(uvicorn, "Server", NotServing)
    web_server.run(lambda page: None, port=8551, assets_dir=tmp_path, open_browser=False)
    assert handed["server"].host == "127.0.0.1"
    assert handed["flet"]["session_timeout_seconds"] == web_server.SESSION_TIMEOUT == 60


def test_the_data_folder_is_private(app):
    assert stat.S_IMODE(app.data_dir.stat().st_mode) == 0o700


def test_profiles_are_private(tmp_path):
    from family_app.profiles.device import Device
    from family_app.paths import resolve_data_dir
    from tests.helpers.data import FAMILY_SECRET
    data = resolve_data_dir(tmp_path / "new" / "data")
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    _, vault, _ = Device(data).store.create("family", "family", FAMILY_SECRET)
    vault.close()
    assert stat.S_IMODE((data / "profiles").stat().st_mode) == 0o700
    for path in [*data.iterdir(), *(data / "profiles").iterdir()]:
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# --- a tab that goes away locks (the server side of tests/e2e/test_session.py) ------------

@pytest.fixture
def tab(de_vries):
    from family_app.profiles.device import Device
    from family_app.screens.context import ScreenContext
    from family_app.screens.router import route
    from i18n import translator
    device = Device(de_vries.vault.path.parent.parent)
    ctx = ScreenContext(page=FakePage(), device=device, tr=translator("nl"), router=route)
    ctx.opened = de_vries
    ctx.go("home")
    assert ctx.page.views[0].route == "/home"
    return ctx


def test_a_disconnected_tab_locks_its_vault_at_once(tab):
    opened = tab.opened
    tab.draft["device_name"] = "laptop"
    tab.disconnected()
    assert tab.opened is None
    with pytest.raises(RuntimeError, match="closed"):
        opened.vault.table("plan")
    assert tab.draft == {}
    assert tab.page.views[0].route == "/profiles"  # what a tab that comes back finds


def test_an_unlock_that_ends_after_the_tab_went_away_opens_nothing(tab):
    from family_app.profiles import unlocking
    from tests.helpers.data import FAMILY_SECRET
    tab.disconnected()
    late = unlocking.unlock(tab.device, tab.device.profile("family"), FAMILY_SECRET)
    tab.enter(late)
    assert tab.opened is None
    assert tab.page.views[0].route == "/profiles"
    with pytest.raises(RuntimeError, match="closed"):
        late.vault.table("plan")
    tab.reconnected()
    assert tab.connected and tab.opened is None
    assert tab.page.views[0].route == "/profiles"


def test_a_new_window_starts_locked_while_another_tab_has_the_plan_open(tab):
    """Another website may open the app in a new window: Flet runs main() for it, and it
    finds the lock screen, not the plan the first tab has open."""
    from family_app.app import make_main
    page = FakePage()
    make_main(tab.device.data_dir)(page)
    assert tab.opened is not None                          # the first tab is still open
    assert [view.route for view in page.views] == ["/profiles"]
