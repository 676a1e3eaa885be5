"""The relay folder the family connected: its address, user and app password.

Kept as one setting inside the family's vault (open_profile.py), so the password is as safe
as the plan; each device of the household connects once. No setting, no relay: offline,
with codes and files, stays the default.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from family_app.profiles.open_profile import OpenProfile
from family_app.relay.errors import RelayAddressWrong

SETTING = "relay_folder"
# Plain http only to this machine (the tests' server, a server on the same computer): a
# password sent over plain http to anywhere else could be read on the way.
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Connection:
    url: str  # the folder, ending in "/"
    user: str
    password: str  # an app password: the family can revoke it on the server alone

    @property
    def server(self) -> str:
        """The server's name, to show (never the password)."""
        return urlsplit(self.url).hostname or ""


def checked_url(text: str) -> str:
    url = text.strip()
    parts = urlsplit(url)
    local = parts.hostname in _LOCAL_HOSTS
    if not parts.hostname or parts.scheme not in ("https", "http") or (
            parts.scheme == "http" and not local):
        raise RelayAddressWrong(detail=url)
    return url if url.endswith("/") else url + "/"


def stored(opened: OpenProfile) -> Connection | None:
    value = opened.setting(SETTING)
    return Connection(**value) if value else None


def store(opened: OpenProfile, connection: Connection | None) -> None:
    opened.put_setting(SETTING, asdict(connection) if connection else None)
