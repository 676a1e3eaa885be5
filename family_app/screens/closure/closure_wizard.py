"""Afronding: closing the plan, one plain question per screen.

The answers gather in the session's draft; the last screen closes the plan in one save
(family_app.closure.closure). A young person answers their own, shorter version in their profile.
The questions that follow depend on earlier answers: item 5 (support with the referral)
is only asked when the family was referred onward; otherwise it is "not applicable".
"""

from __future__ import annotations

import datetime as dt

import flet as ft

from family_app.closure import closure
from family_app.domain import ValidationError
from family_app.plan.plan_book import PlanBook
from family_app.youth.youth_book import YouthBook

from family_app.screens.common import (Message, family_text, heading, paragraph, primary_button,
                                       screen, translated_problem)
from family_app.screens.context import ScreenContext
from family_app.screens.forms import Field, Form, choice_group, score_radios
from family_app.screens.labels import ending_labels, satisfaction_questions

DRAFT = "closure"


def steps(ctx: ScreenContext, youth: bool, goals: list) -> list[tuple[str, object]]:
    """The questions in order, given what was answered so far."""
    answers = ctx.draft.setdefault(DRAFT, {})
    order: list[tuple[str, object]] = [("goal", g) for g in goals]
    if not youth:
        order += [("ending", None), ("carry_on", None)]
        if answers.get("can_carry_on") is False:
            order.append(("referred", None))
            if answers.get("referred_onward"):
                order.append(("handover", None))
        order += [("pulse", None), ("call_when_hard", None)]
    items = list(satisfaction_questions(ctx))
    if youth or not answers.get("referred_onward"):
        items.remove("referral_support")
    order += [("score", item) for item in items]
    order += [("helped_most", None), ("finish", None)]
    return order


def build(ctx: ScreenContext, *, step: int = 0) -> ft.View:
    _ = ctx._
    youth = ctx.opened.kind == "youth"
    book = YouthBook(ctx.opened) if youth else PlanBook(ctx.opened)
    plan = book.plan()
    goals = plan.goals if youth else [g for g in plan.goals if g.status != "let_go"]
    answers = ctx.draft.setdefault(DRAFT, {})
    order = steps(ctx, youth, goals)
    step = max(0, min(step, len(order) - 1))
    kind, subject = order[step]
    message = Message()
    title = _("Closing: question {n} of {total}").format(n=step + 1, total=len(order))
    back = (lambda: ctx.go("closure_wizard", step=step - 1)) if step else (lambda: ctx.go("home"))
    yes_no = {"yes": _("Yes"), "no": _("No")}
    controls: list[ft.Control] = []
    read = None  # returns the answer to keep, or raises ValueError with a message

    if kind == "goal":
        results = answers.setdefault("goal_results", {})
        group = choice_group(results.get(subject.id), {"reached": _("Yes, reached"), "partly": _("Partly"),
                                                   "not": _("Not reached")}, "result")
        controls = [heading(_("Did you reach this goal?")), family_text(subject.text, size=19), group]
        read = lambda: results.__setitem__(subject.id, _required(group.value, ctx))  # noqa: E731
    elif kind == "ending":
        group = choice_group(answers.get("ending"), ending_labels(ctx), "ending")
        controls = [heading(_("How did the help end?")), group]
        read = lambda: answers.__setitem__("ending", _required(group.value, ctx))  # noqa: E731
    elif kind in ("carry_on", "referred"):
        name = "can_carry_on" if kind == "carry_on" else "referred_onward"
        current = answers.get(name)
        group = choice_group(None if current is None else ("yes" if current else "no"), yes_no, name)
        question = (_("Can you carry on without help now?") if kind == "carry_on"
                    else _("Were you referred to other help?"))
        controls = [heading(question), group]

        def read():
            answers[name] = _required(group.value, ctx) == "yes"
            if name == "can_carry_on" and answers[name]:
                answers["referred_onward"] = False
    else:
        form_fields = {
            "handover": [Field("warm_handover", _("How were you handed over to the new help?"), "long",
                               help=_("For example: we met the new worker together with our begeleider."))],
            "pulse": [Field("finger_on_pulse_who", _("Who keeps an eye on how things go?"),
                            help=_("Someone from your network or a professional.")),
                      Field("finger_on_pulse_until", _("Until when?"), "date")],
            "call_when_hard": [Field("call_when_hard", _("Whom do you call if things get hard again?"), "long")],
            "helped_most": [Field("helped_most", _("What helped you most?"), "long")],
        }.get(kind)
        if form_fields:
            form = Form(ctx, form_fields, answers)
            controls = list(form.controls)

            def read():
                raw = form.raw()
                if raw is None:
                    raise ValueError("")
                answers.update(raw)
        elif kind == "score":
            picker = score_radios("score", (answers.get("satisfaction") or {}).get(subject), ctx=ctx)
            controls = [heading(satisfaction_questions(ctx)[subject]),
                        paragraph(_("0 is very bad, 10 is excellent.")), picker]
            read = lambda: answers.setdefault("satisfaction", {}).__setitem__(  # noqa: E731
                subject, int(_required(picker.value, ctx)))
        else:  # finish
            controls = [heading(_("Ready to close your plan?")),
                        paragraph(_("Your plan stays yours: you can still read it, export it, and open "
                                    "it again when something new happens."))]

    def next_step(_event=None):
        message.clear()
        try:
            if read is not None:
                read()
        except ValueError as error:
            if str(error):
                message.say(str(error))
            return
        if kind != "finish":
            ctx.go("closure_wizard", step=step + 1)
            return
        try:
            done = _close(book, youth, answers)
        except (ValidationError, closure.PlanAlreadyClosed) as error:
            message.say(translated_problem(ctx, error))
            return
        ctx.draft.pop(DRAFT, None)
        ctx.draft["closed"] = done
        ctx.go("closure_done")

    label = _("Close our plan") if kind == "finish" and not youth else (
        _("Close my plan") if kind == "finish" else _("Next"))
    return screen(ctx, title, [*controls, message,
                               primary_button(label, ft.Icons.ARROW_FORWARD if kind != "finish"
                                              else ft.Icons.FLAG_CIRCLE, next_step, key="next")],
                  back=back, key=f"closure-{kind}")


def _required(value, ctx: ScreenContext) -> str:
    if value in (None, ""):
        raise ValueError(ctx._("Choose one answer."))
    return value


def _close(book, youth: bool, answers: dict):
    satisfaction = {k: None for k in ("help_overall", "contact_begeleider", "speed_of_start",
                                      "managing_again", "referral_support")}
    satisfaction.update(answers.get("satisfaction") or {})
    until = answers.get("finger_on_pulse_until")
    closing = closure.ClosureAnswers(
        goal_results=dict(answers.get("goal_results") or {}),
        ending=answers.get("ending") or "01",
        can_carry_on=bool(answers.get("can_carry_on", True)),
        referred_onward=bool(answers.get("referred_onward", False)),
        warm_handover=answers.get("warm_handover") or "",
        finger_on_pulse_who=answers.get("finger_on_pulse_who") or "",
        finger_on_pulse_until=dt.date.fromisoformat(until) if until else None,
        call_when_hard=answers.get("call_when_hard") or "",
        satisfaction=satisfaction, helped_most=answers.get("helped_most") or "")
    if youth:
        return closure.close_youth_plan(book, closing)
    return closure.close_plan(book, closing)
