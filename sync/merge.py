"""Merge core of household sync: the public face (rules in docs/sync.md).

    from sync.merge import Clock, Replica, State, merge, changes_since, apply
    phone = Replica(Clock("a1", wall=time_millis), new_id=uuid_hex)
    goal = phone.create("goals", {"text": "Minder ruzie", "owners": [...]})
    phone.edit("goals", goal, "text", "Minder ruzie over huiswerk")
    laptop.apply(phone.changes_since(laptop.state.seen))
    current_tables(laptop.state)   # -> Plan.from_tables(...)
    conflicts(laptop.state)        # -> what the family still has to choose

Modules: hlc (stamps and clock), merge_state (State and the join), replica (local
operations), merge_delta (changes_since / apply), merge_views (current_tables / conflicts).
"""
from __future__ import annotations

from .hlc import BadStamp, Clock, Stamp
from .merge_delta import DeltaError, DeltaGap, apply, changes_since
from .merge_state import EXISTS, State, Write, merge
from .merge_views import conflicts, current_tables
from .replica import KEYED_LISTS, RecordDeleted, Replica, UnknownRecord, ids_from

__all__ = [
    "BadStamp", "Clock", "DeltaError", "DeltaGap", "EXISTS", "KEYED_LISTS", "RecordDeleted",
    "Replica", "Stamp", "State", "UnknownRecord", "Write", "apply", "changes_since",
    "conflicts", "current_tables", "ids_from", "merge",
]
