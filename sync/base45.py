"""Base45 (RFC 9285): bytes as text in the QR alphanumeric set, as the EU DCC does.

Two bytes become three characters, a last single byte two; 2 bytes -> 3 characters is the
densest text that QR alphanumeric mode (5.5 bits a character) stores.
"""
from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = n % 45, n // 45
        d, e = n % 45, n // 45
        out += (ALPHABET[c], ALPHABET[d], ALPHABET[e])
    if len(data) % 2:
        c, d = data[-1] % 45, data[-1] // 45
        out += (ALPHABET[c], ALPHABET[d])
    return "".join(out)


def encoded_length(byte_count: int) -> int:
    return byte_count // 2 * 3 + byte_count % 2 * 2


def decode(text: str) -> bytes:
    """Raises ValueError for a character outside the alphabet, a length of 3k+1, or a
    group whose value does not fit (RFC 9285 section 4.2: such input MUST be rejected)."""
    if len(text) % 3 == 1:
        raise ValueError("base45 text cannot have a length of 3k+1")
    try:
        values = [_VALUE[ch] for ch in text]
    except KeyError:
        raise ValueError("character outside the base45 alphabet") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i:i + 3]
        n = sum(v * 45 ** k for k, v in enumerate(group))
        if len(group) == 3:
            if n > 0xFFFF:
                raise ValueError("base45 group out of range")
            out += n.to_bytes(2, "big")
        else:
            if n > 0xFF:
                raise ValueError("base45 group out of range")
            out.append(n)
    return bytes(out)
