"""Benchmark: what one guess at a PIN costs, here and on a GPU, and what that means for
offline guessing.

    .venv/bin/python bench/scrypt.py [--repeats 5]

Times the vault's scrypt (family_app.vault.keys.DEFAULT_KDF, the parameters every vault
is made with) on one core of this machine. A GPU is not measured but derived from the
same parameters (family_app.vault.strength: guesses/s <= bandwidth / (128*N*r*p) bytes),
the bound that also sets the minimum strength of a young person's secret. The derivation
is in docs/threat-model.md.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # noqa: E402

from family_app.vault.keys import DEFAULT_KDF  # noqa: E402
from family_app.vault.strength import (GPUS, MONTH, YOUTH_MIN_BITS,  # noqa: E402
                                       gpu_guesses_per_second, month_of_guesses, scrypt_bytes)

SPACES = {"6-digit PIN": 10**6, "8-character passphrase (lowercase)": 26**8,
          "13-digit PIN (young person)": 10**13, "4 random words of 7,776": 7776**4}


def seconds_per_guess(repeats: int) -> float:
    times = []
    for attempt in range(repeats):
        started = time.perf_counter()
        Scrypt(salt=bytes(16), length=32, n=DEFAULT_KDF.n, r=DEFAULT_KDF.r,
               p=DEFAULT_KDF.p).derive(b"%06d" % attempt)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def human(seconds: float) -> str:
    for unit, size in (("years", 365 * 86400), ("days", 86400), ("hours", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:,.1f} {unit}"
    return f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    k = DEFAULT_KDF
    memory = scrypt_bytes(k)
    cpu = 1 / seconds_per_guess(args.repeats)
    rates = {"one core here (measured)": cpu,
             **{gpu.name + " (derived)": gpu_guesses_per_second(gpu, k) for gpu in GPUS}}
    # Whole tables that fit in the card's memory at once: not a limit on the rate, since a
    # cracker can store fewer blocks and recompute the rest (see strength.py).
    in_memory = ["-", *(f"{gpu.memory // memory:,.0f}" for gpu in GPUS)]
    print(f"scrypt N=2^{k.n.bit_length() - 1}, r={k.r}, p={k.p}: "
          f"{memory / 2**20:.0f} MiB and at least that much memory traffic per guess")
    print()
    print("| attacker | whole tables in memory | guesses per second | guesses in 30 days | log2 |")
    print("|---|---|---|---|---|")
    for (name, rate), tables in zip(rates.items(), in_memory):
        print(f"| {name} | {tables} | {rate:,.1f} | {rate * MONTH:.2e} "
              f"| {math.log2(rate * MONTH):.1f} |")
    month = month_of_guesses(k)
    print()
    print(f"A young person's secret needs {YOUTH_MIN_BITS} bits; a month of the strongest GPU "
          f"is 2^{math.log2(month):.1f} guesses.")
    print()
    print("| secret | space | " + " | ".join(f"all of it, {name}" for name in rates) + " |")
    print("|---|---|" + "---|" * len(rates))
    for name, size in SPACES.items():
        print(f"| {name} | {size:.1e} | "
              + " | ".join(human(size / rate) for rate in rates.values()) + " |")


if __name__ == "__main__":
    main()
