"""A begeleider tells a family from a forger, through the real UI: a share that claims a
family she knows, from a key she has not seen for it, is not shown as the family's plan.
She sees the sender's fingerprint to compare with the family's screen, and "No" keeps
nothing (the rules themselves: tests/test_begeleider_trust.py)."""

from __future__ import annotations

import datetime as dt

from family_app.profiles import unlocking
from family_app.report.closure_inbox import me_of
from family_app.profiles.device import Device
from family_app.plan.plan_book import PlanBook
from sync.bundle import seal
from sync.identity import Identity
from sync.share_payload import Scope, build_share, encode_share

from tests.helpers.browser import unlock
from tests.helpers.data import BEGELEIDER_SECRET, FAMILY_SECRET

from .test_closure import pair_in_the_background
from .test_returns import share_in_the_background

FORGED_GOAL = "Gezin verhuist naar het buitenland"


def forged_share(family_dir, begeleider_dir, forger: Identity) -> bytes:
    """What someone with the begeleider's public code and the family's household id can
    make: the family's plan as they like it, sealed from their own key."""
    family_device = Device(family_dir)
    family = unlocking.unlock(family_device, family_device.profile("family"), FAMILY_SECRET)
    tables = PlanBook(family).plan().to_tables()
    family.lock()
    tables["goals"] = [dict(tables["goals"][0], text=FORGED_GOAL)]
    payload = encode_share(build_share(tables, Scope.preset("current"), plan_version=999))
    begeleider_device = Device(begeleider_dir)
    begeleider = unlocking.unlock(begeleider_device, begeleider_device.profiles()[0],
                                  BEGELEIDER_SECRET)
    to = me_of(begeleider).public()
    begeleider.lock()
    now = dt.datetime.now(dt.timezone.utc)
    return seal("share", payload, forger, to=to, expires=now + dt.timedelta(days=30), now=now)


def test_a_share_from_another_key_is_not_the_familys_plan(phones, demo_server, begeleider_server,
                                                          tmp_path):
    pair_in_the_background(demo_server.data_dir, begeleider_server.data_dir)
    share_in_the_background(demo_server.data_dir, begeleider_server.data_dir)
    forger = Identity.generate()
    forged = tmp_path / "gezin-de-vries.onsplan"
    forged.write_bytes(forged_share(demo_server.data_dir, begeleider_server.data_dir, forger))

    begeleider = phones.open(begeleider_server)
    unlock(begeleider, "Pincode of wachtwoord", BEGELEIDER_SECRET, "Karin Mulder")
    begeleider.tap("Scan a family's code")
    begeleider.pick_pictures(str(forged))
    begeleider.see("Is this the family's other device?", timeout=20_000)
    begeleider.see("Gezin De Vries - Yilmaz")
    begeleider.see(forger.fingerprint())
    begeleider.screenshot("62-other-device")
    assert not begeleider.shown(FORGED_GOAL).count()

    begeleider.tap("No, they are different")
    begeleider.tap("Gezin De Vries - Yilmaz")
    begeleider.see("Written in")
    assert not begeleider.shown(FORGED_GOAL).count()
