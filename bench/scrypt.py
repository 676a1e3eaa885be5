"""Benchmark: what one guess at a PIN costs, and what that means for offline guessing.

    python bench/scrypt.py [--repeats 5]

Times the vault's scrypt (N=2^17, r=8, p=1, the parameters every vault is made with)
against the same call at N=2^14 (the baseline: 8 times less work) in the same run, then
derives how long a search of each secret space takes on one core of this machine and on
one GPU at the review's estimate of 5,000-18,000 guesses per second (docs/threat-model.md).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # noqa: E402

from family_app.vault.keys import KdfParams  # noqa: E402

SPACES = {"6-digit PIN": 10**6, "8-character passphrase (lowercase)": 26**8,
          "13-digit PIN (young person)": 10**13, "4 random words of 7,776": 7776**4}
GPU_GUESSES = (5_000, 18_000)


def seconds_per_guess(n: int, repeats: int) -> float:
    times = []
    for attempt in range(repeats):
        started = time.perf_counter()
        Scrypt(salt=bytes(16), length=32, n=n, r=8, p=1).derive(b"%06d" % attempt)
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
    vault_n = KdfParams.MIN_N
    ours = seconds_per_guess(vault_n, args.repeats)
    baseline = seconds_per_guess(2**14, args.repeats)
    print("| scrypt | seconds per guess (median) | ratio to N=2^14 |")
    print("|---|---|---|")
    print(f"| N=2^14, r=8, p=1 (baseline) | {baseline:.3f} | 1.00 |")
    print(f"| N=2^17, r=8, p=1 (the vault) | {ours:.3f} | {ours / baseline:.2f} |")
    print()
    print("| secret | space | all of it, one core here | one GPU at 5,000/s | at 18,000/s |")
    print("|---|---|---|---|---|")
    for name, size in SPACES.items():
        gpu = " | ".join(human(size / rate) for rate in GPU_GUESSES)
        print(f"| {name} | {size:.1e} | {human(size * ours)} | {gpu} |")


if __name__ == "__main__":
    main()
