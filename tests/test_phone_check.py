"""`make phone-check` (tools/phone_check.py): every runtime dependency of a phone build is pure
Python or has an Android and iOS build, at a version the ranges admit; it fails on purpose
when a desktop-only native package such as zxing-cpp is among them.

The project's own pyproject.toml is checked by `make phone-check`; these tests check the
rule on the dependencies a phone build is meant to have (flet-web and zxing-cpp for
desktops only, pyzbar as the QR reader), read from the real lock and installed metadata."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tools import phone_check

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = tomllib.loads((ROOT / "tools" / "phone_packages.toml").read_text(encoding="utf-8"))
DESKTOP_ONLY = "platform_system != 'Android' and platform_system != 'iOS'"
PHONE_READY = [
    "flet==1.0.5", f"flet-web==1.0.5; {DESKTOP_ONLY}", "flet-camera==1.0.5",
    "flet-charts==1.0.5", "tinydb>=4.8,<5", "cryptography>=47", "qrcode[pil]>=8",
    "babel>=2.14", "cbor2>=5.6", "platformdirs>=4", "pyzbar>=0.1.9", "pillow>=10",
]


def lock() -> str:
    text = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")
    if "\npyzbar==" not in text:  # until the lead locks it: the version installed here
        from importlib.metadata import version
        text += f"\npyzbar=={version('pyzbar')}\n"
    return text


def checked(dependencies: list[str], **flet) -> phone_check.Report:
    pyproject = {"project": {"dependencies": dependencies}, "tool": {"flet": flet}}
    return phone_check.check(pyproject, lock(), PACKAGES)


def test_the_list_says_where_it_comes_from_and_when():
    assert PACKAGES["checked"] == "2026-12-01"
    assert "docs.flet.dev" in PACKAGES["source"] and "flet-dev/mobile-forge" in PACKAGES["source"]
    assert "zxing-cpp" not in PACKAGES["packages"]


def test_the_phone_dependencies_pass_with_python_3_14_only():
    report = checked(PHONE_READY)
    assert report.ok, report.problems
    deps = report.dependencies
    assert {"flet-web", "uvicorn", "uvloop", "zxing-cpp"}.isdisjoint(deps)
    assert deps["pyzbar"].kind == deps["cryptography"].kind == "phone build"
    assert deps["tinydb"].kind == deps["httpx"].kind == "pure Python"
    assert deps["cryptography"].locked == "50.0.2"
    # HPKE needs cryptography >= 47: only the 3.14 phone builds carry it (48.0.0).
    assert report.pythons["3.14"] == []
    for python in ("3.12", "3.13"):
        assert report.pythons[python] == ["cryptography 43.0.1: pyproject.toml asks >=47"]
    table = phone_check.render(report, PACKAGES)
    assert "| cryptography | 50.0.2 | phone build | 43.0.1 / 43.0.1 / 48.0.0 |" in table
    assert table.endswith("ok: every runtime dependency is pure Python or has a phone build")


@pytest.mark.parametrize("where", ["project", "android", "ios"])
def test_a_desktop_only_native_package_fails_the_check(where):
    if where == "project":
        report = checked(PHONE_READY + ["zxing-cpp>=2.2"])
    else:
        report = checked(PHONE_READY, **{where: {"dependencies": ["zxing-cpp>=2.2"]}})
    assert report.problems == [
        "zxing-cpp: native code with no Android/iOS build (desktop only)"]
    assert "**native code with no Android/iOS build (desktop only)**" in phone_check.render(
        report, PACKAGES)


def test_what_a_desktop_only_package_pulls_in_counts_for_phones_when_it_is_not_marked():
    """flet-web without its marker brings uvicorn's native helpers along."""
    unmarked = [dep.replace(f"; {DESKTOP_ONLY}", "") for dep in PHONE_READY]
    problems = checked(unmarked).problems
    for native in ("uvloop", "httptools", "watchfiles"):
        assert f"{native}: native code with no Android/iOS build (desktop only)" in problems


def test_a_range_no_phone_build_meets_fails():
    report = checked([dep.replace("cryptography>=47", "cryptography>=49") for dep in PHONE_READY])
    assert report.problems == [
        "no Python version of the phone builds carries every native package within range"]
    assert report.pythons["3.14"] == ["cryptography 48.0.0: pyproject.toml asks >=49"]


def test_a_package_not_in_the_lock_fails():
    pyproject = {"project": {"dependencies": PHONE_READY}}
    report = phone_check.check(pyproject, lock().replace("\ntinydb==", "\n# tinydb=="), PACKAGES)
    assert report.problems == ["tinydb: not in the lock"]


def test_the_command_exits_non_zero_and_prints_the_table(tmp_path, capsys):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["tinydb>=4.8,<5", "zxing-cpp>=2.2"]\n')
    assert phone_check.main(["--pyproject", str(pyproject)]) == 1
    out = capsys.readouterr().out
    assert "| tinydb | 4.9.0 | pure Python |" in out
    assert "FAILED: zxing-cpp: native code with no Android/iOS build (desktop only)" in out
