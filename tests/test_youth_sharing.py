"""A young person shares on their own: their parts, their consent log, their link news."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from family_app.sharing import sharing, viewer
from family_app.youth import youth_links, youth_sharing
from family_app.youth.youth_payload import youth_payload
from family_app.report.closure_inbox import me_of
from i18n import translator
from sync.bundle import seal
from sync.errors import PasscodeNeeded, SharePayloadError
from sync.identity import Identity
from sync.share_payload import Scope

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)


def texts(value) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    return [value] if isinstance(value, str) else []


@pytest.fixture
def paired(daan, begeleider):
    """Daan paired with Fatima in his own profile."""
    return youth_sharing.pair(daan, me_of(begeleider).public())


def test_the_young_person_shares_chosen_parts_with_their_own_begeleider(daan, family, begeleider, paired):
    family_before = family.opened.vault.read_all()
    result = youth_sharing.youth_share(daan, ("goals", "trusted_person"), language="nl",
                                       to=paired, now=NOW)
    got = viewer.receive(begeleider, result.bundle, now=NOW)
    plan = daan.plan()
    assert got.household_name == plan.owner_name and got.sections == ["goals", "trusted_person"]
    [shown] = got.tables[viewer.YOUTH_TABLE]
    assert [g["text"] for g in shown["goals"]] == [g.text for g in plan.goals]
    assert shown["trusted_person"]["name"] == plan.trusted_person.name
    assert "worries" not in shown and "going_well" not in shown
    assert not set(plan.worries) & set(texts(shown))
    # The consent log is Daan's own; the family's vault did not change at all.
    [log] = youth_sharing.shares(daan)
    assert log.recipient_name == "Fatima El Amrani" and log.sections == ["goals", "trusted_person"]
    assert family.opened.vault.read_all() == family_before and family.plan().shares == []


def test_a_newer_youth_share_replaces_the_older_and_an_older_code_is_flagged(daan, begeleider, paired):
    first = youth_sharing.youth_share(daan, ("lists",), language="nl", to=paired, now=NOW)
    daan.update(dreams=["Monteur worden", "Een eigen werkplaats"])
    second = youth_sharing.youth_share(daan, ("lists",), language="nl", to=paired, now=NOW)
    assert viewer.receive(begeleider, second.bundle, now=NOW).status == "new"
    assert viewer.receive(begeleider, first.bundle, now=NOW).status == "older"
    [kept] = viewer.received_shares(begeleider, now=NOW)
    assert "Een eigen werkplaats" in kept.tables["youth"][0]["dreams"]


def test_a_passcode_share_for_someone_here(daan, begeleider):
    result = youth_sharing.youth_share(daan, ("talk_to",), language="nl", now=NOW)
    assert result.passcode and result.record.recipient_kind == "in_person"
    with pytest.raises(PasscodeNeeded):
        viewer.receive(begeleider, result.bundle, now=NOW)
    got = viewer.receive(begeleider, result.bundle, passcode=result.passcode, now=NOW)
    assert got.tables["youth"][0]["talk_to_when_hard"] == daan.plan().talk_to_when_hard


def test_taking_a_share_back_reaches_the_begeleider(daan, begeleider, paired):
    shared = youth_sharing.youth_share(daan, ("goals",), language="nl", to=paired, now=NOW)
    viewer.receive(begeleider, shared.bundle, now=NOW)
    revocation = youth_sharing.take_back(daan, shared.record.id, now=NOW)
    assert youth_sharing.shares(daan)[0].revoked == NOW.date()
    viewer.receive(begeleider, revocation.bundle, now=NOW)
    assert viewer.received_shares(begeleider, now=NOW) == []


@pytest.mark.parametrize("parts", [(), ("diary",), ("link",)])
def test_parts_that_cannot_be_shared_with_a_begeleider(daan, paired, parts):
    with pytest.raises(ValueError):
        youth_sharing.youth_share(daan, parts, language="nl", to=paired)
    assert youth_sharing.shares(daan) == []


def test_the_family_is_told_only_that_a_goal_is_linked(daan, family):
    # Without the family's goals, Daan cannot tell the family anything yet.
    with pytest.raises(youth_sharing.NoFamilyYet):
        youth_sharing.youth_share(daan, ("link",), language="nl", to_family=True)
    # The family shares its goals with Daan, as with anyone here with them.
    goals_share = sharing.share(family, Scope.preset("goals"), now=NOW)
    viewer.receive(daan.opened, goals_share.bundle, passcode=goals_share.passcode, now=NOW)
    known = youth_sharing.family_goals(daan, now=NOW)
    assert [g.text for g in known] == [g.text for g in family.plan().goals]
    homework = known[0]
    mine = daan.plan().goals[0]
    daan.save_goal(dataclasses.replace(mine, linked_family_goal_id=homework.id))

    told = youth_sharing.youth_share(daan, ("link",), language="nl", to_family=True, now=NOW)
    assert told.passcode is None and told.record.recipient_kind == "family"
    assert youth_links.import_links(family, told.bundle, now=NOW) == daan.plan().owner_name
    family_goal = family.plan().goals[0]
    assert youth_links.linked_by(family, family_goal.id) == [daan.plan().owner_name]
    assert youth_links.linked_by(family, family.plan().goals[1].id) == []
    # What Daan's goal says never reaches the family's vault.
    assert mine.text not in texts(family.opened.vault.read_all())


def test_a_begeleider_share_carries_no_link(daan, paired, begeleider):
    mine = daan.plan().goals[0]
    daan.save_goal(dataclasses.replace(mine, linked_family_goal_id="0a1b2c3d"))
    result = youth_sharing.youth_share(daan, ("goals",), language="nl", to=paired, now=NOW)
    got = viewer.receive(begeleider, result.bundle, now=NOW)
    assert got.tables["youth"][0]["goals"][0]["linked_family_goal_id"] is None


def test_link_news_for_another_family_or_not_link_news_is_refused(daan, family, begeleider, paired):
    result = youth_sharing.youth_share(daan, ("goals",), language="nl", to=paired, now=NOW)
    with pytest.raises(Exception) as refused:  # not for the family's key at all
        youth_links.import_links(family, result.bundle, now=NOW)
    assert getattr(refused.value, "problem", None)


def test_the_family_goals_are_shown_only_while_the_family_allows(daan, family):
    goals_share = sharing.share(family, Scope.preset("goals"), now=NOW)  # one day
    viewer.receive(daan.opened, goals_share.bundle, passcode=goals_share.passcode, now=NOW)
    assert youth_sharing.family_goals(daan, now=NOW)
    later = NOW + dt.timedelta(days=2)
    assert youth_sharing.family_goals(daan, now=later) == []
    # Telling the family about a link made earlier still works: it needs only their key.
    mine = daan.plan().goals[0]
    daan.save_goal(dataclasses.replace(mine, linked_family_goal_id=family.plan().goals[0].id[:8]))
    told = youth_sharing.youth_share(daan, ("link",), to_family=True, now=later)
    youth_links.import_links(family, told.bundle, now=later)
    assert youth_links.linked_by(family, family.plan().goals[0].id) == [daan.plan().owner_name]


# --- what the readers refuse ---------------------------------------------------------------

def test_a_youth_share_whose_version_is_true_is_refused(daan, begeleider, paired):
    """The spec asks for a whole number; Python's bool is an int, so it slipped through."""
    payload = youth_payload(daan.plan(), ("goals",), language="nl", version=True)
    data = seal("share", payload, daan.opened.identity(daan.plan().owner_name),
                to=me_of(begeleider).public(), expires=NOW + dt.timedelta(days=9), now=NOW)
    with pytest.raises(SharePayloadError) as refused:
        viewer.receive(begeleider, data, now=NOW)
    assert refused.value.outcome == "payload-failure"
    assert viewer.received_shares(begeleider, now=NOW) == []


def _tell_family(daan, family, goal_index: int, now=NOW) -> None:
    """Daan links his first goal to a family goal and tells the family, from his own app."""
    goals_share = sharing.share(family, Scope.preset("goals"), now=now)
    viewer.receive(daan.opened, goals_share.bundle, passcode=goals_share.passcode, now=now)
    short_id = family.plan().goals[goal_index].id[:8]
    daan.save_goal(dataclasses.replace(daan.plan().goals[0], linked_family_goal_id=short_id))
    told = youth_sharing.youth_share(daan, ("link",), to_family=True, now=now)
    youth_links.import_links(family, told.bundle, now=now)


def _forged_link_news(daan, family, goal_index: int) -> bytes:
    """Link news for Daan's plan with a higher version, made by someone who knows the
    family's public keys and household id but not Daan's keys."""
    plan = daan.plan()
    goal = dataclasses.replace(plan.goals[0],
                               linked_family_goal_id=family.plan().goals[goal_index].id[:8])
    forged = dataclasses.replace(plan, goals=[goal])
    payload = youth_payload(forged, ("link",), language="", version=daan.version + 50,
                            household_id=family.plan().household.id)
    return seal("share", payload, Identity.generate(plan.owner_name),
                to=family.opened.identity().public(), expires=NOW + dt.timedelta(days=9), now=NOW)


def test_link_news_signed_by_another_key_is_refused(daan, family):
    _tell_family(daan, family, 0)
    first, second = (g.id for g in family.plan().goals[:2])
    before = family.opened.vault.read_all()
    with pytest.raises(youth_links.NotFromThisYoungPerson) as refused:
        youth_links.import_links(family, _forged_link_news(daan, family, 1), now=NOW)
    said = translator("nl").gettext(refused.value.problem).format(**refused.value.params)
    assert daan.plan().owner_name in said and "{name}" not in said
    assert family.opened.vault.read_all() == before
    assert youth_links.linked_by(family, first) == [daan.plan().owner_name]
    assert youth_links.linked_by(family, second) == []
    # Daan's own newer news still counts.
    _tell_family(daan, family, 1)
    assert youth_links.linked_by(family, second) == [daan.plan().owner_name]
    assert youth_links.linked_by(family, first) == []


def test_link_news_kept_before_keys_were_bound_binds_the_next_senders_key(daan, family):
    _tell_family(daan, family, 0)
    links = family.opened.vault.records(youth_links.LINKS_TABLE)
    [doc] = links.all()
    with family.opened.vault.action():  # as an older app kept it: no key
        links.remove(plan_id=doc["plan_id"])
        links.add({k: v for k, v in doc.items() if k != "signing_key"})
    assert "signing_key" not in links.first(plan_id=doc["plan_id"])
    _tell_family(daan, family, 1)
    with pytest.raises(youth_links.NotFromThisYoungPerson):
        youth_links.import_links(family, _forged_link_news(daan, family, 0), now=NOW)
