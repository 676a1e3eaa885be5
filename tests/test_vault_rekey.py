""""Someone may know my PIN": new keys for everything; and an older file put back is noticed.

One family profile is made per module and copied into each test's folder. Every secret tried
costs one real scrypt, so each test tries only what it must.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from family_app.profiles import unlocking
from family_app.profiles.device import Device
from family_app.vault import (RolledBack, Vault, VaultCorrupt, VaultWriteError, WeakSecret,
                              WrongSecret, fileformat)
from family_app.vault.atomic import backup_path
from family_app.vault.keys import normalize_recovery_code
from family_app.vault.storage import WRITES_KEY

OLD_PIN = "482915"
NEW_PIN = "735184"
ROLLED_BACK = ("This plan is older than the last version opened on this device. "
               "Changes made after that are missing.")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rekey-template")
    profile, vault, code = Device(folder).store.create("family", "Gezin Bakker", OLD_PIN)
    with vault:
        vault.table("diary").insert({"text": "Mijn eigen plan"})
    return folder, profile, code


@pytest.fixture
def made(template, tmp_path):
    folder, profile, code = template
    shutil.copytree(folder, tmp_path / "data")
    device = Device(tmp_path / "data")
    return device, profile, code, device.store.vault_path(profile)


def texts(vault: Vault) -> list[str]:
    return [doc["text"] for doc in vault.table("diary").all()]


def payload_of(path: Path, data_key: bytes) -> dict:
    return json.loads(fileformat.unseal(data_key, *fileformat.decode(path.read_bytes())))


# --- someone may know my PIN -------------------------------------------------------------

def test_new_keys_lock_out_the_old_pin_and_code_everywhere(made, tmp_path):
    device, profile, old_code, path = made
    old_copy = tmp_path / "kept-by-someone.vault"
    shutil.copy2(path, old_copy)

    opened = unlocking.unlock(device, profile, OLD_PIN)
    old_key = opened.vault._data_key
    new_code = unlocking.renew_keys(opened, NEW_PIN)
    assert normalize_recovery_code(new_code) == new_code != old_code
    assert opened.vault._data_key != old_key
    opened.vault.table("diary").insert({"text": "Na de nieuwe sleutels"})
    new_key = opened.vault._data_key
    opened.lock()

    new_copy = tmp_path / "copied-after.vault"
    shutil.copy2(path, new_copy)
    # The database itself was encrypted again: the old data key reads neither file.
    for file in (path, backup_path(path), new_copy):
        with pytest.raises(VaultCorrupt):
            payload_of(file, old_key)
    assert not (path.parent / (path.name + ".old")).exists()
    # The old PIN and the old code open no copy of the new file, not even via the backup.
    with pytest.raises(WrongSecret):
        unlocking.unlock(device, profile, OLD_PIN)
    with pytest.raises(WrongSecret):
        Vault.open_with_recovery(new_copy, old_code)
    # The new secrets do not open a copy of the old file.
    with pytest.raises(WrongSecret):
        Vault.open(old_copy, NEW_PIN)
    with pytest.raises(WrongSecret):
        Vault.open_with_recovery(old_copy, new_code)
    # The new recovery code and the new PIN work.
    with Vault.open_with_recovery(new_copy, new_code.lower()) as vault:
        assert texts(vault) == ["Mijn eigen plan", "Na de nieuwe sleutels"]
        assert vault._data_key == new_key
    again = unlocking.unlock(device, profile, NEW_PIN)
    assert texts(again.vault) == ["Mijn eigen plan", "Na de nieuwe sleutels"]
    again.lock()


def test_the_family_may_keep_an_old_copy_that_the_app_never_opens(made, tmp_path):
    device, profile, _, path = made
    opened = unlocking.unlock(device, profile, OLD_PIN)
    unlocking.renew_keys(opened, NEW_PIN, keep_old_copy=True)
    opened.lock()
    kept = path.parent / (path.name + ".old")
    assert kept.exists()
    # The backup holds the new keys, so the old PIN cannot reach the old copy through it.
    assert (fileformat.decode(backup_path(path).read_bytes())[0].slots
            == fileformat.decode(path.read_bytes())[0].slots)
    with pytest.raises(WrongSecret):
        unlocking.unlock(device, profile, OLD_PIN)
    shutil.copy2(kept, tmp_path / "old.vault")
    with Vault.open(tmp_path / "old.vault", OLD_PIN) as vault:   # it is what they kept
        assert texts(vault) == ["Mijn eigen plan"]


def test_the_kept_old_copy_is_under_a_name_the_app_never_opens(made):
    device, profile, _, path = made
    opened = unlocking.unlock(device, profile, OLD_PIN)
    unlocking.renew_keys(opened, NEW_PIN, keep_old_copy=True)
    opened.lock()
    kept = path.parent / (path.name + ".old")
    # Not listed as a profile, even when the list is rebuilt from the files...
    for registry in device.store.data_dir.glob("profiles.json*"):
        registry.unlink()
    assert [p.id for p in device.store.list()] == [profile.id]
    # ... and not a fallback: without the plan and its backup there is nothing to open.
    path.unlink()
    backup_path(path).unlink()
    for pin in (OLD_PIN, NEW_PIN):
        with pytest.raises(FileNotFoundError):
            unlocking.unlock(device, profile, pin)
    assert kept.exists()


def test_a_weak_new_pin_is_refused_before_anything_changes(made):
    device, profile, _, path = made
    opened = unlocking.unlock(device, profile, OLD_PIN)
    before = path.read_bytes(), backup_path(path).read_bytes()
    with pytest.raises(WeakSecret):
        unlocking.renew_keys(opened, "111111")
    assert (path.read_bytes(), backup_path(path).read_bytes()) == before
    opened.lock()


def test_a_failed_renewal_keeps_the_old_keys_and_the_plan(made, monkeypatch):
    device, profile, _, path = made
    opened = unlocking.unlock(device, profile, OLD_PIN)
    old_key = opened.vault._data_key
    real_write = os.write

    def disk_full(fd, data):
        if len(data) > 200:                  # the new vault file, not the tiny counters
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", disk_full)
        with pytest.raises(VaultWriteError) as raised:
            unlocking.renew_keys(opened, NEW_PIN)
    assert raised.value.disk_full
    assert opened.vault._data_key == old_key
    opened.vault.table("diary").insert({"text": "Nog steeds bewaard"})
    opened.lock()
    again = unlocking.unlock(device, profile, OLD_PIN)
    assert texts(again.vault) == ["Mijn eigen plan", "Nog steeds bewaard"]
    again.lock()


# --- an older file put back --------------------------------------------------------------

def writes_of(path: Path, data_key: bytes) -> int:
    return payload_of(path, data_key)[WRITES_KEY]["1"]["writes"]


def test_the_write_counter_is_inside_the_encryption_and_counts_every_save(made):
    device, profile, _, path = made
    opened = unlocking.unlock(device, profile, OLD_PIN)
    key = opened.vault._data_key
    first = writes_of(path, key)
    with opened.vault.action():
        opened.vault.table("diary").insert({"text": "een"})
        opened.vault.table("diary").insert({"text": "twee"})
    opened.vault.table("diary").insert({"text": "drie"})
    assert writes_of(path, key) == first + 2
    assert WRITES_KEY not in opened.vault.read_all()          # the app never sees it
    with pytest.raises(ValueError):
        opened.vault.table(WRITES_KEY).insert({"writes": 0})  # nor can it write it
    opened.lock()
    blob = path.read_bytes()
    assert b"writes" not in blob                              # not in the plaintext header
    seen = device.store.last_seen_path(profile)
    assert seen.parent != path.parent                         # not next to the vault
    assert json.loads(seen.read_text()) == {"writes": first + 2}


def test_an_older_file_put_back_is_noticed_and_named(made, tmp_path):
    device, profile, _, path = made
    aside = tmp_path / "aside"
    aside.mkdir()
    for file in (path, backup_path(path)):
        shutil.copy2(file, aside / file.name)
    opened = unlocking.unlock(device, profile, OLD_PIN)
    assert opened.vault.rollback is None
    opened.vault.table("diary").insert({"text": "Afspraak met school"})
    opened.vault.table("diary").insert({"text": "Oma belt"})
    opened.lock()

    for file in aside.iterdir():                              # the older files put back
        shutil.copy2(file, path.parent / file.name)
    opened = unlocking.unlock(device, profile, OLD_PIN)
    notice = opened.vault.rollback
    assert isinstance(notice, RolledBack)
    assert notice.problem == ROLLED_BACK
    assert notice.expected - notice.found == 2                # two saves are missing
    assert texts(opened.vault) == ["Mijn eigen plan"]
    # The family carries on from here: the next save counts on above the last one seen.
    opened.vault.table("diary").insert({"text": "Opnieuw ingevoerd"})
    assert writes_of(path, opened.vault._data_key) == notice.expected + 1
    opened.lock()
    again = unlocking.unlock(device, profile, OLD_PIN)
    assert again.vault.rollback is None
    again.lock()


def test_the_backup_after_a_damaged_main_file_is_not_called_a_rollback(made):
    device, profile, _, path = made
    opened = unlocking.unlock(device, profile, OLD_PIN)
    opened.vault.table("diary").insert({"text": "Nieuw"})
    opened.lock()
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))
    opened = unlocking.unlock(device, profile, OLD_PIN)
    assert opened.vault.recovered_from_backup         # the UI already says this
    assert opened.vault.rollback is None
    opened.lock()


def test_a_device_without_a_record_raises_no_false_alarm(made):
    # The limit, stated as a test: without the record (a new device, or someone removed
    # it) an older file cannot be told from the newest; counting starts again from here.
    device, profile, _, path = made
    device.store.last_seen_path(profile).unlink()
    opened = unlocking.unlock(device, profile, OLD_PIN)
    assert opened.vault.rollback is None
    opened.lock()
    assert device.store.last_seen_path(profile).exists()


def test_a_whole_data_folder_put_back_is_not_noticed(made, tmp_path):
    # The limit, stated as a test: the record of the highest write counter lives in the
    # data folder too, so restoring the whole folder restores the record with the plan.
    device, profile, _, _ = made
    aside = tmp_path / "whole-folder"
    shutil.copytree(device.store.data_dir, aside)
    opened = unlocking.unlock(device, profile, OLD_PIN)
    opened.vault.table("diary").insert({"text": "Afspraak met school"})
    opened.lock()
    shutil.rmtree(device.store.data_dir)
    shutil.copytree(aside, device.store.data_dir)
    opened = unlocking.unlock(device, profile, OLD_PIN)
    assert opened.vault.rollback is None
    assert texts(opened.vault) == ["Mijn eigen plan"]          # the save is gone, unsaid
    opened.lock()


def test_a_young_persons_new_secret_must_be_as_strong_as_their_first(tmp_path):
    device = Device(tmp_path)
    first = "4829150637281"
    profile, vault, _ = device.store.create("youth", "Sam", first)
    vault.close()
    opened = unlocking.unlock(device, profile, first)
    with pytest.raises(WeakSecret) as raised:
        unlocking.renew_keys(opened, NEW_PIN)
    assert raised.value.reason == "youth_too_weak"
    opened.lock()
