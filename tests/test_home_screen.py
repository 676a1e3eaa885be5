"""The family's home, built without a browser: what it shows first, what it leaves one tap
away, what a screen reader finds on a goal card, and where back leads (docs/decisions.md,
"Home: what a parent needs first")."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import flet as ft
import pytest

from family_app.clock import fixed
from family_app.domain import Score
from family_app.plan import plan_overview
from family_app.plan.plan_book import PlanBook
from family_app.screens.context import ScreenContext
from family_app.screens.plan.score_chart import LABEL_SIZE, date_labels, score_chart
from family_app.screens.router import route
from i18n import translator

from tests.helpers.screens import FakePage, find

NOW = dt.datetime(2026, 12, 1, 9, 0).astimezone()  # the scenario's dates have all passed


@pytest.fixture
def ctx(de_vries):
    de_vries.now = fixed(NOW)
    return ScreenContext(page=FakePage(), device=de_vries, tr=translator("en"), router=route,
                         opened=de_vries)


def walk(control):
    yield control
    for name in ("controls", "content", "title", "subtitle", "leading", "trailing"):
        child = getattr(control, name, None)
        for item in child if isinstance(child, list) else [child]:
            if item is not None and hasattr(item, "__dict__"):
                yield from walk(item)


def keys(control) -> set[str]:
    return {str(c.key) for c in walk(control) if getattr(c, "key", None)}


def texts(control) -> list[str]:
    """Every text, without the marks that keep the family's words in their own direction."""
    return [c.value.strip("\u2068\u2069") for c in walk(control)
            if isinstance(getattr(c, "value", None), str)]


def go_back(ctx: ScreenContext, view: ft.View) -> str:
    """Tap the title bar's back arrow; the route of the screen it leads to."""
    find(view.appbar.leading, "back").on_click()
    return ctx.page.views[-1].route


def test_home_shows_what_is_due_what_changed_and_the_goals_and_the_rest_one_tap_away(ctx):
    home = route(ctx, "home")
    shown = keys(home)
    assert {"members", "plan-parts", "next-evaluation", "all-goals", "share", "new-keys"} <= shown
    assert not {k for k in shown if k.startswith("section-")}, "the tiles live in plan_parts"
    parts = keys(route(ctx, "plan_parts"))
    tables = ("goals", "agreements", "network", "professionals", "safety", "log", "evaluations",
              "trajectory", "members", "history", "inbox", "devices", "shares", "closure")
    assert {f"section-{t}" for t in tables} <= parts


def test_closing_the_plan_is_not_offered_on_home_while_goals_are_open(ctx):
    assert "home-closure" not in keys(route(ctx, "home"))
    book = PlanBook(ctx.opened)
    for goal in book.plan().goals:
        book.save("goals", replace(goal, status="achieved"))
    assert "home-closure" in keys(route(ctx, "home"))


def test_the_evaluations_offer_closing_once_one_was_held(ctx):
    evaluations = route(ctx, "section", table="evaluations")
    assert "closure" in keys(evaluations)  # the scenario held one in January


def test_a_goal_card_is_one_button_named_by_its_goal_its_score_and_one_thing_to_do(ctx):
    home = route(ctx, "home")
    plan = PlanBook(ctx.opened).plan()
    assert not [c for c in walk(home) if isinstance(c, ft.ProgressBar)]
    for goal in plan.goals:
        if goal.status in plan_overview.FINISHED:
            continue
        card = find(home, f"home-goal-{goal.id}")
        assert card.on_click is not None
        words = texts(card)
        assert any(goal.text in w for w in words)
        last = plan_overview.last_score(goal)
        assert (f"{last.score} of 10" if last else "No check-in yet") in words
        warnings = [w for w in words if w in ("Date passed: reached, or a new date?",
                                              "Time for a check-in")]
        assert len(warnings) == 1  # every scenario goal is past its date: one warning, not two


def test_the_family_is_one_button_that_says_who_is_in_it(ctx):
    members = find(route(ctx, "home"), "members")
    *first, last = [m.name for m in PlanBook(ctx.opened).plan().members]
    names = ", ".join(first) + ", and " + last  # as English lists names
    assert members.on_click is not None and {"Our family", names} <= set(texts(members))


def test_back_from_a_goal_leads_where_it_was_opened(ctx):
    goal = PlanBook(ctx.opened).plan().goals[0]
    opened_on_home = route(ctx, "goal", goal_id=goal.id, back=("home", {}))
    assert go_back(ctx, opened_on_home) == "/home"
    # A check-in or a form comes back to the goal without saying from where: still home.
    assert go_back(ctx, route(ctx, "goal", goal_id=goal.id)) == "/home"
    # Opened from the goal list, back leads to the list, and from there home.
    goals = route(ctx, "section", table="goals", back=("home", {}))
    find(goals, f"record-{goal.id}").on_click()
    assert go_back(ctx, ctx.page.views[-1]) == "/section-goals"


def test_a_part_opened_from_the_whole_plan_goes_back_there(ctx):
    safety = route(ctx, "section", table="safety", back=("plan_parts", {}))
    assert go_back(ctx, safety) == "/plan_parts"
    # Back on the list after comparing (which does not say from where): still the whole plan.
    assert go_back(ctx, route(ctx, "section", table="safety")) == "/plan_parts"
    assert go_back(ctx, route(ctx, "plan_parts")) == "/home"


def test_an_evaluation_whose_date_passed_says_it_still_has_to_be_held(ctx):
    evaluations = route(ctx, "section", table="evaluations")
    words = texts(evaluations)
    assert "Its date has passed: it still has to be held" in words and "Planned" not in words
    home = route(ctx, "home")
    assert "The evaluation of Mar 3, 2026 has not been held yet" in texts(home)


@pytest.mark.parametrize("count, shown", [(1, [0]), (3, [0, 1, 2]), (4, [0, 1, 2, 3]),
                                          (10, [0, 3, 6, 9])])
def test_the_chart_dates_the_first_and_last_check_in_and_at_most_four(ctx, count, shown):
    scores = [Score(date=dt.date(2026, 1, 1) + dt.timedelta(weeks=i), score=i % 11)
              for i in range(count)]
    assert [label.value for label in date_labels(ctx, scores)] == shown
    chart = find(score_chart(ctx, scores), "score-chart").controls[1].content
    assert [label.value for label in chart.left_axis.labels] == [0, 5, 10]
    sizes = {label.label.size for axis in (chart.left_axis, chart.bottom_axis) for label in axis.labels}
    assert sizes == {LABEL_SIZE} and LABEL_SIZE >= 14
    assert chart.min_x < 0 < count - 1 + 0.5 <= chart.max_x  # room beside the corner's 0
