"""The begeleider's side of a family's shared folder: connect it once per family, "Check for
new" to open the newest share without a visit, and send returns back the same way.

    linked = connect(opened, url, user, app_password)        # the family gave access
    found = check_for_new(opened, linked.id)                 # found.newest: the viewer's Received
    send_return(opened, linked.id, received)                 # the drafted notes, to the family

Every file goes through the same import as a scanned code or an opened file
(viewer.receive, closure_inbox.import_closure), so the staleness banner, revocations and
every check work exactly as there. A file not sealed for this begeleider is passed by. The
connections are one setting inside the begeleider's vault, as the family's is in theirs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Callable

from sync.errors import NotForThisRecipient, SyncError

from family_app.bundles import lifetimes
from family_app.clock import now_or
from family_app.profiles.open_profile import OpenProfile
from family_app.relay import begeleider_area
from family_app.relay.begeleider_area import Written
from family_app.relay.connection import Connection, checked_url
from family_app.relay.errors import RelayError
from family_app.report import closure_inbox
from family_app.sharing import returns, viewer
from family_app.sharing.family_keys import UnknownFamilyKey
from i18n.problems import Problem

if TYPE_CHECKING:
    from family_app.relay.webdav_folder import WebDavFolder

SETTING = "relay_family_folders"
FolderFor = Callable[[Connection], "WebDavFolder"]


@dataclass
class FamilyFolder:
    id: str  # names this connection on this device only
    url: str
    user: str
    password: str  # the app password the family made for the begeleider
    mailbox: str  # the begeleider's own subfolder in the family's folder (random)
    household_id: str = ""  # the family, once its first share came in
    counter: int = 0  # the last counter given to a file written here
    read: dict[str, int] = field(default_factory=dict)  # sender -> last counter taken
    written: list[dict] = field(default_factory=list)  # [Written]: removed when expired

    @property
    def connection(self) -> Connection:
        return Connection(self.url, self.user, self.password)

    @property
    def server(self) -> str:
        return self.connection.server


def folders(opened: OpenProfile) -> list[FamilyFolder]:
    return [FamilyFolder(**value) for value in opened.setting(SETTING, [])]


def folder_of(opened: OpenProfile, folder_id: str) -> FamilyFolder | None:
    return next((f for f in folders(opened) if f.id == folder_id), None)


def for_household(opened: OpenProfile, household_id: str) -> FamilyFolder | None:
    return next((f for f in folders(opened) if household_id and f.household_id == household_id),
                None)


def _save(opened: OpenProfile, linked: FamilyFolder) -> None:
    others = [asdict(f) for f in folders(opened) if f.id != linked.id]
    opened.put_setting(SETTING, others + [asdict(linked)])


def _open(linked: FamilyFolder, folder_for: FolderFor | None) -> WebDavFolder:
    if folder_for is None:  # httpx is loaded only once the network is used
        from family_app.relay.webdav_folder import WebDavFolder as folder_for
    return folder_for(linked.connection)


def connect(opened: OpenProfile, url: str, user: str, password: str, *, folder_id: str = "",
            folder_for: FolderFor | None = None) -> FamilyFolder:
    """Check the folder with the password, make this begeleider's subfolder, keep it.
    With `folder_id`, the same family's folder again (a new password, a new address)."""
    known = folder_of(opened, folder_id) if folder_id else None
    linked = FamilyFolder(**{**(asdict(known) if known else {
        "id": opened.rng(8).hex(), "mailbox": opened.rng(8).hex()}),
        "url": checked_url(url), "user": user.strip(), "password": password})
    folder = _open(linked, folder_for)
    folder.check()
    begeleider_area.make_own(folder, linked.mailbox)
    _save(opened, linked)
    return linked


def disconnect(opened: OpenProfile, folder_id: str) -> None:
    """Forget the folder here; what was received stays, as a scanned share does."""
    opened.put_setting(SETTING, [asdict(f) for f in folders(opened) if f.id != folder_id])


@dataclass
class Found:
    newest: viewer.Received | None = None  # the newest share taken in, as the viewer kept it
    other_device: list[tuple[bytes, UnknownFamilyKey]] = field(default_factory=list)
    closures: int = 0  # closure reports taken in
    problems: list[Problem] = field(default_factory=list)  # withdrawn, too old, damaged…


def check_for_new(opened: OpenProfile, folder_id: str, *, folder: WebDavFolder | None = None,
                  folder_for: FolderFor | None = None,
                  now: dt.datetime | None = None) -> Found:
    """Take in every file not read yet that is sealed for this begeleider, oldest first,
    each as a scanned code would be; what was read is never tried again."""
    linked = folder_of(opened, folder_id)
    if linked is None:
        return Found()
    folder = folder or _open(linked, folder_for)
    moment = now_or(now, opened.now)
    found = Found()
    for unread in begeleider_area.unread(folder, linked.mailbox, dict(linked.read)):
        _take(opened, unread.data, moment, found)
        linked.read[unread.sender] = unread.counter
        _save(opened, linked)
    if found.newest is not None and not linked.household_id:
        linked.household_id = found.newest.household_id  # the family of this folder
        _save(opened, linked)
    _clean(opened, linked, folder, moment)
    return found


def _take(opened: OpenProfile, data: bytes, moment: dt.datetime, found: Found) -> None:
    try:
        received = viewer.receive(opened, data, now=moment)
    except NotForThisRecipient:
        return  # for another begeleider, or a return of ours for the family
    except viewer.NotAShare:  # a closure report, as the scanner takes it
        try:
            closure_inbox.import_closure(opened, data, now=moment)
            found.closures += 1
        except SyncError as error:
            found.problems.append(error)
        return
    except UnknownFamilyKey as error:  # the family's other device: compare first
        found.other_device.append((data, error))
        return
    except SyncError as error:  # withdrawn, too old, damaged, not a bundle
        found.problems.append(error)
        return
    if received.status == "revoked":  # the family withdrew a share: said as with codes
        found.problems.append(viewer.ShareRevoked())
        return
    if found.newest is None or received.created >= found.newest.created:
        found.newest = received


def send_return(opened: OpenProfile, folder_id: str, received: viewer.Received, *,
                folder: WebDavFolder | None = None, folder_for: FolderFor | None = None,
                now: dt.datetime | None = None) -> str:
    """Seal the drafted notes for the family (returns.send_return) and put them in the
    folder; when the folder fails, the drafts are kept to send again."""
    linked = folder_of(opened, folder_id)
    folder = folder or _open(linked, folder_for)
    moment = now_or(now, opened.now)
    drafts = returns.drafts(opened, received.household_id)
    result = returns.send_return(opened, received, now=moment)
    try:
        linked.counter = begeleider_area.next_counter(folder, linked.mailbox, linked.counter)
        _save(opened, linked)
        name = begeleider_area.put(folder, linked.mailbox, linked.counter, result.bundle,
                                   opened.rng)
    except RelayError:
        returns.put_back(opened, drafts)
        raise
    expires = lifetimes.expiry("return", moment).isoformat()
    linked.written.append(asdict(Written(name, expires)))
    _save(opened, linked)
    return name


def _clean(opened: OpenProfile, linked: FamilyFolder, folder: WebDavFolder,
           moment: dt.datetime) -> None:
    """Remove this begeleider's files nobody can open any more (past their date)."""
    written = [Written(**w) for w in linked.written]
    gone = [w for w in written if w.expired(moment)]
    for old in gone:
        begeleider_area.remove(folder, linked.mailbox, old.name)
    if gone:
        linked.written = [asdict(w) for w in written if w not in gone]
        _save(opened, linked)
