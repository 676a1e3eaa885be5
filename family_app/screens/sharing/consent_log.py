"""Who has seen what, until when: every share the family made, and a way to take it back."""

from __future__ import annotations

import flet as ft

from family_app.bundles import lifetimes
from family_app.printing.plan_paper import PAPER
from family_app.sharing import sharing
from family_app.youth import youth_sharing
from family_app.plan.plan_book import PlanBook
from family_app.youth.youth_book import YouthBook

from family_app.screens.common import (card_tile, confirm, icon_button, paragraph,
                                       primary_button, screen)
from family_app.screens.context import ScreenContext
from family_app.screens.labels import section_titles, youth_part_labels


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    # A young person's consent log is their own, in their own vault.
    youth = ctx.opened.profile.kind == "youth"
    if youth:
        book = YouthBook(ctx.opened)
        records, take_back = youth_sharing.shares(book), youth_sharing.take_back
        titles = youth_part_labels(ctx) | {"closures": _("Closure report"), "names": _("with my name")}
    else:
        book = PlanBook(ctx.opened)
        records, take_back = book.plan().shares, sharing.revoke
        titles = section_titles(ctx) | {
            "closures": _("Closure report"), "names": _("with our names")}
    today = ctx.today()

    def revoke(share_id: str):
        def really():
            result = take_back(book, share_id)
            if result.frames:
                ctx.draft["shared"] = sharing.ShareResult(result.bundle, result.frames,
                                                          result.record, None)
                ctx.go("share_codes")
            else:
                ctx.go("consent_log")
        return lambda _e=None: confirm(
            ctx, title=_("Take this share back?"),
            body=_("The begeleider's app deletes it the next time it reads a code from you."),
            yes=_("Take back"), on_yes=really)

    cards = []
    for record in sorted(records, key=lambda r: r.created, reverse=True):
        what = ctx.tr.join(titles.get(s, s) for s in record.sections)
        if record.recipient_kind == PAPER:  # a print: said in today's language, nothing to take back
            cards.append(card_tile(_("On paper"), f"{what}\n" + _("Printed on {date}").format(
                date=ctx.tr.format_date(record.created)), icon=ft.Icons.PRINT,
                key=f"share-{record.id}"))
            continue
        if record.revoked:
            state = _("Taken back on {date}").format(date=ctx.tr.format_date(record.revoked))
        elif record.expires < today:
            state = _("Ended on {date}").format(date=ctx.tr.format_date(record.expires))
        else:
            state = _("Until {date}").format(date=ctx.tr.format_date(record.expires))
        active = lifetimes.is_active(record, today)
        cards.append(card_tile(
            record.recipient_name,
            f"{what}\n{ctx.tr.format_date(record.created)} · {state}", icon=ft.Icons.SHARE,
            key=f"share-{record.id}",
            trailing=icon_button(ft.Icons.BLOCK, tooltip=_("Take back: {name}").format(name=record.recipient_name),
                                   on_click=revoke(record.id)) if active else None))
    return screen(ctx, _("Shared with"), [
        paragraph(_("Everything you shared, with whom, and until when.")),
        primary_button(_("Share"), ft.Icons.SHARE, lambda: ctx.go("youth_share" if youth else "share"),
                       key="new-share"),
        *(cards or [paragraph(_("You have not shared anything yet."))]),
    ], back=lambda: ctx.go("youth_share" if youth else "home"), key="consent_log")
