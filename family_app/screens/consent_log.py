"""Who has seen what, until when: every share the family made, and a way to take it back."""

from __future__ import annotations

import datetime as dt

import flet as ft

from family_app import sharing
from family_app.plan_book import PlanBook

from .common import card_tile, confirm, paragraph, primary_button, screen
from .context import ScreenContext
from .sections import sections


def build(ctx: ScreenContext) -> ft.View:
    _ = ctx._
    book = PlanBook(ctx.opened)
    plan = book.plan()
    titles = {t: s.title for t, s in sections(ctx).items()} | {
        "closures": _("Closure report"), "names": _("with our names")}
    today = dt.date.today()

    def revoke(share_id: str):
        def really():
            result = sharing.revoke(book, share_id)
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
    for record in sorted(plan.shares, key=lambda r: r.created, reverse=True):
        what = ", ".join(titles.get(s, s) for s in record.sections)
        if record.revoked:
            state = _("Taken back on {date}").format(date=ctx.tr.format_date(record.revoked))
        elif record.expires < today:
            state = _("Ended on {date}").format(date=ctx.tr.format_date(record.expires))
        else:
            state = _("Until {date}").format(date=ctx.tr.format_date(record.expires))
        active = not record.revoked and record.expires >= today
        cards.append(card_tile(
            record.recipient_name,
            f"{what}\n{ctx.tr.format_date(record.created)} · {state}", icon=ft.Icons.SHARE,
            key=f"share-{record.id}",
            trailing=ft.IconButton(ft.Icons.BLOCK, tooltip=_("Take back: {name}").format(name=record.recipient_name),
                                   on_click=revoke(record.id)) if active else None))
    return screen(ctx, _("Shared with"), [
        paragraph(_("Everything you shared, with whom, and until when.")),
        primary_button(_("Share"), ft.Icons.SHARE, lambda: ctx.go("share"), key="new-share"),
        *(cards or [paragraph(_("You have not shared anything yet."))]),
    ], back=lambda: ctx.go("home"), key="consent_log")
