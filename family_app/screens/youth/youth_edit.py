"""Change one part of a young person's plan: one of the lists, or the trusted person."""

from __future__ import annotations

import flet as ft

from family_app.domain import TrustedPerson, ValidationError
from family_app.youth.youth_book import YouthBook

from family_app.screens.common import Message, primary_button, screen, translated_problem
from family_app.screens.context import ScreenContext
from family_app.screens.forms import Field, Form
from family_app.screens.labels import youth_list_texts


def build(ctx: ScreenContext, *, part: str) -> ft.View:
    _ = ctx._
    book = YouthBook(ctx.opened)
    plan = book.plan()
    message = Message()
    if part == "trusted_person":
        title = _("My trusted person")
        fields = [Field("name", _("Name"), icon=ft.Icons.PERSON),
                  Field("phone", _("Phone"), icon=ft.Icons.PHONE),
                  Field("email", _("E-mail"), icon=ft.Icons.EMAIL)]
        values = plan.trusted_person.body() if plan.trusted_person else {}
    else:
        icon, title, nudge = youth_list_texts(ctx)[part]
        fields = [Field(part, nudge, "lines", icon=icon, help=_("One thing per line."))]
        values = {part: getattr(plan, part)}
    form = Form(ctx, fields, values)

    def save(_event=None):
        message.clear()
        form.clear_errors()
        raw = form.raw()
        try:
            if part == "trusted_person":
                person = TrustedPerson.from_dict({**values, **raw}) if (raw["name"] or "").strip() else None
                book.update(trusted_person=person)
            else:
                book.update(**{part: raw[part]})
        except ValidationError as error:
            form.not_saved(error.field, translated_problem(ctx, error), message)
            return
        ctx.go("home")

    return screen(ctx, title, [*form.controls, message,
                               primary_button(_("Save"), ft.Icons.SAVE, save, key="save")],
                  back=lambda: ctx.go("home"), key="youth_edit")
