"""Passcodes for an in-person share: short, read aloud, stretched with scrypt.

A passcode is 8 characters of Crockford's base32 (see readable.py), shown as ``ABCD-EFGH``:
40 random bits. scrypt (N=2**17, r=8, p=1, as the vault) with a random 16-byte salt turns it
into an AES-256-GCM key for exactly one bundle. docs/bundle-format.md says what that does
and does not protect against.
"""
from __future__ import annotations

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from . import readable
from .randomness import RandomBytes, system

LENGTH = 8
ENTROPY_BITS = LENGTH * readable.BITS_PER_CHAR  # 40
SALT_LEN = 16
KEY_LEN = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
SALT_LABEL = b"onsplan/1 passcode"


def new_passcode(rng: RandomBytes = system) -> str:
    """A fresh passcode such as ``7K2M-QX9D`` (uniform: 5 random bits a character)."""
    return readable.group(readable.encode(rng(LENGTH * 5 // 8), LENGTH))


def normalize_passcode(typed: str) -> str:
    """The passcode as bare characters; ValueError when it cannot be one."""
    code = readable.normalize(typed)
    if not code:
        raise ValueError("empty passcode")
    return code


def passcode_key(typed: str, salt: bytes) -> bytes:
    """The bundle key for a passcode; the same for every way of typing it."""
    code = normalize_passcode(typed)
    kdf = Scrypt(salt=SALT_LABEL + salt, length=KEY_LEN, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(code.encode("ascii"))
