"""The plan's tables in compact form, with one table of record ids for the whole share.

Record ids are random 16-byte values (uuid4 hex): nothing compresses them, and each is named
several times (a goal's owners, an agreement's goal and people). So every id travels once, as
16 raw bytes in the id table, and is named elsewhere by its index (one or two bytes):

- a record whose id is in the table takes the next entry, in the order the records are
  written (tables by key, records in order, a record before its nested records); so its map
  does not hold its id at all;
- ids that are only referred to (an agreement's helper whose record is not shared) follow
  the records' ids at the end of the table.

Encoding therefore runs twice: once to learn the records' ids, once to write the references.

Short ids: a share names each id by its first ``id_length`` bytes only, the fewest (at least
``MIN_ID_LENGTH``) that keep every id of the share, and the ids given in full beside the
table (the household's), apart. The recipient sees these short ids; the family, which
knows the whole ids, maps a short id back when something returns (family_app/sharing/record_ids.py).
This keeps the reference plan in two QR frames: 4 bytes instead of 16 for each of ~40 ids.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .codecs import bad
from .record_codec import decode_record, encode_record, json_like
from .wire_schema import RECORDS, TABLE_KEYS

ID_LEN = 16
MIN_ID_LENGTH = 4
_TABLE_NAMES = {key: name for name, key in TABLE_KEYS.items()}
Result = TypeVar("Result")


class _Writer:
    """The Refs of one encoding pass; ``known`` is None in the first pass."""

    def __init__(self, language: str, version: int, known: list[str] | None) -> None:
        self.language = language
        self.version = version
        self.table: list[str] = [] if known is None else list(known)
        self._first_pass = known is None
        self._index: dict[str, int] = {}
        for i, record_id in enumerate(self.table):
            self._index.setdefault(record_id, i)

    def claim(self, record_id: str) -> None:
        if self._first_pass:
            self.table.append(record_id)

    def ref(self, record_id: str) -> int:
        if self._first_pass:
            return 0
        if record_id not in self._index:
            self._index[record_id] = len(self.table)
            self.table.append(record_id)
        return self._index[record_id]

    def id_at(self, index: Any) -> str:  # pragma: no cover - writers never decode
        raise NotImplementedError

    def next_record_id(self) -> str:  # pragma: no cover
        raise NotImplementedError

    def table_bytes(self, id_length: int = ID_LEN) -> bytes:
        return b"".join(bytes.fromhex(record_id)[:id_length] for record_id in self.table)


def short_id_length(ids: list[str]) -> int:
    """The fewest bytes (>= MIN_ID_LENGTH) at which the given 16-byte hex ids stay apart."""
    unique = set(ids)
    for length in range(MIN_ID_LENGTH, ID_LEN):
        if len({record_id[:2 * length] for record_id in unique}) == len(unique):
            return length
    return ID_LEN


class Reader:
    """The Refs of decoding: the id table from the wire and a cursor over it."""

    def __init__(self, language: str, version: int, table: Any, id_length: Any = ID_LEN,
                 full_ids: tuple[str, ...] = ()) -> None:
        if type(id_length) is not int or not MIN_ID_LENGTH <= id_length <= ID_LEN:
            raise bad("id length must be 4 to 16 bytes")
        if not isinstance(table, bytes) or len(table) % id_length:
            raise bad("id table must be a multiple of the id length")
        self.language = language
        self.version = version
        short = [table[i:i + id_length].hex() for i in range(0, len(table), id_length)]
        # An id given in full elsewhere (the household's) is itself, not its short form.
        whole = {record_id[:2 * id_length]: record_id for record_id in full_ids}
        self.table = [whole.get(record_id, record_id) for record_id in short]
        self._next = 0

    def claim(self, record_id: str) -> None:  # pragma: no cover - readers never encode
        raise NotImplementedError

    def ref(self, record_id: str) -> int:  # pragma: no cover
        raise NotImplementedError

    def id_at(self, index: Any) -> str:
        if type(index) is not int or not 0 <= index < len(self.table):
            raise bad("reference outside the id table")
        return self.table[index]

    def next_record_id(self) -> str:
        if self._next >= len(self.table):
            raise bad("more records than ids")
        self._next += 1
        return self.table[self._next - 1]


def encode_with_ids(build: Callable[[_Writer], Result], *, language: str, version: int,
                    full_ids: tuple[str, ...] = ()) -> tuple[Result, bytes, int]:
    """Run ``build`` (which encodes tables and references) twice.

    Returns (result, id table, id length); ``full_ids`` are ids the caller writes in full
    beside the table, which the short ids must stay apart from.
    """
    first = _Writer(language, version, None)
    build(first)
    second = _Writer(language, version, first.table)
    result = build(second)
    id_length = short_id_length(second.table + list(full_ids))
    return result, second.table_bytes(id_length), id_length


def encode_tables(tables: dict[str, Any], refs: _Writer) -> dict[Any, Any]:
    """{table key: [record maps]}; a table the schema does not know travels as it is."""
    out: dict[Any, Any] = {}
    for name in sorted(tables, key=lambda n: TABLE_KEYS.get(n, len(TABLE_KEYS) + 1)):
        rows = tables[name]
        fits = isinstance(rows, list) and all(isinstance(row, dict) for row in rows)
        if name in TABLE_KEYS and fits:
            schema = RECORDS[name]
            out[TABLE_KEYS[name]] = [encode_record(row, schema, refs, top=True) for row in rows]
        else:
            out[name] = rows
    return out


def decode_tables(wire: Any, refs: Reader) -> dict[str, list[dict[str, Any]]]:
    """The tables back; tables with a key this reader does not know are left out."""
    if not isinstance(wire, dict):
        raise bad("table map expected")
    tables: dict[str, Any] = {}
    # Known tables in key order: that is the order in which records take their ids.
    for key in sorted(k for k in wire if type(k) is int and k in _TABLE_NAMES):
        rows = wire[key]
        if not isinstance(rows, list):
            raise bad("table must be a list")
        name = _TABLE_NAMES[key]
        tables[name] = [decode_record(row, RECORDS[name], refs, top=True) for row in rows]
    for key, rows in wire.items():
        if isinstance(key, str):
            if key in tables:
                raise bad(f"table {key} given twice")
            tables[key] = json_like(rows)
    return tables
