"""Benchmark: bringing a second device up to date through a shared folder (docs/relay.md).

    python bench/relay.py [--edits 100,1000]

The De Vries phone and a joined laptop (tests/helpers/household.py) connect to a real WebDAV
server on 127.0.0.1 (WsgiDAV, tests/helpers/webdav.py) and sync until both are in step.
Then, for each number of edits, the phone makes that many (a log entry each, and every
tenth a goal's new text), and:

- "phone sync": the phone's "Sync now" (lists, writes its bundle for the laptop);
- "laptop sync": the laptop's "Sync now" (reads and applies that bundle);
- "bundle bytes": what the phone put in the folder;

against copying the whole vault file instead (the phone's encrypted profile, PUT then GET
through the same server): its size and time. Loopback only: a phone line adds its own
latency and bandwidth to both columns alike. Prints one markdown table.
"""
from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webdav4.client import Client  # noqa: E402

from family_app.domain import LogEntry  # noqa: E402
from family_app.profiles.demo import create_demo  # noqa: E402
from family_app.profiles.device import Device  # noqa: E402
from family_app.relay import relay_setup, relay_sync  # noqa: E402
from tests.helpers.data import DE_VRIES, FAMILY_SECRET, YOUTH_SECRET  # noqa: E402
from tests.helpers.household import FakeTime, join, make_empty_family, open_family  # noqa: E402
from tests.helpers.webdav import WebDavServer  # noqa: E402


def folder_bytes(server: WebDavServer) -> int:
    return sum((server.folder / f).stat().st_size for f in server.files())


def edit(book, count: int, round_: int) -> None:
    goals = book.plan().goals
    for n in range(count):
        book.save("log", LogEntry(date=book.opened.today(), kind="note",
                                  text=f"Ronde {round_}, notitie {n}: het ging vandaag goed."))
        if n % 10 == 0:
            goal = goals[n % len(goals)]
            book.save("goals", replace(goal, text=f"{goal.text.split(' (')[0]} ({round_}.{n})"))


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def vault_copy(server: WebDavServer, vault: Path) -> tuple[int, float]:
    client = Client(server.url, auth=(server.user, server.password), retry=False, timeout=120)
    data = vault.read_bytes()
    start = time.perf_counter()
    client.upload_fileobj(io.BytesIO(data), "whole.vault", overwrite=True)
    back = io.BytesIO()
    client.download_fileobj("whole.vault", back)
    took = time.perf_counter() - start
    client.remove("whole.vault")
    assert back.getvalue() == data
    return len(data), took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", default="100,1000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        create_demo(Device(here / "phone"), DE_VRIES, FAMILY_SECRET, YOUTH_SECRET)
        make_empty_family(here / "laptop")
        time_ = FakeTime()
        pair = join(time_.book(open_family(here / "phone")),
                    time_.book(open_family(here / "laptop")), time_)
        server = WebDavServer(here / "dav")
        server.start()
        try:
            for book in (pair.phone, pair.laptop):
                relay_setup.connect(book, server.url, server.user, server.password)
            for _ in range(2):
                relay_sync.sync_now(pair.phone)
                relay_sync.sync_now(pair.laptop)
            vault = Device(here / "phone").store.vault_path(pair.phone.opened.profile)
            print("| edits | phone sync | bundle bytes | laptop sync | whole vault bytes | "
                  "vault PUT+GET |")
            print("|---:|---:|---:|---:|---:|---:|")
            for round_, count in enumerate(int(n) for n in args.edits.split(",")):
                edit(pair.phone, count, round_)
                before = folder_bytes(server)
                sent, up = timed(lambda: relay_sync.sync_now(pair.phone))
                written = folder_bytes(server) - before
                got, down = timed(lambda: relay_sync.sync_now(pair.laptop))
                assert sent.sent == 1 and got.received == 1
                assert pair.phone.plan() == pair.laptop.plan()
                size, copy = vault_copy(server, vault)
                print(f"| {count} | {up * 1000:.0f} ms | {written:,} | {down * 1000:.0f} ms | "
                      f"{size:,} | {copy * 1000:.0f} ms |")
                relay_sync.sync_now(pair.phone)  # the laptop's read-up-to: the folder is cleaned
        finally:
            server.stop()
            pair.phone.opened.lock()
            pair.laptop.opened.lock()
            shutil.rmtree(here, ignore_errors=True)


if __name__ == "__main__":
    main()
