"""The records of one vault table, in the app's terms: the use cases' door to storage.

``vault.records(name)`` gives a ``Records``. Use cases find records by fields that equal
values, and add, put (upsert), update, remove and replace them; they never see TinyDB, so
the storage engine stays the vault's business (tests/test_import_rules.py checks that only
family_app/vault/ imports tinydb).

A record read here is a dict. Records that ``all``, ``find`` and ``first`` return also
remember where they are stored, so that ``drop`` can remove exactly them. Every write verb
counts as a change even when nothing matched (the action saves the file, as before);
outside ``vault.action()`` each is written at once, on its own.
"""
from __future__ import annotations

import functools
import operator
from typing import Any, Iterable, Mapping

from tinydb import Query
from tinydb.table import Table


def _matching(equal: Mapping[str, Any]) -> Query:
    """A record matches when it has every field and each equals its value (a record
    without the field never matches, not even a value of None)."""
    if not equal:
        # An empty condition would touch every record; replace([]) empties a table.
        raise TypeError("name at least one field")
    return functools.reduce(operator.and_, (Query()[field] == value
                                             for field, value in equal.items()))


class Records:
    """The records of one table, in the order they were stored."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    # --- reading ---------------------------------------------------------------------------

    def all(self) -> list[dict]:
        return self._table.all()

    def find(self, **equal: Any) -> list[dict]:
        """The records whose fields equal these values: ``find(household_id=h)``."""
        return self._table.search(_matching(equal))

    def first(self, **equal: Any) -> dict | None:
        """The first record whose fields equal these (with none: the first record), or None."""
        if not equal:
            found = self._table.all()
            return found[0] if found else None
        return self._table.get(_matching(equal))

    # --- writing ---------------------------------------------------------------------------

    def add(self, *records: Mapping[str, Any]) -> None:
        """Store new records, each a copy, after the ones there are."""
        self._table.insert_multiple(records)

    def put(self, record: Mapping[str, Any], /, *keys: str) -> None:
        """Store a record by its key fields: every record with the same values in ``keys``
        takes the record's fields (others it lacks stay); when none has, it is added."""
        self._table.upsert(dict(record), _matching({key: record[key] for key in keys}))

    def update(self, changes: Mapping[str, Any], /, **equal: Any) -> None:
        """Set these fields in every record whose fields equal ``equal``; adds nothing."""
        self._table.update(dict(changes), _matching(equal))

    def remove(self, **equal: Any) -> None:
        """Remove every record whose fields equal these values."""
        self._table.remove(_matching(equal))

    def drop(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Remove exactly these records, as ``all``, ``find`` or ``first`` returned them
        (a copy made with ``dict(...)`` no longer knows where it is stored)."""
        self._table.remove(doc_ids=[record.doc_id  # type: ignore[attr-defined]
                                    for record in records])

    def replace(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Make these the table's only records (``replace([])`` empties it)."""
        records = list(records)  # they may be read from this very table
        self._table.truncate()
        self._table.insert_multiple(records)
