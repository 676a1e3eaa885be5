"""A copy of Flet's web client that never reaches outside localhost, lets people zoom, and
tells screen readers the direction of the page's language.

Flet 1.0.5's client loads the Rive animation runtime from a hard-coded CDN address
(cdn.jsdelivr.net) at start-up, even with ``no_cdn=True``. Ons Plan promises that
nothing leaves the device, so we serve the client from a folder of our own in which
that address is replaced, byte for byte and at the same length, by a local path.
Nothing in Ons Plan uses Rive; the local path answers 404 and the client carries on.
Flutter's engine also writes a viewport that forbids pinch-zoom (``maximum-scale=1.0,
user-scalable=no``); people with poor sight need it (WCAG 1.4.4), so that text is replaced
the same way.
Flutter sets ``<html lang>`` from the app's locale (screens/context.py ``speak``), never
``<html dir>``; a few lines added to index.html set ``dir`` from ``lang`` (WCAG 3.1.1), and
keep Flutter's semantics nodes where Flutter drew them under ``dir="rtl"``: they are placed
without ``left``/``top``, which a right-to-left page would take from its right edge. That
holds for the headings Flutter writes as ``<h2>`` (a title bar's title) too: moved right,
a long Arabic title lay over the back button and took its taps.
Everything else in the folder is a hard link to the installed flet_web files (or a copy
where links cannot be made): the static file server refuses symlinks that leave its root.

`family-app run` builds that folder in the system's temporary folder (about 18 MB: the two
patched files are copies) and removes it when the server stops. A run that was killed
cannot; the next run removes such leftovers, but never the folder of a server that still
runs: each server holds a lock on a file in its folder for as long as it runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import flet_web

from i18n import RTL_LANGUAGES

try:
    import fcntl
except ImportError:  # Windows: no leftover sweep (see remove_leftovers)
    fcntl = None

CDN_PREFIX = b"https://cdn.jsdelivr.net/npm/@rive-app/flutter-native-wasm@44.0.0/"
# Same length as CDN_PREFIX so string offsets inside main.dart.wasm stay valid.
LOCAL_PREFIX = b"/offline/no-rive/".ljust(len(CDN_PREFIX) - 1, b"_") + b"/"
NO_ZOOM = b"maximum-scale=1.0, user-scalable=no"
ZOOM = b"maximum-scale=5.0,user-scalable=yes"
# Each pair keeps its length: string offsets inside main.dart.wasm stay valid.
REPLACEMENTS = ((CDN_PREFIX, LOCAL_PREFIX), (NO_ZOOM, ZOOM))
PATCHED_FILES = ("main.dart.js", "main.dart.wasm")
INDEX = "index.html"
PAGE_DIRECTION = """<style>
flt-semantics-host, flt-semantics, flt-text-editing-host,
flt-semantics-host :is(h1, h2, h3, h4, h5, h6) { left: 0; top: 0; }
</style>
<script>
(() => {
  const rtl = new Set(%s);
  const root = document.documentElement;
  const follow = () => {
    const dir = rtl.has((root.lang || "").split(/[-_]/)[0].toLowerCase()) ? "rtl" : "ltr";
    if (root.dir !== dir) root.dir = dir;
  };
  new MutationObserver(follow).observe(root, {attributes: true, attributeFilter: ["lang"]});
  follow();
})();
</script>
""" % json.dumps(sorted(RTL_LANGUAGES))

TEMP_PREFIX = "onsplan-web-"
LOCK_NAME = "in-use.lock"   # beside the web root, so it is never served
# A folder without a lock file is one an older version left, or one a server is making at
# this very moment: only the first can be this old.
UNLOCKED_AGE = 24 * 3600


def offline_web_root(cache_dir: Path | None = None) -> Path:
    """Build (once per folder) the patched web root and return its path."""
    source = Path(flet_web.get_package_web_dir())
    target = Path(cache_dir or tempfile.mkdtemp(prefix="onsplan-web-"))
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, copy_function=_link_or_copy, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(*PATCHED_FILES, INDEX))
    for name in PATCHED_FILES:
        data = (source / name).read_bytes()
        for old, new in REPLACEMENTS:
            data = data.replace(old, new)
        (target / name).write_bytes(data)
    page = (source / INDEX).read_text(encoding="utf-8")
    (target / INDEX).unlink(missing_ok=True)  # never write through a link to flet_web's own
    (target / INDEX).write_text(page.replace("</head>", PAGE_DIRECTION + "</head>", 1),
                                encoding="utf-8")
    return target


def _link_or_copy(src: str, dst: str) -> None:
    if os.path.exists(dst):
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def use_offline_web_root(cache_dir: Path | None = None) -> Path:
    """Point Flet's web server at the patched client (read by flet_web at start-up)."""
    root = offline_web_root(cache_dir)
    os.environ["FLET_WEB_PATH"] = str(root)
    return root


@contextlib.contextmanager
def temporary_offline_web_root() -> Iterator[Path]:
    """The patched client in a temporary folder of its own while the server runs.

    Leftovers of killed runs are removed first; the folder itself is removed on the way out.
    """
    remove_leftovers()
    folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
    lock = _hold_lock(folder / LOCK_NAME)
    try:
        yield use_offline_web_root(folder / "web")
    finally:
        lock.close()
        shutil.rmtree(folder, ignore_errors=True)


def _hold_lock(path: Path):
    lock = open(path, "a+b")
    if fcntl is not None:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass   # a file system without locks: others cannot take it either (see _unused)
    return lock


def remove_leftovers(temp_dir: Path | None = None) -> list[Path]:
    """Remove this user's web client folders that no running server holds; returns them."""
    if fcntl is None:
        return []   # without flock we cannot tell a running server's folder from a leftover
    removed = []
    for folder in Path(temp_dir or tempfile.gettempdir()).glob(TEMP_PREFIX + "*"):
        try:
            info = folder.lstat()
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            if _unused(folder, info):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except OSError:
            continue
    return removed


def _unused(folder: Path, info: os.stat_result) -> bool:
    lock_path = folder / LOCK_NAME
    if not lock_path.exists():
        return time.time() - info.st_mtime > UNLOCKED_AGE
    with open(lock_path, "rb") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False   # a running server's
    return True
