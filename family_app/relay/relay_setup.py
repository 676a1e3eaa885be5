"""Connecting the household's relay folder once per device, and letting it go.

    connect(book, "https://cloud.example.nl/remote.php/dav/files/sanne/OnsPlan/", "sanne", "app-pw")
    disconnect(book)

Connecting first checks the folder with the password (so a typo is said at once, not at the
first sync) and makes this device's own subfolder; only then is it kept in the vault. A
device without a household (a family with one phone) connects too: it uses the folder only
with its begeleider, under a random id of its own (mailbox.own_name).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from family_app.household import household, replica_store
from family_app.plan.plan_book import PlanBook
from family_app.relay import connection as connection_setting, mailbox
from family_app.relay.connection import Connection, checked_url

if TYPE_CHECKING:
    from family_app.relay.webdav_folder import WebDavFolder

FolderFor = Callable[[Connection], "WebDavFolder"]


def connect(book: PlanBook, url: str, user: str, password: str, *,
            folder_for: FolderFor | None = None) -> Connection:
    household.require_family(book)
    connection = Connection(checked_url(url), user.strip(), password)
    if folder_for is None:  # httpx is loaded only once the network is used
        from family_app.relay.webdav_folder import WebDavFolder as folder_for
    folder = folder_for(connection)
    folder.check()
    node = replica_store.node_id(book.opened)
    if node is not None:  # the household's devices read each other's subfolders
        folder.make_subfolder(node)
    mailbox.make_own_name(book.opened, book.opened.rng)  # kept only once the folder answered
    connection_setting.store(book.opened, connection)
    return connection


def disconnect(book: PlanBook) -> None:
    """Forget the folder on this device (what it wrote stays until the server's owner
    deletes it; it is sealed for the household's devices alone)."""
    connection_setting.store(book.opened, None)


def connected(book: PlanBook) -> Connection | None:
    return connection_setting.stored(book.opened) if book.opened.kind == "family" else None
