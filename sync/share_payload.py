"""What a share carries: the chosen part of a family's tables, and how it is written.

``build_share`` picks tables and goals by a ``Scope`` from what ``Plan.to_tables()`` gives;
``encode_share`` / ``decode_share`` turn a ``Share`` into the compact CBOR map that a share
bundle carries and back, giving exactly the same dicts (docs/bundle-format.md, "Share").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from family_app.domain.schema import SCHEMA_VERSION, TABLES

from .codecs import bad, is_table_id
from .tables_codec import Reader, decode_tables, encode_tables, encode_with_ids
from .wire_schema import TABLE_KEYS

# The presets the share screen offers. "everything" is the whole plan but not the consent
# log ("shares"): who else has seen the plan is the family's business, not the recipient's.
PRESETS: dict[str, tuple[str, ...]] = {
    "current": ("household", "members", "goals", "agreements", "network", "professionals"),
    "everything": tuple(t for t in TABLES if t != "shares"),
    "goals": ("goals", "agreements"),
}

# Keys of the share map.
(_RECORD_VERSION, _LANGUAGE, _PLAN_VERSION, _HOUSEHOLD, _SECTIONS, _GOALS, _IDS, _TABLES,
 _ID_LENGTH) = range(1, 10)
_SECTION_NAMES = {key: name for name, key in TABLE_KEYS.items()}


@dataclass(frozen=True)
class Scope:
    """Which sections (table names) are shared and, within goals, which goals (None: all).

    Agreements follow their goals: only the agreements of shared goals are shared.
    """

    sections: tuple[str, ...]
    goal_ids: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        unknown = [s for s in self.sections if s not in TABLES]
        if unknown:
            raise ValueError(f"unknown sections: {', '.join(unknown)}")
        # Keep the plan's own table order, each section once.
        ordered = tuple(t for t in TABLES if t in self.sections)
        object.__setattr__(self, "sections", ordered)
        if self.goal_ids is not None:
            object.__setattr__(self, "goal_ids", tuple(dict.fromkeys(self.goal_ids)))

    @classmethod
    def preset(cls, name: str, goal_ids: tuple[str, ...] | None = None) -> "Scope":
        if name not in PRESETS:
            raise ValueError(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}")
        return cls(PRESETS[name], goal_ids)


@dataclass(frozen=True)
class Share:
    """The content of a share bundle (inside the encryption and the signature)."""

    household_id: str
    plan_version: int
    language: str
    scope: Scope
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def build_share(tables: dict[str, list[dict[str, Any]]], scope: Scope, *, plan_version: int,
                language: str | None = None, household_id: str | None = None) -> Share:
    """Select what ``scope`` names from a family's tables (as ``Plan.to_tables()`` gives).

    The household id and language default to the household record's.
    """
    household = (tables.get("household") or [{}])[0]
    household_id = household_id or household.get("id")
    if not isinstance(household_id, str) or not household_id:
        raise ValueError("a share needs the household id")
    language = language or household.get("language") or "nl"
    if type(plan_version) is not int or plan_version < 0:
        raise ValueError("plan_version must be a whole number >= 0")
    chosen: dict[str, list[dict[str, Any]]] = {}
    goal_filter = None if scope.goal_ids is None else set(scope.goal_ids)
    for section in scope.sections:
        rows = list(tables.get(section) or [])
        if goal_filter is not None and section == "goals":
            rows = [row for row in rows if row.get("id") in goal_filter]
        if goal_filter is not None and section == "agreements":
            rows = [row for row in rows if row.get("goal_id") in goal_filter]
        chosen[section] = rows
    return Share(household_id, plan_version, language, scope, chosen)


def encode_share(share: Share) -> dict[int, Any]:
    """The compact CBOR-ready map of a share (integer keys, id table, day numbers...)."""

    def build(refs: Any) -> dict[int, Any]:
        out: dict[int, Any] = {_RECORD_VERSION: SCHEMA_VERSION, _LANGUAGE: share.language,
                               _PLAN_VERSION: share.plan_version}
        out[_HOUSEHOLD] = _whole_id(share.household_id)
        out[_SECTIONS] = [TABLE_KEYS[s] for s in share.scope.sections]
        if share.scope.goal_ids is not None:
            out[_GOALS] = [_ref(goal_id, refs) for goal_id in share.scope.goal_ids]
        out[_TABLES] = encode_tables(share.tables, refs)
        return out

    full_ids = (share.household_id,) if is_table_id(share.household_id) else ()
    encoded, ids, id_length = encode_with_ids(build, language=share.language,
                                              version=SCHEMA_VERSION, full_ids=full_ids)
    return {**encoded, _IDS: ids, _ID_LENGTH: id_length}


def decode_share(wire: Any) -> Share:
    """The Share back; raises SharePayloadError when the map does not follow the format."""
    if not isinstance(wire, dict):
        raise bad("share map expected")
    version, language, plan_version = (wire.get(k) for k in
                                       (_RECORD_VERSION, _LANGUAGE, _PLAN_VERSION))
    if type(version) is not int or type(plan_version) is not int or plan_version < 0:
        raise bad("record and plan versions must be whole numbers")
    if not isinstance(language, str):
        raise bad("language must be text")
    household_id = _household_id(wire.get(_HOUSEHOLD))
    refs = Reader(language, version, wire.get(_IDS, b""), wire.get(_ID_LENGTH, 16),
                  full_ids=(household_id,) if household_id else ())
    sections = wire.get(_SECTIONS)
    if not isinstance(sections, list):
        raise bad("sections must be a list")
    names = [_SECTION_NAMES.get(s) if type(s) is int else None for s in sections]
    goals = wire.get(_GOALS)
    if goals is not None and not isinstance(goals, list):
        raise bad("goal ids must be a list")
    tables = decode_tables(wire.get(_TABLES, {}), refs)
    try:
        scope = Scope(tuple(n for n in names if n is not None),
                      None if goals is None else tuple(_unref(g, refs) for g in goals))
    except ValueError:
        raise bad("unknown section") from None
    if household_id is None:  # written as a ref by the first writers
        household_id = _unref(wire.get(_HOUSEHOLD), refs)
    return Share(household_id, plan_version, language, scope, tables)


def _ref(record_id: str, refs: Any) -> Any:
    return refs.ref(record_id) if is_table_id(record_id) else record_id


def _whole_id(record_id: str) -> Any:
    """The household id in full (16 bytes): the recipient keeps shares by it."""
    return bytes.fromhex(record_id) if is_table_id(record_id) else record_id


def _household_id(wire: Any) -> str | None:
    if isinstance(wire, bytes):
        if len(wire) != 16:
            raise bad("household id must be 16 bytes")
        return wire.hex()
    return wire if isinstance(wire, str) else None


def _unref(wire: Any, refs: Reader) -> str:
    if isinstance(wire, str):
        return wire
    return refs.id_at(wire)

