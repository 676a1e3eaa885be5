"""How long each kind of bundle lives, and when a share still counts: the one home of both.

A bundle is valid up to and including its expiry moment (docs/bundle-format.md); a share in
the consent log counts up to and including its expiry day, unless it was taken back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, TypeVar

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Lifetime:
    default: dt.timedelta
    longest: dt.timedelta | None = None  # the most a sender may choose; None: no choice


LIFETIMES: dict[str, Lifetime] = {
    # A begeleider reads the plan between meetings, about a month apart.
    "share": Lifetime(30 * _DAY, longest=365 * _DAY),
    # A passcode share is for a conversation at the kitchen table.
    "in_person_share": Lifetime(_DAY, longest=365 * _DAY),
    # A young person's share to a begeleider (or their family): like the family's.
    "youth_share": Lifetime(30 * _DAY, longest=365 * _DAY),
    # Twelve share-months: a begeleider who scans it late still purges the withdrawn share.
    "revocation": Lifetime(360 * _DAY),
    # The begeleider's notes wait for the family's next meeting.
    "return": Lifetime(30 * _DAY),
    # A begeleider's pairing code: their keys stay the same, so it may hang on a wall a year.
    "identity": Lifetime(365 * _DAY),
    # Household sync: a device that was away for a month can still take the changes in.
    "sync": Lifetime(30 * _DAY),
    # A join code and its reply: both devices lie on the table; a photo of it soon is useless.
    "join": Lifetime(dt.timedelta(minutes=60)),
    # A CJG reports once a year; a family may consent to keeping it for up to ten.
    "closure": Lifetime(365 * _DAY, longest=3650 * _DAY),
}

# The days the share screens offer; every share kind's default is one of them.
SHARE_DAY_CHOICES = (1, 7, 30, 90)


def share_kind(*, in_person: bool, youth: bool = False) -> str:
    """The row of a share: under a passcode for someone here, or to someone's keys."""
    if in_person:
        return "in_person_share"
    return "youth_share" if youth else "share"


def default_days(kind: str) -> int:
    return LIFETIMES[kind].default.days


def longest_days(kind: str) -> int:
    longest = LIFETIMES[kind].longest
    if longest is None:
        raise ValueError(f"a {kind} bundle's lifetime is not chosen")
    return longest.days


def allowed_days(kind: str, days: int) -> bool:
    """May a sender choose this many days for this kind?"""
    return 1 <= days <= longest_days(kind)


def expiry(kind: str, moment: dt.datetime, days: int | None = None) -> dt.datetime:
    """When a bundle of this kind made at `moment` expires: after `days` (when chosen, not 0)
    or after the kind's default."""
    return moment + (dt.timedelta(days=days) if days else LIFETIMES[kind].default)


When = TypeVar("When", dt.date, dt.datetime)


def still_valid(expires: When, moment: When) -> bool:
    """Valid up to and including the expiry (a datetime, or a day for the consent log)."""
    return moment <= expires


class _Share(Protocol):
    expires: dt.date
    revoked: dt.date | None


def is_active(share: _Share, today: dt.date) -> bool:
    """Does a consent-log share still count: not taken back, and not past its expiry day?"""
    return not share.revoked and still_valid(share.expires, today)
