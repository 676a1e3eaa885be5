"""When the last backup was made, and whether it is time for a new one.

The moment is a setting inside the vault (the device's, not the plan's: a backup leaves it
out, and a restored plan starts without one, as its recovery code is new).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from family_app.profiles.open_profile import OpenProfile

LAST_BACKUP_SETTING = "last_backup"
NUDGE_AFTER_DAYS = 30


@dataclass(frozen=True)
class BackupStatus:
    last: dt.date | None   # the local day of the last backup, None when there is none
    nudge: bool            # 30 days or more without one: say so, gently


def remember(opened: OpenProfile, moment: dt.datetime) -> None:
    opened.put_setting(LAST_BACKUP_SETTING, moment.astimezone(dt.timezone.utc).isoformat())


def forget(opened: OpenProfile) -> None:
    opened.put_setting(LAST_BACKUP_SETTING, None)


def status(opened: OpenProfile, today: dt.date | None = None) -> BackupStatus:
    """Counted from the last backup, or from the day the plan was made when there is none."""
    today = today or opened.today()
    last = _local_day(opened.setting(LAST_BACKUP_SETTING))
    since = last or _local_day(opened.profile.created) or today
    return BackupStatus(last, (today - since).days >= NUDGE_AFTER_DAYS)


def _local_day(text: str | None) -> dt.date | None:
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    return (moment if moment.tzinfo is None else moment.astimezone()).date()
