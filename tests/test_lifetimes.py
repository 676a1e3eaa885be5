"""How long bundles live, and when a share still counts (family_app/bundles/lifetimes.py)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from family_app.bundles import lifetimes
from family_app.sharing import sharing
from sync.bundle import open_bundle

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
TODAY = NOW.date()
DAY = dt.timedelta(days=1)


def test_the_table_holds_every_kind_with_its_lifetime():
    # Pinned: a change here changes what families and begeleiders agreed to.
    assert {kind: life.default for kind, life in lifetimes.LIFETIMES.items()} == {
        "share": 30 * DAY, "in_person_share": DAY, "youth_share": 30 * DAY,
        "revocation": 360 * DAY, "return": 30 * DAY, "identity": 365 * DAY,
        "sync": 30 * DAY, "join": dt.timedelta(minutes=60), "closure": 365 * DAY}


def test_only_shares_and_closure_reports_have_a_chosen_lifetime():
    chosen = {kind: lifetimes.longest_days(kind) for kind, life in lifetimes.LIFETIMES.items()
              if life.longest is not None}
    assert chosen == {"share": 365, "in_person_share": 365, "youth_share": 365, "closure": 3650}
    with pytest.raises(ValueError):
        lifetimes.longest_days("sync")


@pytest.mark.parametrize("kind", ["share", "in_person_share", "youth_share"])
def test_the_share_screens_offer_every_share_default(kind):
    assert lifetimes.default_days(kind) in lifetimes.SHARE_DAY_CHOICES
    assert all(lifetimes.allowed_days(kind, n) for n in lifetimes.SHARE_DAY_CHOICES)


def test_share_kind():
    assert lifetimes.share_kind(in_person=False) == "share"
    assert lifetimes.share_kind(in_person=False, youth=True) == "youth_share"
    assert lifetimes.share_kind(in_person=True) == "in_person_share"
    assert lifetimes.share_kind(in_person=True, youth=True) == "in_person_share"


def test_expiry_is_the_default_unless_days_are_chosen():
    assert lifetimes.expiry("share", NOW) == NOW + 30 * DAY
    assert lifetimes.expiry("in_person_share", NOW) == NOW + DAY
    assert lifetimes.expiry("join", NOW) == NOW + dt.timedelta(hours=1)
    assert lifetimes.expiry("share", NOW, 7) == NOW + 7 * DAY
    assert lifetimes.expiry("share", NOW, 0) == NOW + 30 * DAY  # 0: not chosen
    with pytest.raises(KeyError):
        lifetimes.expiry("holiday", NOW)


@pytest.mark.parametrize("days, allowed", [(0, False), (1, True), (365, True), (366, False)])
def test_allowed_days_edges(days, allowed):
    assert lifetimes.allowed_days("share", days) is allowed


def test_a_bundle_is_valid_up_to_and_including_its_expiry():
    expires = NOW + DAY
    assert lifetimes.still_valid(expires, expires - dt.timedelta(microseconds=1))
    assert lifetimes.still_valid(expires, expires)
    assert not lifetimes.still_valid(expires, expires + dt.timedelta(microseconds=1))


def _share(expires: dt.date, revoked: dt.date | None = None):
    return SimpleNamespace(expires=expires, revoked=revoked)


@pytest.mark.parametrize("share, active", [
    (_share(TODAY + DAY), True),
    (_share(TODAY), True),  # the whole expiry day still counts
    (_share(TODAY - DAY), False),
    (_share(TODAY + DAY, revoked=TODAY), False),  # taken back before it ended
    (_share(TODAY - DAY, revoked=TODAY - 2 * DAY), False),
])
def test_is_active(share, active):
    assert lifetimes.is_active(share, TODAY) is active


def test_the_identity_code_lives_as_long_as_the_table_says(begeleider):
    code = sharing.identity_code(begeleider, now=NOW)
    opened = open_bundle(code.bundle, now=NOW)
    assert opened.kind == "identity"
    assert opened.expires == NOW + lifetimes.LIFETIMES["identity"].default
    assert opened.sender.fingerprint() == code.fingerprint
    assert (opened.sender.name, opened.sender.organisation) == (code.name, code.organisation)
    assert code.frames
