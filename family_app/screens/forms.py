"""Form fields built from a short description, so every section's form is a list, not code.

A `Form` turns a record's values into ordinary controls (text fields, radio buttons,
check boxes, a date field with a calendar) and back into raw values for the domain to
validate. Errors from the domain name a field; the form shows them under that field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Collection

import flet as ft
from babel.dates import format_date, get_date_format, parse_date

from family_app.screens.common import (FOCUS_RING, TARGET, Message, family_text, icon_button,
                                       secondary_button, text_field)
from family_app.screens.context import ScreenContext

TEXT_SIZE = 17


@dataclass
class Field:
    name: str
    label: str
    kind: str = "text"  # text | long | int | date | choice | multi | bool | lines | tags | scale
    choices: dict[str, str] = field(default_factory=dict)  # code -> label, for choice/multi
    icon: ft.IconData | None = None
    help: str = ""


def date_pattern(ctx: ScreenContext) -> str:
    """The locale's numeric date pattern, always with a four-digit year."""
    return re.sub(r"y+", "yyyy", get_date_format("short", locale=ctx.tr.locale).pattern)


def format_input_date(ctx: ScreenContext, value: dt.date | None) -> str:
    return "" if value is None else format_date(value, date_pattern(ctx), locale=ctx.tr.locale)


def parse_input_date(ctx: ScreenContext, text: str) -> dt.date:
    """Accept the locale's way of writing a date (31-12-2026 in Dutch) or ISO 2026-12-31."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return parse_date(text, locale=ctx.tr.locale, format="short")


# Longer option labels get a row of their own that wraps. Counted in characters, so kept
# low: 35 Polish characters were cut off at 320 px.
LONG_LABEL = 24


def check_option(label: str, value: bool, data: str, key: str) -> ft.Control:
    """A check box whose label wraps instead of being cut off (goal texts can be long).

    Box and text are one target, one check box to a screen reader, named by the text."""
    if len(label) <= LONG_LABEL:
        return ft.Checkbox(label=label, value=value, data=data, key=key, height=TARGET)
    box = ft.Checkbox(value=value, data=data, key=key, height=TARGET)

    def toggle(_event=None):
        box.value = not box.value

    return ft.MergeSemantics(ft.Row(
        [box, ft.Container(family_text(label, size=16), expand=True, on_click=toggle,
                           padding=ft.Padding.symmetric(vertical=12))],
        spacing=0, vertical_alignment=ft.CrossAxisAlignment.START), data=box)


def checked_values(options: list) -> list[str]:
    boxes = [option if isinstance(option, ft.Checkbox) else option.data for option in options]
    return [box.data for box in boxes if box.value]


def choice_group(value: str | None, options: dict[str, str], key: str) -> ft.RadioGroup:
    """Radio buttons; a long label gets a row of its own that wraps (never cut off), and
    tapping its text chooses it too."""
    group = ft.RadioGroup(value=value, key=key, content=ft.Column([]))

    def pick(code: str):
        def handler(_event=None):
            group.value = code
        return handler

    rows = []
    for code, label in options.items():
        if len(label) <= LONG_LABEL:
            rows.append(ft.Radio(value=code, label=label, key=f"{key}-{code}", height=TARGET,
                                 label_style=ft.TextStyle(size=16)))
        else:  # radio and text one target, one radio button named by the text
            rows.append(ft.MergeSemantics(ft.Row(
                [ft.Radio(value=code, key=f"{key}-{code}", height=TARGET),
                 ft.Container(family_text(label, size=16), expand=True, on_click=pick(code),
                              padding=ft.Padding.symmetric(vertical=12))],
                spacing=0,  # the text starts where a short label's does
                vertical_alignment=ft.CrossAxisAlignment.START)))
    group.content = ft.Column(rows, spacing=0)
    return group


class ScorePicker(ft.Row):
    """0 to 10 as eleven round buttons that wrap two rows on a phone (a radio list would
    be eleven lines long). `value` is the chosen number as text, or "" for none.

    Each is a real button: Tab reaches it, Enter or Space chooses it, and choosing changes
    the same button (the keyboard's focus stays on it). A screen reader hears the chosen
    one as selected ("current"), and named ``chosen`` ("7, chosen") when that is given."""

    def __init__(self, key: str, value: int | None = None, *, none_label: str = "",
                 chosen: str = ""):
        self.value = "" if value is None else str(value)
        self.chosen = chosen
        choices = ([("", none_label)] if none_label else []) + [(str(n), str(n)) for n in range(11)]
        self.buttons = {code: self._button(code, label) for code, label in choices}
        super().__init__(list(self.buttons.values()), wrap=True, spacing=6, run_spacing=6,
                         key=key)
        self._show()

    def _button(self, code: str, label: str) -> ft.MergeSemantics:
        def choose(_event=None):
            self.value = code
            self._show()

        button = ft.OutlinedButton(
            ft.Text(label, size=17, weight=ft.FontWeight.BOLD), on_click=choose,
            height=TARGET, width=None if code == "" else TARGET, data=label)
        # One node: the button, and whether it is the chosen one.
        return ft.MergeSemantics(content=ft.Semantics(content=button))

    def _show(self) -> None:
        for code, holder in self.buttons.items():
            chosen = code == self.value
            button = holder.content.content
            holder.content.selected = chosen
            button.content.semantics_label = (self.chosen.format(score=button.data)
                                              if chosen and self.chosen else None)
            button.content.color = ft.Colors.WHITE if chosen else ft.Colors.TEAL_900
            button.style = ft.ButtonStyle(
                bgcolor=ft.Colors.TEAL_700 if chosen else ft.Colors.TEAL_50,
                padding=ft.Padding.symmetric(horizontal=14 if code == "" else 0),
                side={ft.ControlState.FOCUSED: FOCUS_RING,
                      ft.ControlState.DEFAULT: ft.BorderSide(2, ft.Colors.TEAL_700)})


def score_radios(key: str, value: int | None = None, *, none_label: str = "",
                 ctx: ScreenContext | None = None) -> ScorePicker:
    return ScorePicker(key, value, none_label=none_label,
                       chosen=ctx._("{score}, chosen") if ctx else "")


class Form:
    """The fields of one record. ``first`` names the fields asked up front; the others wait
    behind "More details" until the person opens them, so a new record asks only what it
    needs and its Save button stays in reach (None: every field up front)."""

    def __init__(self, ctx: ScreenContext, fields: list[Field], values: dict[str, Any], *,
                 first: Collection[str] | None = None):
        self.ctx = ctx
        self.fields = fields
        self.widgets: dict[str, Any] = {}
        self.errors: dict[str, ft.Text] = {}
        self.first_problem: tuple[str, str] | None = None  # (field, words) raw() refused
        # Each field in a holder with a scroll key, so a refused save can bring it into view.
        holders = {f.name: ft.Container(self._build(f, values.get(f.name)),
                                        key=ft.ScrollKey(attention_key(f.name))) for f in fields}
        self.later = {f.name for f in fields if first is not None and f.name not in first}
        self.details = ft.Column([holders[name] for name in holders if name in self.later],
                                 spacing=16, tight=True, visible=False, key="details",
                                 horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                                 on_size_change=self._details_drawn)
        self.scroll_when_shown: str | None = None  # a field to bring into view once drawn
        self.more = secondary_button(ctx._("More details (optional)"), ft.Icons.EXPAND_MORE,
                                     lambda _event=None: self.show_details(not self.details.visible),
                                     key="more-details")
        self.controls = [holders[name] for name in holders if name not in self.later]
        if self.later:
            self.controls += [self.more, self.details]

    def show_details(self, shown: bool = True) -> None:
        """Open (or close again) the fields that wait behind "More details"."""
        self.details.visible = shown
        self.more.content = self.ctx._("Fewer details") if shown else self.ctx._("More details (optional)")
        self.more.icon = ft.Icons.EXPAND_LESS if shown else ft.Icons.EXPAND_MORE

    # --- building --------------------------------------------------------------------------

    def _build(self, spec: Field, value: Any) -> ft.Control:
        builder = getattr(self, f"_build_{spec.kind}")
        return builder(spec, value)

    def _text(self, spec: Field, value: str, **extra) -> ft.TextField:
        box = text_field(label=spec.label, value=value, key=f"field-{spec.name}",
                         prefix_icon=spec.icon, text_size=TEXT_SIZE, helper=spec.help or None,
                         helper_max_lines=3, error_max_lines=3,  # wrapped, never cut off
                         **extra)
        self.widgets[spec.name] = box
        return box

    def _build_text(self, spec: Field, value: Any) -> ft.Control:
        return self._text(spec, value or "")

    def _build_long(self, spec: Field, value: Any) -> ft.Control:
        return self._text(spec, value or "", multiline=True, min_lines=2, max_lines=8)

    def _build_lines(self, spec: Field, value: Any) -> ft.Control:
        return self._text(spec, "\n".join(value or []), multiline=True, min_lines=3, max_lines=12)

    def _build_tags(self, spec: Field, value: Any) -> ft.Control:
        return self._text(spec, ", ".join(value or []))

    def _build_int(self, spec: Field, value: Any) -> ft.Control:
        return self._text(spec, "" if value is None else str(value),
                          keyboard_type=ft.KeyboardType.NUMBER)

    def _build_date(self, spec: Field, value: Any) -> ft.Control:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        box = self._text(spec, format_input_date(self.ctx, value),
                         keyboard_type=ft.KeyboardType.DATETIME,
                         hint_text=format_input_date(self.ctx, self.ctx.today()))

        def picked(event):
            box.value = format_input_date(self.ctx, event.control.value.date())
            box.update()

        def open_calendar(_event=None):
            current = self._date_or_none(spec.name)
            self.ctx.page.show_dialog(ft.DatePicker(
                value=dt.datetime.combine(current or self.ctx.today(), dt.time()),
                first_date=dt.datetime(1900, 1, 1), last_date=dt.datetime(2100, 12, 31),
                on_change=picked))

        calendar = icon_button(ft.Icons.CALENDAR_MONTH, tooltip=self.ctx._("Choose a date"),
                               on_click=open_calendar, key=f"calendar-{spec.name}")
        return ft.Row([ft.Container(box, expand=True), calendar])

    def _build_choice(self, spec: Field, value: Any) -> ft.Control:
        group = choice_group(value, spec.choices, f"field-{spec.name}")
        self.widgets[spec.name] = group
        return self._titled(spec, group)

    def _build_multi(self, spec: Field, value: Any) -> ft.Control:
        chosen = set(value or [])
        boxes = [check_option(label, code in chosen, code, f"{spec.name}-{code}")
                 for code, label in spec.choices.items()]
        self.widgets[spec.name] = boxes
        return self._titled(spec, ft.Column(boxes, spacing=0))

    def _build_bool(self, spec: Field, value: Any) -> ft.Control:
        box = ft.Checkbox(label=spec.label, value=bool(value), key=f"field-{spec.name}")
        self.widgets[spec.name] = box
        return box

    def _build_scale(self, spec: Field, value: Any) -> ft.Control:
        group = score_radios(spec.name, value, none_label=self.ctx._("Not now"), ctx=self.ctx)
        self.widgets[spec.name] = group
        return self._titled(spec, group)

    def _titled(self, spec: Field, body: ft.Control) -> ft.Control:
        error = ft.Text("", color=ft.Colors.RED_800, visible=False)
        self.errors[spec.name] = error
        title = ft.Row([ft.Icon(spec.icon or ft.Icons.CHECKLIST, color=ft.Colors.TEAL_700),
                        ft.Text(spec.label, size=16, weight=ft.FontWeight.W_500, expand=True)])
        parts = [title] + ([ft.Text(spec.help, size=14, color=ft.Colors.GREY_800)] if spec.help else [])
        return ft.Container(ft.Column([*parts, body, error], spacing=4),
                            border=ft.Border.all(1, ft.Colors.GREY_400), border_radius=8, padding=12)

    # --- reading back ----------------------------------------------------------------------

    def _date_or_none(self, name: str) -> dt.date | None:
        try:
            text = self.widgets[name].value or ""
            return parse_input_date(self.ctx, text) if text.strip() else None
        except (ValueError, LookupError):
            return None

    def raw(self) -> dict[str, Any] | None:
        """The values as the domain expects them, or None after showing a date problem."""
        values: dict[str, Any] = {}
        ok = True
        for spec in self.fields:
            widget = self.widgets[spec.name]
            if spec.kind == "multi":
                values[spec.name] = checked_values(widget)
            elif spec.kind == "bool":
                values[spec.name] = bool(widget.value)
            elif spec.kind == "lines":
                values[spec.name] = [line.strip() for line in (widget.value or "").splitlines() if line.strip()]
            elif spec.kind == "tags":
                values[spec.name] = [t.strip() for t in (widget.value or "").split(",") if t.strip()]
            elif spec.kind == "int":
                text = (widget.value or "").strip()
                values[spec.name] = int(text) if text.isdigit() else (text or None)
            elif spec.kind == "scale":
                values[spec.name] = int(widget.value) if widget.value not in (None, "") else None
            elif spec.kind == "date":
                text = (widget.value or "").strip()
                date = self._date_or_none(spec.name)
                if text and date is None:
                    example = format_input_date(self.ctx, self.ctx.today())
                    words = self.ctx._("This is not a date. Write it like {example}.").format(example=example)
                    widget.error = words
                    if ok:
                        self.first_problem = (spec.name, words)
                    ok = False
                values[spec.name] = date.isoformat() if date else None
            else:
                values[spec.name] = widget.value
        return values if ok else None

    def clear_errors(self) -> None:
        self.first_problem = None
        for spec in self.fields:
            widget = self.widgets[spec.name]
            if isinstance(widget, ft.TextField):
                widget.error = None
            if spec.name in self.errors:
                self.errors[spec.name].visible = False

    def show_error(self, name: str, message: str) -> bool:
        """Put a message under the field `name`; False when the form has no such field."""
        widget = self.widgets.get(name)
        if widget is None:
            return False
        if isinstance(widget, ft.TextField):
            widget.error = message
        else:
            self.errors[name].value = message
            self.errors[name].visible = True
        return True

    def not_saved(self, field: str, problem: str, message: Message) -> None:
        """A save that was refused never fails in silence: the field says what is wrong,
        the message beside the Save button (where the person is looking) names the field,
        and the field scrolls into view. ``field`` may be a domain error's path
        ("owners[0]", "person.name"): its first part is the form's field."""
        name = field.split(".")[0].split("[")[0]
        spec = next((f for f in self.fields if f.name == name), None)
        if spec is None or not self.show_error(name, problem):
            message.say(problem)
            return
        message.say(self.ctx._("Not saved yet: look at “{field}”.").format(field=spec.label))
        if name in self.later and not self.details.visible:
            # The field waits behind "More details": open them, and scroll once they are
            # on the screen (a field not yet drawn cannot be scrolled to).
            self.show_details()
            self.scroll_when_shown = name
        else:
            self.bring_into_view(name)

    def bring_into_view(self, name: str) -> None:
        view = self.ctx.page.views[-1] if self.ctx.page.views else None
        if view is not None:
            self.ctx.page.run_task(view.scroll_to, scroll_key=attention_key(name), duration=300)

    def _details_drawn(self, _event=None) -> None:
        """The details have their size on the screen: now a field in them can be reached."""
        if self.scroll_when_shown:
            name, self.scroll_when_shown = self.scroll_when_shown, None
            self.bring_into_view(name)


def attention_key(name: str) -> str:
    return f"attention-{name}"
