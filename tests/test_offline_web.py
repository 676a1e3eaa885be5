"""The web client we serve never reaches outside this computer."""

from __future__ import annotations

import flet_web

from family_app.offline_web import (CDN_PREFIX, LOCAL_PREFIX, NO_ZOOM, PATCHED_FILES,
                                    REPLACEMENTS, ZOOM, offline_web_root)


def test_the_cdn_address_is_replaced_at_the_same_length(tmp_path):
    assert all(len(old) == len(new) for old, new in REPLACEMENTS)
    root = offline_web_root(tmp_path / "web")
    source = flet_web.get_package_web_dir()
    for name in PATCHED_FILES:
        patched = (tmp_path / "web" / name).read_bytes()
        assert CDN_PREFIX not in patched
        assert LOCAL_PREFIX in patched, "flet_web changed: look for its new CDN address"
        assert NO_ZOOM not in patched
        assert ZOOM in patched, "flet_web changed: look for the viewport that forbids zoom"
        assert len(patched) == len(open(f"{source}/{name}", "rb").read())
    assert (root / "index.html").exists() and (root / "canvaskit").is_dir()
