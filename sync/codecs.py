"""Field codecs and the record walker of the compact share encoding.

A codec turns one JSON-safe field value into a smaller CBOR value and back, exactly. A value
a codec has no compact form for raises ``Unencodable`` and then travels as it is, under its
field name; so any record dict comes back equal, whatever it holds. The pinned table of which
field uses which codec and key is in wire_schema.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import cbor2

from .errors import SharePayloadError

# Keys 0 and 1 of every record map are reserved: 0 = id (only when not in the id table),
# 1 = schema version "v" (only when it differs from the share's). Fields start at 2.
ID_KEY, VERSION_KEY = 0, 1
MISSING = cbor2.undefined  # a known field (or id, v) that the record dict did not have

_HEX_ID = re.compile(r"^[0-9a-f]{32}\Z")
_HEX_KEY = re.compile(r"^(?:[0-9a-f]{2}){32}\Z")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
_EPOCH = date(1970, 1, 1).toordinal()


class Unencodable(Exception):
    """A value this codec has no compact form for: it travels as is, under its field name."""


def bad(what: str) -> SharePayloadError:
    return SharePayloadError(detail=what)


def is_table_id(value: Any) -> bool:
    """Record ids the app makes (uuid4 hex) go in the id table as 16 raw bytes."""
    return isinstance(value, str) and bool(_HEX_ID.match(value))


def json_like(value: Any, depth: int = 0) -> Any:
    """Check that a value carried as is can be stored as JSON; returns it unchanged."""
    if depth > 32:
        raise bad("nested too deeply")
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise bad("number is not finite")
        return value
    if isinstance(value, list):
        for element in value:
            json_like(element, depth + 1)
        return value
    if isinstance(value, dict):
        for key, element in value.items():
            if not isinstance(key, str):
                raise bad("map key is not text")
            json_like(element, depth + 1)
        return value
    raise bad(f"value of type {type(value).__name__} where plain data was expected")


class Refs(Protocol):
    """What codecs need from the share around them: its id table, language and version."""

    language: str
    version: int

    def ref(self, record_id: str) -> int: ...

    def id_at(self, index: Any) -> str: ...

    def claim(self, record_id: str) -> None: ...

    def next_record_id(self) -> str: ...


class Codec:
    default: Any = None

    def default_for(self, refs: Refs) -> Any:
        return self.default

    def encode(self, value: Any, refs: Refs) -> Any:
        raise NotImplementedError

    def decode(self, wire: Any, refs: Refs) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Codec):
    default: Any = ""

    def encode(self, value: Any, refs: Refs) -> Any:
        if not isinstance(value, str):
            raise Unencodable
        return value

    def decode(self, wire: Any, refs: Refs) -> Any:
        if not isinstance(wire, str):
            raise bad("text expected")
        return wire


@dataclass(frozen=True)
class Language(Text):
    """A language tag; left out when it is the share's own language."""

    def default_for(self, refs: Refs) -> Any:
        return refs.language


@dataclass(frozen=True)
class Number(Codec):
    def encode(self, value: Any, refs: Refs) -> Any:
        if type(value) is not int:
            raise Unencodable
        return value

    def decode(self, wire: Any, refs: Refs) -> Any:
        if type(wire) is not int:
            raise bad("integer expected")
        return wire


@dataclass(frozen=True)
class Flag(Codec):
    default: Any = False

    def encode(self, value: Any, refs: Refs) -> Any:
        if type(value) is not bool:
            raise Unencodable
        return value

    def decode(self, wire: Any, refs: Refs) -> Any:
        if type(wire) is not bool:
            raise bad("true or false expected")
        return wire


@dataclass(frozen=True)
class Day(Codec):
    """"YYYY-MM-DD" as days since 1970-01-01 (negative before)."""

    def encode(self, value: Any, refs: Refs) -> Any:
        if not isinstance(value, str) or not _ISO_DAY.match(value):
            raise Unencodable
        try:
            return date.fromisoformat(value).toordinal() - _EPOCH
        except ValueError:
            raise Unencodable from None

    def decode(self, wire: Any, refs: Refs) -> Any:
        if type(wire) is not int:
            raise bad("day number expected")
        try:
            return date.fromordinal(wire + _EPOCH).isoformat()
        except (ValueError, OverflowError):
            raise bad("day number out of range") from None


@dataclass(frozen=True)
class Code(Codec):
    """One of a pinned list of codes, as its index."""

    codes: tuple[str, ...] = ()
    default: Any = None

    def encode(self, value: Any, refs: Refs) -> Any:
        if not isinstance(value, str) or value not in self.codes:
            raise Unencodable
        return self.codes.index(value)

    def decode(self, wire: Any, refs: Refs) -> Any:
        if type(wire) is not int or not 0 <= wire < len(self.codes):
            raise bad("unknown code")
        return self.codes[wire]


@dataclass(frozen=True)
class CodeSet(Codec):
    """Codes in their pinned order, each at most once, as a bit mask (bit 0 = first code)."""

    codes: tuple[str, ...] = ()

    def default_for(self, refs: Refs) -> Any:
        return []

    def encode(self, value: Any, refs: Refs) -> Any:
        if not isinstance(value, list) or any(c not in self.codes for c in value):
            raise Unencodable
        mask = 0
        for code in value:
            mask |= 1 << self.codes.index(code)
        if self.decode(mask, refs) != value:
            raise Unencodable  # out of order or repeated: the mask would not give it back
        return mask

    def decode(self, wire: Any, refs: Refs) -> Any:
        if type(wire) is not int or not 0 <= wire < 1 << len(self.codes):
            raise bad("code mask out of range")
        return [c for i, c in enumerate(self.codes) if wire >> i & 1]


@dataclass(frozen=True)
class Ref(Codec):
    """A record id as an index into the id table; any other text (a free name) as text."""

    def encode(self, value: Any, refs: Refs) -> Any:
        if is_table_id(value):
            return refs.ref(value)
        if isinstance(value, str):
            return value
        raise Unencodable

    def decode(self, wire: Any, refs: Refs) -> Any:
        if isinstance(wire, str):
            return wire
        return refs.id_at(wire)


@dataclass(frozen=True)
class HexKey(Codec):
    """A public key stored as 64 hex digits, carried as its 32 bytes."""

    def encode(self, value: Any, refs: Refs) -> Any:
        if not isinstance(value, str) or not _HEX_KEY.match(value):
            raise Unencodable
        return bytes.fromhex(value)

    def decode(self, wire: Any, refs: Refs) -> Any:
        if not isinstance(wire, bytes) or len(wire) != 32:
            raise bad("32-byte key expected")
        return wire.hex()


@dataclass(frozen=True)
class ListOf(Codec):
    item: Codec = Text()

    def default_for(self, refs: Refs) -> Any:
        return []

    def encode(self, value: Any, refs: Refs) -> Any:
        if not isinstance(value, list):
            raise Unencodable
        return [self.item.encode(element, refs) for element in value]

    def decode(self, wire: Any, refs: Refs) -> Any:
        if not isinstance(wire, list):
            raise bad("list expected")
        return [self.item.decode(element, refs) for element in wire]


@dataclass(frozen=True)
class Schema:
    """The fields of one record type: (name, key, codec); ``has_id`` for records."""

    fields: tuple[tuple[str, int, Codec], ...]
    has_id: bool = True

    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _, _ in self.fields)


_NO_DEFAULT = object()


@dataclass(frozen=True)
class Nested(Codec):
    """Nested records (a goal's scores, an evaluation's reviews), or one nested part."""

    schema: Schema = Schema(())
    many: bool = True

    def default_for(self, refs: Refs) -> Any:
        return [] if self.many else _NO_DEFAULT

    def encode(self, value: Any, refs: Refs) -> Any:
        # Check the shape before encoding anything: a fallback after some nested ids were
        # claimed would shift the id table for every record after it.
        if self.many:
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise Unencodable
            return [encode_record(v, self.schema, refs, top=False) for v in value]
        if not isinstance(value, dict):
            raise Unencodable
        return encode_record(value, self.schema, refs, top=False)

    def decode(self, wire: Any, refs: Refs) -> Any:
        if self.many:
            if not isinstance(wire, list):
                raise bad("list of records expected")
            return [decode_record(w, self.schema, refs, top=False) for w in wire]
        return decode_record(wire, self.schema, refs, top=False)


def _is_default(value: Any, default: Any) -> bool:
    if default is None:
        return value is None
    # Strict: 0 is not False, and a tuple default never matches a list value.
    return type(value) is type(default) and value == default


def encode_record(record: dict[str, Any], schema: Schema, refs: Refs, *,
                  top: bool) -> dict[Any, Any]:
    """A record dict as a map: int keys for known fields, default values left out."""
    out: dict[Any, Any] = {}
    known = set(schema.names())
    if schema.has_id:
        known.add("id")
        if "id" not in record:
            out[ID_KEY] = MISSING
        elif is_table_id(record["id"]):
            refs.claim(record["id"])
        else:
            out[ID_KEY] = record["id"]
    if top:
        known.add("v")
        version = record.get("v", MISSING)
        if not (type(version) is int and version == refs.version):
            out[VERSION_KEY] = version
    elif "v" in record:
        known.add("v")
        out[VERSION_KEY] = record["v"]
    for name, key, codec in schema.fields:
        if name not in record:
            out[key] = MISSING
            continue
        value = record[name]
        if _is_default(value, codec.default_for(refs)):
            continue
        try:
            out[key] = codec.encode(value, refs)
        except Unencodable:
            out[name] = value
    for name, value in record.items():
        if name not in known:
            out[name] = value
    return out


def decode_record(wire: Any, schema: Schema, refs: Refs, *, top: bool) -> dict[str, Any]:
    """The record dict back; int keys this reader does not know are ignored."""
    if not isinstance(wire, dict):
        raise bad("record map expected")
    record: dict[str, Any] = {}
    version = wire.get(VERSION_KEY, refs.version if top else MISSING)
    if version is not MISSING:
        record["v"] = json_like(version)
    if schema.has_id:
        record_id = wire.get(ID_KEY, _NO_DEFAULT)
        if record_id is _NO_DEFAULT:
            record["id"] = refs.next_record_id()
        elif record_id is not MISSING:
            record["id"] = json_like(record_id)
    for name, key, codec in schema.fields:
        if key in wire and name in wire:
            raise bad(f"field {name} given twice")
        if name in wire:
            record[name] = json_like(wire[name])
        elif key not in wire:
            default = codec.default_for(refs)
            if default is _NO_DEFAULT:
                raise bad(f"field {name} missing")
            record[name] = list(default) if isinstance(default, list) else default
        elif wire[key] is not MISSING:
            record[name] = codec.decode(wire[key], refs)
    for name, value in wire.items():
        if isinstance(name, str) and name not in record:
            record[name] = json_like(value)
    return record
