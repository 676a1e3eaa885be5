"""Records in compact form: a map of integer keys, default values left out.

A record dict becomes a CBOR map: its fields under their pinned keys (wire_schema.py), each
through its codec; a field equal to its default is left out; a value without a compact form
goes under its own name, as it is; fields the schema does not know go under their own names
too. Reading gives the same dict back and ignores integer keys it does not know (fields of a
newer writer).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cbor2

from .codecs import Codec, Refs, Unencodable, bad, is_table_id

# Keys 0 and 1 of every record map are reserved: 0 = id (only when not in the id table),
# 1 = schema version "v" (only when it differs from the share's). Fields start at 2.
ID_KEY, VERSION_KEY = 0, 1
MISSING = cbor2.undefined  # a known field (or id, v) that the record dict did not have


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
