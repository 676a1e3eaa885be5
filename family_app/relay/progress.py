"""What this device knows of its own relay traffic, kept in the vault between syncs.

- `counter`: the last counter it gave a bundle (never given twice);
- `read`: for each other device, the highest counter of its files taken in (the same as
  this device's read-up-to.json on the server, which tells the others what they may clean);
- `sent`: for each other device, the counter of the last bundle written for it and a
  fingerprint of what that bundle knew (both version vectors): nothing new, nothing sent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from family_app.profiles.open_profile import OpenProfile

SETTING = "relay_progress"


@dataclass
class Sent:
    counter: int
    fingerprint: str


@dataclass
class Progress:
    counter: int = 0
    read: dict[str, int] = field(default_factory=dict)
    sent: dict[str, Sent] = field(default_factory=dict)


def load(opened: OpenProfile) -> Progress:
    value = opened.setting(SETTING) or {}
    return Progress(value.get("counter", 0), dict(value.get("read", {})),
                    {node: Sent(**sent) for node, sent in value.get("sent", {}).items()})


def save(opened: OpenProfile, progress: Progress) -> None:
    opened.put_setting(SETTING, asdict(progress))
