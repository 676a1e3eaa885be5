"""`family-app` as a begeleider or a test would use it: demo, profiles, export, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from family_app.domain import scenario_texts

from tests.helpers.data import FAMILY_SECRET, SCENARIOS, YOUTH_SECRET


def family_app(*args: str, secret: str | None = FAMILY_SECRET,
               youth: str | None = YOUTH_SECRET) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ONSPLAN_PASSPHRASE", "ONSPLAN_YOUTH_PASSPHRASE")}
    env["ONSPLAN_LANG"] = "en"
    if secret is not None:
        env["ONSPLAN_PASSPHRASE"] = secret
    if youth is not None:
        env["ONSPLAN_YOUTH_PASSPHRASE"] = youth
    return subprocess.run([sys.executable, "-m", "family_app", *args], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def collect_strings(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(collect_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(collect_strings(v) for v in value)) if value else set()
    return set()


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: p.stem)
def demo_device(request, tmp_path_factory):
    data = tmp_path_factory.mktemp("device")
    made = family_app("demo", "--scenario", str(request.param), "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    return request.param, data, made


def test_demo_prints_a_recovery_code_per_profile(demo_device):
    scenario, _, made = demo_device
    raw = json.loads(scenario.read_text("utf-8"))
    lines = made.stdout.strip().splitlines()
    assert len(lines) == 1 + len(raw.get("youth_plans", []))
    assert all("recovery code:" in line for line in lines)


def test_profiles_lists_one_per_line_name_first(demo_device):
    scenario, data, _ = demo_device
    listed = family_app("profiles", "--data-dir", str(data))
    assert listed.returncode == 0
    rows = [line.split("\t") for line in listed.stdout.strip().splitlines()]
    assert rows[0][:2] == ["family", "family"]
    raw = json.loads(scenario.read_text("utf-8"))
    assert [r[1] for r in rows[1:]] == ["youth"] * len(raw["youth_plans"])


def test_demo_then_export_gives_back_every_text(demo_device):
    scenario, data, _ = demo_device
    raw = json.loads(scenario.read_text("utf-8"))
    exported = set()
    for row in family_app("profiles", "--data-dir", str(data)).stdout.strip().splitlines():
        label = row.split("\t")[0]
        result = family_app("export", "--data-dir", str(data), "--profile", label)
        assert result.returncode == 0, result.stderr
        exported |= collect_strings(json.loads(result.stdout)["tables"])
    missing = scenario_texts(raw) - exported
    assert not missing


def test_no_plaintext_of_the_scenario_anywhere_in_the_data_folder(demo_device):
    scenario, data, _ = demo_device
    texts = [t for t in scenario_texts(json.loads(scenario.read_text("utf-8"))) if len(t) >= 4]
    assert texts
    blobs = {path: path.read_bytes() for path in data.rglob("*") if path.is_file()}
    assert blobs
    for text in texts:
        for encoded in (text.encode("utf-8"), text.encode("utf-16-le"),
                        json.dumps(text).encode("ascii")):
            leaks = [str(p) for p, blob in blobs.items() if encoded in blob]
            assert not leaks, f"{text!r} in {leaks}"


def test_youth_texts_are_not_in_the_family_export(demo_device):
    scenario, data, _ = demo_device
    raw = json.loads(scenario.read_text("utf-8"))
    family = family_app("export", "--data-dir", str(data))
    family_texts = collect_strings(json.loads(family.stdout)["tables"])
    for youth in raw["youth_plans"]:
        for text in youth.get("worries", []) + youth.get("dreams", []):
            assert text not in family_texts


def test_export_with_a_wrong_secret_fails_in_one_line(demo_device):
    _, data, _ = demo_device
    result = family_app("export", "--data-dir", str(data), secret="wrong-secret-1")
    assert_one_line_error(result, "not right")
    assert result.stdout == ""


def test_export_of_an_unknown_profile(demo_device):
    _, data, _ = demo_device
    assert_one_line_error(family_app("export", "--data-dir", str(data), "--profile", "Nobody"),
                          "no plan with this name")


def test_youth_export_needs_the_youth_secret(demo_device):
    _, data, _ = demo_device
    label = family_app("profiles", "--data-dir", str(data)).stdout.strip().splitlines()[1].split("\t")[0]
    result = family_app("export", "--data-dir", str(data), "--profile", label, youth=FAMILY_SECRET)
    assert_one_line_error(result, "not right")


def test_missing_scenario(tmp_path):
    assert_one_line_error(family_app("demo", "--scenario", str(tmp_path / "nope.json"),
                                     "--data-dir", str(tmp_path / "d")), "not found")


def test_corrupted_scenario_writes_nothing(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(SCENARIOS[0].read_text("utf-8")[:500], "utf-8")
    result = family_app("demo", "--scenario", str(broken), "--data-dir", str(tmp_path / "d"))
    assert_one_line_error(result, "JSON")
    assert not list((tmp_path / "d").glob("profiles/*"))


def test_a_deeply_nested_scenario_is_one_plain_line(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    result = family_app("demo", "--scenario", str(deep), "--data-dir", str(tmp_path / "d"))
    assert_one_line_error(result, "too deeply nested")


@pytest.mark.parametrize("field, value, words", [
    ("target_date", "2026-02-30", ["goals[0].target_date", "not a valid date"]),
    ("text", "   ", ["goals[0].text", "required"]),
])
def test_bad_field_in_scenario_names_it(tmp_path, field, value, words):
    raw = json.loads(SCENARIOS[0].read_text("utf-8"))
    raw["goals"][0][field] = value
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw), "utf-8")
    result = family_app("demo", "--scenario", str(bad), "--data-dir", str(tmp_path / "d"))
    assert_one_line_error(result, *words)
    assert not list((tmp_path / "d").glob("profiles/*"))


def test_empty_member_name_is_named(tmp_path):
    raw = json.loads(SCENARIOS[0].read_text("utf-8"))
    raw["members"][1]["name"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw), "utf-8")
    assert_one_line_error(family_app("demo", "--scenario", str(bad), "--data-dir",
                                     str(tmp_path / "d")), "members[1].name")


def test_short_pin_is_refused_before_anything_is_written(tmp_path):
    result = family_app("demo", "--scenario", str(SCENARIOS[0]), "--data-dir",
                        str(tmp_path / "d"), secret="1234")
    assert_one_line_error(result, "at least 6 digits")
    assert not list((tmp_path / "d").glob("profiles/*"))


def test_without_a_secret_and_no_terminal_it_says_what_to_set(tmp_path):
    result = family_app("demo", "--scenario", str(SCENARIOS[0]), "--data-dir",
                        str(tmp_path / "d"), secret=None)
    assert_one_line_error(result, "ONSPLAN_PASSPHRASE")


def test_a_second_demo_on_the_same_device_is_refused(demo_device):
    scenario, data, _ = demo_device
    assert_one_line_error(family_app("demo", "--scenario", str(scenario), "--data-dir", str(data)),
                          "already holds a family profile")


def test_help_works_without_a_command():
    result = family_app("--help")
    assert result.returncode == 0 and "run" in result.stdout


def test_family_app_alone_is_family_app_run(monkeypatch, tmp_path):
    from family_app import cli
    seen = {}
    monkeypatch.setitem(cli.COMMANDS, "run", lambda args, data: seen.update(
        port=args.port, browser=not args.no_browser, data=data) or 0)
    assert cli.main(["--data-dir", str(tmp_path), "--port", "8999", "--no-browser"]) == 0
    assert seen == {"port": 8999, "browser": False, "data": tmp_path}
    assert cli.main(["--data-dir", str(tmp_path)]) == 0 and seen["browser"] is True


@pytest.mark.parametrize("command, not_loaded", [
    # The app (Flet, every screen) and the QR image library are for `run` and frames only.
    (["profiles"], ["family_app.app", "flet", "sync.qr_image"]),
    # `run` loads nearly every use case through the app, but not what only export and
    # report use (here `run` itself is replaced, so the app is not imported either).
    (["run", "--no-browser"], ["family_app.profiles.export", "family_app.report.report_render"]),
])
def test_a_command_starts_without_what_only_other_commands_need(tmp_path, command, not_loaded):
    code = ("import sys\n"
            "from family_app import cli\n"
            "cli.COMMANDS['run'] = lambda args, data: 0\n"
            f"assert cli.main({command + ['--data-dir', str(tmp_path)]!r}) == 0\n"
            f"print([name for name in {not_loaded!r} if name in sys.modules])\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_number_too_long_for_python_in_a_scenario_is_one_plain_line(tmp_path):
    raw = json.loads(SCENARIOS[0].read_text("utf-8"))
    bad = tmp_path / "long-number.json"
    bad.write_text(json.dumps({**raw, "goals": None}).replace("null", "7" * 5000), "utf-8")
    result = family_app("demo", "--scenario", str(bad), "--data-dir", str(tmp_path / "d"))
    assert_one_line_error(result, "too large")
    assert "4300" not in result.stderr


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_python_message_is_never_what_the_user_reads(tmp_path, capsys, monkeypatch, lang):
    """A folder name with a NUL byte makes the standard library raise ValueError("embedded
    null byte"); the user reads a plain sentence in their own language instead."""
    from i18n import translator
    from i18n.problems import Problem
    from family_app import cli
    monkeypatch.setenv("ONSPLAN_LANG", lang)
    assert cli.main(["profiles", "--data-dir", str(tmp_path / "bad\x00folder")]) == 1
    sentence = translator(lang).gettext(Problem.default_problem)
    assert capsys.readouterr().err == f"family-app: {sentence}\n"


@pytest.mark.parametrize("python_error", [
    lambda: int("twelve"), lambda: {}["household"], lambda: [][0], lambda: b"\xff".decode()])
def test_value_and_lookup_errors_are_plain_sentences(tmp_path, capsys, monkeypatch, python_error):
    from family_app import cli
    monkeypatch.setenv("ONSPLAN_LANG", "en")
    monkeypatch.setitem(cli.COMMANDS, "profiles", lambda args, data: python_error())
    assert cli.main(["profiles", "--data-dir", str(tmp_path)]) == 1
    line = capsys.readouterr().err
    assert line == "family-app: Something went wrong. Please try again.\n"
