"""The family shares: with whom, what, for how long — three short questions on one screen,
with "Make the code" in view on a phone. Which goals go along is one tap away: all of them,
unless the family chooses."""

from __future__ import annotations


import flet as ft

from family_app.relay import to_begeleider
from family_app.sharing import sharing
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import (Message, busy_note, paragraph, primary_button, screen,
                                       secondary_button)
from family_app.screens.context import ScreenContext
from family_app.screens.folder_form import put_in_folder
from family_app.screens.forms import check_option, checked_values, choice_group
from family_app.screens.labels import share_preset_labels
from family_app.screens.sharing.share_choices import (days_choice, pair_button, question,
                                                      recipients_choice)


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    plan = book.plan()
    message = Message()
    what = choice_group("current", share_preset_labels(ctx), "what")
    goal_boxes = [check_option(g.text, True, g.id, f"share-goal-{g.id}") for g in plan.goals]
    professionals = sharing.paired(plan)
    whom = recipients_choice(ctx, professionals)
    days = days_choice(ctx, whom)

    def goals_summary() -> str:
        chosen, total = len(checked_values(goal_boxes)), len(goal_boxes)
        if chosen == total:
            return _("All goals ({n})").format(n=total)
        return _("Chosen: {n} of {total}").format(n=chosen, total=total)

    summary = ft.Text(goals_summary(), size=15)

    def goals_opened_or_closed(_event=None):
        summary.value = goals_summary()

    which_goals = ft.ExpansionTile(
        title=ft.Text(_("Which goals?"), size=16, weight=ft.FontWeight.W_500), subtitle=summary,
        controls=goal_boxes, on_change=goals_opened_or_closed, key="which-goals",
        tile_padding=ft.Padding.symmetric(horizontal=0), min_tile_height=48,
        expanded_cross_axis_alignment=ft.CrossAxisAlignment.START,
        visible=bool(goal_boxes))

    def make_share():
        """The share as chosen (in the consent log), or None when a goal must be chosen."""
        chosen_goals = tuple(checked_values(goal_boxes))
        if not chosen_goals and plan.goals:
            message.say(_("Choose at least one goal to share."))
            return None
        scope = sharing.Scope.preset(
            what.value, None if len(chosen_goals) == len(plan.goals) else chosen_goals)
        to = next((p for p in professionals if p.id == whom.value), None)
        return sharing.share(book, scope, to=to, days=int(days.value),
                             in_person_name=_("Someone here with me"))

    def go_share(_event=None):
        result = make_share()
        if result is not None:
            ctx.draft["shared"] = result
            ctx.go("share_codes")

    # With a shared folder connected: the same share, into the folder (relay/to_begeleider.py).
    busy = busy_note(_("Putting it in the shared folder…"), key="folder-busy")

    async def share_into_folder(_event=None):
        message.clear()
        to = next((p for p in professionals if p.id == whom.value), None)
        if to is None:
            message.say(_("The shared folder is for your begeleider. Someone here with you "
                          "scans the code."))
            ctx.page.update()
            return
        result = make_share()
        if result is None:
            ctx.page.update()
            return
        await put_in_folder(ctx, message, busy, lambda: to_begeleider.put_share(book, result, to),
                            to.name)

    in_folder = [busy, secondary_button(_("Put in our shared folder"), ft.Icons.DRIVE_FOLDER_UPLOAD,
                                        share_into_folder, key="put-in-folder")
                 ] if professionals and to_begeleider.can_put(book) else []
    if professionals and not in_folder and ctx.opened.kind == "family":  # quietly: connect one
        in_folder = [ft.TextButton(_("Use a shared folder"), icon=ft.Icons.CLOUD_OUTLINED,
                                   on_click=lambda: ctx.go("relay", back="share"),
                                   key="use-folder")]

    # No begeleider paired yet: the way to pair, where the family looks for one.
    def pair(_event=None):
        ctx.draft["after_pairing"] = ("share", {})  # and then on with sharing
        ctx.go("scan", purpose="pair")

    pairing = [] if professionals else [pair_button(ctx, pair)]
    return screen(ctx, _("Share"), [
        paragraph(_("Only the person you choose can read it.")),
        question(_("With whom?"), whom, *pairing),
        question(_("What do you share?"), what, which_goals),
        question(_("For how long?"), days),
        message,
        primary_button(_("Make the code"), ft.Icons.QR_CODE, go_share, key="make-code"),
        *in_folder,
    ], back=lambda: ctx.go("home"), key="share")
