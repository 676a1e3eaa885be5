"""Benchmark: one edit in a vault holding 5 years of data, against plain TinyDB.

    python bench/vault.py [--entries 10000] [--repeats 30] [--dir FOLDER]

Builds a family database with 10,000 log entries (~200 characters of Dutch-ish text
each) plus the other tables of a plan, then times ONE edit (update one log entry's
text), repeated, for (a) the Vault: EncryptedStorage with AES-GCM, fsync, backup and
atomic replace, and (b) plain TinyDB with its JSONStorage (which also fsyncs) on the
same data. Prints a markdown table; the target (DESIGN.md) is a ratio of at most 1.5.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tinydb import TinyDB  # noqa: E402

from family_app.vault import Vault  # noqa: E402

SECRET = "bench passphrase 2025"
WORDS = ("vandaag gesprek gehad met Sanne over de ochtendroutine en het naar school gaan "
         "Daan was er ook bij en vertelde dat het op school beter gaat dan vorige maand "
         "we hebben afgesproken dat oma Ria op dinsdag en donderdag de kinderen ophaalt "
         "Emre werkt wisselende diensten daardoor is het avondeten soms onrustig "
         "de huisarts heeft een verwijzing gegeven voor ondersteuning bij slaapproblemen "
         "volgende week bellen we de mentor over het verzuim en de nieuwe afspraken "
         "het gaat goed met Lina zij heeft een vriendinnetje gevonden in de klas "
         "geldzaken lopen via de schuldhulp en er is een betalingsregeling getroffen "
         "rust regelmaat samen eten sporten voetbal woensdag vrijdag buurvrouw Petra "
         "één keer per week een gezinsavond zonder telefoons blijft een wens").split()


def text(rng: random.Random, length: int = 200) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words)[:length].capitalize() + "."


def family_tables(rng: random.Random, entries: int) -> dict[str, list[dict]]:
    members = [{"id": f"m{i}", "name": n, "role": r, "birth_year": y, "languages": ["nl"]}
               for i, (n, r, y) in enumerate([("Sanne de Vries", "parent", 1987),
                                              ("Emre Yilmaz", "parent", 1984),
                                              ("Daan Yilmaz", "youth", 2010),
                                              ("Lina Yilmaz", "child", 2015)])]
    goals = [{"id": f"g{i}", "owners": ["m0", "m1"], "text": text(rng, 120), "lang": "nl",
              "kind": rng.choice(["wish", "must"]), "domain": "parenting",
              "how_we_know": text(rng, 80), "status": "in_progress",
              "scores": [{"date": f"2024-{m:02d}-01", "score": rng.randint(2, 9)}
                         for m in range(1, 13)]} for i in range(12)]
    return {
        "household": [{"name": "Gezin De Vries - Yilmaz", "language": "nl"}],
        "members": members,
        "network": [{"id": f"n{i}", "name": f"Netwerk {i}", "circle": "family",
                     "can_help_with": text(rng, 60)} for i in range(8)],
        "professionals": [{"id": f"p{i}", "name": f"Begeleider {i}", "organisation": "CJG",
                           "reachable_days": ["mon", "thu"]} for i in range(3)],
        "goals": goals,
        "agreements": [{"id": f"a{i}", "goal": f"g{i % 12}", "what": text(rng, 80),
                        "who": ["m0"], "due": "2025-03-01", "done": False}
                       for i in range(40)],
        "safety": [{"date": f"2024-{m:02d}-15", "going_well": [text(rng, 60)],
                    "worries": [text(rng, 60)], "needed": [text(rng, 60)], "scale": 6}
                   for m in range(1, 13)],
        "evaluations": [{"planned": f"202{y}-06-01", "notes": text(rng, 300)}
                        for y in range(5)],
        "log": [{"id": f"l{i}", "date": f"20{20 + i * 5 // entries}-{1 + i % 12:02d}-"
                 f"{1 + i % 28:02d}", "kind": rng.choice(["phone", "home_visit", "note"]),
                 "text": text(rng), "author": "p0"} for i in range(entries)],
    }


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--dir", type=Path, default=None,
                        help="folder on the disk to measure (default: a temp folder)")
    args = parser.parse_args()
    rng = random.Random(2025)
    tables = family_tables(rng, args.entries)

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        folder = Path(folder)
        vault, _ = Vault.create(folder / "plan.vault", SECRET, profile_id="bench",
                                kind="family")
        vault.replace_all(tables)
        vault.close()
        plain = TinyDB(folder / "plain.json")           # TinyDB's own JSONStorage
        for name, docs in tables.items():
            plain.table(name).insert_multiple(docs)

        unlocks = []
        for _ in range(3):
            start = time.perf_counter()
            vault = Vault.open(folder / "plan.vault", SECRET)
            unlocks.append(time.perf_counter() - start)
            vault.close()
        vault = Vault.open(folder / "plan.vault", SECRET)

        vault_log, plain_log = vault.table("log"), plain.table("log")
        timings: dict[str, list[float]] = {"vault": [], "plain": []}
        for i in range(args.repeats + 2):               # two warm-up rounds
            doc_id = rng.randint(1, args.entries)
            new_text = text(rng)
            # Alternate the two, so that disk or CPU drift hits both alike.
            for name, log in (("vault", vault_log), ("plain", plain_log)):
                start = time.perf_counter()
                log.update({"text": new_text}, doc_ids=[doc_id])
                if i >= 2:
                    timings[name].append((time.perf_counter() - start) * 1000)
        assert vault_log.get(doc_id=doc_id) == plain_log.get(doc_id=doc_id)
        vault_size = (folder / "plan.vault").stat().st_size
        plain_size = (folder / "plain.json").stat().st_size
        vault.close()
        plain.close()

    rows = {name: (statistics.median(ms), percentile(ms, 0.9)) for name, ms in timings.items()}
    print(f"One edit in a database of {args.entries:,} log entries + a family's other tables "
          f"({args.repeats} edits; file {vault_size / 1e6:.1f} MB encrypted, "
          f"{plain_size / 1e6:.1f} MB plain JSON)\n")
    print("| store | median ms | p90 ms |")
    print("|---|---:|---:|")
    print(f"| plain TinyDB, JSONStorage | {rows['plain'][0]:.1f} | {rows['plain'][1]:.1f} |")
    print(f"| Vault, EncryptedStorage (AES-GCM, fsync, backup, atomic replace) "
          f"| {rows['vault'][0]:.1f} | {rows['vault'][1]:.1f} |")
    print(f"| **ratio vault / plain** (target ≤ 1.5) | **{rows['vault'][0] / rows['plain'][0]:.2f}×** "
          f"| {rows['vault'][1] / rows['plain'][1]:.2f}× |")
    print(f"\nUnlock (scrypt N=2^17 r=8 p=1, decrypt, parse): median "
          f"{statistics.median(unlocks) * 1000:.0f} ms of 3")


if __name__ == "__main__":
    main()
