"""The part of the relay folder between a family and its begeleider: one subfolder per
sender, each sender writing only in its own, every file sealed for one recipient.

    begeleider/                          (mailbox.BEGELEIDER_AREA)
      3f0c…e1/00000012-9f3a61c2.onsplan    a family device (its node id): a share for a
                                           paired begeleider, exactly the bytes of a file share
      b41d…07/00000001-77aa01fe.onsplan    a begeleider (a random id of this folder): a
                                           return, sealed to the family's device

Names are the household's (mailbox.py): a counter that only goes up per sender, then random
letters; nothing of the plan. A reader tries every file it has not read in the other
senders' subfolders; what is not sealed for it is passed by (the caller decides). Household
syncs never look here, so this area and theirs pass each other by.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from family_app.clock import Rng
from family_app.relay import mailbox
from family_app.relay.errors import FileGone, FileTooLarge

if TYPE_CHECKING:  # httpx is loaded only once the network is used
    from family_app.relay.webdav_folder import WebDavFolder

AREA = mailbox.BEGELEIDER_AREA


def make_own(folder: WebDavFolder, sender: str) -> None:
    folder.make_subfolder(AREA)
    folder.make_subfolder(f"{AREA}/{sender}")


def put(folder: WebDavFolder, sender: str, counter: int, data: bytes, rng: Rng) -> str:
    """Write one bundle in `sender`'s subfolder, atomically for readers (a temporary name,
    then MOVE); returns its name."""
    make_own(folder, sender)
    return mailbox.write(folder, f"{AREA}/{sender}", data, rng, counter=counter)


def next_counter(folder: WebDavFolder, sender: str, last: int) -> int:
    """Above `last` (kept in the vault) and above any name already there (a restored vault)."""
    names = folder.names(f"{AREA}/{sender}")
    return max([last] + [c for n in names if (c := mailbox.counter_of(n)) is not None]) + 1


def remove(folder: WebDavFolder, sender: str, name: str) -> None:
    folder.remove(f"{AREA}/{sender}/{name}")


@dataclass(frozen=True)
class Unread:
    sender: str
    counter: int
    data: bytes


def unread(folder: WebDavFolder, me: str, read: dict[str, int]) -> Iterator[Unread]:
    """The other senders' files above what `read` says was read, oldest first per sender.
    The caller moves `read[sender]` on as it takes each (and keeps it): a file that cannot
    be used is not tried again."""
    senders = [n.rstrip("/") for n in folder.names(AREA) if n.endswith("/")]
    for sender in sorted(s for s in senders if s != me and mailbox.is_node(s)):
        names = folder.names(f"{AREA}/{sender}")
        done = read.get(sender, 0)
        for counter, name in sorted((c, n) for n in names
                                    if (c := mailbox.counter_of(n)) is not None and c > done):
            try:
                data = folder.read(f"{AREA}/{sender}/{name}")
            except FileGone:
                continue  # cleaned up meanwhile: a later file holds the same or newer
            except FileTooLarge:
                data = b""  # larger than any bundle, not read: refused as a damaged one is
            yield Unread(sender, counter, data)


@dataclass
class Written:
    """A file this sender wrote, kept until it is not needed any more."""

    name: str
    expires: str  # ISO: after this nobody can open it; the sender removes it
    to: str = ""  # for whom (a professional's id on the family's side)
    bundle_id: str = ""  # a share's id (hex): taken out when the family revokes it
    sender: str = ""  # whose subfolder (a family device that joined a household since
    #                   writes under its node id; its earlier files stay under the old one)
    kind: str = "share"  # or "closure": a closure report does not take a share's place

    def expired(self, moment: dt.datetime) -> bool:
        return dt.datetime.fromisoformat(self.expires) < moment
