"""A begeleider can tell a family from a forger (family_app.sharing.family_keys and its users).

Anyone who has the begeleider's public code can seal a bundle to them. The begeleider's app
therefore binds a household id to the family key it first saw for it (trust on first use),
or to another of the household's devices that the begeleider confirmed by comparing the
fingerprint. Shares, revocations, returns and closure reports are judged by that binding.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from family_app.closure import closure, closure_report
from family_app.report import cjg_report
from family_app.sharing import family_keys, returns, sharing, viewer
from family_app.youth import youth_sharing
from family_app.report.closure_inbox import (
    import_closure, me_of, received_closures, unverified_closures,
)
from family_app.plan.plan_book import PlanBook
from sync.bundle import open_bundle, seal
from sync.errors import NotForThisRecipient, SyncError
from sync.identity import Identity
from sync.share_payload import Scope, build_share, encode_share

from tests.helpers.household import FakeTime, join, make_empty_family, open_family

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
DAY = dt.timedelta(days=1)
TODAY = NOW.date()


@pytest.fixture
def family(de_vries, begeleider):
    """(the De Vries PlanBook, Fatima as its paired professional)."""
    book = PlanBook(de_vries)
    return book, sharing.pair(book, me_of(begeleider).public()).professional


def share(family, scope: str = "current", moment: dt.datetime = NOW):
    book, professional = family
    return sharing.share(book, Scope.preset(scope), to=professional, now=moment)


def family_fingerprint(family) -> str:
    return family[0].opened.identity().fingerprint()


def forged_share(family, begeleider, forger: Identity, moment: dt.datetime = NOW,
                 household_id: str | None = None, revoked: list[bytes] | None = None) -> bytes:
    """What a forger can make with the begeleider's public code and a family's household id
    (which every share of that family carries): the plan as they like it, from their key."""
    book, _ = family
    tables = book.plan().to_tables()
    tables["goals"] = [dict(tables["goals"][0], text="Gezin verhuist naar het buitenland")]
    content = build_share(tables, Scope.preset("current"), plan_version=999, language="nl",
                          household_id=household_id)
    payload = encode_share(content)
    if revoked:
        payload[sharing.REVOKED_KEY] = revoked
    return seal("share", payload, forger, to=me_of(begeleider).public(),
                expires=moment + 30 * DAY, now=moment)


def shown(begeleider, household_id: str, moment: dt.datetime = NOW):
    viewer.purge_expired(begeleider, now=moment)
    return viewer.received(begeleider, household_id)


# --- shares: trust on first use, forgeries refused ------------------------------------------------

def test_the_first_share_of_a_household_binds_its_key(family, begeleider):
    got = viewer.receive(begeleider, share(family).bundle, now=NOW)
    [key] = family_keys.keys_of(begeleider, got.household_id)
    assert key.fingerprint == got.fingerprint == family_fingerprint(family)
    assert key.how == family_keys.FIRST_USE
    assert family_keys.known(begeleider) == {got.household_id: {got.fingerprint}}


def test_a_forged_share_for_a_known_household_is_refused_and_the_genuine_one_stays(family,
                                                                                  begeleider):
    genuine = viewer.receive(begeleider, share(family).bundle, now=NOW)
    forger = Identity.generate("Gezin De Vries - Yilmaz", "")
    with pytest.raises(family_keys.UnknownFamilyKey) as refused:
        viewer.receive(begeleider, forged_share(family, begeleider, forger, NOW + DAY),
                       now=NOW + DAY)
    error = refused.value
    assert isinstance(error, SyncError) and error.problem == family_keys.UnknownFamilyKey.default_problem
    assert "compare the fingerprint" in error.problem
    assert error.household_id == genuine.household_id
    assert error.fingerprint == forger.fingerprint() and error.known == [genuine.fingerprint]
    assert viewer.UnknownFamilyKey is family_keys.UnknownFamilyKey  # the viewer's errors
    # The family's next share: still the family's plan that is shown, never the forgery.
    following = viewer.receive(begeleider, share(family, "goals", NOW + 2 * DAY).bundle,
                               now=NOW + 2 * DAY)
    kept = shown(begeleider, genuine.household_id, NOW + 2 * DAY)
    assert kept.bundle_id == following.bundle_id and kept.fingerprint == genuine.fingerprint
    assert [r.fingerprint for r in viewer.received_shares(begeleider, NOW + 2 * DAY)] == \
        [genuine.fingerprint]
    assert [k.fingerprint for k in family_keys.keys_of(begeleider, genuine.household_id)] == \
        [genuine.fingerprint]


def test_confirming_another_device_is_a_deliberate_step_with_the_fingerprint(family,
                                                                             begeleider):
    genuine = viewer.receive(begeleider, share(family).bundle, now=NOW)
    other = Identity.generate("Laptop", "")
    data = forged_share(family, begeleider, other, NOW + DAY)
    with pytest.raises(family_keys.UnknownFamilyKey):
        viewer.receive(begeleider, data, now=NOW + DAY)
    # The fingerprint the begeleider compared must be the code's own.
    with pytest.raises(family_keys.UnknownFamilyKey):
        viewer.confirm_device(begeleider, data, fingerprint=genuine.fingerprint, now=NOW + DAY)
    assert len(family_keys.keys_of(begeleider, genuine.household_id)) == 1
    got = viewer.confirm_device(begeleider, data, fingerprint=other.fingerprint(), now=NOW + DAY)
    assert got.status == "new" and got.fingerprint == other.fingerprint()
    keys = {k.fingerprint: k.how for k in family_keys.keys_of(begeleider, genuine.household_id)}
    assert keys == {genuine.fingerprint: family_keys.FIRST_USE,
                    other.fingerprint(): family_keys.CONFIRMED}
    # One share per household: the newest, from either confirmed device.
    assert [r.bundle_id for r in viewer.received_shares(begeleider, NOW + DAY)] == [got.bundle_id]
    again = viewer.receive(begeleider, share(family, "goals", NOW + 2 * DAY).bundle,
                           now=NOW + 2 * DAY)
    assert again.status == "new"
    assert [r.bundle_id for r in viewer.received_shares(begeleider, NOW + 2 * DAY)] == \
        [again.bundle_id]


@pytest.fixture(scope="module")
def empty_family_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("empty-family")
    make_empty_family(folder)
    return folder


def test_a_second_household_device_shares_with_its_own_key_once_confirmed(
        family, begeleider, empty_family_template, tmp_path):
    phone, professional = family
    shutil.copytree(empty_family_template, tmp_path / "laptop")
    laptop_vault = open_family(tmp_path / "laptop")
    try:
        time = FakeTime()
        pair = join(time.book(phone.opened), time.book(laptop_vault), time)
        first = viewer.receive(begeleider, share(family).bundle, now=NOW)
        laptop = pair.laptop
        assert laptop.plan().household.id == first.household_id
        to = next(p for p in sharing.paired(laptop.plan()) if p.id == professional.id)
        data = sharing.share(laptop, Scope.preset("goals"), to=to, now=NOW + DAY).bundle
        sender = open_bundle(data, me=me_of(begeleider), now=NOW + DAY).sender
        assert sender.fingerprint() != first.fingerprint  # each device signs with its own key
        with pytest.raises(family_keys.UnknownFamilyKey):
            viewer.receive(begeleider, data, now=NOW + DAY)
        got = viewer.confirm_device(begeleider, data, fingerprint=sender.fingerprint(),
                                    now=NOW + DAY)
        assert got.household_id == first.household_id
        assert viewer.receive(begeleider, data, now=NOW + DAY).status == "same"
        # The laptop's return goes to the laptop, which can open it.
        returns.add_item(begeleider, got.household_id, "log", text="Fijn gesprek")
        sent = returns.send_return(begeleider, got, now=NOW + DAY)
        assert [i["text"] for i in returns.import_return(laptop, sent.bundle, now=NOW + DAY)] \
            == ["Fijn gesprek"]
    finally:
        laptop_vault.lock()


# --- returns: only to the bound key ----------------------------------------------------------------

def test_a_return_is_encrypted_to_the_bound_key_never_to_a_forger(family, begeleider):
    book, _ = family
    genuine = viewer.receive(begeleider, share(family).bundle, now=NOW)
    forger = Identity.generate("Gezin De Vries - Yilmaz", "")
    with pytest.raises(family_keys.UnknownFamilyKey):
        viewer.receive(begeleider, forged_share(family, begeleider, forger, NOW + DAY),
                       now=NOW + DAY)
    returns.add_item(begeleider, genuine.household_id, "log", text="Huisbezoek: goed gesprek")
    kept = viewer.received(begeleider, genuine.household_id)
    sent = returns.send_return(begeleider, kept, now=NOW + DAY)
    with pytest.raises(NotForThisRecipient):
        open_bundle(sent.bundle, me=forger, now=NOW + DAY)
    assert [i["text"] for i in returns.import_return(book, sent.bundle, now=NOW + DAY)] == \
        ["Huisbezoek: goed gesprek"]


def test_a_return_is_refused_for_a_sender_the_begeleider_never_bound(family, begeleider):
    genuine = viewer.receive(begeleider, share(family).bundle, now=NOW)
    forger = Identity.generate("Gezin De Vries - Yilmaz", "")
    # A share row that did not come through the binding (say, kept before this check existed).
    smuggled = viewer.Received(**{**genuine.to_doc(), "sender": forger.public().to_dict(),
                                  "fingerprint": forger.fingerprint()})
    returns.add_item(begeleider, genuine.household_id, "log", text="Voor de familie")
    with pytest.raises(returns.FamilyNotConfirmed) as refused:
        returns.send_return(begeleider, smuggled, now=NOW)
    assert refused.value.problem == returns.FamilyNotConfirmed.default_problem
    assert returns.drafts(begeleider, genuine.household_id)  # nothing was sent or forgotten


# --- revocations: only from the household's own keys ----------------------------------------------

def test_a_revocation_signed_by_another_key_does_not_remove_the_genuine_share(family,
                                                                               begeleider):
    result = share(family)
    genuine = viewer.receive(begeleider, result.bundle, now=NOW)
    forger = Identity.generate("Gezin De Vries - Yilmaz", "")
    payload = {sharing.REVOCATION_HOUSEHOLD: genuine.household_id,
               sharing.REVOCATION_BUNDLES: [bytes.fromhex(genuine.bundle_id)]}
    revocation = seal("revocation", payload, forger, to=me_of(begeleider).public(),
                      expires=NOW + 30 * DAY, now=NOW)
    viewer.receive(begeleider, revocation, now=NOW)
    assert shown(begeleider, genuine.household_id).bundle_id == genuine.bundle_id
    # ... nor does a share of the forger's own household that names it as revoked.
    own = forged_share(family, begeleider, forger, household_id="gezin-van-de-vervalser",
                       revoked=[bytes.fromhex(genuine.bundle_id)])
    assert viewer.receive(begeleider, own, now=NOW).status == "new"
    assert shown(begeleider, genuine.household_id).bundle_id == genuine.bundle_id
    # The genuine code shown again is not refused as withdrawn.
    assert viewer.receive(begeleider, result.bundle, now=NOW).status == "same"


def test_the_familys_own_revocation_still_removes_its_share(family, begeleider):
    book, _ = family
    result = share(family)
    got = viewer.receive(begeleider, result.bundle, now=NOW)
    revocation = sharing.revoke(book, result.record.id, now=NOW + DAY)
    assert viewer.receive(begeleider, revocation.bundle, now=NOW + DAY).status == "revoked"
    assert shown(begeleider, got.household_id, NOW + DAY) is None
    with pytest.raises(viewer.ShareRevoked):
        viewer.receive(begeleider, result.bundle, now=NOW + DAY)


def revocation_of(share_id: str, household_id: str, signer: Identity, begeleider) -> bytes:
    payload = {sharing.REVOCATION_HOUSEHOLD: household_id,
               sharing.REVOCATION_BUNDLES: [bytes.fromhex(share_id)]}
    return seal("revocation", payload, signer, to=me_of(begeleider).public(),
                expires=NOW + 30 * DAY, now=NOW + 3 * DAY)


def test_a_confirmed_second_device_may_revoke_the_familys_share_an_unbound_key_not(
        family, begeleider):
    genuine = viewer.receive(begeleider, share(family).bundle, now=NOW)
    laptop = Identity.generate("Laptop", "")
    viewer.confirm_device(begeleider, forged_share(family, begeleider, laptop, NOW + DAY),
                          fingerprint=laptop.fingerprint(), now=NOW + DAY)
    # The family's phone shares again: the share shown is signed by the phone's key.
    current = viewer.receive(begeleider, share(family, "goals", NOW + 2 * DAY).bundle,
                             now=NOW + 2 * DAY)
    assert current.fingerprint == genuine.fingerprint != laptop.fingerprint()
    stranger = Identity.generate("Laptop", "")
    viewer.receive(begeleider, revocation_of(current.bundle_id, current.household_id,
                                             stranger, begeleider), now=NOW + 3 * DAY)
    assert shown(begeleider, current.household_id, NOW + 3 * DAY).bundle_id == current.bundle_id
    viewer.receive(begeleider, revocation_of(current.bundle_id, current.household_id,
                                             laptop, begeleider), now=NOW + 3 * DAY)
    assert shown(begeleider, current.household_id, NOW + 3 * DAY) is None


# --- closure reports: counted only from a bound key -------------------------------------------------

def answers(book) -> closure.ClosureAnswers:
    goals = book.plan().goals
    return closure.ClosureAnswers(
        goal_results={goals[0].id: "reached"}, ending="01", can_carry_on=True,
        referred_onward=False, call_when_hard="Het CJG",
        satisfaction={"help_overall": 9, "contact_begeleider": 10, "speed_of_start": 8,
                      "managing_again": 8, "referral_support": None})


def stranger_reports(book, begeleider, n: int = 20) -> list[bytes]:
    """Closure reports with zeros everywhere, each from a fresh key and household id."""
    made = closure.close_plan(book, answers(book), today=TODAY)
    bundles = []
    for i in range(n):
        payload = closure_report.closure_payload(book.plan(), made, with_names=False)
        payload.update(plan_id=f"nep-{i}", household_id=f"nep-{i}",
                       satisfaction=dict.fromkeys(closure.QUESTIONS[:4], 0)
                       | {"referral_support": None})
        bundles.append(seal("closure", payload, Identity.generate("", ""),
                            to=me_of(begeleider).public(), expires=NOW + 365 * DAY, now=NOW))
    closure.reopen(book)
    return bundles


def test_closure_reports_from_20_random_keys_are_not_counted_and_listed_unverified(
        family, begeleider):
    book, professional = family
    for data in stranger_reports(book, begeleider):
        imported = import_closure(begeleider, data, now=NOW)
        assert imported.status == "new" and imported.verified is False
    report = received_closures(begeleider, now=NOW)
    assert report.n == 0 and report.youth.n == 0
    unverified = unverified_closures(begeleider, now=NOW)
    assert len(unverified) == 20 and {r.plan_id for r in unverified} == {
        f"nep-{i}" for i in range(20)}


def test_a_genuine_familys_closure_report_still_counts(family, begeleider):
    book, professional = family
    viewer.receive(begeleider, share(family).bundle, now=NOW)  # the family shared once
    strangers = stranger_reports(book, begeleider)
    made = closure.close_plan(book, answers(book), today=TODAY)
    data = closure_report.send_closure(book, made, to=professional, with_names=False, now=NOW)
    imported = import_closure(begeleider, data, now=NOW)
    assert imported.status == "new" and imported.verified is True
    for stranger in strangers:
        import_closure(begeleider, stranger, now=NOW)
    report = received_closures(begeleider, now=NOW)
    assert report.n == 1 and report.parents.item("help_overall").mean == 9.0
    assert len(unverified_closures(begeleider, now=NOW)) == 20


def test_a_forged_report_for_a_known_family_neither_counts_nor_replaces_theirs(family,
                                                                                begeleider):
    book, professional = family
    genuine_share = viewer.receive(begeleider, share(family).bundle, now=NOW)
    made = closure.close_plan(book, answers(book), today=TODAY)
    data = closure_report.send_closure(book, made, to=professional, with_names=False, now=NOW)
    genuine = import_closure(begeleider, data, now=NOW).report
    payload = closure_report.closure_payload(book.plan(), made, with_names=False)
    payload.update(closed_on=(TODAY + DAY).isoformat(), ending="03",
                   satisfaction=dict.fromkeys(closure.QUESTIONS[:4], 0) | {"referral_support": None})
    forger = Identity.generate("", "")
    forged = seal("closure", payload, forger, to=me_of(begeleider).public(),
                  expires=NOW + 365 * DAY, now=NOW + DAY)
    assert import_closure(begeleider, forged, now=NOW + DAY).verified is False
    report = received_closures(begeleider, now=NOW + DAY)
    assert report.n == 1 and report.parents.endings["01"].count == 1
    assert [r.sender for r in unverified_closures(begeleider, now=NOW + DAY)] == \
        [forger.fingerprint()]
    # A revocation from the forger does not remove the family's report either.
    revocation = seal("revocation", {sharing.REVOCATION_HOUSEHOLD: genuine_share.household_id,
                                     sharing.REVOCATION_BUNDLES: [bytes.fromhex(genuine.bundle_id)]},
                      forger, to=me_of(begeleider).public(), expires=NOW + 30 * DAY, now=NOW)
    import_closure(begeleider, revocation, now=NOW + DAY)
    assert received_closures(begeleider, now=NOW + DAY).n == 1


def test_a_report_counts_once_its_key_is_bound(family, begeleider):
    """A report kept as unverified counts as soon as the family shares from that device."""
    book, professional = family
    made = closure.close_plan(book, answers(book), today=TODAY)
    data = closure_report.send_closure(book, made, to=professional, with_names=False, now=NOW)
    assert import_closure(begeleider, data, now=NOW).verified is False
    assert received_closures(begeleider, now=NOW).n == 0
    viewer.receive(begeleider, share(family).bundle, now=NOW)
    assert received_closures(begeleider, now=NOW).n == 1
    assert unverified_closures(begeleider, now=NOW) == []


def test_a_young_persons_report_counts_from_the_key_of_their_own_shares(daan, begeleider):
    to = youth_sharing.pair(daan, me_of(begeleider).public())
    shared = youth_sharing.youth_share(daan, ("goals",), language="nl", to=to)
    viewer.receive(begeleider, shared.bundle)
    goal = daan.plan().goals[0]
    made = closure.close_youth_plan(daan, closure.ClosureAnswers(
        goal_results={goal.id: "partly"}, ending="01", can_carry_on=True, referred_onward=False,
        satisfaction={"help_overall": 8, "contact_begeleider": 9, "speed_of_start": 7,
                      "managing_again": 8, "referral_support": None}), today=TODAY)
    data = closure_report.send_youth_closure(daan, made, to=to, with_names=False, now=NOW)
    assert import_closure(begeleider, data, now=NOW).verified is True
    assert received_closures(begeleider, now=NOW).youth.n == 1


def test_the_cjg_report_over_a_folder_counts_only_bound_keys(family, begeleider, tmp_path):
    book, professional = family
    viewer.receive(begeleider, share(family).bundle, now=NOW)
    for i, data in enumerate(stranger_reports(book, begeleider)):
        (tmp_path / f"stranger-{i:02}.onsplan").write_bytes(data)
    made = closure.close_plan(book, answers(book), today=TODAY)
    (tmp_path / "de-vries.onsplan").write_bytes(
        closure_report.send_closure(book, made, to=professional, with_names=False, now=NOW))
    read = cjg_report.read_reports(tmp_path, me_of(begeleider), now=NOW,
                                   known=family_keys.known(begeleider))
    assert [r.name for r in read.accepted] == ["de-vries.onsplan"]
    assert len(read.unverified) == 20 and read.rejected == []
    # Without the begeleider's bindings nothing is counted: unverified is the default.
    unbound = cjg_report.read_reports(tmp_path, me_of(begeleider), now=NOW)
    assert unbound.accepted == [] and len(unbound.unverified) == 21


# --- shares kept before households were bound to keys ------------------------------------------------

def forget_bindings(begeleider) -> None:
    """A begeleider's vault as it was before this check: shares, and no bound keys."""
    with begeleider.vault.action():
        begeleider.vault.table(family_keys.TABLE).truncate()


def test_a_share_kept_before_binding_binds_its_key_and_a_forgery_is_refused(family, begeleider):
    genuine = viewer.receive(begeleider, share(family).bundle, now=NOW)
    forget_bindings(begeleider)
    assert [r.bundle_id for r in viewer.received_shares(begeleider, NOW)] == [genuine.bundle_id]
    assert [k.fingerprint for k in family_keys.keys_of(begeleider, genuine.household_id)] == \
        [genuine.fingerprint]
    forget_bindings(begeleider)
    forger = Identity.generate("Gezin De Vries - Yilmaz", "")
    with pytest.raises(family_keys.UnknownFamilyKey):  # adopted on receiving, too
        viewer.receive(begeleider, forged_share(family, begeleider, forger), now=NOW)


def test_two_keys_kept_for_one_household_are_not_trusted_and_the_next_share_decides(
        family, begeleider):
    genuine = viewer.receive(begeleider, share(family).bundle, now=NOW)
    forger = Identity.generate("Gezin De Vries - Yilmaz", "")
    with begeleider.vault.action():  # what an older app kept after the attack
        forged = dict(genuine.to_doc(), bundle_id="f" * 32, fingerprint=forger.fingerprint(),
                      sender=forger.public().to_dict(),
                      created=(NOW + 300 * DAY).isoformat())
        begeleider.vault.table(viewer.RECEIVED_TABLE).insert(forged)
    forget_bindings(begeleider)
    assert len(viewer.received_shares(begeleider, NOW)) == 2
    assert family_keys.keys_of(begeleider, genuine.household_id) == []
    with pytest.raises(returns.FamilyNotConfirmed):
        returns.add_item(begeleider, genuine.household_id, "log", text="Voor wie?")
        returns.send_return(begeleider, viewer.Received(**forged), now=NOW)
    # The family's next share binds its key and replaces both, whatever date the other claims.
    following = viewer.receive(begeleider, share(family, "goals", NOW + DAY).bundle,
                               now=NOW + DAY)
    assert following.status == "new"
    assert [r.bundle_id for r in viewer.received_shares(begeleider, NOW + DAY)] == \
        [following.bundle_id]
