"""The family's home answers what a parent needs first on opening: what is due, what
changed, and how our goals are going. The rest of the plan is one tap away, under "Our
whole plan" (plan_parts.py); docs/decisions.md says why."""

from __future__ import annotations

import asyncio
import datetime as dt

import flet as ft

from family_app.backup import reminder
from family_app.closure import closure
from family_app.household import household_conflicts
from family_app.plan import family_plan, plan_overview
from family_app.sharing import returns
from family_app.plan.plan_book import PlanBook
from family_app.relay import relay_setup, relay_sync
from i18n.problems import Problem

from family_app.screens.common import (Message, card_tile, family_text, hide_button,
                                       language_button, lock_button, new_keys_button, paragraph,
                                       rollback_banner, safety_button, screen, secondary_button,
                                       translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.plan.sections import sections
from family_app.screens.plan.way_back import HOME


def _title(text: str, icon: ft.IconData) -> ft.Control:
    return ft.Row([ft.Icon(icon, color=ft.Colors.TEAL_800),
                   ft.Text(text, size=18, weight=ft.FontWeight.BOLD, expand=True)])


def attention_chip(ctx: ScreenContext, attention: str | None) -> list[ft.Control]:
    """At most one warning per goal, in words that say what to do (plan_overview says which)."""
    if attention is None:
        return []
    _ = ctx._
    texts = {"past_date": _("Date passed: reached, or a new date?"),
             "no_check_in": _("Time for a check-in")}
    return [ft.Container(ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, size=18, color=ft.Colors.AMBER_900),
                                 ft.Text(texts[attention], size=15, expand=True)], spacing=6),
                         bgcolor=ft.Colors.AMBER_100, border_radius=12,
                         padding=ft.Padding.symmetric(horizontal=10, vertical=6))]


def score_bar(score: int) -> ft.Control:
    """The last check-in as a bar: a drawing only, so that a screen reader finds the card as
    one button with the score in words (a ProgressBar would make it a progress bar)."""
    parts = []
    if score > 0:
        parts.append(ft.Container(expand=score, height=10, bgcolor=ft.Colors.TEAL_600))
    if score < 10:
        parts.append(ft.Container(expand=10 - score, height=10, bgcolor=ft.Colors.TEAL_50))
    return ft.Container(ft.Row(parts, spacing=0), border_radius=5, expand=True,
                        clip_behavior=ft.ClipBehavior.ANTI_ALIAS)


def goal_card(ctx: ScreenContext, status: plan_overview.GoalStatus) -> ft.Control:
    """The goal in the family's words, the last check-in, and the one thing to do. The whole
    card is one button, named by the goal, its score in words and that thing."""
    last = status.last_score
    bar = ft.Row([score_bar(last.score), ft.Text(ctx._("{score} of 10").format(score=last.score), size=15)]
                 ) if last else ft.Text(ctx._("No check-in yet"), size=15, color=ft.Colors.GREY_800)
    body = ft.Column([family_text(status.goal.text), bar, *attention_chip(ctx, status.attention)],
                     spacing=8)
    return ft.Card(ft.Container(body, padding=14, ink=True, key=f"home-goal-{status.goal.id}",
                                on_click=lambda: ctx.go("goal", goal_id=status.goal.id, back=HOME)),
                   bgcolor=ft.Colors.AMBER_50 if status.attention else None)


def change_title(ctx: ScreenContext, change, titles: dict[str, str]) -> str:
    """A history line's record: its text, or its date (as history.py names it)."""
    try:
        return ctx.tr.format_date(dt.date.fromisoformat(change.label))
    except ValueError:
        return change.label or titles.get(change.table, change.table)


def what_is_due(ctx: ScreenContext, view: plan_overview.Overview, plan, today: dt.date) -> list[ft.Control]:
    """Agreements due within a week (late ones marked), and the evaluation."""
    _ = ctx._
    if not (view.due_this_week or view.next_evaluation or plan.goals):
        return []  # a plan just begun: nothing is due, and its first goal comes first
    people = plan.people()
    week: list[ft.Control] = [_title(_("This week"), ft.Icons.CHECKLIST)]
    for a in view.due_this_week:
        late = a.due < today
        who = ctx.tr.join(people.get(p, "?") for p in a.who)
        when = _("Too late") if late else _("By {date}").format(date=ctx.tr.format_date(a.due))
        week.append(card_tile(a.what, " · ".join(x for x in (when, who) if x), icon=ft.Icons.CHECKLIST,
                              highlight=late, key=f"due-{a.id}",
                              on_click=lambda _e=None, gid=a.goal_id: ctx.go("goal", goal_id=gid,
                                                                             back=HOME)))
    if not view.due_this_week:
        week.append(paragraph(_("Nothing is due this week.")))
    evaluation = view.next_evaluation
    late = bool(evaluation and plan_overview.evaluation_overdue(evaluation, today))
    if late:
        line = _("The evaluation of {date} has not been held yet").format(
            date=ctx.tr.format_date(evaluation.planned))
    elif evaluation:
        line = _("Next evaluation: {date}").format(date=ctx.tr.format_date(evaluation.planned))
    else:
        line = _("No evaluation planned yet.")
    week.append(card_tile(line, _("Hold it now, or choose a new date") if late else "",
                          icon=ft.Icons.EVENT_AVAILABLE, key="next-evaluation", highlight=late,
                          on_click=lambda: ctx.go("section", table="evaluations", back=HOME)))
    return week


def what_changed(ctx: ScreenContext, book: PlanBook) -> list[ft.Control]:
    """News that waits for an answer first, then the plan's latest change; nothing when there
    is nothing to tell."""
    _ = ctx._
    news: list[ft.Control] = []
    waiting = len(returns.inbox(book))
    if waiting:
        news.append(card_tile(_("From the begeleider"), ctx.tr.ngettext(
            "{n} waiting", "{n} waiting", waiting).format(n=waiting), icon=ft.Icons.INBOX,
            highlight=True, key="home-inbox", on_click=lambda: ctx.go("inbox")))
    to_choose = len(household_conflicts.open_conflicts(book))
    if to_choose:
        news.append(card_tile(_("Our devices"), ctx.tr.ngettext(
            "{n} change to choose between", "{n} changes to choose between", to_choose).format(n=to_choose),
            icon=ft.Icons.DEVICES, highlight=True, key="home-devices", on_click=lambda: ctx.go("devices")))
    latest = book.latest_change()
    if latest:
        sentences = {"added": _("{who} added this"), "changed": _("{who} changed this"),
                     "removed": _("{who} removed this")}
        titles = {table: s.title for table, s in sections(ctx).items()}
        news.append(card_tile(
            change_title(ctx, latest, titles),
            " · ".join((sentences[latest.action].format(who=latest.by or _("Someone")),
                        ctx.tr.format_date(latest.at.date()))),
            icon=ft.Icons.HISTORY, key="home-history", on_click=lambda: ctx.go("history")))
    return [_title(_("What changed"), ft.Icons.HISTORY), *news] if news else []


def how_goals_go(ctx: ScreenContext, view: plan_overview.Overview, plan) -> list[ft.Control]:
    """A card per open goal, the way to all goals, and closing the plan once it makes sense."""
    _ = ctx._
    goals: list[ft.Control] = [_title(_("How our goals are going"), ft.Icons.FLAG)]
    open_goals = [s for s in view.goals if s.goal.status not in plan_overview.FINISHED]
    goals += [goal_card(ctx, status) for status in open_goals]
    finished = len(view.goals) - len(open_goals)
    if finished:
        goals.append(paragraph(ctx.tr.ngettext("{n} goal reached or let go.",
                                               "{n} goals reached or let go.", finished).format(n=finished)))
    if not view.goals:
        goals.append(paragraph(sections(ctx)["goals"].first_step))
    goals.append(secondary_button(_("Our goals"), ft.Icons.FLAG, key="all-goals",
                                  on_click=lambda: ctx.go("section", table="goals", back=HOME)))
    # Only when every goal is reached or let go; until then closing the plan waits in "Our
    # whole plan" and under the evaluations.
    if view.goals and not open_goals and not plan.trajectory.closed:
        goals.append(card_tile(_("Closing the plan"), _("Every goal is reached or let go. Is the help done?"),
                               icon=ft.Icons.FLAG_CIRCLE, key="home-closure",
                               on_click=lambda: ctx.go("closure_wizard", step=0)))
    return goals


def backup_reminder(ctx: ScreenContext) -> list[ft.Control]:
    """One quiet line: when the last backup was made; after 30 days without one, a gentle
    question (backup/reminder.py). A tap opens "Save a backup"."""
    _ = ctx._
    status = reminder.status(ctx.opened, ctx.today())
    if status.last is None:
        line = (_("Your plan has no backup yet. Save one now?") if status.nudge
                else _("No backup made yet"))
    else:
        day = ctx.tr.format_date(status.last)
        line = (_("Your last backup is from {date}. Time for a new one?") if status.nudge
                else _("Last backup: {date}")).format(date=day)
    return [ft.ListTile(leading=ft.Icon(ft.Icons.SAVE_ALT, color=ft.Colors.TEAL_700),
                        title=ft.Text(line, size=15, color=ft.Colors.GREY_800),
                        on_click=lambda: ctx.go("backup_save", back="home"),
                        key="backup-reminder")]


def closed_banner(ctx: ScreenContext, plan) -> list[ft.Control]:
    if not plan.trajectory.closed:
        return []

    def reopen(_event=None):
        closure.reopen(PlanBook(ctx.opened))
        ctx.go("home")
    return [ft.Container(ft.Column([
        ft.Row([ft.Icon(ft.Icons.FLAG_CIRCLE, color=ft.Colors.TEAL_800),
                ft.Text(ctx._("Our plan was closed on {date}.").format(
                    date=ctx.tr.format_date(plan.trajectory.closed)), size=16, expand=True)]),
        ft.TextButton(ctx._("Open our plan again"), icon=ft.Icons.REPLAY, on_click=reopen, key="reopen")]),
        bgcolor=ft.Colors.TEAL_50, border_radius=8, padding=12, key="closed-banner")]


SYNC_ON_OPEN = "sync_on_open"  # a draft flag: the lock screen has just opened the plan


def sync_on_open(ctx: ScreenContext, book: PlanBook, view: ft.View, message: Message) -> None:
    """One "Sync now" through the shared folder right after unlocking, behind home and never
    in its way: what came in shows by building home again; a failure is said where "Sync
    now" is, in the same words as there (relay/errors.py). Nothing is lost either way."""
    opened = ctx.opened

    def still_here() -> bool:
        return ctx.opened is opened and bool(ctx.page.views) and ctx.page.views[-1] is view

    async def run():
        try:
            result = await asyncio.to_thread(relay_sync.sync_now, book)
        except Problem as error:
            if still_here():
                message.say(translated_problem(ctx, error))
                ctx.page.update()
            return
        except Exception:
            if ctx.opened is opened:
                raise
            return  # locked meanwhile: its vault closed under the sync, which is tried next time
        if result is not None and (result.changed or result.returns) and still_here():
            ctx.go("home")

    ctx.page.run_task(run)


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    linked = relay_setup.connected(book)
    sync_message = Message(key="home-sync-message")
    plan = book.plan(parts=family_plan.HOME_PARTS)  # read once per screen, without the log
    summary = family_plan.summarize(plan)
    today = ctx.today()
    overview = plan_overview.overview(plan, today,
                                      plan_overview.first_saved(book.history(table="goals")))
    # One button, named "Our family" and who is in it: the people, one by one, are a tap away.
    members = card_tile(_("Our family"), ctx.tr.join(m.name for m in summary.members),
                        icon=ft.Icons.FAMILY_RESTROOM, key="members",
                        on_click=lambda: ctx.go("section", table="members", back=HOME))
    whole_plan = card_tile(_("Our whole plan"), _("Agreements, people, logbook and more"),
                           icon=ft.Icons.MENU_BOOK, key="plan-parts",
                           on_click=lambda: ctx.go("plan_parts"))
    view = screen(ctx, "Ons Plan", [  # the name of the app, not translated
        *rollback_banner(ctx),
        *closed_banner(ctx, plan),
        family_text(summary.household_name, size=24, weight=ft.FontWeight.BOLD, key="household-name"),
        members,
        whole_plan,
        *([secondary_button(_("Sync now"), ft.Icons.SYNC, lambda: ctx.go("relay", sync=True),
                            key="sync-now"), sync_message] if linked else []),
        *what_is_due(ctx, overview, plan, today),
        *what_changed(ctx, book),
        *how_goals_go(ctx, overview, plan),
        ft.FilledTonalButton(_("Share with a begeleider"), icon=ft.Icons.SHARE, height=56,
                             on_click=lambda: ctx.go("share"), key="share"),
        secondary_button(_("Print our plan"), ft.Icons.PRINT, lambda: ctx.go("print_plan"),
                         key="print-plan"),
        new_keys_button(ctx),
        *backup_reminder(ctx),
    ], actions=[language_button(ctx, then=("home", {})), safety_button(ctx), hide_button(ctx),
                lock_button(ctx)], key="home")
    if ctx.draft.pop(SYNC_ON_OPEN, False) and linked:
        sync_on_open(ctx, book, view, sync_message)
    return view
