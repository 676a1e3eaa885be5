"""Key wrapping: a random data key, sealed in slots by keys derived from secrets.

The data key encrypts the database. Each slot holds that key wrapped with AES-256-GCM
under a key-encryption key (KEK) that scrypt derives from one secret: the user's PIN or
passphrase (slot "secret") or the recovery code shown once at setup (slot "recovery").
Changing the PIN therefore replaces one slot and never re-encrypts the database.
"""
from __future__ import annotations

import os
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from i18n.problems import N_

from family_app.vault.errors import MalformedRecoveryCode, WeakSecret, WrongSecret
from family_app.vault.strength import YOUTH_MIN_BITS, guess_bits


KEY_LEN = 32      # AES-256
NONCE_LEN = 12    # the GCM nonce size every library supports well
SALT_LEN = 16
TAG_LEN = 16
SLOT_KINDS = ("secret", "recovery")


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost. 2**17 / 8 / 1 is ~0.3 s and 128 MiB: slow for guessers, fine on phones."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    # Readers refuse weaker settings (a tampered header must not make guessing cheap)
    # and absurdly large ones (a tampered header must not exhaust a phone's memory).
    MIN_N = 2**17
    MAX_N = 2**20

    def problem(self) -> str | None:
        """Why a reader must refuse these parameters, or None when they are fine."""
        if not all(type(v) is int for v in (self.n, self.r, self.p)):
            return "kdf parameters must be integers"
        if self.n < self.MIN_N or self.n > self.MAX_N or self.n & (self.n - 1):
            return f"kdf n={self.n} is not a power of two in [2**17, 2**20]"
        if self.r != 8 or self.p != 1:
            return f"kdf r={self.r}, p={self.p}: only r=8, p=1 are allowed"
        return None


# The cost of every new vault (and of new keys). Callers read it when they make a vault,
# not when they are imported (tests/conftest.py lowers it for the unit tests' own vaults).
DEFAULT_KDF = KdfParams()


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def derive_kek(material: bytes, salt: bytes, params: KdfParams) -> bytes:
    """The slow step (~0.3 s): call it off the UI's event loop."""
    return Scrypt(salt=salt, length=KEY_LEN, n=params.n, r=params.r, p=params.p).derive(material)


@dataclass(frozen=True)
class KeySlot:
    """One wrapped copy of the data key: ``wrapped`` = AES-GCM(KEK, nonce, data key, aad)."""

    kind: str
    salt: bytes
    nonce: bytes
    wrapped: bytes


def make_slot(kind: str, material: bytes, data_key: bytes, aad: bytes,
              params: KdfParams) -> KeySlot:
    """Wrap ``data_key`` under a fresh salt and nonce for the secret ``material``, at the
    scrypt cost ``params`` (the one the vault's header names)."""
    salt = os.urandom(SALT_LEN)
    nonce = os.urandom(NONCE_LEN)
    kek = derive_kek(material, salt, params)
    return KeySlot(kind, salt, nonce, AESGCM(kek).encrypt(nonce, data_key, aad))


def open_slot(slot: KeySlot, kek: bytes, aad: bytes) -> bytes:
    """Unwrap the data key; a wrong secret and a damaged slot look the same here."""
    try:
        return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, aad)
    except InvalidTag:
        raise WrongSecret(detail=f"slot {slot.kind} did not open") from None


# --- secrets typed by people -------------------------------------------------------

def _pin_digits(secret: str) -> str | None:
    """A secret of only decimal digits is a PIN; returned as ASCII digits.

    Arabic-Indic and other decimal digits count, so a PIN typed on another keyboard
    layout still unlocks the same vault.
    """
    if secret and all(ch.isdecimal() for ch in secret):
        return "".join(str(unicodedata.digit(ch)) for ch in secret)
    return None


def is_pin(secret: str) -> bool:
    """Whether a secret is a PIN (only digits) rather than a passphrase."""
    return _pin_digits(secret) is not None


def secret_material(secret: str) -> bytes:
    """The bytes scrypt sees for a PIN or passphrase: ASCII PIN digits, or NFC UTF-8.

    NFC makes "é" typed as one or two code points the same passphrase. Spaces are kept
    as typed (they are part of a passphrase).
    """
    pin = _pin_digits(secret)
    return (pin if pin is not None else unicodedata.normalize("NFC", secret)).encode("utf-8")


def _too_easy(pin: str) -> bool:
    if len(set(pin)) == 1:
        return True
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:])}
    return steps in ({1}, {9})   # 123456, 654321, also wrapping: 890123


def validate_secret(secret: str, *, youth: bool = False) -> None:
    """Refuse secrets that are empty, short or trivially guessable (raises WeakSecret).
    A young person's secret must be strong enough for an offline attack (strength.py)."""
    if not secret or not secret.strip():
        raise WeakSecret(N_("Please choose a PIN or a passphrase."), reason="empty")
    if youth:
        _validate_youth_secret(secret)
    pin = _pin_digits(secret)
    if pin is not None:
        if len(pin) < 6:
            raise WeakSecret(N_("A PIN needs at least 6 digits."), reason="pin_too_short")
        if _too_easy(pin):
            raise WeakSecret(N_("This PIN is too easy to guess."), reason="pin_too_easy")
        return
    if len(unicodedata.normalize("NFC", secret)) < 8:
        raise WeakSecret(N_("A passphrase needs at least 8 characters."),
                         reason="passphrase_too_short")


def _validate_youth_secret(secret: str) -> None:
    # A young person's plan on a shared device must outlast a parent who copies the file
    # and guesses offline on a GPU for a month: strength.py says what that takes.
    pin = _pin_digits(secret)
    if guess_bits(pin if pin is not None else unicodedata.normalize("NFC", secret)) \
            >= YOUTH_MIN_BITS:
        return
    raise WeakSecret(N_("For your own plan, choose at least 4 words, for example a silly "
                        "sentence. A short PIN does not stop someone who copies the phone's "
                        "files and has a strong computer."), reason="youth_too_weak")


# --- recovery codes ------------------------------------------------------------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_BITS = 100
RECOVERY_CHARS = RECOVERY_BITS // 5            # 20 symbols of 5 bits
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = set("-\u2010\u2011\u2012\u2013\u2014\u2212_")   # phones "fix" hyphens


def _group(symbols: str) -> str:
    return "-".join(symbols[i:i + 4] for i in range(0, len(symbols), 4))


def new_recovery_code() -> str:
    """100 random bits as Crockford base32 in 5 groups of 4, e.g. "7K2M-QX9D-...".

    Crockford's alphabet has no I, L, O or U, so the code survives being read aloud or
    copied by hand.
    """
    value = secrets.randbits(RECOVERY_BITS)
    symbols = "".join(CROCKFORD[(value >> shift) & 31]
                      for shift in range(RECOVERY_BITS - 5, -1, -5))
    return _group(symbols)


def normalize_recovery_code(text: str) -> str:
    """Canonical "XXXX-XXXX-XXXX-XXXX-XXXX" form of what a person typed.

    Accepts lower case, spaces, missing or extra dashes, and O/I/L for 0/1/1 (as
    Crockford decoding does). Raises MalformedRecoveryCode for anything else.
    """
    symbols = "".join(ch for ch in text.upper()
                      if not ch.isspace() and ch not in _SEPARATORS).translate(_CONFUSABLE)
    if len(symbols) != RECOVERY_CHARS or any(ch not in CROCKFORD for ch in symbols):
        raise MalformedRecoveryCode(detail=f"{len(symbols)} symbols after normalizing")
    return _group(symbols)


def recovery_material(code: str) -> bytes:
    """The bytes scrypt sees for a recovery code: its 20 symbols, no dashes."""
    return normalize_recovery_code(code).replace("-", "").encode("ascii")
