"""Names in the relay folder: what each device writes, and nothing about the plan in them;
and the one way a file goes up under such a name (`write`).

    <node id>/                         one subfolder per device; only that device writes in it
    <node id>/00000007-9f3a61c2.onsplan   a bundle: its counter, then random letters
    <node id>/read-up-to.json          which counters of each other device it has read
    <node id>/.9f3a61c2.part           an upload under way (readers never take it)
    begeleider/<sender>/00000009-…onsplan   shares, returns and closure reports between the
                                       family and its begeleider (begeleider_area.py)

Counters go up on each device, so a reader takes a device's files in the order they were
made and knows which it has read; the random part keeps two writes from ever sharing a name
(a device restored from a backup). The server sees only ids, counters, sizes and times.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from family_app.clock import Rng
from family_app.household import replica_store
from family_app.profiles.open_profile import OpenProfile

MARKER = "read-up-to.json"
# A device without a household (a family with one phone) has no node id: it writes in the
# begeleider area under a random id of its own, made when it connects a folder.
OWN_ID_SETTING = "relay_own_id"
# Between the family and its begeleider: household syncs read only the subfolders of their
# own devices, so they pass this one by.
BEGELEIDER_AREA = "begeleider"
_BUNDLE = re.compile(r"^(\d{8,})-([0-9a-f]{8})\.onsplan$")
_PART = re.compile(r"^\.[0-9a-f]{8}\.part$")
_NODE = re.compile(r"^[0-9A-Za-z_-]{1,64}$")

if TYPE_CHECKING:
    from family_app.relay.webdav_folder import WebDavFolder


def token(rng: Rng) -> str:
    return rng(4).hex()


def bundle_name(counter: int, token: str) -> str:
    return f"{counter:08d}-{token}.onsplan"


def part_name(token: str) -> str:
    return f".{token}.part"


def write(folder: WebDavFolder, subfolder: str, data: bytes, rng: Rng, *,
          counter: int | None = None) -> str:
    """Put `data` in `subfolder`, atomically for readers (up under a temporary name that no
    reader takes, then MOVE): a new bundle numbered `counter`, or, without one, this
    device's read-up-to.json in place of the last. Returns the name written."""
    own = token(rng)
    name = MARKER if counter is None else bundle_name(counter, own)
    folder.write(f"{subfolder}/{name}", data, temporary=f"{subfolder}/{part_name(own)}",
                 replace=counter is None)
    return name


def counter_of(name: str) -> int | None:
    """A bundle's counter, or None for anything else in the folder."""
    match = _BUNDLE.match(name)
    return int(match.group(1)) if match else None


def is_part(name: str) -> bool:
    return bool(_PART.match(name))


def is_node(name: str) -> bool:
    """A subfolder a device may own (a node id: letters, digits, - and _)."""
    return bool(_NODE.match(name))


def own_name(opened: OpenProfile) -> str | None:
    """The subfolder name this device writes under: its household node id when it has one
    (also after it joined a household later), else the random id it was given when it
    connected a folder alone; None when it has neither."""
    return replica_store.node_id(opened) or opened.setting(OWN_ID_SETTING)


def make_own_name(opened: OpenProfile, rng: Rng) -> str:
    """own_name, made (and kept in the vault) for a device that has none yet."""
    if own_name(opened) is None:
        opened.put_setting(OWN_ID_SETTING, rng(8).hex())
    return own_name(opened)
