"""Every screen builds, in every shipped language, for every kind of profile — without a
browser. (The e2e suite then shows that they work; this catches a broken screen fast.)"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pytest

from family_app.profiles import onboarding, unlocking
from family_app.report import closure_inbox
from family_app.sharing import family_keys, sharing, viewer
from family_app.youth import youth_sharing
from family_app.closure.closure_report import CLOSURE_FORMAT
from family_app.profiles.device import Device
from family_app.plan.plan_book import PlanBook
from family_app.youth.youth_book import YouthBook
from family_app.screens.context import ScreenContext
from family_app.screens.router import HOMES, OPEN_SCREENS, UNLOCKED_SCREENS, route
from i18n import SHIPPED, translator
from sync.bundle import seal
from sync.identity import Identity
from sync.share_payload import Scope

from tests.helpers.data import FAMILY_SECRET, YOUTH_SECRET
from tests.helpers.screens import FakePage, find


@pytest.fixture(scope="module")
def contexts(de_vries_device_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("screens")
    shutil.copytree(de_vries_device_template, folder / "family")
    family_device = Device(folder / "family")
    family = unlocking.unlock(family_device, family_device.profile("family"), FAMILY_SECRET)
    youth = unlocking.unlock(family_device, family_device.profile("Daan"), YOUTH_SECRET)
    begeleider_device = Device(folder / "begeleider")
    begeleider, _ = onboarding.create_profile(
        begeleider_device, "begeleider",
        {"begeleider": {"name": "Karin Mulder", "organisation": "CJG Apeldoorn"}}, "zorg-met-hart",
        translator("nl"))
    book = PlanBook(family)
    identity = seal("identity", {}, viewer._me(begeleider),
                    expires=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=9))
    pairing = sharing.pair(book, sharing.read_identity(identity))
    shared = sharing.share(book, Scope.preset("everything"), to=pairing.professional)
    received = viewer.receive(begeleider, shared.bundle)
    # Daan knows his family's goals, linked one of his, paired with Karin and shared with her.
    daan = YouthBook(youth)
    goals_share = sharing.share(book, Scope.preset("goals"))
    viewer.receive(youth, goals_share.bundle, passcode=goals_share.passcode)
    mine = daan.plan().goals[0]
    daan.save_goal(replace(mine, linked_family_goal_id=youth_sharing.family_goals(daan)[0].id))
    karin = youth_sharing.pair(daan, sharing.read_identity(identity))
    youth_shared = youth_sharing.youth_share(daan, ("goals", "lists", "trusted_person", "talk_to"),
                                             language="nl", to=karin)
    youth_received = viewer.receive(begeleider, youth_shared.bundle)
    # A closure report from a key Karin never saw a share from: listed, not counted.
    now = dt.datetime.now(dt.timezone.utc)
    stranger = {"format": CLOSURE_FORMAT, "respondent": "parent", "plan_id": "onbekend",
                "household_id": "onbekend", "closure_id": "c1", "closed_on": "2026-04-12",
                "ending": "01", "can_carry_on": True, "referred_onward": False,
                "satisfaction": {"help_overall": 0}, "goals": [{"result": "reached"}],
                "trajectory": {}, "with_names": False}
    closure_inbox.import_closure(begeleider, seal(
        "closure", stranger, Identity.generate("", ""), to=viewer._me(begeleider).public(),
        now=now, expires=now + dt.timedelta(days=9)))
    # A share for the De Vries household from another device, to confirm or not.
    other_device = {"bundle": shared.bundle, "error": family_keys.UnknownFamilyKey(
        household_id=received.household_id, household_name=received.household_name,
        fingerprint=Identity.generate("", "").fingerprint(), known=[received.fingerprint])}
    return {
        "family": (family_device, family, {"shared": shared, "pairing": sharing.read_identity(identity)}),
        "youth": (family_device, youth, {"shared": youth_shared, "goal": mine.id,
                                         "pairing": sharing.read_identity(identity)}),
        "begeleider": (begeleider_device, begeleider, {"received": received, "scanned": shared.bundle,
                                                       "youth_share": youth_received,
                                                       "other_device": other_device}),
    }


def screen_calls(kind: str, plan, draft: dict) -> list[tuple[str, dict]]:
    calls = [(name, {}) for name in ("language", "welcome", "family_setup", "begeleider_setup",
                                     "youth_setup", "profiles", "home", "backup_restore",
                                     "backup_save")]
    calls += [("secret_setup", {"purpose": p}) for p in ("family", "youth", "begeleider")]
    calls += [("new_keys", {}), ("recovery_code", {"code": "7K2M-QX9D-A1B2-C3D4-E5F6"}),
              ("recovery_code", {"code": "7K2M-QX9D-A1B2-C3D4-E5F6", "renewed": True})]
    if kind == "family":
        goal = plan.goals[0].id
        calls += [("section", {"table": t}) for t in ("members", "goals", "agreements", "network",
                                                      "professionals", "safety", "log", "evaluations")]
        calls += [("record_form", {"table": t}) for t in ("goals", "agreements", "network", "professionals",
                                                   "safety", "log", "evaluations", "trajectory",
                                                   "household", "members")]
        calls += [("plan_parts", {}), ("section", {"table": "goals", "back": ("plan_parts", {})}),
                  ("goal", {"goal_id": goal, "back": ("home", {})})]
        calls += [("record_form", {"table": "goals", "record_id": goal}), ("goal", {"goal_id": goal}),
                  ("check_in", {"goal_id": goal}), ("safety_compare", {}), ("history", {}),
                  ("evaluate", {"step": 0}), ("evaluate", {"step": 99}), ("share", {}),
                  ("share_codes", {}), ("consent_log", {}), ("pair_confirm", {}),
                  ("scan", {"purpose": "pair"}), ("closure_wizard", {"step": 0}),
                  ("closure_wizard", {"step": 99}),
                  ("closure_done", {}), ("inbox", {}), ("scan", {"purpose": "return"}),
                  ("devices", {}), ("relay", {}), ("conflicts", {}), ("join", {"step": "wait"}),
                  ("join", {"step": "offer"}), ("share_codes", {"to": "device"})]
        calls += [("scan", {"purpose": p}) for p in ("join", "join_reply", "sync")]
    if kind == "youth":
        calls += [("youth_edit", {"part": p}) for p in ("going_well", "worries", "dreams",
                                                        "talk_to_when_hard", "trusted_person")]
        calls += [("youth_goal", {}), ("closure_wizard", {"step": 0}), ("closure_wizard", {"step": 99}),
                  ("youth_goal", {"goal_id": draft["goal"]}), ("youth_share", {}),
                  ("consent_log", {}), ("share_codes", {}), ("pair_confirm", {}),
                  ("scan", {"purpose": "family_goals"}), ("scan", {"purpose": "pair"})]
    if kind == "begeleider":
        calls += [("shared_plan", {}), ("identity_code", {}), ("passcode", {}),
                  ("shared_plan", {"household_id": draft["youth_share"].household_id}),
                  ("scan", {"purpose": "share"}), ("closure_reports", {}), ("family_device", {}),
                  ("return_compose", {"household_id": draft["received"].household_id}),
                  ("family_folder", {}), ("family_folder", {"folder_id": "not-connected"})]
    return calls


@pytest.mark.parametrize("lang", SHIPPED)
@pytest.mark.parametrize("kind", ["family", "youth", "begeleider"])
def test_every_screen_builds(contexts, kind, lang):
    device, opened, draft = contexts[kind]
    ctx = ScreenContext(page=FakePage(), device=device, tr=translator(lang), router=route,
                        opened=opened, draft=dict(draft))
    plan = PlanBook(opened).plan() if kind == "family" else None
    for name, params in screen_calls(kind, plan, draft):
        assert name in OPEN_SCREENS or name in UNLOCKED_SCREENS
        view = route(ctx, name, **params)
        assert view.controls, f"{name} {params} shows nothing"


def test_every_route_is_named_after_its_screen_module():
    """ctx.go("x") opens family_app/screens/<capability>/x.py; "home" opens the home of the
    profile's kind."""
    for name, build in {**OPEN_SCREENS, **UNLOCKED_SCREENS}.items():
        if name != "home":
            package, module = build.__module__.rsplit(".", 1)
            assert module == name and package.startswith("family_app.screens"), name
    assert {build.__module__ for build in HOMES.values()} == {
        "family_app.screens.plan.home", "family_app.screens.sharing.begeleider_home",
        "family_app.screens.youth.youth_home"}


def keys_in(control) -> set[str]:
    """Every key in a built control tree."""
    found = {str(control.key)} if getattr(control, "key", None) else set()
    for name in ("controls", "content", "title", "subtitle"):
        child = getattr(control, name, None)
        for item in child if isinstance(child, list) else [child]:
            if item is not None and hasattr(item, "__dict__"):
                found |= keys_in(item)
    return found


def test_the_begeleider_sees_unverified_reports_and_other_devices_apart(contexts):
    device, opened, draft = contexts["begeleider"]
    ctx = ScreenContext(page=FakePage(), device=device, tr=translator("en"), router=route,
                        opened=opened, draft=dict(draft))
    reports = keys_in(route(ctx, "closure_reports"))
    assert "unverified-reports" in reports and "no-reports" not in reports
    confirm = keys_in(route(ctx, "family_device"))
    assert {"fingerprint", "known-codes", "same", "different"} <= confirm
    viewer_keys = keys_in(route(ctx, "shared_plan"))
    assert {"compare-fingerprint", "write-back"} <= viewer_keys


def texts_in(control) -> list[str]:
    """Every text, field label and button text in a built control tree."""
    found = [v for v in (getattr(control, "value", None), getattr(control, "label", None),
                         getattr(control, "content", None)) if isinstance(v, str)]
    for name in ("controls", "content", "title", "subtitle"):
        child = getattr(control, name, None)
        for item in child if isinstance(child, list) else [child]:
            if item is not None and hasattr(item, "__dict__"):
                found += texts_in(item)
    return found


def english(contexts, kind: str) -> ScreenContext:
    device, opened, draft = contexts[kind]
    return ScreenContext(page=FakePage(), device=device, tr=translator("en"), router=route,
                         opened=opened, draft=dict(draft))


@pytest.mark.parametrize("kind", ["family", "youth", "begeleider"])
def test_every_home_offers_new_keys(contexts, kind):
    """docs/threat-model.md: "Every home screen offers it" ("Someone may know my PIN")."""
    home = route(english(contexts, kind), "home")
    assert "Someone may know my PIN" in texts_in(home)
    assert "new-keys" in keys_in(home)


WHAT_A_PIN_PROTECTS = ("A PIN keeps out someone who picks up the phone. Against someone who "
                       "copies the app's files and has a strong computer, only a passphrase of "
                       "several words helps.")


@pytest.mark.parametrize("purpose", ["youth", "family", "begeleider"])
def test_the_pin_setup_says_what_a_pin_and_a_passphrase_protect(contexts, purpose):
    shown = texts_in(route(english(contexts, "family"), "secret_setup", purpose=purpose))
    assert WHAT_A_PIN_PROTECTS in shown
    assert "PIN or passphrase" in shown                 # the field takes either
    if purpose == "youth":                              # and what to choose instead
        assert any("a silly sentence" in text for text in shown)


def test_every_secret_field_takes_a_passphrase(contexts):
    """A passphrase is accepted wherever a PIN is, and each such screen says so."""
    ctx = english(contexts, "family")
    profile_id = ctx.device.profile("family").id
    for name, params, label in [("unlock", {"profile_id": profile_id}, "PIN or passphrase"),
                                ("recover", {"profile_id": profile_id}, "New PIN or passphrase"),
                                ("new_keys", {}, "New PIN or passphrase")]:
        assert label in texts_in(route(ctx, name, **params)), name


@pytest.mark.parametrize("to", ["begeleider", "family"])
def test_the_passcode_has_a_step_of_its_own_after_the_codes(contexts, to):
    """Never the codes and their passcode on one screen: a photo of it would hold both."""
    ctx = english(contexts, "family")
    ctx.draft["shared"] = replace(ctx.draft["shared"], passcode="7K2M-QX9D")
    codes = route(ctx, "share_codes", to=to)
    assert {"share-qr", "show-passcode"} <= keys_in(codes)
    assert "7K2M-QX9D" not in texts_in(codes) and "done" not in keys_in(codes)
    passcode = route(ctx, "share_codes", to=to, step="passcode")
    assert {"share-passcode", "done"} <= keys_in(passcode)
    assert "7K2M-QX9D" in texts_in(passcode) and "share-qr" not in keys_in(passcode)


def test_a_share_without_a_passcode_ends_with_done(contexts):
    ctx = english(contexts, "family")
    assert ctx.draft["shared"].passcode is None  # shared with Karin, by her key
    for step in ("codes", "passcode"):  # there is no passcode step to go to
        shown = keys_in(route(ctx, "share_codes", step=step))
        assert {"share-qr", "done"} <= shown and not {"show-passcode", "share-passcode"} & shown


def test_the_qr_codes_and_their_buttons_have_names(contexts):
    """A screen reader says which code is shown and what each button does (qr_frames.py)."""
    from family_app.screens.sharing.qr_frames import QrFrames
    frames = QrFrames(english(contexts, "family"), ["A", "B", "C"], key="qr")
    assert frames.image.semantics_label == "QR code 1 of 3"
    frames.step(-1)
    assert frames.image.semantics_label == "QR code 3 of 3"
    for key in ("qr-previous", "qr-next"):
        assert find(frames, key).tooltip in ("Previous code", "Next code")  # its name


def test_the_share_screen_asks_three_questions_and_keeps_the_goals_one_tap_away(contexts):
    view = route(english(contexts, "family"), "share")
    which = find(view, "which-goals")
    assert not which.expanded and len(which.controls) == len(PlanBook(
        contexts["family"][1]).plan().goals)
    shown = texts_in(view)
    assert {"With whom?", "What do you share?", "For how long?", "Make the code"} <= set(shown)


def test_choosing_someone_here_shortens_the_share_by_its_text_too(contexts):
    """A tap on an answer's text chooses it (forms.choice_group); the lifetime follows."""
    view = route(english(contexts, "family"), "share")
    whom, days = find(view, "whom"), find(view, "days")
    assert whom.value != "in_person" and days.value == "30"  # Karin: a professional's share
    row = next(r for r in whom.content.controls if find(r, "whom-in_person")).content
    text = next(c for c in row.controls if getattr(c, "on_click", None))  # beside the radio
    text.on_click(None)
    assert whom.value == "in_person" and days.value == "1"
