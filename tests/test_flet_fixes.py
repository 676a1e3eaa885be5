"""The fix to Flet in family_app/flet_fixes.py: a late answer for a control that is gone
wakes its caller with an error, and does not break the tab's connection."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

from family_app import flet_fixes


class Tab:
    """The connection of one browser tab, keeping what the server sends it."""

    def __init__(self):
        self.pubsubhub = PubSubHub()
        self.sent = []

    def send_message(self, message):
        self.sent.append(message)


def run(coroutine):
    """Run in a thread of its own: another test of this worker may have left an event loop
    running in the main thread, where asyncio.run() refuses to start."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def a_call_whose_control_goes(session: Session, tab: Tab):
    """Call a method of a control that is then removed, and answer it late."""
    camera_id = 49_000  # not (or no longer) in the session's index
    call = asyncio.create_task(session.invoke_method(camera_id, "take_picture", {}, timeout=5))
    await asyncio.sleep(0)
    call_id = tab.sent[-1].body.call_id
    session.handle_invoke_method_results(camera_id, call_id, b"picture", None)
    return await call


def test_flet_alone_breaks_the_receive_loop():
    """What Flet 1.0.5 does: the answer raises where the tab's messages are read. When an
    upgrade fixes this, the fix in flet_fixes.py can go."""
    session = Session(Tab())
    # Flet's own handler: another test of this worker may already have installed the fix.
    with pytest.raises(RuntimeError, match="not registered"):
        flet_fixes.FLET_HANDLE(session, 49_000, "call", None, None)


def test_a_late_answer_wakes_its_caller_with_an_error(monkeypatch):
    monkeypatch.setattr(Session, "handle_invoke_method_results",
                        Session.handle_invoke_method_results)  # undone after the test
    flet_fixes.install()
    tab = Tab()
    session = Session(tab)
    with pytest.raises(RuntimeError, match=flet_fixes.CONTROL_GONE):
        run(a_call_whose_control_goes(session, tab))


def test_an_answer_for_a_live_control_still_arrives(monkeypatch):
    monkeypatch.setattr(Session, "handle_invoke_method_results",
                        Session.handle_invoke_method_results)
    flet_fixes.install()
    tab = Tab()
    session = Session(tab)
    page_id = session.page._i

    async def call_and_answer():
        call = asyncio.create_task(session.invoke_method(page_id, "ping", {}, timeout=5))
        await asyncio.sleep(0)
        session.handle_invoke_method_results(page_id, tab.sent[-1].body.call_id, "pong", None)
        return await call

    assert run(call_and_answer()) == "pong"


def test_the_app_installs_the_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(Session, "handle_invoke_method_results",
                        Session.handle_invoke_method_results)
    from family_app import app
    app.make_main(tmp_path)
    assert Session.handle_invoke_method_results is flet_fixes._late_answers_go_to_their_caller
