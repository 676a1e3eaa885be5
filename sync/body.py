"""The signed body of a bundle: a CBOR tree, its texts and byte strings pooled, deflated.

A family's plan is mostly three kinds of bytes: the family's own words, random ids and keys,
and a little structure. Compressed together, the random bytes and the structure spoil the
statistics of the text; so the body keeps them apart. It is the CBOR array

    [blobs, texts, tree]

where ``tree`` is the content with text strings replaced by simple(0) and byte strings by
simple(1); the placeholders take, in document order, the texts (one text string, the texts
joined by U+0000) and the blobs (an array of byte strings). The writer deflates the three
parts as separate DEFLATE blocks (one stream, raw DEFLATE, with a preset dictionary of
zdict.py); a reader simply inflates and fills the placeholders in. Pooling is optional for a
writer (this one pools every text that is not empty and holds no U+0000, and every byte
string); a reader takes inline strings as they are.

The writer deflates with every dictionary and keeps the smallest body. Dictionary 0 is
implied; any other is named by one byte in front, 8 x id + 6: as a DEFLATE block header
that is the reserved block type 3, which starts no DEFLATE stream, so every body written
before there were other dictionaries reads as it did.
"""
from __future__ import annotations

import io
import zlib
from typing import Any

import cbor2

from .cbor_limits import MAX_DEPTH, MAX_ITEMS, CborLimitError, check_cbor
from .errors import BundleFormatError, UnsupportedVersion
from .zdict import ZDICTS

TEXT, BLOB = cbor2.CBORSimpleValue(0), cbor2.CBORSimpleValue(1)
SEPARATOR = "\x00"
MAX_BODY = 8 * 1024 * 1024  # inflated size; more is refused (a "zip bomb")
_WBITS = -15  # raw DEFLATE (RFC 1951): no zlib header or checksum, the AEAD covers that
# The dictionary byte: its low three bits, read as a DEFLATE block header, are block type 3
# ("reserved (error)", RFC 1951 3.2.3), so no DEFLATE stream starts with such a byte.
_NAMED, _NAMED_MASK = 0b110, 0b111
# The writer chooses its dictionary on at most this much of each part: a sync of years of
# entries is not compressed seven times over (a dictionary only reaches the first 32 KiB).
_TRIAL = 32 * 1024


def pack(tree: Any, dictionary: int | None = None) -> bytes:
    """Compress a CBOR-ready tree (maps, lists, str, bytes, int, bool, None) with the
    dictionary that makes it smallest, or with ``dictionary`` (an id of zdict.ZDICTS)."""
    texts: list[str] = []
    blobs: list[bytes] = []
    pooled = _pool(tree, texts, blobs, 0)
    parts = [b"\x83" + cbor2.dumps(blobs), cbor2.dumps(SEPARATOR.join(texts)),
             cbor2.dumps(pooled)]
    if dictionary is not None:
        return _deflate(parts, dictionary)
    trial = [part[:_TRIAL] for part in parts]
    bodies = {ident: _deflate(trial, ident) for ident in ZDICTS}
    best = min(bodies, key=lambda ident: (len(bodies[ident]), ident))
    return bodies[best] if trial == parts else _deflate(parts, best)


def _deflate(parts: list[bytes], dictionary: int) -> bytes:
    deflate = zlib.compressobj(9, zlib.DEFLATED, _WBITS, 9, zlib.Z_DEFAULT_STRATEGY,
                               ZDICTS[dictionary])
    out = [bytes([8 * dictionary + _NAMED])] if dictionary else []
    for i, part in enumerate(parts):
        out.append(deflate.compress(part))
        # A block boundary between the parts gives each its own Huffman codes.
        out.append(deflate.flush(zlib.Z_BLOCK if i < len(parts) - 1 else zlib.Z_FINISH))
    return b"".join(out)


def dictionary_of(data: bytes) -> tuple[int, bytes]:
    """The id of the dictionary a body names (0 when it names none) and its DEFLATE stream."""
    if data and data[0] & _NAMED_MASK == _NAMED:
        return data[0] >> 3, data[1:]
    return 0, data


def unpack(data: bytes) -> Any:
    """The tree back. Raises BundleFormatError for anything but a well-formed body, and
    UnsupportedVersion for a dictionary of a newer app."""
    dictionary, data = dictionary_of(data)
    if dictionary not in ZDICTS:
        raise UnsupportedVersion(detail=f"body dictionary {dictionary}")
    inflate = zlib.decompressobj(_WBITS, ZDICTS[dictionary])
    try:
        # One byte over the limit: a body that reaches it is too large, whether or not
        # compressed input is left (zlib may hold the rest of its output internally).
        raw = inflate.decompress(data, MAX_BODY + 1)
    except zlib.error as err:
        raise BundleFormatError(detail=f"deflate: {err}") from None
    if len(raw) > MAX_BODY:
        raise BundleFormatError(detail="body inflates to more than the limit")
    if not inflate.eof or inflate.unused_data:
        raise BundleFormatError(detail="deflate stream truncated or followed by junk")
    try:
        body = strict_loads(raw)
    except ValueError as err:
        raise BundleFormatError(detail=str(err)) from None
    if not (isinstance(body, list) and len(body) == 3 and isinstance(body[0], list)
            and isinstance(body[1], str)):
        raise BundleFormatError(detail="body must be [blobs, texts, tree]")
    blobs, joined, tree = body
    if not all(isinstance(b, bytes) for b in blobs):
        raise BundleFormatError(detail="the blob pool must hold byte strings")
    if joined.count(SEPARATOR) >= MAX_ITEMS:  # each text fills a placeholder, an item
        raise BundleFormatError(detail="more pooled texts than items allowed")
    texts = joined.split(SEPARATOR) if joined else []
    cursor = {"texts": iter(texts), "blobs": iter(blobs)}
    filled = _fill(tree, cursor, 0)
    if next(cursor["texts"], None) is not None or next(cursor["blobs"], None) is not None:
        raise BundleFormatError(detail="more pooled strings than placeholders")
    return filled


def strict_loads(data: bytes) -> Any:
    """One CBOR item within the limits of cbor_limits.py and nothing after it; ValueError
    for anything else. The limits are checked on the bytes before cbor2 builds anything."""
    try:
        check_cbor(data)
    except CborLimitError as err:
        raise ValueError(str(err)) from None
    stream = io.BytesIO(data)
    try:
        item = cbor2.CBORDecoder(stream, max_depth=MAX_DEPTH + 1, allow_indefinite=False,
                                 allow_duplicate_keys=False).decode()
    except Exception as err:  # cbor2 raises many types (and RecursionError) on bad input
        raise ValueError(f"not CBOR ({type(err).__name__})") from None
    if stream.tell() != len(data):
        raise ValueError("bytes after the CBOR item")
    return item


def _pool(node: Any, texts: list[str], blobs: list[bytes], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise ValueError("content nested too deeply")
    if isinstance(node, str):
        if not node or SEPARATOR in node:
            return node
        texts.append(node)
        return TEXT
    if isinstance(node, bytes):
        blobs.append(node)
        return BLOB
    if isinstance(node, list):
        return [_pool(item, texts, blobs, depth + 1) for item in node]
    if isinstance(node, dict):
        return {key: _pool(value, texts, blobs, depth + 1) for key, value in node.items()}
    return node


def _fill(node: Any, cursor: dict[str, Any], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise BundleFormatError(detail="nested too deeply")
    if isinstance(node, cbor2.CBORSimpleValue):  # compare by type: simple(0) == 0 in cbor2
        if node.value == TEXT.value:
            return _next(cursor["texts"])
        if node.value == BLOB.value:
            return _next(cursor["blobs"])
        raise BundleFormatError(detail=f"unknown simple value {node.value}")
    if isinstance(node, list):
        return [_fill(item, cursor, depth + 1) for item in node]
    if isinstance(node, dict):
        # Keys are never pooled; any key but an integer or a text (a placeholder, a float,
        # a byte string...) is refused, so every reader sees the same map.
        if any(type(key) not in (int, str) for key in node):
            raise BundleFormatError(detail="a map key that is neither an integer nor a text")
        return {key: _fill(value, cursor, depth + 1) for key, value in node.items()}
    if isinstance(node, (str, bytes, int, bool, float)) or node is None:
        return node
    if node is cbor2.undefined:
        return node
    raise BundleFormatError(detail=f"unexpected CBOR item {type(node).__name__}")


def _next(pool: Any) -> Any:
    item = next(pool, None)
    if item is None:
        raise BundleFormatError(detail="more placeholders than pooled strings")
    return item
