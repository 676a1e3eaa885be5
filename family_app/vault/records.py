"""The records of one vault table, in the app's terms: the use cases' door to storage.

``vault.records(name)`` gives a ``Records``. Use cases find records by fields that equal
values, and add, put (upsert), update, remove and replace them; they never see TinyDB, so
the storage engine stays the vault's business (tests/test_import_rules.py checks that only
family_app/vault/ imports tinydb).

A record read here is a dict. Records that ``all``, ``find`` and ``first`` return also
remember where they are stored, so that ``drop`` can remove exactly them. Every write verb
counts as a change even when nothing matched (the action saves the file, as before);
outside ``vault.action()`` each is written at once, on its own.

``parsed`` reads a whole table as the use case's own objects, made once per change of
each record and kept while the vault is open: how a plan with years of history is read
on every screen without parsing it every time.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Mapping

from tinydb.table import Table


_ABSENT = object()

# What `Records.parsed` keeps, per table: the parse function, and by each record's storage
# id the record as it was parsed and what `parse` made of it. The vault keeps one such
# dict while it is open.
Parsed = dict[str, tuple[Callable[..., Any], dict[str, tuple[dict, Any]]]]


def _matching(equal: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool]:
    """A record matches when it has every field and each equals its value (a record
    without the field never matches, not even a value of None)."""
    if not equal:
        # An empty condition would touch every record; replace([]) empties a table.
        raise TypeError("name at least one field")
    wanted = tuple(equal.items())

    # A plain function, not a tinydb Query: the same test at a fraction of the cost, which
    # counts when a table holds years of log entries. Not cacheable: each call makes a new one.
    def matches(record: Mapping[str, Any]) -> bool:
        for field, value in wanted:
            if not record.get(field, _ABSENT) == value:
                return False
        return True
    matches.is_cacheable = lambda: False  # type: ignore[attr-defined]
    return matches


class Records:
    """The records of one table, in the order they were stored."""

    def __init__(self, table: Table, parsed: Parsed | None = None) -> None:
        self._table = table
        self._parsed = {} if parsed is None else parsed

    def __len__(self) -> int:
        return len(self._table)

    # --- reading ---------------------------------------------------------------------------

    def all(self) -> list[dict]:
        return self._table.all()

    def scan(self) -> Iterator[Mapping[str, Any]]:
        """The stored records themselves, in order, read-only: a look through a large table
        that copies none (``all`` makes a TinyDB Document of each). Change nothing, keep
        nothing: copy what is kept."""
        return iter(self._table._read_table().values())

    def find(self, **equal: Any) -> list[dict]:
        """The records whose fields equal these values: ``find(household_id=h)``."""
        return self._table.search(_matching(equal))

    def first(self, **equal: Any) -> dict | None:
        """The first record whose fields equal these (with none: the first record), or None."""
        if not equal:
            found = self._table.all()
            return found[0] if found else None
        return self._table.get(_matching(equal))

    def last(self) -> dict | None:
        """The record stored last (a copy), or None: without reading the others."""
        stored = self._table._read_table()
        return dict(stored[next(reversed(stored))]) if stored else None

    def parsed(self, parse: Callable[[int, dict], Any]) -> list[Any]:
        """``parse(index, record)`` of every record, in order, each made once per version
        of its record: while the vault is open a result is kept and given again as long
        as its record is stored unchanged. So reading a table of 10,000 records of which
        one changed parses one. ``parse`` must be the same function every time (results
        are kept for one function per table), and callers must copy a result before they
        change it. ``index`` is where the record is now, for naming it in an error: a kept
        result is not made again because its record moved up.
        """
        kept_for, memo = self._parsed.get(self._table.name, (None, {}))
        if kept_for is not parse:
            memo = {}
        fresh: dict[str, tuple[dict, Any]] = {}
        results = []
        # The stored records themselves, not copies: only a changed one is copied (TinyDB
        # changes records in place, so what it was parsed from is kept as a copy).
        for index, (key, stored) in enumerate(self._table._read_table().items()):
            known = memo.get(key)
            if known is None or known[0] != stored:
                record = dict(stored)
                known = (record, parse(index, record))
            fresh[key] = known
            results.append(known[1])
        self._parsed[self._table.name] = (parse, fresh)
        return results

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
        # Copies as plain dicts: records read from this very table are TinyDB Documents,
        # which insert_multiple would store under their old ids, where new records (given
        # the next free ids) then overwrite them.
        records = [dict(record) for record in records]
        self._table.truncate()
        self._table.insert_multiple(records)
