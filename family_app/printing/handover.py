"""Printed pages on their way from the app to the family's browser tab, for a few minutes.

The web app's screens run on the server; the page to print has to reach the browser as a
page of its own. The screen hands the page over here and gets an address under PATH that
is hard to guess; the web server (web_server.py) gives the page out to this computer's
browser only, for KEEP_SECONDS (long enough to open it again after closing the tab by
mistake), and then forgets it, so no plan waits in memory. Phones and desktop builds print through the
system's print dialog instead (docs/decisions.md).
"""

from __future__ import annotations

import secrets
import threading
import time

PATH = "/printout/"
KEEP_SECONDS = 300
# No other site may load it; nothing in it may reach out; not kept in the browser's cache.
HEADERS = {"content-type": "text/html; charset=utf-8", "cache-control": "no-store",
           "referrer-policy": "no-referrer",
           "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                      "font-src data:; script-src 'unsafe-inline'; "
                                      "frame-ancestors 'none'"}

_pages: dict[str, tuple[float, str]] = {}
_lock = threading.Lock()


def hand_over(page_html: str, *, clock=time.monotonic) -> str:
    """Keep the page for one visit; the address (a path) the browser opens to get it."""
    token = secrets.token_urlsafe(24)
    with _lock:
        _drop_old(clock())
        _pages[token] = (clock(), page_html)
    return PATH + token


def page(token: str, *, clock=time.monotonic) -> str | None:
    """The page; None when it is too old, or never was."""
    with _lock:
        _drop_old(clock())
        kept = _pages.get(token)
    return kept[1] if kept else None


def _drop_old(now: float) -> None:
    for token in [t for t, (at, _page) in _pages.items() if now - at > KEEP_SECONDS]:
        del _pages[token]
