"""Building screens without a browser: a stand-in for Flet's page, finding a control, and
running a screen's handler."""

from __future__ import annotations

import asyncio
import concurrent.futures


class FakePage:
    """Just enough of a Flet page for building screens and going between them."""

    rtl = False

    def __init__(self):
        self.views = []

    def update(self, *controls):
        pass

    def run_task(self, *args, **kwargs):
        pass


def find(control, key: str):
    """The control with ``key`` in a built tree, or None."""
    if getattr(control, "key", None) == key:
        return control
    for name in ("controls", "content", "title", "subtitle"):
        child = getattr(control, name, None)
        for item in child if isinstance(child, list) else [child]:
            if item is not None and hasattr(item, "__dict__"):
                found = find(item, key)
                if found is not None:
                    return found
    return None


def run_alone(coroutine):
    """Run a screen's handler in a thread of its own: the worker may already run an event
    loop (a browser test before it in the same process)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
