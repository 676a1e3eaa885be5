"""`family-app backup` and `family-app restore`, as a family's helper at a computer uses them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers.data import DE_VRIES, FAMILY_SECRET, YOUTH_SECRET

NEW_SECRET = "nieuwe-laptop-thuis"


def family_app(*args: str, secret: str = FAMILY_SECRET, code: str | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONSPLAN_")}
    env.update(ONSPLAN_LANG="en", ONSPLAN_PASSPHRASE=secret, ONSPLAN_YOUTH_PASSPHRASE=YOUTH_SECRET)
    if code is not None:
        env["ONSPLAN_RECOVERY_CODE"] = code
    return subprocess.run([sys.executable, "-m", "family_app", *args], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)


def one_line_error(result) -> str:
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    [line] = result.stderr.strip().splitlines()
    return line


def goals(data) -> list:
    exported = family_app("export", "--data-dir", str(data))
    assert exported.returncode == 0, exported.stderr
    return json.loads(exported.stdout)["tables"]["goals"]


def test_a_backup_made_on_one_computer_is_restored_on_another(tmp_path):
    made = family_app("demo", "--scenario", str(DE_VRIES), "--data-dir", str(tmp_path / "a"))
    assert made.returncode == 0, made.stderr
    code = next(line.rsplit(" ", 1)[-1] for line in made.stdout.splitlines()
                if line.startswith("family\t"))
    out = tmp_path / "ons-plan.onsplan-backup"
    written = family_app("backup", "--out", str(out), "--data-dir", str(tmp_path / "a"))
    assert written.returncode == 0, written.stderr
    assert out.read_bytes().startswith(b"ONSPLAN-BACKUP\n\x01")

    wrong = family_app("restore", str(out), "--data-dir", str(tmp_path / "b"),
                       code="0000-0000-0000-0000-0000")
    assert "recovery code does not open this backup" in one_line_error(wrong)
    not_a_backup = family_app("restore", str(DE_VRIES), "--data-dir", str(tmp_path / "b"), code=code)
    assert "not a backup of Ons Plan" in one_line_error(not_a_backup)
    assert not (tmp_path / "b" / "profiles.json").exists()   # nothing made by a refusal

    restored = family_app("restore", str(out), "--data-dir", str(tmp_path / "b"), code=code,
                          secret=NEW_SECRET)
    assert restored.returncode == 0, restored.stderr
    assert "restored family (family)" in restored.stdout and "new recovery code: " in restored.stdout
    exported = family_app("export", "--data-dir", str(tmp_path / "b"), secret=NEW_SECRET)
    assert json.loads(exported.stdout)["tables"]["goals"] == goals(tmp_path / "a")

    again = family_app("restore", str(out), "--data-dir", str(tmp_path / "b"), code=code,
                       secret=NEW_SECRET)
    assert "--replace" in one_line_error(again)
    replaced = family_app("restore", str(out), "--replace", "--data-dir", str(tmp_path / "b"),
                          code=code, secret=NEW_SECRET)
    assert replaced.returncode == 0, replaced.stderr
    listed = family_app("profiles", "--data-dir", str(tmp_path / "b")).stdout.splitlines()
    assert [line.split("\t")[:2] for line in listed] == [["family", "family"]]


def test_a_backup_may_open_with_the_passphrase_too_but_never_with_a_pin(tmp_path):
    made = family_app("demo", "--scenario", str(DE_VRIES), "--data-dir", str(tmp_path / "a"))
    assert made.returncode == 0, made.stderr
    out = tmp_path / "ons-plan.onsplan-backup"
    written = family_app("backup", "--also-passphrase", "--out", str(out),
                         "--data-dir", str(tmp_path / "a"))
    assert written.returncode == 0, written.stderr
    assert "opens with the recovery code of this plan or its passphrase" in written.stdout
    restored = family_app("restore", str(out), "--data-dir", str(tmp_path / "b"),
                          code=FAMILY_SECRET, secret=NEW_SECRET)   # the passphrase in the box
    assert restored.returncode == 0, restored.stderr
    assert json.loads(family_app("export", "--data-dir", str(tmp_path / "b"), secret=NEW_SECRET)
                      .stdout)["tables"]["goals"] == goals(tmp_path / "a")

    pin = "492751"
    made = family_app("demo", "--scenario", str(DE_VRIES), "--data-dir", str(tmp_path / "c"),
                      secret=pin)
    assert made.returncode == 0, made.stderr
    refused = family_app("backup", "--also-passphrase", "--out", str(tmp_path / "pin.onsplan-backup"),
                         "--data-dir", str(tmp_path / "c"), secret=pin)
    assert "locked with a PIN: a PIN is too short to protect a file" in one_line_error(refused)
    assert not (tmp_path / "pin.onsplan-backup").exists()
