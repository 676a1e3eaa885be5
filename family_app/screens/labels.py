"""The family's words for the codes the app stores: one home for every code→label table.

A role, a circle, a section's table name, a goal status, a closure ending... is stored as
a code (family_app/domain/records.py) and shown in the reader's language. Every screen
reads these words from here, so no screen imports another for its labels
(tests/test_import_rules.py) and a word changes in one place. The tables the printed plan
shows too live in family_app/code_labels.py, which has no Flet.
"""

from __future__ import annotations

import flet as ft

from family_app import code_labels
from family_app.domain import DAYS

from family_app.screens.context import ScreenContext

# --- the plan's code lists -------------------------------------------------------------------


def role_labels(ctx: ScreenContext) -> dict[str, str]:
    return code_labels.role_labels(ctx._)


def circle_labels(ctx: ScreenContext) -> dict[str, str]:
    _ = ctx._
    return {"family": _("Family"), "friends": _("Friends"), "neighbourhood": _("Neighbourhood"),
            "school": _("School"), "work": _("Work"), "leisure": _("Free time")}


def domain_labels(ctx: ScreenContext) -> dict[str, str]:
    _ = ctx._
    return {"parenting": _("Raising the children"), "school_work": _("School or work"),
            "income_debts": _("Money and debts"), "housing": _("Housing"),
            "health": _("Health"), "daytime": _("Daytime activities"),
            "relations_network": _("Family, friends and contacts"), "safety": _("Safety")}


def status_labels(ctx: ScreenContext) -> dict[str, str]:
    return code_labels.status_labels(ctx._)


def day_labels(ctx: ScreenContext) -> dict[str, str]:
    _ = ctx._
    names = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
             _("Saturday"), _("Sunday")]
    return dict(zip(DAYS, names))


def log_kind_labels(ctx: ScreenContext) -> dict[str, str]:
    return code_labels.log_kind_labels(ctx._)


def section_titles(ctx: ScreenContext) -> dict[str, str]:
    """A table of the plan by its title (sections.py builds each section's form around it)."""
    return code_labels.section_titles(ctx._)


def decision_labels(ctx: ScreenContext) -> dict[str, str]:
    """What an evaluation decides for a goal."""
    _ = ctx._
    return {"keep": _("Keep going like this"), "adjust": _("Change the goal or the approach"),
            "reached": _("Reached!"), "let_go": _("Let it go")}


# --- the young person's plan -------------------------------------------------------------------


def youth_list_texts(ctx: ScreenContext) -> dict[str, tuple[ft.IconData, str, str]]:
    """Icon, title and a nudge for each of the young person's lists."""
    _ = ctx._
    return {
        "going_well": (ft.Icons.THUMB_UP, _("What goes well"), _("Something you are good at, or glad about?")),
        "worries": (ft.Icons.CLOUD, _("What bothers me"), _("What keeps you busy or worries you?")),
        "dreams": (ft.Icons.AUTO_AWESOME, _("My dreams"), _("What would you love to do or become?")),
        "talk_to_when_hard": (ft.Icons.FORUM, _("When things get hard, I talk to"),
                              _("Who can you go to? A friend, a coach, a helpline?")),
    }


# --- sharing and writing back ------------------------------------------------------------------


def share_preset_labels(ctx: ScreenContext) -> dict[str, str]:
    """What part of the family's plan a share holds."""
    _ = ctx._
    return {"current": _("Our current plan"), "everything": _("Everything"),
            "goals": _("Only goals and agreements")}


def youth_part_labels(ctx: ScreenContext) -> dict[str, str]:
    return code_labels.youth_part_labels(ctx._)


def return_kind_labels(ctx: ScreenContext) -> dict[str, str]:
    """What a begeleider writes back beside a family's shared plan."""
    _ = ctx._
    return {"log": _("A note about a visit or call"), "goal_comment": _("A comment on a goal"),
            "agreement": _("Propose an agreement"), "goal_text": _("Propose new words for a goal"),
            "evaluation_date": _("Propose an evaluation date"), "evaluation_note": _("Evaluation notes")}


# --- closing the plan --------------------------------------------------------------------------


def satisfaction_questions(ctx: ScreenContext) -> dict[str, str]:
    """Each satisfaction item as the closure wizard asks it."""
    _ = ctx._
    return {"help_overall": _("How do you rate the help you got, overall?"),
            "contact_begeleider": _("How do you rate the contact with your begeleider?"),
            "speed_of_start": _("How do you rate how fast the help started?"),
            "managing_again": _("How well can you take care of things yourselves again?"),
            "referral_support": _("How do you rate the support with the referral to other help?")}


def satisfaction_item_labels(ctx: ScreenContext) -> dict[str, str]:
    """The same items, numbered, as the begeleider's report names them."""
    _ = ctx._
    return {"help_overall": _("1. The help overall"), "contact_begeleider": _("2. Contact with the begeleider"),
            "speed_of_start": _("3. How fast the help started"), "managing_again": _("4. Managing on our own again"),
            "referral_support": _("5. Support with the referral")}


def ending_labels(ctx: ScreenContext) -> dict[str, str]:
    """How the help ended."""
    _ = ctx._
    return {"01": _("As planned: we did what we set out to do"),
            "02": _("Earlier than planned, and we agreed on that together"),
            "03": _("We stopped ourselves"),
            "04": _("The help stopped it"),
            "05": _("Something outside us changed (for example, we moved)")}


def score_line(ctx: ScreenContext, score) -> str:
    """One check-in in a list: "6 of 10 · 3 Nov". In words, so right-to-left text cannot
    turn "6 / 10" into "10 / 6"."""
    out_of_ten = ctx._("{score} of 10").format(score=score.score)
    return f"{out_of_ten} · {ctx.tr.format_date(score.date)}"
