"""The family's inbox: notes and proposals from the begeleider, to accept or decline."""

from __future__ import annotations

import flet as ft

from family_app.sharing import returns
from family_app.plan.plan_book import PlanBook
from i18n.problems import Problem

from family_app.screens.common import (Message, family_text, paragraph, primary_button, screen,
                                       secondary_button, translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.labels import return_kind_labels


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    plan = book.plan()
    goals = {g.id: g.text for g in plan.goals}
    labels = return_kind_labels(ctx)

    message = Message()

    def answer(item_id: str, yes: bool):
        def handler(_event=None):
            try:
                (returns.accept if yes else returns.decline)(book, item_id)
            except Problem as error:
                message.say(translated_problem(ctx, error))
                ctx.page.update()
                return
            ctx.go("inbox")
        return handler

    cards = []
    for item in returns.inbox(book):
        lines = [goals.get(item.get("goal_id"), ""), item.get("text") or item.get("what") or "",
                 item.get("date") or item.get("due") or ""]
        cards.append(ft.Card(ft.Container(ft.Column([
            ft.Text(_("{name} proposes:").format(name=item["from_name"]), size=14,
                    color=ft.Colors.GREY_800),
            ft.Text(labels[item["kind"]], size=17, weight=ft.FontWeight.BOLD),
            *[family_text(line, size=16) for line in lines if line],
            ft.Row([ft.FilledButton(_("Accept"), icon=ft.Icons.CHECK, on_click=answer(item["item_id"], True),
                                    key=f"accept-{item['item_id']}", height=48),
                    ft.OutlinedButton(_("Decline"), icon=ft.Icons.CLOSE,
                                      on_click=answer(item["item_id"], False),
                                      key=f"decline-{item['item_id']}", height=48)], wrap=True),
        ], spacing=6), padding=14)))
    return screen(ctx, _("From the begeleider"), [
        paragraph(_("Your begeleider can send notes and proposals. You decide what goes into your plan.")),
        primary_button(_("Scan the begeleider's code"), ft.Icons.QR_CODE_SCANNER,
                       lambda: ctx.go("scan", purpose="return"), key="scan-return"),
        # The same scanner takes a young person's news that a goal of theirs is linked.
        secondary_button(_("Scan your child's code"), ft.Icons.LINK,
                         lambda: ctx.go("scan", purpose="return"), key="scan-child"),
        message,
        *(cards or [paragraph(_("Nothing waiting for you."), key="inbox-empty")]),
    ], back=lambda: ctx.go("home"), key="inbox")
