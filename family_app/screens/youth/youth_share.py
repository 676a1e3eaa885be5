"""A young person shares on their own: what, with whom, how long; and their family's goals."""

from __future__ import annotations

import flet as ft

from family_app.youth import youth_sharing
from family_app.youth.youth_book import YouthBook

from family_app.screens.common import (Message, heading, paragraph, primary_button, screen,
                                       secondary_button)
from family_app.screens.context import ScreenContext
from family_app.screens.forms import check_option, checked_values
from family_app.screens.labels import youth_part_labels
from family_app.screens.sharing.share_choices import (days_choice, pair_button, question,
                                                      recipients_choice)


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    book = YouthBook(ctx.opened)
    plan = book.plan()
    message = Message()
    labels = youth_part_labels(ctx)
    parts = [check_option(labels[p], p == "goals", p, f"part-{p}")
             for p in ("goals", "lists", "trusted_person", "talk_to")]
    professionals = youth_sharing.paired(book)
    whom = recipients_choice(ctx, professionals)
    days = days_choice(ctx, whom, youth=True)

    def show_codes(result, to: str = "begeleider"):
        ctx.draft["shared"] = result
        ctx.go("share_codes", to=to)

    def go_share(_event=None):
        chosen = tuple(checked_values(parts))
        if not chosen:
            message.say(_("Choose at least one part to share."))
            ctx.page.update()
            return
        to = next((p for p in professionals if p.id == whom.value), None)
        show_codes(youth_sharing.youth_share(book, chosen, to=to,
                                             days=int(days.value),
                                             in_person_name=_("Someone here with me")))

    family_goals = youth_sharing.family_goals(book)
    linked = [g for g in plan.goals if g.linked_family_goal_id]
    family_part: list[ft.Control] = [heading(_("My family"))]
    if family_goals:
        family_part.append(paragraph(ctx.tr.ngettext(
            "You know {n} goal of your family. Open one of your goals to link it.",
            "You know {n} goals of your family. Open one of your goals to link it.",
            len(family_goals)).format(n=len(family_goals))))
    else:
        family_part.append(paragraph(_("Want to link one of your goals to a family goal? "
                                       "Ask your parents to share their goals with you, then scan "
                                       "their code.")))
    family_part.append(secondary_button(_("Scan my family's goals"), ft.Icons.QR_CODE_SCANNER,
                                        lambda: ctx.go("scan", purpose="family_goals"),
                                        key="scan-family-goals"))
    if linked and youth_sharing.family_identity(book):
        family_part += [
            paragraph(_("Your family only sees that a goal is linked if you tell them, "
                        "never what your goal says.")),
            secondary_button(_("Tell my family about my links"), ft.Icons.LINK,
                             lambda: show_codes(youth_sharing.youth_share(
                                 book, ("link",), to_family=True),
                                 to="family"), key="tell-family")]

    return screen(ctx, _("Share"), [
        paragraph(_("Your plan is yours. You choose what you share, with whom, and for how long. "
                    "Your parents do not see what you share.")),
        question(_("What do you share?"), *parts),
        question(_("With whom?"), whom, pair_button(ctx, lambda: ctx.go("scan", purpose="pair"))),
        question(_("For how long?"), days),
        message,
        primary_button(_("Make the code"), ft.Icons.QR_CODE, go_share, key="make-code"),
        secondary_button(_("Shared with"), ft.Icons.HISTORY, lambda: ctx.go("consent_log"),
                         key="consent-log"),
        *family_part,
    ], back=lambda: ctx.go("home"), key="youth_share")
