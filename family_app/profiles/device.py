"""This device: its profiles and the one preference kept outside every vault.

The language of the lock screen has to be known before anything is unlocked, so the
last chosen language is kept in plain `device.json`. It is the only preference there.

The Device is also the top that holds the app's one clock and source of randomness
(clock.py): every profile it opens gets them.
"""

from __future__ import annotations

import json
from pathlib import Path

from family_app.clock import Now, Rng, system, utc_now
from family_app.profiles.open_profile import OpenProfile
from family_app.profiles.profiles import Profile, ProfileStore
from family_app.vault.atomic import write_atomically

PREFERENCES_FILE = "device.json"


class Device:
    def __init__(self, data_dir: Path, *, now: Now = utc_now, rng: Rng = system):
        self.data_dir = Path(data_dir)
        self.store = ProfileStore(self.data_dir)
        self.now = now
        self.rng = rng

    def open(self, profile: Profile, vault) -> OpenProfile:
        """An unlocked profile that reads this device's clock and randomness."""
        return OpenProfile(profile, vault, now=self.now, rng=self.rng)

    def profiles(self) -> list[Profile]:
        return self.store.list()

    def profile(self, id_or_label: str) -> Profile:
        return self.store.find(id_or_label)

    @property
    def language(self) -> str | None:
        try:
            return json.loads((self.data_dir / PREFERENCES_FILE).read_text("utf-8")).get("language")
        except (OSError, ValueError, AttributeError):
            return None

    def remember_language(self, lang: str, opened=None) -> None:
        if lang != self.language:
            write_atomically(self.data_dir / PREFERENCES_FILE,
                         json.dumps({"language": lang}).encode("utf-8"), keep_backup=False)
        if opened is not None:
            opened.set_language(lang)
