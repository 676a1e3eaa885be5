"""The one clock and the one source of randomness, handed down from the top.

The app shell (and the CLI) make one ``Device(data_dir, now=utc_now, rng=system)``; every
profile it unlocks keeps both (``OpenProfile.now``, ``OpenProfile.rng``), and use cases read
them from the profile they are given. A test that injects ``fixed(...)`` and
``sync.randomness.seeded(...)`` at the Device gets the same bundles every run.

- ``Now`` is a clock: it returns an aware UTC datetime. A use case that takes the moment
  from its caller takes a value, ``now: datetime | None = None``, as ``sync.bundle`` does;
  ``None`` means "ask the profile's clock" (``now_or``).
- ``Rng`` returns that many random bytes (``sync.randomness``; ``system`` is ``os.urandom``).
- Days: the date the family sees ("today", "overdue", a check-in's date, the closing
  date) is the LOCAL date of the clock's moment (``today``): at 00:30 in Amsterdam the family
  lives on the new day while UTC still says yesterday. Moments that travel (bundles, stamps
  of the household replica) stay UTC.
- The plan's history keeps local wall time without a zone, as vaults always have
  (``local_time``): old and new lines must stay comparable.

Not from this clock or rng: the vault's keys, salts, nonces and recovery codes, and profile
ids (``vault/``, ``profiles.py``) take the operating system's randomness; the lockout counts
seconds with ``time.time``; record ids are uuid4 (``domain.base.new_id``); offline_web
compares file ages with the file system's own clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from sync.randomness import RandomBytes, system

Now = Callable[[], dt.datetime]
Rng = RandomBytes

__all__ = ["Now", "Rng", "fixed", "local_time", "now_or", "system", "today", "utc_now"]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def now_or(now: dt.datetime | None, clock: Now = utc_now) -> dt.datetime:
    """The moment a caller gave (tests, one moment for several steps), else the clock's."""
    return now or clock()


def today(clock: Now = utc_now) -> dt.date:
    """The family's date: the local date of the clock's moment."""
    return clock().astimezone().date()


def local_time(clock: Now) -> dt.datetime:
    """Local wall time without a zone, whole seconds: what the plan's history stores."""
    return clock().astimezone().replace(tzinfo=None, microsecond=0)


def fixed(moment: dt.datetime) -> Now:
    """A clock that always says ``moment`` (tests); give it an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("use timezone-aware datetimes")
    moment = moment.astimezone(dt.timezone.utc)
    return lambda: moment
