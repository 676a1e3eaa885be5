"""Limits checked on CBOR bytes before any decoder builds an object from them.

A decoder that resolves shared values (tags 28/29) can turn 300 bytes into gigabytes, and
even plain CBOR of a few megabytes can become millions of Python objects. So every reader
walks the bytes first, building nothing: one well-formed item of definite lengths, tags 2
and 3 only (big integers beyond 64 bits), at most ``MAX_ITEMS`` items, nested at most ``MAX_DEPTH`` deep,
no string or container longer than the bytes that remain. Only then does cbor2 decode it
(docs/bundle-format.md, "Conventions" and "Limits").
"""
from __future__ import annotations

ALLOWED_TAGS = frozenset({2, 3})  # unsigned and negative big integers
# The first sync of a plan with 10,000 log entries (about five busy years) holds 131,000;
# 250,000 empty maps, the costliest items to build, take about 20 MB.
MAX_ITEMS = 250_000
MAX_DEPTH = 64

_STRINGS = (2, 3)
_ARRAY, _MAP, _TAG, _SIMPLE = 4, 5, 6, 7


class CborLimitError(ValueError):
    """The bytes are not one CBOR item within the limits; the message says which rule."""


def check_cbor(data: bytes, *, max_items: int = MAX_ITEMS, max_depth: int = MAX_DEPTH) -> None:
    """Raise CborLimitError unless ``data`` is exactly one CBOR item within the limits."""
    end = len(data)
    pos = 0
    items = 0
    open_counts = [1]  # items still to read, per open array/map/tag; the top level is one item
    while open_counts:
        if open_counts[-1] == 0:
            open_counts.pop()
            continue
        open_counts[-1] -= 1
        if pos >= end:
            raise CborLimitError("truncated CBOR")
        initial = data[pos]
        pos += 1
        major, info = initial >> 5, initial & 0x1F
        items += 1
        if items > max_items:
            raise CborLimitError(f"more than {max_items} CBOR items")
        if info < 24:
            argument = info
        elif info < 28:
            size = 1 << (info - 24)
            if pos + size > end:
                raise CborLimitError("truncated CBOR")
            argument = int.from_bytes(data[pos:pos + size], "big")
            pos += size
        elif info == 31:
            raise CborLimitError("indefinite lengths are not allowed")
        else:
            raise CborLimitError("reserved CBOR additional information")
        remaining = end - pos
        if major in _STRINGS:
            if argument > remaining:
                raise CborLimitError("a string longer than the data")
            pos += argument
        elif major in (_ARRAY, _MAP):
            count = argument * (2 if major == _MAP else 1)
            if count > remaining:  # every element takes at least one byte
                raise CborLimitError("a container longer than the data")
            open_counts.append(count)
        elif major == _TAG:
            if argument not in ALLOWED_TAGS:
                raise CborLimitError(f"CBOR tag {argument} is not allowed")
            _check_big_integer(data, pos)
            open_counts.append(1)
        if len(open_counts) > max_depth + 1:
            raise CborLimitError(f"CBOR nested more than {max_depth} deep")
    if pos != end:
        raise CborLimitError("bytes after the CBOR item")


def _check_big_integer(data: bytes, pos: int) -> None:
    """A tag 2 or 3 holds a byte string of more than 8 bytes without a leading zero: an
    integer that fits 64 bits is written as one (RFC 8949 section 3.4.3), so that the same
    number never comes in two shapes that a reader, or a CDDL rule, would tell apart."""
    if pos >= len(data) or data[pos] >> 5 != 2:
        raise CborLimitError("a big integer must be a byte string")
    info = data[pos] & 0x1F
    if info < 24:
        length, start = info, pos + 1
    elif info < 28:
        size = 1 << (info - 24)
        length, start = int.from_bytes(data[pos + 1:pos + 1 + size], "big"), pos + 1 + size
    else:  # indefinite or reserved: the walk refuses it at the next item
        return
    if length <= 8 or (start < len(data) and data[start] == 0):
        raise CborLimitError("a big integer that fits 64 bits, or has a leading zero")
