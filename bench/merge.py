"""Benchmark: two devices x N concurrent changes on the reference plan, then merge.

    python bench/merge.py [--sizes 500,1000,2000,5000,10000] [--repeats 3] [--seed 1]

Both devices start from the De Vries scenario (tests/fixtures), then each makes N
changes while apart: 55% edits of text fields of shared records (so the same field is
often edited on both: conflicts), 25% new log entries, 10% new scores on shared goals and
10% edits of records it created itself. Timed, best of `repeats`:

- merge:   merge(state_a, state_b), whole states;
- deltas:  changes_since + apply, in both directions (what a sync exchange does);
- LWW:     the reference, a naive last-writer-wins merge of two dicts
           {(table, id, field): (stamp, value)} holding the same plan and writes; it keeps one
           value per field and silently drops the other, which is what we must not do.

Prints a markdown table; "per change" divides by the 2N changes. Target (issue 6): 5,000
changes on each device merge in under 1 s, with time per change about flat (linear).
"""
from __future__ import annotations

import argparse
import copy
import gc
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cbor2  # noqa: E402

from family_app.domain import load_scenario  # noqa: E402
from sync.merge import (  # noqa: E402
    Clock, Replica, apply, changes_since, conflicts, current_tables, ids_from, merge,
)
from sync.merge_views import shown  # noqa: E402
from tests.helpers.data import DE_VRIES as SCENARIO  # noqa: E402

WORDS = ("vandaag gesprek gehad met Sanne over de ochtendroutine Daan school beter dan vorige "
         "maand oma Ria haalt dinsdag en donderdag de kinderen op Emre werkt wisselende "
         "diensten avondeten rust regelmaat samen eten huiswerk voor het eten mentor").split()
Lww = dict[tuple[str, str, str], tuple[tuple[int, int, str], Any]]


class Wall:
    """Fake wall clock: each device's changes are a second apart, from a skewed start."""

    def __init__(self, start: int) -> None:
        self.millis = start

    def __call__(self) -> int:
        self.millis += 1_000
        return self.millis


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20))).capitalize() + "."


def text_fields(tables: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str, str]]:
    """(table, id, field) of every non-empty free-text field of the plan."""
    skip = {"id", "v", "language", "kind", "domain", "status", "role"}
    return [(table, row["id"], name) for table, rows in tables.items() for row in rows
            for name, value in row.items()
            if name not in skip and isinstance(value, str) and " " in value]


class Device:
    """A replica plus the same writes kept the naive way, for the baseline."""

    def __init__(self, node: str, start: int, base: Replica) -> None:
        self.replica = Replica(Clock(node, Wall(start)), state=base.state.copy(),
                               new_id=ids_from(f"{node}_"))
        self.lww: Lww = {(table, rid, name): ((0, 0, "base"), value)
                         for table, rows in current_tables(base.state).items()
                         for row in rows for rid in [row["id"]]
                         for name, value in row.items() if name != "id"}
        self.own: list[str] = []

    def write(self, table: str, rid: str, values: dict[str, Any]) -> None:
        stamp = self.replica.state.seen[self.replica.node]
        for name, value in values.items():
            self.lww[(table, rid, name)] = (tuple(stamp), value)  # type: ignore[assignment]

    def change(self, rng: random.Random, shared: list[tuple[str, str, str]],
               goals: list[str]) -> None:
        r, rep = rng.random(), self.replica
        if r < 0.55 or (r >= 0.9 and not self.own):
            table, rid, name = rng.choice(shared)
            value = sentence(rng)
            if rep.edit(table, rid, name, value) is not None:
                self.write(table, rid, {name: value})
        elif r < 0.8:
            row = {"v": 1, "date": "2026-02-01", "kind": "visit", "text": sentence(rng),
                   "author": rep.node}
            rid = rep.create("log", row)
            self.own.append(rid)
            self.write("log", rid, row)
        elif r < 0.9:
            goal = rng.choice(goals)
            rows = current_scores(rep, goal)
            item = {"id": f"{rep.node}s{len(self.lww)}", "date": "2026-02-01",
                    "score": rng.randint(1, 10), "by": None, "note": ""}
            rep.update("goals", {"id": goal, "scores": [*rows, item]})
            self.write("goals", goal, {f"scores/{item['id']}": item})
        else:
            rid = rng.choice(self.own)
            value = sentence(rng)
            rep.edit("log", rid, "text", value)
            self.write("log", rid, {"text": value})


def current_scores(rep: Replica, goal: str) -> list[dict[str, Any]]:
    """The goal's shown scores, read from its one record (not the whole plan)."""
    rec = rep.state.records[("goals", goal)]
    items = [shown(k, c) for k, c in rec.items() if k.startswith("scores/") and k.count("/") == 1]
    return [item for item in items if item is not None]


def lww_merge(a: Lww, b: Lww) -> Lww:
    out = dict(a)
    for key, entry in b.items():
        mine = out.get(key)
        if mine is None or entry[0] > mine[0]:
            out[key] = entry
    return out


def best(repeats: int, run: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        gc.collect()  # each run starts without garbage from the last one
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def measure(n: int, repeats: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    base = Replica(Clock("base", Wall(1_767_225_600_000)), new_id=ids_from("base_"))
    base.import_tables(load_scenario(SCENARIO).plan.to_tables())
    tables = current_tables(base.state)
    shared = text_fields(tables)
    goals = [row["id"] for row in tables["goals"]]
    a = Device("a", 1_767_225_700_000, base)
    b = Device("b", 1_767_225_650_000, base)  # b's clock runs a little behind
    for _ in range(n):
        a.change(rng, shared, goals)
        b.change(rng, shared, goals)
    # Two devices share no objects: copy, as if each state had been read from its own disk.
    sa, sb = copy.deepcopy(a.replica.state), copy.deepcopy(b.replica.state)

    t_merge, merged = best(repeats, lambda: merge(sa, sb))

    def exchange() -> tuple[Any, Any]:
        to_b, to_a = changes_since(sa, sb.seen), changes_since(sb, sa.seen)
        return apply(sb, to_b), apply(sa, to_a)

    t_delta, (new_b, new_a) = best(repeats, exchange)
    assert new_a == new_b == merged, "delta exchange and merge disagree"
    t_lww, _ = best(repeats, lambda: lww_merge(a.lww, b.lww))
    size = len(cbor2.dumps(changes_since(sa, sb.seen)))
    return {"n": n, "merge": t_merge, "delta": t_delta, "lww": t_lww,
            "conflicts": len(conflicts(merged)), "kb": size / 1024,
            "records": sum(len(rows) for rows in current_tables(merged).values())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000,5000,10000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print("| changes per device | merge (ms) | merge µs/change | delta+apply both ways (ms) "
          "| delta µs/change | LWW baseline (ms) | merge / LWW | conflicts | records "
          "| delta a→b (KiB CBOR) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    summary = ""
    for n in (int(s) for s in args.sizes.split(",")):
        r = measure(n, args.repeats, args.seed)
        per = 1e6 / (2 * n)
        print(f"| {n:,} | {r['merge'] * 1e3:.1f} | {r['merge'] * per:.2f} "
              f"| {r['delta'] * 1e3:.1f} | {r['delta'] * per:.2f} | {r['lww'] * 1e3:.1f} "
              f"| {r['merge'] / r['lww']:.1f}× | {r['conflicts']} | {r['records']:,} "
              f"| {r['kb']:.0f} |", flush=True)
        if n == 5000:
            verdict = "meets" if max(r["merge"], r["delta"]) < 1 else "MISSES"
            summary = (f"5,000 changes per device: merge {r['merge'] * 1e3:.0f} ms, delta "
                       f"exchange {r['delta'] * 1e3:.0f} ms; {verdict} the < 1 s target.")
    if summary:
        print(f"\n{summary}")


if __name__ == "__main__":
    main()
