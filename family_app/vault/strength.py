"""How many guesses a secret costs an attacker who copied the vault file, and how many
guesses such an attacker can make: the numbers behind a young person's minimum secret.

The attack (docs/threat-model.md, "What a PIN does and does not protect"): a parent copies
the file and runs the best graphics card they can rent for a month. No delay applies
offline; only scrypt's cost per guess and the secret's strength count.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

# --- what a GPU can try ------------------------------------------------------------------


@dataclass(frozen=True)
class Gpu:
    name: str
    memory: float      # bytes
    bandwidth: float   # bytes per second


# Makers' figures. The strongest one sets the rule: assume the attacker's best card.
GPUS = (Gpu("RTX 4090 (24 GB, 1.0 TB/s)", 24e9, 1.008e12),
        Gpu("H100 SXM data-centre GPU (80 GB, 3.35 TB/s)", 80e9, 3.35e12))
MONTH = 30 * 24 * 3600  # seconds


def scrypt_bytes(params) -> int:
    """scrypt's table: N blocks of 128·r bytes (128 MiB at N=2^17, r=8), per lane p."""
    return 128 * params.n * params.r * params.p


def gpu_guesses_per_second(gpu: Gpu, params) -> float:
    """An upper bound on one card's guesses per second at these scrypt parameters.

    A guess writes the table once and then reads N of its blocks at random places. A
    cracker may keep only every k-th block and recompute the rest (hashcat's "TMTO"), so
    the card's memory size does not limit it; but every one of the N random reads still
    brings a 128·r-byte block from the card's memory. So a guess moves at least
    128·N·r·p bytes, and the card's bandwidth caps the rate. The writes, the recomputing
    and Salsa20/8 itself are left out: each only slows the attacker down.
    """
    return gpu.bandwidth / scrypt_bytes(params)


def month_of_guesses(params) -> float:
    """Guesses the strongest card in GPUS makes in a month: what a young person's secret
    must outlast (tests/test_secret_strength.py holds YOUTH_MIN_BITS above it)."""
    return max(gpu_guesses_per_second(gpu, params) for gpu in GPUS) * MONTH


# A month of the strongest card is ~2^35.9 guesses at N=2^17, r=8, p=1. Six bits more
# leave the attacker at most one chance in 64 of finding the secret within that month.
MONTH_ODDS_BITS = 6
YOUTH_MIN_BITS = 42

# --- what a secret costs -------------------------------------------------------------------

# A word a person chose is, for an attacker with word lists, about one of the 2,000 most
# common words of their language: 11 bits, however long it is.
WORD_BITS = 11
# Another script (Arabic, Cyrillic...): the attacker knows which, so about one alphabet.
OTHER_SCRIPT = 40
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_WORDS = re.compile(r"[^\W_]+")   # letters and digits; '_' separates like '-' does
_LONGEST = 128                    # more characters only add strength: not looked at


def guess_bits(text: str) -> float:
    """log2 of the guesses an attacker needs, estimated low (so the secret is refused,
    not the attacker underestimated). ``text`` is a PIN in ASCII digits or an NFC
    passphrase. Repeats ("aaaa", a word twice, "4829148291") and sequences ("abcd",
    "1234", "qwerty") count almost nothing; each word of a passphrase counts at most
    WORD_BITS; the attacker's cheapest reading of the text is the estimate."""
    text = text[:_LONGEST]
    if text.isascii() and text.isdigit():
        return _char_bits(text)
    words = [w.casefold() for w in _WORDS.findall(text)]
    return min(_char_bits(text), _char_bits("".join(words)), _word_bits(words))


def _word_bits(words: list[str]) -> float:
    bits, seen = 0.0, set()
    for word in words:
        bits += 1 if word in seen else min(_char_bits(word), WORD_BITS)  # a repeat: 1 bit
        seen.add(word)
    return bits


def _char_bits(text: str) -> float:
    """Each character costs log2(its character classes' size); a run of 3 or more in
    one step, or a copy of 3 or more earlier characters, costs only where and how long."""
    if not text:
        return 0.0
    per_char = math.log2(_pool(text))
    folded = text.casefold()
    bits, i = 0.0, 0
    while i < len(folded):
        run, copy = _run(folded, i), _copy(folded, i)
        if copy >= 3 and copy >= run:
            bits += 1 + math.log2(i) + math.log2(copy)     # "copy", from where, how long
            i += copy
        elif run >= 3:
            bits += per_char + math.log2(3 * run)          # first, up/down/same, how long
            i += run
        else:
            bits += per_char
            i += 1
    return bits


def _pool(text: str) -> int:
    classes = ((str.isdigit, 10), (str.islower, 26), (str.isupper, 26),
               (lambda c: not c.isalnum(), 33))
    size = sum(n for test, n in classes if any(c.isascii() and test(c) for c in text))
    return size + (OTHER_SCRIPT if not text.isascii() else 0)


def _steps(a: str, b: str) -> set[tuple]:
    """The ways b follows a in a sequence: same, next or previous in the alphabet or on
    a keyboard row ("f" to "g" is both)."""
    steps = {("alphabet", ord(b) - ord(a))} if abs(ord(b) - ord(a)) <= 1 else set()
    for row in _KEYBOARD_ROWS:
        if a in row and b in row and abs(row.index(b) - row.index(a)) == 1:
            steps.add((row, row.index(b) - row.index(a)))
    return steps


def _run(text: str, i: int) -> int:
    """How many characters from i follow one step ("aaaa", "1234", "dcba", "asdf")."""
    steps = _steps(text[i], text[i + 1]) if i + 1 < len(text) else set()
    end = i + 1 if steps else i
    while steps and end + 1 < len(text) and steps & _steps(text[end], text[end + 1]):
        steps &= _steps(text[end], text[end + 1])
        end += 1
    return end - i + 1


def _copy(text: str, i: int) -> int:
    """The longest stretch from i that repeats characters starting earlier."""
    best = 0
    for start in range(i):
        length = 0
        while i + length < len(text) and text[start + length] == text[i + length]:
            length += 1
        best = max(best, length)
    return best
