"""What comes back from the begeleider: nothing enters the plan until the family accepts."""

from __future__ import annotations

import datetime as dt

import pytest

from family_app.sharing import returns, sharing, viewer
from family_app.plan.plan_book import PlanBook
from i18n import translator
from sync.bundle import seal
from sync.identity import Identity, PublicIdentity
from sync.share_payload import Scope


@pytest.fixture
def paired(de_vries, begeleider):
    """The De Vries family paired with Fatima, who received the current plan."""
    book = PlanBook(de_vries)
    now = dt.datetime.now(dt.timezone.utc)
    identity = seal("identity", {}, viewer._me(begeleider), expires=now + dt.timedelta(days=9), now=now)
    pairing = sharing.pair(book, sharing.read_identity(identity))
    shared = sharing.share(book, Scope.preset("current"), to=pairing.professional)
    return book, begeleider, viewer.receive(begeleider, shared.bundle)


def test_a_proposed_agreement_enters_the_plan_only_when_accepted(paired):
    book, begeleider, received = paired
    goal = book.plan().goals[0]
    seen = received.tables["goals"][0]["id"]  # the begeleider knows the goal by its short id
    assert seen == goal.id[:8]
    returns.add_item(begeleider, received.household_id, "agreement", goal_id=seen,
                     what="Elke vrijdag samen de week doornemen", due="2026-04-01")
    returns.add_item(begeleider, received.household_id, "log", text="Huisbezoek: goed gesprek",
                     log_kind="home_visit")
    sent = returns.send_return(begeleider, received)
    assert returns.drafts(begeleider, received.household_id) == []
    before = book.plan()
    items = returns.import_return(book, sent.bundle)
    assert [i["kind"] for i in items] == ["agreement", "log"]
    assert all(i["from_name"] == "Fatima El Amrani" for i in items)
    assert book.plan() == before  # an inbox is not the plan

    returns.accept(book, items[0]["item_id"])
    plan = book.plan()
    agreement = next(a for a in plan.agreements if a.what == "Elke vrijdag samen de week doornemen")
    professional = next(p for p in plan.professionals if p.name == "Fatima El Amrani")
    assert agreement.who == [professional.id] and agreement.goal_id == goal.id
    change = next(c for c in book.history() if c.record_id == agreement.id)
    assert change.by == "Fatima El Amrani"

    returns.decline(book, items[1]["item_id"])
    assert not any("goed gesprek" in e.text for e in book.plan().log)
    assert returns.inbox(book) == []
    assert {i["status"] for i in returns.inbox(book, None)} == {"accepted", "declined"}


def test_importing_the_same_return_twice_changes_nothing(paired):
    book, begeleider, received = paired
    returns.add_item(begeleider, received.household_id, "evaluation_date", date="2026-05-01")
    sent = returns.send_return(begeleider, received)
    assert len(returns.import_return(book, sent.bundle)) == 1
    assert returns.import_return(book, sent.bundle) == []
    assert len(returns.inbox(book)) == 1


def test_a_reworded_goal_and_a_planned_evaluation(paired):
    book, begeleider, received = paired
    goal = book.plan().goals[1]
    returns.add_item(begeleider, received.household_id, "goal_text",
                     goal_id=received.tables["goals"][1]["id"],
                     text="Ik ga elke dag naar school")
    returns.add_item(begeleider, received.household_id, "evaluation_date", date="2026-05-01")
    for item in returns.import_return(book, returns.send_return(begeleider, received).bundle):
        returns.accept(book, item["item_id"])
    plan = book.plan()
    assert plan.goal(goal.id).text == "Ik ga elke dag naar school"
    assert dt.date(2026, 5, 1) in [e.planned for e in plan.evaluations]


def test_a_proposal_about_a_goal_removed_since_is_refused_and_can_be_declined(paired):
    book, begeleider, received = paired
    goal = book.plan().goals[2]
    returns.add_item(begeleider, received.household_id, "goal_comment",
                     goal_id=received.tables["goals"][2]["id"], text="Mooi gedaan")
    [item] = returns.import_return(book, returns.send_return(begeleider, received).bundle)
    book.remove("goals", goal.id)
    before = book.plan()
    with pytest.raises(returns.GoalGone) as raised:
        returns.accept(book, item["item_id"])
    assert raised.value.problem and book.plan() == before
    returns.decline(book, item["item_id"])
    assert returns.inbox(book) == []


def test_a_return_from_someone_not_paired_is_refused(paired):
    book, begeleider, received = paired
    stranger = Identity.generate("Onbekend", "Nergens")
    family = PublicIdentity.from_dict(received.sender)
    bundle = seal("return", {1: received.household_id, 2: [{"kind": "log", "text": "Hallo"}]},
                  stranger, to=family, expires=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=9))
    with pytest.raises(returns.NotFromPairedBegeleider):
        returns.import_return(book, bundle)
    assert returns.inbox(book) == []


def test_an_item_needs_its_text():
    with pytest.raises(Exception) as caught:
        returns.add_item(None, "h", "agreement", goal_id="g", what="  ")
    assert caught.value.field == "what"


def _sealed_return(begeleider, received, items) -> bytes:
    """A genuine return from the paired begeleider around any items (a careless or newer
    writer's): signed by Fatima's own keys, to the family's."""
    return seal("return", {1: received.household_id, 2: items}, viewer._me(begeleider),
                to=PublicIdentity.from_dict(received.sender),
                expires=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=9))


@pytest.mark.parametrize("items", [
    "Hallo",  # key 2 is no list: this used to crash with a TypeError
    {"kind": "log", "text": "Hallo"},
    [{"kind": "agreement", "goal_id": "0a1b2c3d"}],  # an agreement needs "what"
    [{"kind": "log", "text": 7}],
    [{"kind": "evaluation_date", "date": "2026-02-30"}],  # no such day
    [{"kind": "log", "text": "Hallo", "log_kind": "visit"}],
    [{"kind": "log", "text": "Goed"}, {"kind": "goal_text", "goal_id": "0a1b2c3d"}],
], ids=["text", "map", "no-what", "text-number", "no-day", "log-kind", "one-bad-item"])
def test_a_return_that_breaks_the_spec_is_refused_and_nothing_is_kept(paired, items):
    book, begeleider, received = paired
    before = book.opened.vault.read_all()
    with pytest.raises(returns.BadReturn) as refused:
        returns.import_return(book, _sealed_return(begeleider, received, items))
    assert refused.value.outcome == "payload-failure"
    said = translator("nl").gettext(refused.value.problem)
    assert said != refused.value.problem and "begeleider" in said  # the family's own words
    assert book.opened.vault.read_all() == before  # no inbox item, not even "seen"


def test_items_of_a_kind_the_app_does_not_know_are_left_out(paired):
    book, begeleider, received = paired
    items = [{"kind": "video_call", "at": 3}, "no map", {"kind": "log", "text": "Bel me"}]
    [item] = returns.import_return(book, _sealed_return(begeleider, received, items))
    assert item["kind"] == "log" and item["text"] == "Bel me"
