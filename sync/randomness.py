"""Injected randomness: every function that needs random bytes takes ``rng``.

Production code passes nothing and gets ``os.urandom``; tests and the vector generator pass
``seeded(...)`` so that keys, ids, salts and ciphertexts are fixed and known.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

RandomBytes = Callable[[int], bytes]

system: RandomBytes = os.urandom


def seeded(seed: bytes | str) -> RandomBytes:
    """A deterministic byte stream (SHA-256 in counter mode). For tests only: never secret."""
    key = seed.encode() if isinstance(seed, str) else bytes(seed)
    counter = 0
    buffer = b""

    def read(n: int) -> bytes:
        nonlocal counter, buffer
        while len(buffer) < n:
            buffer += hashlib.sha256(key + counter.to_bytes(8, "big")).digest()
            counter += 1
        out, buffer = buffer[:n], buffer[n:]
        return out

    return read
