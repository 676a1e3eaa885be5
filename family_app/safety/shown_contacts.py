"""The family's own safety contacts on the safety card before unlocking: a setting the
family turns on while unlocked, for the few people it chooses.

The card must show them while the plan is locked, so, like a profile's label
(profiles.json), they are kept outside the vault, in plain text:

    <data_dir>/before-unlock/<profile id>.json   {"format": ..., "contacts": [{name, phone}]}

Only each chosen person's name and phone number, nothing else of the plan. Anyone who holds
the device can read them without the PIN; the screen that turns this on says so. Showing no
one removes the file (docs/threat-model.md, "What is not encrypted").
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from family_app.safety.numbers import dial
from family_app.vault.atomic import backup_path, read_bytes, write_atomically

FOLDER = "before-unlock"
FORMAT = "onsplan-before-unlock/1"
MAX_CONTACTS = 5      # a card to read in a hurry, not an address book
MAX_TEXT = 60         # as a profile's label: a name and a number, no more


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str

    @property
    def link(self) -> str:
        return "tel:" + dial(self.phone)


def path(data_dir: str | os.PathLike, profile_id: str) -> Path:
    return Path(data_dir) / FOLDER / f"{profile_id}.json"


def shown(data_dir: str | os.PathLike, profile_id: str | None) -> list[Contact]:
    """The contacts this profile shows before unlocking; none when it chose none (or the
    file cannot be read: the card still shows the national numbers)."""
    if not profile_id:
        return []
    raw = read_bytes(path(data_dir, profile_id))
    try:
        doc = json.loads(raw) if raw is not None else {}
        if doc and doc.get("format") != FORMAT:
            return []
        return [Contact(str(c["name"]), str(c["phone"])) for c in doc.get("contacts", [])]
    except (ValueError, KeyError, TypeError, AttributeError):
        return []


def show(data_dir: str | os.PathLike, profile_id: str, contacts: Iterable[Contact]) -> None:
    """Show these contacts before unlocking from now on (none: show no one, and keep no file)."""
    chosen = [Contact(c.name.strip()[:MAX_TEXT], c.phone.strip()[:MAX_TEXT])
              for c in contacts if c.name.strip() and dial(c.phone)][:MAX_CONTACTS]
    target = path(data_dir, profile_id)
    if not chosen:
        for file in (target, backup_path(target)):
            try:
                os.remove(file)
            except FileNotFoundError:
                pass
        return
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    doc = {"format": FORMAT, "contacts": [{"name": c.name, "phone": c.phone} for c in chosen]}
    # No backup: a name the family took off the card must not stay behind in a .bak.
    write_atomically(target, json.dumps(doc, ensure_ascii=False).encode("utf-8"),
                     keep_backup=False)


def candidates(plan: Any) -> list[Contact]:
    """The people in the plan with a phone number, in the plan's order: the network first
    (family, friends, neighbours), then the professionals, then the family's members."""
    found: list[Contact] = []
    for person in (*plan.network, *plan.professionals, *plan.members):
        if person.name and dial(person.phone or ""):
            contact = Contact(person.name, person.phone)
            if contact not in found:
                found.append(contact)
    return found
