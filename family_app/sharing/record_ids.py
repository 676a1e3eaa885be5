"""Short record ids back to whole ones.

A share names records by the first bytes of their ids (sync/tables_codec.py), so what a
begeleider sends back names a goal by that short id. The family knows the whole ids and
maps a short one back, if exactly one of its records starts with it.
"""
from __future__ import annotations

from collections.abc import Iterable


def whole_id(short_id: object, ids: Iterable[str]) -> str | None:
    """The one id in ``ids`` that is ``short_id`` or starts with it; None when none or several."""
    if not isinstance(short_id, str) or not short_id:
        return None
    ids = list(ids)
    if short_id in ids:
        return short_id
    matches = [record_id for record_id in ids if record_id.startswith(short_id)]
    return matches[0] if len(matches) == 1 else None
