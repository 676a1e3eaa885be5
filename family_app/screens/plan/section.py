"""One section of the plan as a list: each record a card, an add button, and a first step
while it is still empty. A few sections add a view of their own above the list. Back leads
where the section was opened from: home, or "Our whole plan" (way_back.py)."""

from __future__ import annotations

import datetime as dt

import flet as ft

from family_app.plan import plan_overview
from family_app.plan.plan_book import PlanBook

from family_app.screens.common import (card_tile, icon_button, paragraph, primary_button, screen,
                                       secondary_button)
from family_app.screens.context import ScreenContext
from family_app.screens.plan.network_flower import flower
from family_app.screens.plan.way_back import HOME, way_back
from family_app.screens.plan.sections import sections

NEWEST_FIRST = {"safety": "date", "log": "date", "evaluations": "planned"}
EARLIEST_FIRST = {"agreements": lambda a: (a.done, a.due or dt.date.max)}


def contact_buttons(ctx: ScreenContext, record) -> ft.Control | None:
    """Call or mail someone straight from the list: the phone opens its own app."""
    phone, email = getattr(record, "phone", ""), getattr(record, "email", "")
    if not (phone or email):
        return None
    buttons = []
    if phone:
        number = "".join(c for c in phone if c.isdigit() or c == "+")
        buttons.append(icon_button(ft.Icons.PHONE, url=f"tel:{number}", key=f"call-{record.id}",
                                     tooltip=ctx._("Call {name}").format(name=record.name)))
    if email:
        buttons.append(icon_button(ft.Icons.EMAIL, url=f"mailto:{email}", key=f"mail-{record.id}",
                                     tooltip=ctx._("E-mail {name}").format(name=record.name)))
    return ft.Row(buttons, tight=True, spacing=0)


def build(ctx: ScreenContext, *, table: str, back: tuple[str, dict] | None = None) -> ft.View:
    _ = ctx._
    section = sections(ctx)[table]
    plan = PlanBook(ctx.opened).plan()
    back_to, back_params = way_back(ctx, "section", table, back, HOME)
    here = ("section", {"table": table})  # back leads on from here as remembered
    records = list(getattr(plan, table))
    if table in NEWEST_FIRST:
        records.sort(key=lambda r: getattr(r, NEWEST_FIRST[table]), reverse=True)
    if table in EARLIEST_FIRST:
        records.sort(key=EARLIEST_FIRST[table])
    target = "goal" if table == "goals" else "record_form"

    def open_record(record_id: str):
        if target == "goal":
            return lambda: ctx.go("goal", goal_id=record_id, back=here)
        return lambda: ctx.go("record_form", table=table, record_id=record_id)

    today = ctx.today()

    def late(record) -> bool:
        if table == "agreements":
            return plan_overview.is_overdue(record, today)
        return table == "evaluations" and plan_overview.evaluation_overdue(record, today)

    cards = []
    for record in records:
        title, subtitle = section.summary(record, plan)
        cards.append(card_tile(title, subtitle, icon=section.icon, on_click=open_record(record.id),
                               key=f"record-{record.id}", trailing=contact_buttons(ctx, record),
                               highlight=late(record)))
    header: list[ft.Control] = []
    if table == "members":
        household = plan.household
        header.append(card_tile(_("Address and GP"),
                                "\n".join(x for x in (household.address, household.gp_name) if x)
                                if household else "", icon=ft.Icons.HOME,
                                on_click=lambda: ctx.go("record_form", table="household", back=here),
                                key="household"))
    if table == "network":
        header.append(paragraph(_("Who is important to you? Who may think along with you? "
                                  "Who should be at the conversation?")))
        header.append(flower(ctx, plan_overview.people_by_circle(plan)))
    if table == "safety" and len(records) >= 2:
        header.append(ft.OutlinedButton(_("Compare the last two"), icon=ft.Icons.COMPARE_ARROWS,
                                        on_click=lambda: ctx.go("safety_compare"), key="compare",
                                        height=56))
    if table == "professionals":
        def pair(_event=None):
            ctx.draft.pop("after_pairing", None)  # back here, not to an abandoned share
            ctx.go("scan", purpose="pair")
        header.append(ft.OutlinedButton(_("Pair with a begeleider"), icon=ft.Icons.QR_CODE_SCANNER,
                                        on_click=pair, key="pair", height=56))
    if table == "evaluations":
        header.append(primary_button(_("Hold an evaluation now"), ft.Icons.RATE_REVIEW,
                                     lambda: ctx.go("evaluate", step=0), key="hold-evaluation"))
    footer: list[ft.Control] = []
    if table == "evaluations" and plan_overview.last_held_evaluation(plan) and not plan.trajectory.closed:
        # After an evaluation was held, the family may find that the help is done.
        footer.append(secondary_button(_("Closing the plan"), ft.Icons.FLAG_CIRCLE,
                                       lambda: ctx.go("closure_wizard", step=0), key="closure"))
    empty = [paragraph(section.first_step, key="empty")] if not records else []
    add = primary_button(section.add_label, ft.Icons.ADD,
                         lambda: ctx.go("record_form", table=table), key="add")
    return screen(ctx, section.title, [*header, *empty, add, *cards, *footer],
                  back=lambda: ctx.go(back_to, **back_params), key=f"section-{table}")
