"""The family's side of sharing (family_app.sharing.sharing): pairing, shares, the consent log, revoking.

What arrives is checked the way a begeleider sees it: through the viewer, in a begeleider
vault copied from a template made once (scrypt is slow).
"""

from __future__ import annotations

import datetime as dt

import pytest

from family_app.bundles import lifetimes
from family_app.sharing import sharing, viewer
from family_app.plan.plan_book import PlanBook
from sync.bundle import open_bundle, seal
from sync.errors import BUNDLE_ERRORS, PasscodeNeeded, SharePayloadError, WrongPasscode
from sync.identity import Identity
from sync.passcode import new_passcode
from sync.share_payload import PRESETS, Scope

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)




def identity_of(opened) -> Identity:
    workspace = opened.workspace()
    return opened.identity(workspace.name, workspace.organisation)


def identity_bundle(opened, now: dt.datetime = NOW) -> bytes:
    return seal("identity", {}, identity_of(opened), now=now,
                expires=now + dt.timedelta(days=365))


@pytest.fixture
def book(de_vries):
    return PlanBook(de_vries)


@pytest.fixture
def paired(book, begeleider):
    """(book, begeleider, the begeleider as the family's professional)."""
    pairing = sharing.pair(book, sharing.read_identity(identity_bundle(begeleider), now=NOW))
    return book, begeleider, pairing.professional


def plan_goals(book):
    """The plan's goals as a begeleider sees them: under the first 4 bytes of their ids."""
    return {g.id[:8]: g.text for g in book.plan().goals}


# --- pairing ----------------------------------------------------------------------------

def test_pairing_stores_the_keys_and_both_sides_show_the_same_fingerprint(book, begeleider):
    before = len(book.plan().professionals)
    mine = identity_of(begeleider)
    pairing = sharing.pair(book, sharing.read_identity(identity_bundle(begeleider), now=NOW))

    plan = book.plan()
    assert len(plan.professionals) == before + 1  # listed with the family's professionals
    stored = next(p for p in plan.professionals if p.id == pairing.professional.id)
    assert (stored.name, stored.organisation) == ("Fatima El Amrani", "Wijkteam Apeldoorn-Zuid")
    assert bytes.fromhex(stored.signing_key) == mine.public().signing_key
    assert bytes.fromhex(stored.agreement_key) == mine.public().agreement_key
    assert stored in sharing.paired(plan)
    # The family's screen and the begeleider's screen show the same short code.
    assert pairing.fingerprint == mine.fingerprint()
    assert sharing.public_identity(stored).fingerprint() == mine.fingerprint()
    assert len(mine.fingerprint()) == 19


def test_pairing_again_updates_the_same_professional(book, begeleider):
    first = sharing.pair(book, sharing.read_identity(identity_bundle(begeleider), now=NOW))
    again = sharing.pair(book, sharing.read_identity(identity_bundle(begeleider), now=NOW))
    assert again.professional.id == first.professional.id
    assert len(sharing.paired(book.plan())) == 1


def test_a_professional_typed_in_by_hand_is_not_paired(book):
    plan = book.plan()
    assert plan.professionals and sharing.paired(plan) == []


def test_only_an_identity_bundle_can_be_paired_with(paired):
    book, _, professional = paired
    shared = sharing.share(book, Scope.preset("goals"), to=professional, now=NOW)
    with pytest.raises(BUNDLE_ERRORS):
        sharing.read_identity(shared.bundle, now=NOW)


def test_an_identity_whose_payload_breaks_the_spec_is_not_paired_with():
    """docs/bundle-format.md, "Payloads": an identity's payload is checked before pairing."""
    begeleider = Identity.generate("Karin Mulder", "CJG Deventer")
    broken = seal("identity", {1: "not a household id", 2: 42}, begeleider,
                  expires=NOW + dt.timedelta(hours=1), now=NOW)
    with pytest.raises(SharePayloadError) as refused:
        sharing.read_identity(broken, now=NOW)
    assert refused.value.outcome == "payload-failure"


# --- what a share holds -------------------------------------------------------------------

def test_current_plan_to_the_paired_begeleider_shows_exactly_those_sections(paired):
    book, begeleider, professional = paired
    result = sharing.share(book, Scope.preset("current"), to=professional, now=NOW)
    got = viewer.receive(begeleider, result.bundle, now=NOW)
    assert tuple(got.sections) == Scope.preset("current").sections
    assert set(got.tables) == set(PRESETS["current"])
    assert {g["id"]: g["text"] for g in got.tables["goals"]} == plan_goals(book)
    assert got.household_name == book.plan().household.name
    assert result.passcode is None and result.frames


def test_preset_goals_holds_only_goals_and_agreements(paired):
    book, begeleider, professional = paired
    result = sharing.share(book, Scope.preset("goals"), to=professional, now=NOW)
    got = viewer.receive(begeleider, result.bundle, now=NOW)
    assert set(got.tables) == {"goals", "agreements"}
    assert len(got.tables["agreements"]) == len(book.plan().agreements) > 0
    # Nothing else of the family travels: no member's phone, no address.
    plan = book.plan()
    words = [m.phone for m in plan.members if m.phone] + [plan.household.address]
    assert words and not any(w in repr(got.tables) for w in words)


def test_a_goal_subset_holds_only_those_goals_and_their_agreements(paired):
    book, begeleider, professional = paired
    plan = book.plan()
    with_agreements = [g.id for g in plan.goals if any(a.goal_id == g.id for a in plan.agreements)]
    chosen = tuple(with_agreements[:2])
    assert len(chosen) == 2
    result = sharing.share(book, Scope(("goals", "agreements"), chosen), to=professional,
                           now=NOW)
    got = viewer.receive(begeleider, result.bundle, now=NOW)
    assert {g["id"] for g in got.tables["goals"]} == {goal_id[:8] for goal_id in chosen}
    expected = {a.id[:8] for a in plan.agreements if a.goal_id in chosen}
    assert {a["id"] for a in got.tables["agreements"]} == expected
    assert result.record.goal_ids == list(chosen)


def leaves(node):
    """Every text, byte string and number in a decoded payload, keys included."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(key)
            yield from leaves(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from leaves(item)
    else:
        yield node


def test_a_share_holds_no_paired_professionals_key(paired):
    book, begeleider, professional = paired
    other = Identity.generate("Piet Jansen", "Jeugdzorg Gelderland").public()
    sharing.pair(book, other)
    keys = set()
    for paired_with in sharing.paired(book.plan()):
        keys |= {paired_with.signing_key, paired_with.agreement_key}
    assert len(keys) == 4
    result = sharing.share(book, Scope.preset("everything"), to=professional, now=NOW)
    opened = open_bundle(result.bundle, me=identity_of(begeleider), now=NOW)
    found = set(leaves(opened.payload))
    assert not keys & {v.hex() if isinstance(v, bytes) else v for v in found}
    # The professionals themselves are shared, by name, without their keys.
    got = viewer.receive(begeleider, result.bundle, now=NOW)
    assert "Piet Jansen" in {p.get("name") for p in got.tables["professionals"]}


def test_a_passcode_holds_40_random_bits():
    asked = []

    def rng(n: int) -> bytes:
        asked.append(n)
        return bytes(n)
    code = new_passcode(rng)
    assert asked == [5] and len(code.replace("-", "")) == 8       # 8 symbols of 5 bits
    assert len({new_passcode() for _ in range(200)}) == 200


# --- the consent log ------------------------------------------------------------------------

def test_every_share_is_in_the_consent_log(paired):
    book, _, professional = paired
    first = sharing.share(book, Scope.preset("current"), to=professional, now=NOW)
    later = NOW + dt.timedelta(days=3)
    second = sharing.share(book, Scope.preset("goals"), in_person_name="Oma Els",
                           now=later)
    third = sharing.share(book, Scope(("safety",)), to=professional, days=7,
                          now=later)

    log = {s.bundle_id: s for s in book.plan().shares}
    assert len(log) == 3
    one, two, three = (log[r.record.bundle_id] for r in (first, second, third))
    assert (one.recipient_name, one.recipient_kind, one.professional_id) == (
        professional.name, "professional", professional.id)
    assert one.sections == list(Scope.preset("current").sections)
    # The lifetimes are lifetimes.py's (tests/test_lifetimes.py pins the numbers).
    assert (one.created, one.expires) == (NOW.date(), lifetimes.expiry("share", NOW).date())
    assert (two.recipient_name, two.recipient_kind) == ("Oma Els", "in_person")
    assert two.sections == ["goals", "agreements"]
    assert (two.created, two.expires) == (later.date(),
                                          lifetimes.expiry("in_person_share", later).date())
    assert three.sections == ["safety"] and three.expires == (later + dt.timedelta(days=7)).date()
    # The log names the very bundle that left the house.
    for result in (first, third):
        opened = open_bundle(result.bundle, me=identity_of(paired[1]), now=later)
        assert opened.bundle_id == result.record.bundle_id
        assert opened.expires.date() == result.record.expires


def test_revoking_marks_the_log_and_makes_a_revocation_for_the_begeleider(paired):
    book, begeleider, professional = paired
    shared = sharing.share(book, Scope.preset("current"), to=professional, now=NOW)
    revocation = sharing.revoke(book, shared.record.id, now=NOW + dt.timedelta(days=1))
    assert book.get("shares", shared.record.id).revoked == (NOW + dt.timedelta(days=1)).date()
    opened = open_bundle(revocation.bundle, me=identity_of(begeleider), now=NOW)
    assert opened.kind == "revocation"
    assert opened.payload == {sharing.REVOCATION_HOUSEHOLD: book.plan().household.id,
                              sharing.REVOCATION_BUNDLES: [bytes.fromhex(shared.record.bundle_id)]}
    assert len(revocation.frames) == 1  # small enough for one QR code
    # Every later share names it too.
    later = sharing.share(book, Scope.preset("goals"), to=professional, now=NOW)
    payload = open_bundle(later.bundle, me=identity_of(begeleider), now=NOW).payload
    assert payload[sharing.REVOKED_KEY] == [bytes.fromhex(shared.record.bundle_id)]


def test_revoking_an_in_person_share_needs_no_code(paired):
    book, _, _ = paired
    shared = sharing.share(book, Scope.preset("goals"), passcode="7K2M-QX9D", now=NOW)
    revocation = sharing.revoke(book, shared.record.id, now=NOW)
    assert revocation.bundle is None and revocation.frames == []
    assert book.get("shares", shared.record.id).revoked == NOW.date()


# --- passcode shares --------------------------------------------------------------------------

def test_a_passcode_share_opens_only_with_its_passcode(paired):
    book, begeleider, _ = paired
    result = sharing.share(book, Scope.preset("goals"), now=NOW)
    assert result.passcode and len(result.passcode) == 9  # ABCD-EFGH, read aloud
    with pytest.raises(PasscodeNeeded):
        viewer.receive(begeleider, result.bundle, now=NOW)
    wrong = "0000-0000" if result.passcode != "0000-0000" else "1111-1111"
    with pytest.raises(WrongPasscode):
        viewer.receive(begeleider, result.bundle, passcode=wrong, now=NOW)
    assert viewer.received_shares(begeleider, now=NOW) == []
    typed = result.passcode.replace("-", " ").lower()  # as someone types what they hear
    got = viewer.receive(begeleider, result.bundle, passcode=typed, now=NOW)
    assert {g["id"] for g in got.tables["goals"]} == set(plan_goals(book))


def test_a_passcode_share_with_a_chosen_passcode_is_not_for_a_professional(paired):
    book, begeleider, _ = paired
    result = sharing.share(book, Scope.preset("goals"), passcode="7K2M-QX9D", now=NOW)
    assert result.passcode == "7K2M-QX9D"
    assert result.record.professional_id is None
    got = viewer.receive(begeleider, result.bundle, passcode="7k2m qx9d", now=NOW)
    assert got.sections == ["goals", "agreements"]


def test_a_revoked_share_is_named_only_while_it_could_still_be_opened(paired):
    # Its id travels in every later share until it expires; after that no reader opens it
    # anyway, and the list must not grow the codes for ever.
    book, begeleider, professional = paired
    old = sharing.share(book, Scope.preset("goals"), to=professional, days=2, now=NOW)
    sharing.revoke(book, old.record.id, now=NOW)
    me = identity_of(begeleider)
    on_its_last_day = sharing.share(book, Scope.preset("goals"), to=professional,
                                    now=NOW + dt.timedelta(days=2))
    payload = open_bundle(on_its_last_day.bundle, me=me, now=NOW).payload
    assert payload[sharing.REVOKED_KEY] == [bytes.fromhex(old.record.bundle_id)]
    after = sharing.share(book, Scope.preset("goals"), to=professional,
                          now=NOW + dt.timedelta(days=3))
    assert sharing.REVOKED_KEY not in open_bundle(after.bundle, me=me, now=NOW).payload
