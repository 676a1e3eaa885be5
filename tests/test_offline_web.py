"""The web client we serve never reaches outside this computer."""

from __future__ import annotations

from pathlib import Path

import flet_web

from family_app.offline_web import (CDN_PREFIX, INDEX, LOCAL_PREFIX, NO_ZOOM, PAGE_DIRECTION,
                                    PATCHED_FILES, REPLACEMENTS, ZOOM, offline_web_root)


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


def test_the_page_direction_follows_the_language_flutter_sets(tmp_path):
    """Flutter writes <html lang> from the app's locale, never dir: index.html sets dir from it
    (tests/e2e/test_accessibility.py sees it work), without writing into flet_web's own file."""
    root = offline_web_root(tmp_path / "web")
    source = Path(flet_web.get_package_web_dir()) / INDEX
    page = (root / INDEX).read_text(encoding="utf-8")
    assert PAGE_DIRECTION in page and page.index(PAGE_DIRECTION) < page.index("</head>")
    assert PAGE_DIRECTION not in source.read_text(encoding="utf-8")
    assert not (root / INDEX).samefile(source)
    assert '"ar"' in PAGE_DIRECTION and "attributeFilter" in PAGE_DIRECTION
    offline_web_root(tmp_path / "web")  # built again into the same folder: added once
    assert (root / INDEX).read_text(encoding="utf-8").count(PAGE_DIRECTION) == 1
