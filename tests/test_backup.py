"""Backups: a profile whole in one encrypted file, and restoring it on another device.

Every refusal is a BackupError with words for the family, and leaves the device as it was.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from family_app.backup import backup_file, making, reminder, restoring
from family_app.backup.errors import (BackupDamaged, BackupError, BackupTooLarge, NewerBackup,
                                      NotABackup, ProfileExists, WrongBackupCode,
                                      WrongBackupSecret)
from family_app.household import replica_store
from family_app.plan.plan_book import PlanBook
from family_app.profiles.device import Device
from family_app.profiles.onboarding import FAMILY_LABEL, create_with_tables, household_from_form
from family_app.profiles.profiles import LabelProblem
from family_app.profiles.unlocking import recover, renew_keys, unlock
from family_app.sharing import sharing
from family_app.vault import MalformedRecoveryCode, VaultInUse, WeakSecret
from family_app.youth.youth_book import YOUTH_PLAN_TABLE
from sync.share_payload import Scope
from tests.helpers.data import FAMILY_SECRET, YOUTH_SECRET
from tests.helpers.household import FakeTime, join, make_empty_family

NEW_PIN = "492751"


@pytest.fixture(scope="module")
def small_family(tmp_path_factory):
    """A family device with a small plan, its backup and its recovery code."""
    folder = tmp_path_factory.mktemp("small")
    opened, code = create_with_tables(Device(folder), "family", FAMILY_LABEL, FAMILY_SECRET,
                                      {"household": [household_from_form("Gezin Bakker").to_dict()]},
                                      "nl")
    blob = making.make_backup(opened)
    opened.lock()
    return folder, blob, code


@pytest.fixture(scope="module")
def empty_family_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("empty-family")
    make_empty_family(folder)
    return folder


def _profiles(folder) -> list:
    return Device(folder).profiles() if folder.exists() else []


def _tables_without_device_settings(opened) -> dict:
    tables = {name: [dict(doc) for doc in docs] for name, docs in opened.vault.read_all().items()}
    for doc in tables.get("settings", []):
        for setting in (reminder.LAST_BACKUP_SETTING, replica_store.NODE_SETTING,
                        replica_store.EARLIER_NODES_SETTING):
            doc.pop(setting, None)
    return tables


def test_every_table_comes_back_as_it_was(de_vries, empty_family_template, tmp_path):
    """The plan and its history, the consent log, paired keys, the household's replica and
    devices, the settings: all of it, with the same record ids."""
    book = FakeTime().book(de_vries)
    identity = sharing.read_identity(_begeleider_code(tmp_path))
    professional = sharing.pair(book, identity).professional
    sharing.share(book, Scope.preset("goals"), to=professional)
    shutil.copytree(empty_family_template, tmp_path / "laptop")
    laptop = unlock(Device(tmp_path / "laptop"), Device(tmp_path / "laptop").profile("family"),
                    FAMILY_SECRET)
    join(book, FakeTime().book(laptop), FakeTime())
    laptop.lock()
    before = _tables_without_device_settings(de_vries)
    assert {"goals", "history", "shares", "identity", "household_devices", "sync_state",
            "sync_records", "settings"} <= set(before)

    code = _code_of(de_vries)
    blob = making.make_backup(de_vries)
    restored, new_code = restoring.restore(Device(tmp_path / "new"), blob, code, NEW_PIN)
    try:
        assert _tables_without_device_settings(restored) == before
        assert restored.vault.read_all()["goals"][0].doc_id == de_vries.vault.read_all()["goals"][0].doc_id
        assert restored.kind == "family" and new_code != code
        assert PlanBook(restored).plan() == PlanBook(de_vries).plan()
    finally:
        restored.lock()
    # Locked under the new PIN, with the new recovery code.
    again = unlock(Device(tmp_path / "new"), Device(tmp_path / "new").profile("family"), NEW_PIN)
    again.lock()


def test_a_family_backup_holds_no_youth_plan_and_a_youth_backup_is_its_own(family, daan, tmp_path):
    code = _code_of(family.opened)
    blob = making.make_backup(family.opened)
    _, contents = backup_file.open_backup(blob, code)
    assert contents.kind == "family" and YOUTH_PLAN_TABLE not in contents.tables
    youth_ids = {doc["id"] for docs in daan.opened.vault.read_all().values() for doc in docs
                 if "id" in doc}
    assert youth_ids and not youth_ids & {doc.get("id") for rows in contents.tables.values()
                                          for doc in rows.values()}
    youth_code = _code_of(daan.opened)
    youth_blob = making.make_backup(daan.opened)
    restored, _ = restoring.restore(Device(tmp_path / "new"), youth_blob, youth_code,
                                    "vier woorden voor mij")
    try:
        assert restored.kind == "youth" and restored.profile.label == daan.opened.profile.label
        assert restored.vault.read_all()[YOUTH_PLAN_TABLE]
    finally:
        restored.lock()


def test_a_youth_plan_is_restored_only_under_a_strong_secret(daan, tmp_path):
    code = _code_of(daan.opened)
    blob = making.make_backup(daan.opened)
    with pytest.raises(WeakSecret):
        restoring.restore(Device(tmp_path / "new"), blob, code, NEW_PIN)
    assert _profiles(tmp_path / "new") == []


def test_a_wrong_recovery_code_is_refused_and_nothing_is_made(small_family, tmp_path):
    _, blob, code = small_family
    wrong = "0000-0000-0000-0000-0000" if code != "0000-0000-0000-0000-0000" else "1111-1111-1111-1111-1111"
    with pytest.raises(WrongBackupCode):
        restoring.restore(Device(tmp_path / "new"), blob, wrong, NEW_PIN)
    with pytest.raises(MalformedRecoveryCode):
        restoring.restore(Device(tmp_path / "new"), blob, "1234", NEW_PIN)
    with pytest.raises(MalformedRecoveryCode):   # the PIN or passphrase is no key to it
        restoring.restore(Device(tmp_path / "new"), blob, FAMILY_SECRET, NEW_PIN)
    assert _profiles(tmp_path / "new") == []


def test_the_code_may_be_typed_as_people_type_it(small_family, tmp_path):
    _, blob, code = small_family
    restored, _ = restoring.restore(Device(tmp_path / "new"), blob,
                                    f"  {code.lower().replace('-', ' ')} ", NEW_PIN)
    restored.lock()


def test_a_weak_new_pin_is_refused_before_the_backup_is_read(small_family, tmp_path):
    _, blob, code = small_family
    with pytest.raises(WeakSecret):
        restoring.restore(Device(tmp_path / "new"), b"not even a backup", code, "123456")


def test_a_damaged_byte_anywhere_is_refused(small_family):
    """Every position of the file, one byte changed: never a plan, always a BackupError."""
    _, blob, code = small_family
    outcomes = set()
    for position in range(len(blob)):
        damaged = bytearray(blob)
        damaged[position] ^= 0x03 if position == len(backup_file.MAGIC) else 0x41
        with pytest.raises(BackupError) as refused:
            backup_file.open_backup(bytes(damaged), code)
        outcomes.add(type(refused.value))
    # The magic line, the version, the header and the payload each answer as they should.
    assert outcomes == {NotABackup, NewerBackup, BackupDamaged, WrongBackupCode}


def test_a_damaged_backup_changes_nothing_on_the_device(small_family, tmp_path):
    folder, blob, code = small_family
    shutil.copytree(folder, tmp_path / "device")
    before = _profiles(tmp_path / "device")
    damaged = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(BackupDamaged):
        restoring.restore(Device(tmp_path / "device"), damaged, code, NEW_PIN, replace=True)
    assert _profiles(tmp_path / "device") == before
    unlock(Device(tmp_path / "device"), before[0], FAMILY_SECRET).lock()


def test_a_truncated_backup_is_refused_at_every_length(small_family):
    _, blob, code = small_family
    for length in range(len(blob)):
        with pytest.raises(BackupDamaged):
            backup_file.open_backup(blob[:length], code)


def test_a_backup_of_a_newer_version_is_refused_before_the_code_is_tried(small_family):
    _, blob, _ = small_family
    newer = blob[:len(backup_file.MAGIC)] + bytes([2]) + blob[len(backup_file.MAGIC) + 1:]
    with pytest.raises(NewerBackup):
        backup_file.open_backup(newer, "0000-0000-0000-0000-0000")


def test_other_files_are_no_backup(small_family, de_vries):
    _, _, code = small_family
    vault_file = de_vries.vault.path.read_bytes()
    for other in (vault_file, b"OP\x01\x02" + bytes(200), b"\x89PNG\r\n\x1a\n" + bytes(100),
                  b"ONSPLAN-EXPORT\n"):
        with pytest.raises(NotABackup):
            backup_file.open_backup(other, code)


def test_a_file_too_large_is_refused_before_it_is_read(small_family, monkeypatch):
    _, blob, code = small_family
    monkeypatch.setattr(backup_file, "MAX_FILE_LEN", len(blob) - 1)
    with pytest.raises(BackupTooLarge):
        backup_file.open_backup(blob, code)


def test_contents_that_inflate_beyond_the_limit_are_refused(small_family, monkeypatch):
    _, blob, code = small_family
    monkeypatch.setattr(backup_file, "MAX_CONTENTS_LEN", 64)
    with pytest.raises(BackupTooLarge):
        backup_file.open_backup(blob, code)


def test_a_cheap_scrypt_cost_in_the_header_is_refused(small_family):
    _, blob, code = small_family
    cheap = blob.replace(b'"n":4096', b'"n":1024', 1)
    assert cheap != blob
    with pytest.raises(BackupDamaged):
        backup_file.open_backup(cheap, code)


def test_nothing_of_the_plan_is_readable_in_the_file(de_vries):
    blob = making.make_backup(de_vries)
    plan = PlanBook(de_vries).plan()
    texts = [plan.household.name, *(g.text for g in plan.goals), *(m.name for m in plan.members)]
    assert texts and not [t for t in texts if t.encode("utf-8") in blob]


def test_an_older_backup_opens_with_the_code_it_was_made_under(small_family, tmp_path):
    """After new keys the old code still opens backups made before (the file is out there);
    the new code opens only backups made after."""
    folder, blob, old_code = small_family
    shutil.copytree(folder, tmp_path / "device")
    device = Device(tmp_path / "device")
    opened = unlock(device, device.profiles()[0], FAMILY_SECRET)
    try:
        new_code = renew_keys(opened, FAMILY_SECRET)
        newer = making.make_backup(opened)
    finally:
        opened.lock()
    backup_file.open_backup(blob, old_code)
    with pytest.raises(WrongBackupCode):
        backup_file.open_backup(blob, new_code)
    backup_file.open_backup(newer, new_code)
    with pytest.raises(WrongBackupCode):
        backup_file.open_backup(newer, old_code)


# --- a backup that opens with the passphrase too ------------------------------------------

@pytest.fixture(scope="module")
def with_passphrase(tmp_path_factory):
    """A family locked with a passphrase, its backup that opens with it too, and its code."""
    folder = tmp_path_factory.mktemp("passphrase")
    opened, code = create_with_tables(Device(folder), "family", FAMILY_LABEL, FAMILY_SECRET,
                                      {"household": [household_from_form("Gezin Bakker").to_dict()]},
                                      "nl")
    try:
        assert making.passphrase_offered(opened)
        blob = making.make_backup(opened, with_passphrase=True)
    finally:
        opened.lock()
    return blob, code


def test_a_backup_opens_with_the_recovery_code_or_the_passphrase_when_chosen(
        with_passphrase, tmp_path):
    blob, code = with_passphrase
    header, _ = backup_file.read_header(blob)
    assert [header.slot.kind, header.passphrase.kind] == ["recovery", "secret"]
    for n, typed in enumerate((code, FAMILY_SECRET, f" {code.lower()} ")):
        restored, _ = restoring.restore(Device(tmp_path / f"new-{n}"), blob, typed, NEW_PIN)
        try:
            assert PlanBook(restored).plan().household.name == "Gezin Bakker"
        finally:
            restored.lock()


def test_a_wrong_code_or_passphrase_is_refused_and_nothing_is_made(with_passphrase, tmp_path):
    blob, code = with_passphrase
    wrong_code = "0000-0000-0000-0000-0000" if code != "0000-0000-0000-0000-0000" else "1111-1111-1111-1111-1111"
    for wrong in (wrong_code, FAMILY_SECRET.upper(), FAMILY_SECRET + " ", NEW_PIN, ""):
        with pytest.raises(WrongBackupSecret) as refused:
            restoring.restore(Device(tmp_path / "new"), blob, wrong, NEW_PIN)
        assert "recovery code or passphrase" in refused.value.problem
    assert _profiles(tmp_path / "new") == []


def test_a_damaged_byte_anywhere_in_a_backup_with_two_slots_is_refused(with_passphrase):
    """Opened with the passphrase: a change to the recovery slot is caught too (the whole
    header is authenticated with the contents). A slot kind changed leaves a backup without
    a passphrase slot, as one made without the choice: the passphrase is no code then."""
    blob, _ = with_passphrase
    outcomes = set()
    for position in range(0, len(blob), 3):
        damaged = bytearray(blob)
        damaged[position] ^= 0x03 if position == len(backup_file.MAGIC) else 0x41
        with pytest.raises((BackupError, MalformedRecoveryCode)) as refused:
            backup_file.open_backup(bytes(damaged), FAMILY_SECRET)
        outcomes.add(type(refused.value))
    assert outcomes == {NotABackup, NewerBackup, BackupDamaged, WrongBackupSecret,
                        MalformedRecoveryCode}


def test_a_backup_without_the_choice_does_not_open_with_the_passphrase(small_family):
    _, blob, _ = small_family
    assert backup_file.read_header(blob)[0].passphrase is None
    with pytest.raises(MalformedRecoveryCode):
        backup_file.open_backup(blob, FAMILY_SECRET)


def test_a_plan_locked_with_a_pin_cannot_let_its_pin_open_a_backup(tmp_path):
    """A PIN's few digits are guessed offline in minutes from a copied file: the choice is
    not offered, and asked for anyway it is refused. Once the secret is a passphrase, it is."""
    device = Device(tmp_path / "device")
    opened, code = create_with_tables(device, "family", FAMILY_LABEL, NEW_PIN,
                                      {"household": [household_from_form("Gezin Bakker").to_dict()]},
                                      "nl")
    try:
        assert not making.passphrase_offered(opened)
        with pytest.raises(ValueError):
            making.make_backup(opened, with_passphrase=True)
        assert backup_file.read_header(making.make_backup(opened))[0].passphrase is None
    finally:
        opened.lock()
    opened = unlock(device, device.profile("family"), "\u0664\u0669\u0662\u0667\u0665\u0661")
    try:   # the same PIN in Arabic-Indic digits is still a PIN
        assert not making.passphrase_offered(opened)
    finally:
        opened.lock()
    opened = recover(device, device.profile("family"), code, FAMILY_SECRET)   # now a passphrase
    try:
        assert making.passphrase_offered(opened)
        blob = making.make_backup(opened, with_passphrase=True)
        backup_file.open_backup(blob, FAMILY_SECRET)
        renew_keys(opened, NEW_PIN)                                           # a PIN again
        assert not making.passphrase_offered(opened)
    finally:
        opened.lock()


def test_a_young_person_may_let_their_own_passphrase_open_their_backup(daan, tmp_path):
    assert making.passphrase_offered(daan.opened)
    blob = making.make_backup(daan.opened, with_passphrase=True)
    restored, _ = restoring.restore(Device(tmp_path / "new"), blob, YOUTH_SECRET,
                                    "vier woorden voor mij")
    try:
        assert restored.kind == "youth" and restored.vault.read_all()[YOUTH_PLAN_TABLE]
    finally:
        restored.lock()
    with pytest.raises(WrongBackupSecret):   # the family's passphrase is no key to it
        backup_file.open_backup(blob, FAMILY_SECRET)


# --- a plan that is already here ---------------------------------------------------------

def test_restoring_over_a_plan_asks_and_keeps_it_until_asked(small_family, tmp_path):
    folder, blob, code = small_family
    shutil.copytree(folder, tmp_path / "device")
    device = Device(tmp_path / "device")
    old = device.profiles()
    with pytest.raises(ProfileExists) as asked:
        restoring.restore(device, blob, code, NEW_PIN)
    assert asked.value.existing == old[0]
    assert device.profiles() == old
    unlock(device, old[0], FAMILY_SECRET).lock()   # untouched: the old PIN still opens it

    restored, _ = restoring.restore(device, blob, code, NEW_PIN, replace=True)
    restored.lock()
    [now] = device.profiles()
    assert now.id != old[0].id and now.label == FAMILY_LABEL and now.kind == "family"
    assert not device.store.vault_path(old[0]).exists()
    unlock(device, now, NEW_PIN).lock()


def test_a_profile_is_relabeled_under_the_rules_of_a_new_name(tmp_path):
    """The public door restoring uses to give a restored plan the old one's name."""
    device = Device(tmp_path / "device")
    profile, vault, _ = device.store.create("youth", "Daan", YOUTH_SECRET)
    vault.close()
    other, vault, _ = device.store.create("youth", "Aylin", YOUTH_SECRET)
    vault.close()
    renamed = device.store.relabel(profile, "  Daan   de Vries ")
    assert renamed.label == "Daan de Vries" and device.profile(profile.id) == renamed
    for taken in ("aylin", "", "x" * 61):
        with pytest.raises(LabelProblem):
            device.store.relabel(profile, taken)
    assert [p.label for p in device.profiles()] == ["Daan de Vries", "Aylin"]


def test_a_plan_open_elsewhere_is_kept_and_the_restore_undone(small_family, tmp_path):
    folder, blob, code = small_family
    shutil.copytree(folder, tmp_path / "device")
    device = Device(tmp_path / "device")
    old = device.profiles()
    elsewhere = unlock(device, old[0], FAMILY_SECRET)   # another tab has it open
    try:
        with pytest.raises(VaultInUse):
            restoring.restore(device, blob, code, NEW_PIN, replace=True)
    finally:
        elsewhere.lock()
    assert device.profiles() == old
    assert sorted(p.name for p in (tmp_path / "device" / "profiles").iterdir()
                  if not p.name.endswith(".lock")) == [f"{old[0].id}.vault", f"{old[0].id}.vault.bak"]


def test_a_failed_write_keeps_the_plan_that_was_here(small_family, tmp_path, monkeypatch):
    folder, blob, code = small_family
    shutil.copytree(folder, tmp_path / "device")
    device = Device(tmp_path / "device")
    old = device.profiles()
    from family_app.vault.vault import Vault

    def full_disk(self, tables):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(Vault, "replace_all", full_disk)
    with pytest.raises(OSError):
        restoring.restore(device, blob, code, NEW_PIN, replace=True)
    monkeypatch.undo()
    assert device.profiles() == old
    unlock(device, old[0], FAMILY_SECRET).lock()


# --- when the last backup was made ---------------------------------------------------------

def test_home_knows_when_the_last_backup_was_made(de_vries):
    made = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    created = dt.date.fromisoformat(de_vries.profile.created[:10])
    fresh = reminder.status(de_vries, created + dt.timedelta(days=29))
    assert fresh == reminder.BackupStatus(None, False)       # a new plan: no nudge yet
    assert reminder.status(de_vries, created + dt.timedelta(days=30)).nudge
    making.make_backup(de_vries, now=made)
    assert reminder.status(de_vries, dt.date(2026, 3, 31)) == reminder.BackupStatus(dt.date(2026, 3, 2), False)
    assert reminder.status(de_vries, dt.date(2026, 4, 1)).nudge


def test_a_restored_plan_starts_without_a_backup(small_family, tmp_path):
    folder, blob, code = small_family
    restored, _ = restoring.restore(Device(tmp_path / "new"), blob, code, NEW_PIN)
    try:
        assert restored.setting(reminder.LAST_BACKUP_SETTING) is None   # its code is new
    finally:
        restored.lock()


# --- helpers ---------------------------------------------------------------------------------

def _code_of(opened) -> str:
    """The profile's recovery code: new keys give one we know (the fixtures' are not kept)."""
    return renew_keys(opened, YOUTH_SECRET if opened.kind == "youth" else FAMILY_SECRET)


def _begeleider_code(folder):
    from family_app.profiles.onboarding import BEGELEIDER_LABEL, workspace_from_form
    from family_app.profiles.open_profile import WORKSPACE_TABLE
    me = workspace_from_form("Fatima El Amrani", "Wijkteam Apeldoorn-Zuid")
    opened, _ = create_with_tables(Device(folder / "begeleider"), "begeleider", BEGELEIDER_LABEL,
                                   "zorg-met-hart", {WORKSPACE_TABLE: [me.to_dict()]}, "nl")
    try:
        return sharing.identity_code(opened).bundle
    finally:
        opened.lock()
