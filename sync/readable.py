"""Codes that people read aloud, type or compare: fingerprints and passcodes.

Both use Crockford's base32 alphabet: digits and capitals without I, L, O and U, so that
nothing reads as something else, and every character is in the QR alphanumeric set. People
type what they hear; ``normalize`` accepts lower case, spaces and dashes (also a phone's en
dash), and O for 0, I and L for 1.
"""
from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS_PER_CHAR = 5
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = " -\u2010\u2011\u2012\u2013\u2014\u2212\t"


def encode(data: bytes, length: int) -> str:
    """The first ``length`` characters of ``data`` read as a big-endian bit string."""
    bits = int.from_bytes(data, "big")
    available = len(data) * 8
    if length * BITS_PER_CHAR > available:
        raise ValueError("not enough bytes for that many characters")
    bits >>= available - length * BITS_PER_CHAR
    chars = []
    for _ in range(length):
        chars.append(ALPHABET[bits & 31])
        bits >>= BITS_PER_CHAR
    return "".join(reversed(chars))


def group(code: str, size: int = 4) -> str:
    """ "ABCDEFGH" -> "ABCD-EFGH": one word (for command lines), easy to read in parts."""
    return "-".join(code[i:i + size] for i in range(0, len(code), size))


def normalize(typed: str) -> str:
    """What someone typed, as bare upper-case code characters (no check of the length).

    Raises ValueError when a character is not part of the alphabet (after the aliases).
    """
    text = typed.upper().translate(_ALIASES)
    code = "".join(ch for ch in text if ch not in _SEPARATORS)
    if any(ch not in ALPHABET for ch in code):
        raise ValueError("not a code character")
    return code
