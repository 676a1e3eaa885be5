"""A copy of Flet's web client that never reaches outside localhost.

Flet 1.0.5's client loads the Rive animation runtime from a hard-coded CDN address
(cdn.jsdelivr.net) at start-up, even with ``no_cdn=True``. Ons Plan promises that
nothing leaves the device, so we serve the client from a folder of our own in which
that address is replaced, byte for byte and at the same length, by a local path.
Nothing in Ons Plan uses Rive; the local path answers 404 and the client carries on.
Everything else in the folder is a hard link to the installed flet_web files (or a copy
where links cannot be made): the static file server refuses symlinks that leave its root.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import flet_web

CDN_PREFIX = b"https://cdn.jsdelivr.net/npm/@rive-app/flutter-native-wasm@44.0.0/"
# Same length as CDN_PREFIX so string offsets inside main.dart.wasm stay valid.
LOCAL_PREFIX = b"/offline/no-rive/".ljust(len(CDN_PREFIX) - 1, b"_") + b"/"
PATCHED_FILES = ("main.dart.js", "main.dart.wasm")


def offline_web_root(cache_dir: Path | None = None) -> Path:
    """Build (once per folder) the patched web root and return its path."""
    source = Path(flet_web.get_package_web_dir())
    target = Path(cache_dir or tempfile.mkdtemp(prefix="onsplan-web-"))
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, copy_function=_link_or_copy, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(*PATCHED_FILES))
    for name in PATCHED_FILES:
        data = (source / name).read_bytes().replace(CDN_PREFIX, LOCAL_PREFIX)
        (target / name).write_bytes(data)
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
