"""Field codecs of the compact share encoding.

A codec turns one JSON-safe field value into a smaller CBOR value and back, exactly. A value
a codec has no compact form for raises ``Unencodable`` and then travels as it is, under its
field name (record_codec.py); so any record dict comes back equal, whatever it holds. The
pinned table of which field uses which codec and key is in wire_schema.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from .errors import SharePayloadError

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
