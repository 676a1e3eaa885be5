"""Benchmark: what one tap costs in a plan with years of history, against plain TinyDB.

    python bench/actions.py [--sizes 100,1000,10000] [--repeats 9] [--dir FOLDER]

For each size the De Vries plan (tests/fixtures) gets that many extra log entries, each
with the history line the app writes for it, in a real family profile (vault at the real
scrypt cost). Each user action is then timed as the app does it, through its use cases,
first on that one device and again after a second device joined the household (the
joining laptop receives the first sync; from then on every change is also stamped for
the household). Each row is timed against plain TinyDB on the same data (its own
JSONStorage, fsync included, as in bench/vault.py), in the same run, alternating the two:

| action | the app (use case) | plain TinyDB, same data |
|---|---|---|
| vault write alone | one field of a goal in one `vault.action()` (floor) | `goals.upsert(...)` |
| save a goal edit | `PlanBook.save("goals", ...)` | `goals.upsert(doc, id == ...)` |
| remove an agreement | `PlanBook.remove("agreements", id)` | `agreements.remove(id == ...)` |
| check-in | `goal_progress.check_in(...)` | the goal with one more score, upserted |
| accept a proposal | `returns.accept(book, item_id)` (an agreement) | `agreements.insert(doc)` |
| household exchange | `household_sync.apply_sync`, laptop, one goal edit | `goals.upsert(...)` |
| open home | what `screens/plan/home.py` reads and computes, no Flet | one `storage.read()` |
| open home, just unlocked | the same, as the first screen after unlocking | the same |
| unlock | `unlocking.unlock` (scrypt, attempt count, decrypt) | scrypt, decrypt, `json.loads` |

The baseline of every write is ONE write of the one record changed, although the app also
writes a history line, the plan version, the household stamps and (accept) the inbox
answer in that same atomic write: the target is each write action ≤ 1.5× that, and
opening home ≤ 100 ms at 10,000 entries. The plain file holds the same tables as the
vault (the household replica too, once a second device joined), so its JSON is the same
size. Prints one markdown table of medians.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tinydb import Query, TinyDB  # noqa: E402

from family_app.domain import Agreement, LogEntry, load_scenario  # noqa: E402
from family_app.household import (  # noqa: E402
    household, household_conflicts, household_sync, replica_store,
)
from sync.cbor_limits import MAX_ITEMS  # noqa: E402
from family_app.plan import family_plan, goal_progress, plan_overview  # noqa: E402
from family_app.plan.plan_book import HISTORY_TABLE, Change, PlanBook  # noqa: E402
from family_app.profiles.device import Device  # noqa: E402
from family_app.profiles.onboarding import FAMILY_LABEL, create_with_tables  # noqa: E402
from family_app.profiles.unlocking import unlock  # noqa: E402
from family_app.sharing import returns  # noqa: E402
from family_app.vault import fileformat  # noqa: E402
from family_app.vault.keys import derive_kek, open_slot, secret_material  # noqa: E402
from tests.helpers.data import DE_VRIES, FAMILY_SECRET  # noqa: E402
from tests.helpers.household import FakeTime, join, make_empty_family, open_family  # noqa: E402

WORDS = ("vandaag gesprek gehad met Sanne over de ochtendroutine en het naar school gaan "
         "Daan was er ook bij en vertelde dat het op school beter gaat dan vorige maand "
         "we hebben afgesproken dat oma Ria op dinsdag en donderdag de kinderen ophaalt").split()
ACTIONS = ("vault write alone", "save a goal edit", "remove an agreement", "check-in",
           "accept a proposal", "household exchange", "open home", "open home, just unlocked",
           "unlock")
WRITES = ACTIONS[1:6]


def log_text(i: int) -> str:
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(40)]
    return " ".join(words)[:200].capitalize() + "."


def plan_tables(entries: int) -> dict[str, list[dict]]:
    """The De Vries plan with `entries` more log entries and a history line for each."""
    tables = load_scenario(DE_VRIES).plan.to_tables()
    start = dt.date(2021, 1, 4)
    logs = [LogEntry(date=start + dt.timedelta(days=i * 1825 // max(entries, 1)),
                     kind=("phone", "home_visit", "note")[i % 3], text=log_text(i)).to_dict()
            for i in range(entries)]
    tables["log"] += logs
    at = dt.datetime.combine(start, dt.time(9))
    tables[HISTORY_TABLE] = [Change(at + dt.timedelta(hours=i), "Sanne de Vries", "log", doc["id"],
                                    "added", doc["text"][:80]).to_dict()
                             for i, doc in enumerate(logs)]
    return tables


class Plain:
    """Plain TinyDB holding the same tables as a vault, in its own JSONStorage."""

    def __init__(self, path: Path, tables: dict[str, list[dict]]) -> None:
        path.unlink(missing_ok=True)
        self.db = TinyDB(path)
        self.db.storage.write({name: {str(doc.doc_id): dict(doc) for doc in docs}
                               for name, docs in tables.items()})

    def upsert(self, table: str, doc: dict) -> None:
        self.db.table(table).upsert(doc, Query().id == doc["id"])

    def doc(self, table: str, record_id: str) -> dict:
        return dict(self.db.table(table).get(Query().id == record_id))

    def close(self) -> None:
        self.db.close()


@dataclass
class Scene:
    folder: Path
    time: FakeTime
    device: Device
    phone: PlanBook
    laptop: PlanBook | None = None
    plain: Plain | None = None
    round: int = 0

    @property
    def opened(self):
        return self.phone.opened

    def next(self) -> int:
        self.round += 1
        self.time.tick()
        return self.round

    def rebase_plain(self) -> None:
        """A plain TinyDB file with what the phone's vault holds now."""
        if self.plain is not None:
            self.plain.close()
        self.plain = Plain(self.folder / "plain.json", self.phone.vault.read_all())


# --- the actions: each does its untimed preparation, then times the app and the baseline --

Timed = tuple[float, float]


def clocked(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def vault_write(s: Scene) -> Timed:
    """The storage layer alone: one goal's field set in one action, no plan logic. What
    any action costs at least (encrypt, atomic replace, backup, two fsyncs)."""
    n = s.next()
    goal = s.phone.plan().goals[n % 3]
    text = f"{log_text(n)} ({n})"

    def write():
        with s.phone.vault.action():
            s.phone.vault.records("goals").update({"how_we_know": text}, id=goal.id)
    app = clocked(write)
    doc = {**s.plain.doc("goals", goal.id), "how_we_know": text}
    return app, clocked(lambda: s.plain.upsert("goals", doc))


def save_goal(s: Scene) -> Timed:
    n = s.next()
    goal = s.phone.plan().goals[n % 3]
    edited = replace(goal, how_we_know=f"{log_text(n)} ({n})")
    app = clocked(lambda: s.phone.save("goals", edited))
    doc = {**s.plain.doc("goals", goal.id), "how_we_know": edited.how_we_know}
    return app, clocked(lambda: s.plain.upsert("goals", doc))


def remove_agreement(s: Scene) -> Timed:
    n = s.next()
    goal = s.phone.plan().goals[0]
    added = s.phone.save("agreements", Agreement(goal_id=goal.id, what=f"Samen bellen ({n})"))
    s.plain.db.table("agreements").insert(added.to_dict())
    app = clocked(lambda: s.phone.remove("agreements", added.id))
    return app, clocked(lambda: s.plain.db.table("agreements").remove(Query().id == added.id))


def check_in(s: Scene) -> Timed:
    n = s.next()
    goal = s.phone.plan().goals[1]
    member = s.phone.plan().members[0].id
    app = clocked(lambda: goal_progress.check_in(s.phone, goal.id, n % 11, by=member, note="Beter"))
    doc = s.plain.doc("goals", goal.id)
    doc["scores"] = [*doc["scores"], s.phone.get("goals", goal.id).scores[-1].to_dict()]
    return app, clocked(lambda: s.plain.upsert("goals", doc))


def accept_proposal(s: Scene) -> Timed:
    n = s.next()
    plan = s.phone.plan()
    item = {"bundle_id": "bench", "item_id": f"bench-{n}", "kind": "agreement",
            "goal_id": plan.goals[2].id, "what": f"Wij bellen de school ({n})",
            "from_name": plan.professionals[0].name, "professional_id": plan.professionals[0].id,
            "status": "pending"}
    with s.phone.vault.action():
        s.phone.vault.records(returns.INBOX_TABLE).add(item)
    app = clocked(lambda: returns.accept(s.phone, item["item_id"]))
    doc = Agreement(goal_id=item["goal_id"], what=item["what"],
                    who=[item["professional_id"]]).to_dict()
    return app, clocked(lambda: s.plain.db.table("agreements").insert(doc))


def exchange(s: Scene) -> Timed:
    n = s.next()
    goal = s.phone.plan().goals[3]
    s.phone.save("goals", replace(goal, how_we_know=f"Op de andere telefoon ({n})"))
    laptop_on_phone = household.paired_devices(s.phone)[0]
    bundle = household_sync.make_sync(s.phone, laptop_on_phone, now=s.time.utc())
    app = clocked(lambda: household_sync.apply_sync(s.laptop, bundle, now=s.time.utc()))
    doc = {**s.plain.doc("goals", goal.id), "how_we_know": f"Op de andere telefoon ({n})"}
    return app, clocked(lambda: s.plain.upsert("goals", doc))


def home_screen(book: PlanBook) -> int:
    """What screens/plan/home.py reads and computes before it builds any control."""
    plan = book.plan(parts=family_plan.HOME_PARTS)
    summary = family_plan.summarize(plan)
    today = book.opened.today()
    view = plan_overview.overview(plan, today, plan_overview.first_saved(book.history(table="goals")))
    people = plan.people()
    who = [people.get(p, "?") for a in view.due_this_week for p in a.who]
    waiting = len(returns.inbox(book))
    to_choose = len(household_conflicts.open_conflicts(book))
    latest = book.latest_change()
    return len(summary.members) + len(who) + waiting + to_choose + (latest is not None)


def open_home(s: Scene) -> Timed:
    s.next()
    app = clocked(lambda: home_screen(s.phone))
    return app, clocked(s.plain.db.storage.read)


def unlocked(s: Scene) -> float:
    """Lock the phone's profile and unlock it again; returns how long unlocking took."""
    profile = s.device.profile(FAMILY_LABEL)
    s.phone.opened.lock()
    opened = []
    app = clocked(lambda: opened.append(unlock(s.device, profile, FAMILY_SECRET)))
    opened[0].now = s.time.utc
    s.phone = PlanBook(opened[0])
    return app


def open_home_unlocked(s: Scene) -> Timed:
    """Home as the first screen after unlocking: nothing of the plan has been read yet."""
    s.next()
    unlocked(s)
    app = clocked(lambda: home_screen(s.phone))
    return app, clocked(s.plain.db.storage.read)


def unlock_phone(s: Scene) -> Timed:
    s.next()
    app = unlocked(s)
    path = s.phone.vault.path

    def baseline():
        header, ciphertext = fileformat.decode(path.read_bytes())
        slot = header.slot("secret")
        key = open_slot(slot, derive_kek(secret_material(FAMILY_SECRET), slot.salt, header.kdf),
                        fileformat.slot_aad("secret", header.profile_id))
        json.loads(fileformat.unseal(key, header, ciphertext))
    return app, clocked(baseline)


RUNS: dict[str, Callable[[Scene], Timed]] = {
    "vault write alone": vault_write, "save a goal edit": save_goal,
    "remove an agreement": remove_agreement,
    "check-in": check_in, "accept a proposal": accept_proposal,
    "household exchange": exchange, "open home": open_home,
    "open home, just unlocked": open_home_unlocked, "unlock": unlock_phone,
}


def measure(s: Scene, action: str, repeats: int) -> tuple[float, float]:
    run = RUNS[action]
    app, plain = [], []
    for i in range(repeats + 1):  # one warm-up round
        gc.collect()
        a, p = run(s)
        if i:
            app.append(a)
            plain.append(p)
    return statistics.median(app), statistics.median(plain)


def build(folder: Path, entries: int) -> Scene:
    time_ = FakeTime()
    device = Device(folder / "phone")
    opened, _ = create_with_tables(device, "family", FAMILY_LABEL, FAMILY_SECRET,
                                   plan_tables(entries), "nl")
    scene = Scene(folder, time_, device, time_.book(opened))
    scene.rebase_plain()
    return scene


def join_laptop(s: Scene) -> int:
    """The laptop joins; returns how many CBOR items the phone's first sync to it held."""
    make_empty_family(s.folder / "laptop")
    pair = join(s.phone, s.time.book(open_family(s.folder / "laptop")), s.time)
    pair.laptop_to_phone()  # the phone learns what the laptop has seen
    s.laptop = pair.laptop
    s.rebase_plain()
    everything = replica_store.open_replica(s.phone.opened, lambda: 0).changes_since({})
    return cbor_items(everything)


def cbor_items(value: Any) -> int:
    """Data items as sync/cbor_limits.py counts them (a map's keys and values each one)."""
    if isinstance(value, list):
        return 1 + sum(map(cbor_items, value))
    if isinstance(value, dict):
        return 1 + sum(cbor_items(k) + cbor_items(v) for k, v in value.items())
    return 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--dir", type=Path, default=None,
                        help="folder on the disk to measure (default: a temp folder)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[tuple[int, bool, str], tuple[float, float]] = {}
    first_sync: dict[int, int] = {}
    for entries in sizes:
        with tempfile.TemporaryDirectory(dir=args.dir) as folder:
            scene = build(Path(folder), entries)
            for joined in (False, True):
                if joined:
                    first_sync[entries] = join_laptop(scene)
                for action in ACTIONS:
                    if action == "household exchange" and not joined:
                        continue
                    results[(entries, joined, action)] = measure(scene, action, args.repeats)
                    print(f"  {entries:>6,} {'2 devices' if joined else '1 device '} {action}: "
                          "app %.1f ms, plain %.1f ms" % results[(entries, joined, action)],
                          file=sys.stderr, flush=True)
            scene.phone.opened.lock()
            if scene.laptop is not None:
                scene.laptop.opened.lock()
            scene.plain.close()
    print_table(results, sizes, args.repeats)
    for entries, items in first_sync.items():
        print(f"The first sync of a plan with {entries:,} log entries: {items:,} CBOR items "
              f"(a reader takes at most {MAX_ITEMS:,}).")


def print_table(results, sizes: list[int], repeats: int) -> None:
    print(f"Medians of {repeats} taps (ms); ratio = the app / plain TinyDB on the same data, "
          "same run. Target: writes ≤ 1.5×, home ≤ 100 ms at 10,000 entries.\n")
    head = "| action | devices |"
    rule = "|---|---|"
    for entries in sizes:
        head += f" {entries:,}: app | plain | ratio |"
        rule += "---:|---:|---:|"
    print(head)
    print(rule)
    for action in ACTIONS:
        for joined in (False, True):
            if (sizes[0], joined, action) not in results:
                continue
            row = f"| {action} | {2 if joined else 1} |"
            for entries in sizes:
                app, plain = results[(entries, joined, action)]
                ratio = app / plain
                mark = "**" if action in WRITES and ratio > 1.5 else ""
                row += f" {app:.1f} | {plain:.1f} | {mark}{ratio:.2f}×{mark} |"
            print(row)
    biggest = max(sizes)
    for joined in (False, True):
        home, cold = (results[(biggest, joined, action)][0]
                      for action in ("open home", "open home, just unlocked"))
        print(f"\nOpening home at {biggest:,} entries, {2 if joined else 1} device(s): "
              f"{home:.0f} ms, {cold:.0f} ms as the first screen after unlocking "
              "(target ≤ 100 ms).", end="")
    print()


if __name__ == "__main__":
    main()
