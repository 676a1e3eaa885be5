"""One "Sync now" through the relay folder: take in the others' bundles, leave ours.

    result = sync_now(book)        # None when no relay folder is connected (offline)

Each device writes only in its own subfolder (mailbox.py), one file per bundle made by
household_sync.make_sync for one other device, and never changes a file once written. A
sync, in this order:

1. reads every other device's files it has not read yet (higher counter than its
   progress says), oldest first, and applies each with household_sync.apply_sync; then
   the same in any other device-like subfolder that is no known device's (a device
   restored from a backup writes under a new node id; apply_sync takes its bundle by its
   key and knows it by the new id from then on; anything else there is passed by
   quietly). A file
   already read is never taken again; a replayed or older bundle changes nothing (the merge
   is idempotent); a file sealed for another device is passed by; a delta that builds on
   changes this device lacks (SyncOutOfStep) asks for a fresh one: this device writes to
   that one, so it learns what this device has really seen;
2. writes its read-up-to.json, so the others know what they may clean up;
3. for each other device that lacks something (a fingerprint of both version vectors
   differs from the last bundle written for it, or that bundle vanished unread), writes a
   new bundle: up under a temporary name, then moved to its final name;
4. removes its own bundles that every other device has read, and uploads that never
   finished.

Every bundle holds all changes the recipient is not known to have, so a file that is lost
(deleted by someone, an upload that failed) costs nothing but the wait for the next one.
Any step may fail (errors.py): what was taken in is kept, the counter is never reused, and
the next sync goes on from there. A device without a household (a family with one phone)
does only the begeleider's part (to_begeleider.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sync.errors import NotForThisRecipient, SyncError

from family_app.clock import Rng, now_or
from family_app.household import household, household_sync, replica_store
from family_app.household.household import HouseholdDevice
from family_app.plan.plan_book import PlanBook
from family_app.relay import connection, mailbox, progress as progress_store, to_begeleider
from family_app.relay.progress import Sent
from family_app.relay.errors import FileGone, FileTooLarge

if TYPE_CHECKING:
    from family_app.relay.webdav_folder import WebDavFolder

_LOCKS: dict[str, threading.Lock] = {}  # one sync at a time per device (node id)
_LOCKS_GUARD = threading.Lock()


@dataclass(frozen=True)
class RelayResult:
    received: int  # bundles taken in
    changed: int  # records added, changed or removed here
    sent: int  # bundles written for the other devices
    skipped: int  # files that could not be used (damaged, too old, from a removed device)
    conflicts: int | None  # open conflicts after the sync, when something came in
    returns: int = 0  # notes and proposals from a begeleider taken into the inbox
    household: bool = True  # False: a device without a household, only the begeleider's part


def sync_now(book: PlanBook, *, folder: WebDavFolder | None = None,
             now: dt.datetime | None = None, rng: Rng | None = None) -> RelayResult | None:
    household.require_family(book)
    linked = connection.stored(book.opened)
    me = mailbox.own_name(book.opened)
    if linked is None or me is None:
        return None  # no relay: nothing changes
    if folder is None:  # httpx is loaded only once the network is used
        from family_app.relay.webdav_folder import WebDavFolder
        folder = WebDavFolder(linked)
    moment = now_or(now, book.opened.now)
    node = replica_store.node_id(book.opened)
    with _lock(me):
        if node is not None and household.paired_devices(book):
            result = _Sync(book, folder, node, moment, rng or book.opened.rng).run()
        else:  # one device, no household: only the begeleider's part below
            result = RelayResult(0, 0, 0, 0, None, household=False)
        # With the same sync: revoked shares out of the folder, returns in (to_begeleider.py).
        to_begeleider.send_revocations(book, folder, now=moment)
        items, skipped = to_begeleider.take_returns(book, folder, now=moment)
    return replace(result, returns=items, skipped=result.skipped + skipped)


def _lock(node: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(node, threading.Lock())


class _Sync:
    def __init__(self, book: PlanBook, folder: WebDavFolder, node: str, moment: dt.datetime,
                 rng: Rng) -> None:
        self.book, self.folder, self.node, self.moment, self.rng = book, folder, node, moment, rng
        self.progress = progress_store.load(book.opened)
        self.received = self.changed = self.sent = self.skipped = 0
        self.conflicts: int | None = None
        self.ask_fresh: set[str] = set()  # devices whose bundle was out of step
        self.their_reads: dict[str, dict[str, int]] = {}  # their read-up-to.json

    def run(self) -> RelayResult:
        own = self.folder.names(self.node)
        if not own:  # a first sync, or someone removed our subfolder
            self.folder.make_subfolder(self.node)
        read_before = dict(self.progress.read)
        for device in self._others():
            self._receive(device.node)
        for name in self._unknown_subfolders():
            self._receive(name, known=False)
        if self.progress.read != read_before or mailbox.MARKER not in own:
            self._write_marker()
        others = self._others()  # their `seen` (and a restored one's new node id) as taken in
        for device in others:
            self._send(device, own)
        self._clean(own, [d.node for d in others])
        return RelayResult(self.received, self.changed, self.sent, self.skipped, self.conflicts)

    def _others(self) -> list[HouseholdDevice]:
        return [d for d in household.paired_devices(self.book)
                if d.node != self.node and mailbox.is_node(d.node)]

    # --- 1. taking in ------------------------------------------------------------------

    def _unknown_subfolders(self) -> list[str]:
        """Device-like subfolders of no device known here: a household device restored
        from a backup writes under its new node id until its first bundle is taken in.
        Never our own (old) ones, nor a known device's earlier ones (a bundle there names
        its old node id, and would move that device back), nor the begeleider's area."""
        known = replica_store.own_nodes(self.book.opened) | {mailbox.BEGELEIDER_AREA}
        for device in household.paired_devices(self.book):
            known |= {device.node, *device.earlier_nodes}
        found = (n.rstrip("/") for n in self.folder.names() if n.endswith("/"))
        return sorted(n for n in found if n not in known and mailbox.is_node(n))

    def _receive(self, sender: str, *, known: bool = True) -> None:
        names = self.folder.names(sender)
        self.their_reads[sender] = self._marker_of(sender, names)
        done = self.progress.read.get(sender, 0)
        files = sorted((c, n) for n in names if (c := mailbox.counter_of(n)) is not None and c > done)
        for counter, name in files:
            try:
                self._apply(sender, self.folder.read(f"{sender}/{name}"), known)
            except FileGone:
                pass  # cleaned up or deleted by someone: a later bundle holds the same
            except FileTooLarge:
                self.skipped += 1  # larger than any bundle: not read, as if damaged
            self.progress.read[sender] = counter
            progress_store.save(self.book.opened, self.progress)

    def _apply(self, sender: str, data: bytes, known: bool) -> None:
        try:
            result = household_sync.apply_sync(self.book, data, now=self.moment)
        except NotForThisRecipient:
            return  # for a third device of the household
        except household_sync.SyncOutOfStep:
            self.ask_fresh.add(sender)
            return
        except SyncError:  # damaged, too old, not from the household: never applied
            if known:  # a stranger's subfolder (a removed device's) is passed by quietly
                self.skipped += 1
            return
        self.received += 1
        self.changed += result.changed
        self.conflicts = result.conflicts

    def _marker_of(self, sender: str, names: list[str]) -> dict[str, int]:
        if mailbox.MARKER not in names:
            return {}
        try:
            value = json.loads(self.folder.read(f"{sender}/{mailbox.MARKER}"))
        except (FileGone, FileTooLarge, ValueError):
            return {}
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, int)} \
            if isinstance(value, dict) else {}

    # --- 2. telling what was read ------------------------------------------------------

    def _write_marker(self) -> None:
        mailbox.write(self.folder, self.node,
                      json.dumps(self.progress.read, sort_keys=True).encode(), self.rng)

    # --- 3. leaving bundles ------------------------------------------------------------

    def _send(self, device: HouseholdDevice, own: list[str]) -> None:
        if not replica_store.started(self.book.opened):
            return  # a device that has not had the household's plan yet has nothing to give
        mine = replica_store.open_replica(self.book.opened, lambda: 0, keys=()).state.seen
        fingerprint = _fingerprint(mine, device.seen)
        last = self.progress.sent.get(device.node)
        # Our last bundle for it is gone before it was read (deleted by someone): again.
        vanished = last is not None and last.counter not in map(mailbox.counter_of, own) and \
            self.their_reads.get(device.node, {}).get(self.node, 0) < last.counter
        if not (device.node in self.ask_fresh or vanished or (
                mine != device.seen and (last is None or last.fingerprint != fingerprint))):
            return
        data = household_sync.make_sync(self.book, device, now=self.moment, rng=self.rng)
        counter = max([self.progress.counter] + [c for n in own if (c := mailbox.counter_of(n))]) + 1
        self.progress.counter = counter  # kept before the upload: never given twice
        progress_store.save(self.book.opened, self.progress)
        name = mailbox.write(self.folder, self.node, data, self.rng, counter=counter)
        self.progress.sent[device.node] = Sent(counter, fingerprint)
        progress_store.save(self.book.opened, self.progress)
        own.append(name)
        self.sent += 1

    # --- 4. cleaning up ----------------------------------------------------------------

    def _clean(self, own: list[str], others: list[str]) -> None:
        read_by_all = min((self.their_reads.get(n, {}).get(self.node, 0) for n in others), default=0)
        for name in own:
            counter = mailbox.counter_of(name)
            if mailbox.is_part(name) or (counter is not None and counter <= read_by_all):
                self.folder.remove(f"{self.node}/{name}")


def _fingerprint(mine: dict, theirs: dict) -> str:
    text = json.dumps([sorted(map(list, mine.values())), sorted(map(list, theirs.values()))])
    return hashlib.sha256(text.encode()).hexdigest()[:16]
