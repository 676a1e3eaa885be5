"""The family's side of the begeleider area (begeleider_area.py): a share goes into the
folder, and the begeleider's returns come in with "Sync now".

    result = sharing.share(book, scope, to=professional)   # sealed, signed, in the consent log
    put_share(book, result, professional)                  # the same bytes a file share holds
    put_closure(book, bundle, record, professional)        # a closure report, likewise
    send_revocations(book, folder)                         # inside relay_sync.sync_now
    taken = take_returns(book, folder)                     # likewise

The family device writes in `begeleider/<its name>/` (mailbox.own_name: its node id, or
its own random id when it has no household), one file per begeleider at most:
a new share removes the one before (it would only be older; a closure report sits beside
it, and replaces only an earlier closure report), a file past its date goes,
and a share the family revoked is taken out at the next sync, with the revocation for that
begeleider in its place, so her app purges what she kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import TYPE_CHECKING

from sync.errors import NotForThisRecipient, SyncError

from family_app.clock import now_or
from family_app.domain import Professional, ShareRecord
from family_app.plan.plan_book import PlanBook
from family_app.relay import begeleider_area, connection, mailbox, progress as progress_store
from family_app.relay.begeleider_area import Written
from family_app.sharing import returns, sharing
from family_app.sharing.sharing import ShareResult

if TYPE_CHECKING:
    from family_app.relay.webdav_folder import WebDavFolder

WRITTEN = "relay_begeleider_written"  # [Written]: this device's files in the area
READ = "relay_begeleider_read"  # {sender: counter}: the begeleiders' files taken in


def can_put(book: PlanBook) -> bool:
    """A folder is connected on this device (and so it has a name to write under)."""
    return book.opened.kind == "family" and connection.stored(book.opened) is not None \
        and mailbox.own_name(book.opened) is not None


def put_share(book: PlanBook, result: ShareResult, to: Professional, *,
              folder: WebDavFolder | None = None, now: dt.datetime | None = None) -> str:
    """Put a share made for the paired `to` into the folder; returns the file's name."""
    return _put_sealed(book, result.bundle, result.record, to, "share", folder, now)


def put_closure(book: PlanBook, bundle: bytes, record: ShareRecord, to: Professional, *,
                folder: WebDavFolder | None = None, now: dt.datetime | None = None) -> str:
    """Put a closure report (closure_report.send_closure: sealed for the paired `to`, its
    line in the consent log) into the folder; returns the file's name."""
    return _put_sealed(book, bundle, record, to, "closure", folder, now)


def _put_sealed(book: PlanBook, bundle: bytes, record: ShareRecord, to: Professional,
                kind: str, folder: WebDavFolder | None, now: dt.datetime | None) -> str:
    if folder is None:  # httpx is loaded only once the network is used
        from family_app.relay.webdav_folder import WebDavFolder
        folder = WebDavFolder(connection.stored(book.opened))
    return _put(book, folder, bundle, Written(
        "", record.expires.isoformat() + "T23:59:59+00:00", to.id,
        record.bundle_id if kind == "share" else "", kind=kind),
        now_or(now, book.opened.now))


def send_revocations(book: PlanBook, folder: WebDavFolder, *,
                     now: dt.datetime | None = None) -> int:
    """Each share in the folder that the family revoked since goes out; the revocation
    for its begeleider (sharing.revocation, what a revoking family shows as a code) comes
    in, kept until the share would have ended. Returns how many."""
    opened = book.opened
    moment = now_or(now, opened.now)
    plan = book.plan()
    revoked = {s.bundle_id: s for s in plan.shares if s.revoked and s.bundle_id}
    paired = {p.id: p for p in sharing.paired(plan)}
    done = 0
    for old in _written(book):
        record = revoked.get(old.bundle_id)
        if record is None or record.professional_id not in paired:
            continue
        news = sharing.revocation(record, paired[record.professional_id], opened.identity(),
                                  plan.household.id if plan.household else "", moment,
                                  opened.rng)
        _put(book, folder, news.bundle, Written("", old.expires, old.to), moment)
        done += 1
    return done


def take_returns(book: PlanBook, folder: WebDavFolder, *,
                 now: dt.datetime | None = None) -> tuple[int, int]:
    """Take the begeleiders' returns into the inbox, through the same import as a scanned
    return (returns.import_return). Returns (items taken in, files that could not be used);
    a file sealed for another device of the household is passed by."""
    opened = book.opened
    read = dict(opened.setting(READ, {}))
    items = skipped = 0
    for found in begeleider_area.unread(folder, mailbox.own_name(opened), read):
        try:
            items += len(returns.import_return(book, found.data, now=now))
        except NotForThisRecipient:
            pass  # for another device of ours, or a share of another device for a begeleider
        except SyncError:  # damaged, too old, not from a paired begeleider
            skipped += 1
        read[found.sender] = found.counter
        opened.put_setting(READ, read)
    return items, skipped


def _written(book: PlanBook) -> list[Written]:
    return [Written(**w) for w in book.opened.setting(WRITTEN, [])]


def _put(book: PlanBook, folder: WebDavFolder, data: bytes, new: Written,
         moment: dt.datetime) -> str:
    """Write `data` as this device's one file for `new.to`: the one before for the same
    begeleider goes, and any past its date."""
    opened = book.opened
    me = mailbox.own_name(opened)
    progress = progress_store.load(opened)  # one counter for all this device writes
    progress.counter = begeleider_area.next_counter(folder, me, progress.counter)
    progress_store.save(opened, progress)  # kept before the upload: never given twice
    new.name = begeleider_area.put(folder, me, progress.counter, data, opened.rng)
    new.sender = me
    keep = []
    for old in _written(book):
        if (old.to, old.kind) == (new.to, new.kind) or old.expired(moment):
            begeleider_area.remove(folder, old.sender or me, old.name)  # maybe an earlier name
        else:
            keep.append(old)
    opened.put_setting(WRITTEN, [asdict(w) for w in keep + [new]])
    return new.name
