"""The begeleider's side (family_app.sharing.viewer): open, keep the newest per family, purge, refuse.

Vaults are copies of templates made once (scrypt is slow); the clock is always injected.
"""

from __future__ import annotations

import datetime as dt

import pytest

from family_app.sharing import family_keys, sharing, viewer
from family_app.plan.plan_book import PlanBook
from sync.bundle import open_bundle, seal
from sync.errors import (
    BUNDLE_ERRORS, BundleFormatError, DecryptionFailed, Expired, MixedFrames,
    NotForThisRecipient, SharePayloadError, UnsupportedVersion,
)
from sync.frames import FrameCollector, join_frames
from sync.identity import Identity
from sync.share_payload import Scope

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
DAY = dt.timedelta(days=1)




def public_of(opened):
    workspace = opened.workspace()
    return opened.identity(workspace.name, workspace.organisation).public()


@pytest.fixture
def family(de_vries, begeleider):
    """(the family's PlanBook, the begeleider as its paired professional)."""
    book = PlanBook(de_vries)
    return book, sharing.pair(book, public_of(begeleider)).professional


def share(family, scope: str = "current", moment: dt.datetime = NOW, **options):
    book, professional = family
    return sharing.share(book, Scope.preset(scope), to=professional, now=moment, **options)


def kept(begeleider, moment: dt.datetime = NOW):
    return [(r.bundle_id, r.plan_version) for r in viewer.received_shares(begeleider, now=moment)]


# --- the newest share per family ----------------------------------------------------------------

def test_the_viewer_keeps_the_newest_share_per_family(family, begeleider):
    first = share(family, "goals")
    second = share(family, "current", NOW + DAY)
    got_first = viewer.receive(begeleider, first.bundle, now=NOW + DAY)
    got_second = viewer.receive(begeleider, second.bundle, now=NOW + DAY)
    assert got_first.plan_version < got_second.plan_version
    assert (got_first.status, got_second.status) == ("new", "new")
    assert kept(begeleider, NOW + DAY) == [(second.record.bundle_id, got_second.plan_version)]
    stored = viewer.received(begeleider, got_second.household_id)
    assert stored.tables == got_second.tables and stored.sections == got_second.sections


def test_an_older_replay_is_marked_and_never_replaces_the_newer(family, begeleider):
    older, newer = share(family, "current"), share(family, "goals")
    viewer.receive(begeleider, newer.bundle, now=NOW)
    replay = viewer.receive(begeleider, older.bundle, now=NOW)
    assert replay.status == "older"
    assert replay.tables["household"]  # still shown (with a warning), as it was shared
    assert kept(begeleider) == [(newer.record.bundle_id, replay.plan_version + 1)]
    assert viewer.receive(begeleider, newer.bundle, now=NOW).status == "same"


def test_shares_are_kept_until_they_expire_then_purged(family, begeleider):
    result = share(family, days=30)
    got = viewer.receive(begeleider, result.bundle, now=NOW)
    expires = got.expires_at
    assert expires == NOW + 30 * DAY
    assert viewer.purge_expired(begeleider, now=expires - DAY) == 0
    # Valid "up to and including" its expiry second (docs/bundle-format.md), so kept then too.
    assert viewer.receive(begeleider, result.bundle, now=expires).status == "same"
    assert len(kept(begeleider, expires)) == 1
    assert kept(begeleider, expires + dt.timedelta(seconds=1)) == []
    assert viewer.received(begeleider, got.household_id) is None


def test_purge_expired_counts_what_it_removed(family, begeleider):
    viewer.receive(begeleider, share(family, days=2).bundle, now=NOW)
    assert viewer.purge_expired(begeleider, now=NOW + 3 * DAY) == 1
    assert viewer.purge_expired(begeleider, now=NOW + 3 * DAY) == 0


# --- revoked shares -------------------------------------------------------------------------

def test_a_revocation_code_purges_the_share(family, begeleider):
    book, _ = family
    result = share(family)
    viewer.receive(begeleider, result.bundle, now=NOW)
    revocation = sharing.revoke(book, result.record.id, now=NOW + DAY)
    got = viewer.receive(begeleider, revocation.bundle, now=NOW + DAY)
    assert got.status == "revoked" and got.revoked_by_family
    assert kept(begeleider, NOW + DAY) == []


def test_a_revoked_share_shown_again_is_not_kept_again(family, begeleider):
    book, _ = family
    result = share(family)
    viewer.receive(begeleider, result.bundle, now=NOW)
    revocation = sharing.revoke(book, result.record.id, now=NOW)
    viewer.receive(begeleider, revocation.bundle, now=NOW)
    with pytest.raises(viewer.ShareRevoked):
        viewer.receive(begeleider, result.bundle, now=NOW + DAY)
    assert kept(begeleider, NOW + DAY) == []


def test_a_revocation_that_comes_first_refuses_the_share_later(family, begeleider):
    book, _ = family
    result = share(family)
    revocation = sharing.revoke(book, result.record.id, now=NOW)
    viewer.receive(begeleider, revocation.bundle, now=NOW)
    with pytest.raises(viewer.ShareRevoked):
        viewer.receive(begeleider, result.bundle, now=NOW)


def test_the_next_share_purges_a_revoked_one_even_when_its_version_is_lower(family, begeleider):
    # Another device of the family (or a restored backup) counts plan versions lower: the
    # revoked share must still go, and the new one is kept instead of being called "older".
    book, _ = family
    book.opened.put_setting("plan_version", 40)
    revoked = share(family)
    viewer.receive(begeleider, revoked.bundle, now=NOW)
    sharing.revoke(book, revoked.record.id, now=NOW)  # its code never reaches the viewer
    book.opened.put_setting("plan_version", 7)
    following = share(family, "goals", NOW + DAY)
    got = viewer.receive(begeleider, following.bundle, now=NOW + DAY)
    assert got.status == "new" and got.plan_version == 7
    assert kept(begeleider, NOW + DAY) == [(following.record.bundle_id, 7)]
    with pytest.raises(viewer.ShareRevoked):
        viewer.receive(begeleider, revoked.bundle, now=NOW + DAY)


# --- refused ------------------------------------------------------------------------------------

def test_a_bundle_for_another_begeleider_is_not_for_this_one(family, begeleider):
    book, _ = family
    other = Identity.generate("Joost Visser", "Jeugdteam Noord")
    professional = sharing.pair(book, other.public()).professional
    result = sharing.share(book, Scope.preset("current"), to=professional, now=NOW)
    with pytest.raises(NotForThisRecipient):
        viewer.receive(begeleider, result.bundle, now=NOW)
    assert kept(begeleider) == []


def test_an_expired_bundle_is_refused(family, begeleider):
    result = share(family, moment=NOW - 10 * DAY, days=3)
    with pytest.raises(Expired) as refused:
        viewer.receive(begeleider, result.bundle, now=NOW)
    assert refused.value.expires == NOW - 7 * DAY
    assert kept(begeleider, NOW - 8 * DAY) == []


@pytest.mark.parametrize("position, error", [
    (0, BundleFormatError),          # the magic "OP"
    (2, UnsupportedVersion),         # the version byte
    (5, NotForThisRecipient),        # the recipient hint
    (20, NotForThisRecipient),       # enc: the hint no longer matches (as documented)
    (200, DecryptionFailed),         # the ciphertext
    (-1, DecryptionFailed),          # the tag
])
def test_a_tampered_byte_is_refused_with_a_documented_error(family, begeleider, position, error):
    data = bytearray(share(family).bundle)
    data[position] ^= 0x01 if position != 2 else 0x02
    with pytest.raises(error) as refused:
        viewer.receive(begeleider, bytes(data), now=NOW)
    assert isinstance(refused.value, BUNDLE_ERRORS) and refused.value.problem
    assert kept(begeleider) == []


def test_frames_of_two_shares_mixed_are_refused(family):
    first, second = share(family, "current"), share(family, "everything")
    assert len(first.frames) > 1 and len(second.frames) > 1
    collector = FrameCollector()
    collector.add(first.frames[0])
    with pytest.raises(MixedFrames):
        collector.add(second.frames[1])
    assert collector.progress == (1, len(first.frames))  # the stranger was not taken
    with pytest.raises(MixedFrames):
        join_frames([second.frames[0], first.frames[1], *second.frames[1:]])


def test_frames_in_any_order_give_the_bundle_back(family, begeleider):
    result = share(family, "everything")
    assert join_frames(list(reversed(result.frames))) == result.bundle
    got = viewer.receive(begeleider, join_frames(result.frames[1:] + result.frames[:1]), now=NOW)
    assert got.status == "new"


def test_a_sync_bundle_is_not_a_share(family, begeleider):
    book, _ = family
    me = book.opened.identity()
    data = seal("sync", {}, me, to=public_of(begeleider), expires=NOW + DAY, now=NOW)
    with pytest.raises(viewer.NotAShare):
        viewer.receive(begeleider, data, now=NOW)


# --- payloads that break the spec (docs/bundle-format.md, "Payloads") ------------------------

def resealed(family, begeleider, kind: str, payload: dict) -> bytes:
    """A genuine bundle of the family's own keys around any payload: what a careless or
    newer writer could send."""
    book, _ = family
    return seal(kind, payload, book.opened.identity(), to=public_of(begeleider),
                expires=NOW + DAY, now=NOW)


def test_a_share_that_breaks_the_spec_is_kept_nowhere(family, begeleider):
    genuine = open_bundle(share(family).bundle, me=viewer._me(begeleider), now=NOW)
    broken = {**genuine.payload, sharing.REVOKED_KEY: "every share"}  # must be a list
    with pytest.raises(SharePayloadError) as refused:
        viewer.receive(begeleider, resealed(family, begeleider, "share", broken), now=NOW)
    assert refused.value.outcome == "payload-failure" and refused.value.problem
    assert kept(begeleider) == [] and family_keys.known(begeleider) == {}


def test_a_revocation_that_breaks_the_spec_withdraws_nothing(family, begeleider):
    result = share(family)
    viewer.receive(begeleider, result.bundle, now=NOW)
    bundle_id = bytes.fromhex(result.record.bundle_id)
    for broken in ({sharing.REVOCATION_BUNDLES: [bundle_id]},  # no household
                   {sharing.REVOCATION_HOUSEHOLD: 7, sharing.REVOCATION_BUNDLES: [bundle_id]}):
        with pytest.raises(SharePayloadError):
            viewer.receive(begeleider, resealed(family, begeleider, "revocation", broken),
                           now=NOW)
    assert [bundle for bundle, _ in kept(begeleider)] == [result.record.bundle_id]
