"""What a person with poor sight or a screen reader needs of every page (docs/accessibility.md)."""

from __future__ import annotations


def test_people_can_pinch_zoom(pilot):
    """Flutter's engine writes a viewport that forbids zoom; the client we serve allows it."""
    pilot.open()
    pilot.see("Nederlands")
    viewport = pilot.page.evaluate(
        "[...document.querySelectorAll('meta[name=viewport]')].map(m => m.content)")
    assert viewport and all("user-scalable=no" not in v and "maximum-scale=1.0" not in v
                            for v in viewport), viewport
    assert any("user-scalable=yes" in v for v in viewport), viewport
