"""Schema version of stored records and the hook that lifts old records to it.

Every stored dict carries "v". When a record type changes shape, bump SCHEMA_VERSION and
register a migration from the old version: a newer app then reads an older vault. A record
from a newer app is refused, because reading it would silently drop what we do not know.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from family_app.domain.errors import (NEWER_VERSION, OUT_OF_RANGE, SchemaVersionError,
                                      ValidationError)

SCHEMA_VERSION = 1

# Storage order; also the names of the sections a share can hold. Here, beside the version,
# because this module is all that sync/ may know of the domain (docs/architecture.md).
TABLES = ("household", "members", "network", "professionals", "goals", "agreements", "safety",
          "log", "evaluations", "trajectory", "closures", "shares")

Migration = Callable[[str, dict[str, Any]], dict[str, Any]]

# from_version -> function(table, record) returning the record at from_version + 1
MIGRATIONS: dict[int, Migration] = {}


def register_migration(from_version: int) -> Callable[[Migration], Migration]:
    """Decorator: @register_migration(1) def lift(table, record): ... -> version 2 record."""

    def register(function: Migration) -> Migration:
        if from_version in MIGRATIONS:
            raise ValueError(f"a migration from version {from_version} is already registered")
        MIGRATIONS[from_version] = function
        return function

    return register


def version_of(record: dict[str, Any]) -> int:
    """The schema version a stored record was written with; records without "v" are 1."""
    version = record.get("v", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError("v", OUT_OF_RANGE, low=1, high=SCHEMA_VERSION)
    return version


def migrate(table: str, record: dict[str, Any]) -> dict[str, Any]:
    """Return `record` lifted to SCHEMA_VERSION (a copy; the input is left alone).

    A record already at this version is copied shallowly, since only a migration step
    changes what it is given: reading a plan with years of log entries is mostly this."""
    version = version_of(record)
    if version > SCHEMA_VERSION:
        raise SchemaVersionError("v", NEWER_VERSION, found=version, known=SCHEMA_VERSION)
    if version == SCHEMA_VERSION:
        return {**record, "v": SCHEMA_VERSION}
    lifted = copy.deepcopy(record)
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:  # a programming error, not bad data
            raise RuntimeError(f"no migration registered from schema version {version}")
        lifted = step(table, lifted)
        version += 1
        lifted["v"] = version
    lifted["v"] = SCHEMA_VERSION
    return lifted
