"""Asking for the camera on a phone: what the scanner shows for each answer the phone gives.

A phone app asks the system for the camera once, and a person who says no is not asked
again by the system: so the scanner first says in plain words why Ons Plan needs the camera
(the pictures stay on the phone), and only a tap on its button brings the system's
question. A web browser asks by itself when the camera starts, so there the scanner starts
the camera at once (and Flet's permission handler is not used).

The statuses are the values of flet_permission_handler's ``PermissionStatus`` ("granted",
"denied", "permanentlyDenied", "limited", "provisional", "restricted"), or None when the
phone did not say. Plain Python: the rule is tested with statuses, without a phone.
"""
from __future__ import annotations

from enum import Enum
from typing import Any

PHONES = frozenset({"android", "ios"})  # Flet's PagePlatform values
USABLE = frozenset({"granted", "limited"})
# Refused for good: the system shows no question any more; only its settings can change it.
ONLY_IN_SETTINGS = frozenset({"permanentlyDenied"})
# "restricted" (iOS: a parental control) cannot be changed by the person either, not even in
# the app's settings: the files are the way.


class Step(Enum):
    START_CAMERA = "start"      # the camera may be used
    EXPLAIN = "explain"         # say why, with a button that asks the system
    NO_CAMERA = "no-camera"     # "choose a picture or a file instead"
    OPEN_SETTINGS = "settings"  # no camera, and a button to the app's settings


def in_phone_app(page: Any) -> bool:
    """True in the app built for a phone, not in a browser: a phone's browser reports the
    phone's platform too (Flet's ``page.platform``), but says ``page.web``, has its own
    camera question and no brightness control."""
    platform = getattr(getattr(page, "platform", None), "value", None)
    return not getattr(page, "web", False) and platform in PHONES


def asks_first(page: Any) -> bool:
    """True where the app asks for the camera itself; a browser asks on its own."""
    return in_phone_app(page)


def before_asking(status: str | None) -> Step:
    """What the scanner shows when it opens, given the camera's status."""
    if status in USABLE:
        return Step.START_CAMERA
    if status in ONLY_IN_SETTINGS:
        return Step.OPEN_SETTINGS
    if status == "restricted":
        return Step.NO_CAMERA
    return Step.EXPLAIN  # not asked yet ("denied" before any question), or not known


def after_asking(status: str | None) -> Step:
    """What the scanner shows after the system's question was answered."""
    if status in USABLE:
        return Step.START_CAMERA
    if status in ONLY_IN_SETTINGS:
        return Step.OPEN_SETTINGS
    return Step.NO_CAMERA


def after_settings() -> Step:
    """Back from the app's settings the camera may be allowed now: the explanation's button
    asks again (the system answers at once, without a question, when it was allowed)."""
    return Step.EXPLAIN
