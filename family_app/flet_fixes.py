"""A fix to Flet 1.0.5, installed by the app shell before any session starts.

A late answer for a control that is gone. A screen may call a method on one of its controls
in the browser (the scanner's camera: "which cameras are there?", "take a picture") and be
replaced before the answer comes back (the codes were read from a file meanwhile). Flet
then raises in the tab's receive loop ("Control with ID 49 is not registered"), the
connection drops, and, as for any lost connection, the app locks the profile: the family or
the begeleider was suddenly back at the lock screen after a scan (seen in a CI run's server
log). With this fix the late answer goes to whoever still waits for it, as an error, and
the connection stays.

The names inside Flet's Session are private; tests/test_flet_fixes.py fails when an upgrade
of Flet (locked in requirements/lock.txt) changes them, or fixes the bug itself.
"""

from __future__ import annotations

from typing import Any

from flet.messaging.session import Session

# Flet's own handler, kept for the fix to call (and for the test of Flet's behaviour alone:
# once installed, the fix stays for the whole process).
FLET_HANDLE = Session.handle_invoke_method_results
CONTROL_GONE = "the control was removed before its answer came"


def _late_answers_go_to_their_caller(self: Session, control_id: int, call_id: str,
                                      result: Any, error: str | None) -> None:
    if control_id in self.index:
        return FLET_HANDLE(self, control_id, call_id, result, error)
    waiting = self._Session__method_calls.pop(call_id, None)
    if waiting is not None:
        self._Session__method_call_results[waiting] = (None, CONTROL_GONE)
        waiting.set()
    return None


def install() -> None:
    """Idempotent: the app and the tests may both call it."""
    Session.handle_invoke_method_results = _late_answers_go_to_their_caller
