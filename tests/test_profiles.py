"""Profiles on one device: separate vaults, separate secrets, one plaintext label each.

Two profiles are created once per module (4 scrypt runs); tests that change things work
on a copy of that data folder."""
from __future__ import annotations

import shutil

import pytest

from family_app.safety import shown_contacts
from family_app.profiles.profiles import LabelProblem, ProfileNotFound, ProfileStore
from family_app.vault import (TooManyAttempts, Vault, VaultCorrupt, WeakSecret, WrongSecret)

from tests.helpers.data import FAMILY_SECRET
YOUTH_PIN = "4829150637281"  # a young person's PIN has 13 digits at least


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("device")
    store = ProfileStore(folder, clock=Clock())
    family, vault, family_code = store.create("family", "Gezin De Vries", FAMILY_SECRET)
    with vault:
        vault.table("goals").insert({"text": "Rust in huis"})
    youth, vault, youth_code = store.create("youth", "Sam", YOUTH_PIN)
    with vault:
        vault.table("diary").insert({"text": "Mijn eigen plan"})
    return folder, {"family": (family, family_code), "youth": (youth, youth_code)}


@pytest.fixture
def device(made, tmp_path):
    """A private copy of the data folder, with a clock the test controls."""
    folder, profiles = made
    shutil.copytree(folder, tmp_path / "data")
    clock = Clock()
    return ProfileStore(tmp_path / "data", clock=clock), clock, profiles


def test_list_and_find(made):
    folder, profiles = made
    store = ProfileStore(folder)
    listed = store.list()
    assert [(p.kind, p.label) for p in listed] == [("family", "Gezin De Vries"), ("youth", "Sam")]
    family = profiles["family"][0]
    assert store.find("gezin de  VRIES") == family
    assert store.find(family.id) == family
    assert store.vault_path(family) == folder / "profiles" / f"{family.id}.vault"
    with pytest.raises(ProfileNotFound) as raised:
        store.find("Oma")
    assert str(raised.value) == "There is no plan with this name. ('Oma')"
    assert isinstance(raised.value, KeyError)


@pytest.mark.parametrize("label, problem", [
    ("  ", "Please give this plan a name."),
    ("gezin de vries", "There is already a plan with this name."),
    ("x" * 61, "A name can have at most 60 characters."),
])
def test_labels_are_required_and_unique_ignoring_case(made, label, problem):
    store = ProfileStore(made[0])
    with pytest.raises(LabelProblem) as raised:
        store.create("youth", label, YOUTH_PIN)
    assert raised.value.problem == problem
    assert len(store.list()) == 2


def test_create_refuses_a_weak_secret_and_an_unknown_kind(made):
    store = ProfileStore(made[0])
    with pytest.raises(WeakSecret):
        store.create("youth", "Noor", "123456")
    with pytest.raises(ValueError):
        store.create("admin", "Noor", "482916")
    assert len(store.list()) == 2


def test_each_profile_opens_with_its_own_secret(made):
    store = ProfileStore(made[0])
    family, youth = made[1]["family"][0], made[1]["youth"][0]
    with store.unlock(family, FAMILY_SECRET) as vault:
        assert (vault.kind, vault.profile_id) == ("family", family.id)
        assert vault.table("goals").all() == [{"text": "Rust in huis"}]
    with store.unlock(youth, YOUTH_PIN) as vault:
        assert vault.table("diary").all() == [{"text": "Mijn eigen plan"}]


def test_a_youth_vault_cannot_be_opened_with_the_familys_secret_or_code(device):
    # On a copy: every wrong secret is now counted in the vault file itself.
    store, _, profiles = device
    (family, family_code), (youth, youth_code) = profiles["family"], profiles["youth"]
    with pytest.raises(WrongSecret):
        Vault.open(store.vault_path(youth), FAMILY_SECRET)
    with pytest.raises(WrongSecret):
        Vault.open_with_recovery(store.vault_path(youth), family_code)
    with pytest.raises(WrongSecret):
        Vault.open_with_recovery(store.vault_path(family), youth_code)


def test_a_vault_file_moved_into_another_profiles_place_is_refused(device):
    store, _, profiles = device
    family, youth = profiles["family"][0], profiles["youth"][0]
    shutil.copy2(store.vault_path(family), store.vault_path(youth))
    shutil.copy2(store.vault_path(family), str(store.vault_path(youth)) + ".bak")
    with pytest.raises(VaultCorrupt):
        store.unlock(youth, FAMILY_SECRET)


def test_wrong_secrets_slow_down_and_a_restart_remembers(device, monkeypatch):
    store, clock, profiles = device
    youth = profiles["youth"][0]
    waits = []
    for _ in range(3):
        with pytest.raises(WrongSecret) as raised:
            store.unlock(youth, "000001")
        waits.append(raised.value.wait_seconds)
    assert waits == [0, 0, 5]

    restarted = ProfileStore(store.data_dir, clock=clock)
    monkeypatch.setattr(Vault, "open", lambda *a, **k: pytest.fail("tried during a delay"))
    clock.now += 2
    with pytest.raises(TooManyAttempts) as raised:
        restarted.unlock(youth, YOUTH_PIN)
    assert raised.value.wait_seconds == 3
    monkeypatch.undo()

    clock.now += 3
    with restarted.unlock(youth, YOUTH_PIN):
        pass
    assert restarted.lockout(youth).failures == 0


def test_recovery_sets_a_new_secret_and_clears_the_delay(device):
    store, _, profiles = device
    youth, code = profiles["youth"]
    for _ in range(6):
        store.lockout(youth).record_failure()
    assert store.lockout(youth).wait_seconds() > 0
    with pytest.raises(WeakSecret):
        store.recover(youth, code, "12345")
    with store.recover(youth, code.lower(), "9154820637281") as vault:
        assert vault.table("diary").all() == [{"text": "Mijn eigen plan"}]
    assert store.lockout(youth).wait_seconds() == 0
    with pytest.raises(WrongSecret):
        store.unlock(youth, YOUTH_PIN)
    with store.unlock(youth, "9154820637281"):
        pass


def test_delete_removes_the_files_and_the_label(device):
    store, _, profiles = device
    youth = profiles["youth"][0]
    store.lockout(youth).record_failure()
    shown_contacts.show(store.data_dir, youth.id, [shown_contacts.Contact("Oma", "06-00000001")])
    store.delete(youth)
    assert not list((store.data_dir / shown_contacts.FOLDER).iterdir())  # the safety card's
    assert [p.kind for p in store.list()] == ["family"]
    assert sorted(p.name for p in (store.data_dir / "profiles").iterdir()) == [
        f"{profiles['family'][0].id}.vault", f"{profiles['family'][0].id}.vault.bak"]
    for registry in store.data_dir.glob("profiles.json*"):
        assert b"Sam" not in registry.read_bytes()
    with pytest.raises(ProfileNotFound):
        store.delete(youth)


def test_the_label_is_the_only_plaintext_the_user_chose(made):
    folder, profiles = made
    chosen = ["Rust in huis", "Mijn eigen plan", FAMILY_SECRET, YOUTH_PIN,
              profiles["family"][1], profiles["youth"][1]]
    labels = {"Gezin De Vries": 0, "Sam": 0}
    for file in folder.rglob("*"):
        if not file.is_file():
            continue
        content = file.read_bytes()
        for text in chosen:
            for encoding in ("utf-8", "utf-16-le"):
                assert text.encode(encoding) not in content, (file.name, text)
        for label in labels:
            if label.encode() in content:
                assert file.name.startswith("profiles.json"), file.name
                labels[label] += 1
    assert all(labels.values())


def test_a_lost_registry_is_rebuilt_from_the_vault_headers(device):
    store, _, profiles = device
    for registry in store.data_dir.glob("profiles.json*"):
        registry.unlink()
    rebuilt = {p.id: p.kind for p in store.list()}
    assert rebuilt == {profiles["family"][0].id: "family", profiles["youth"][0].id: "youth"}


def test_an_older_versions_lockout_file_is_taken_over_into_the_vault(device):
    store, clock, profiles = device
    youth = profiles["youth"][0]
    legacy = store.vault_dir / f"{youth.id}.lockout.json"
    legacy.write_text('{"failures": 5, "not_before": %f}' % (clock.now + 20))
    with pytest.raises(TooManyAttempts) as raised:
        store.unlock(youth, YOUTH_PIN)
    assert raised.value.wait_seconds == 20
    assert not legacy.exists()                        # deleting it now changes nothing
    assert store.lockout(youth).failures == 5


def test_a_plan_open_elsewhere_is_not_deleted(device, monkeypatch):
    from family_app.vault import VaultInUse, oslock
    monkeypatch.setattr(oslock, "LOCK_WAIT_SECONDS", 0.1)
    store, _, profiles = device
    youth = profiles["youth"][0]
    vault = store.unlock(youth, YOUTH_PIN)
    with pytest.raises(VaultInUse):
        store.delete(youth)
    assert store.vault_path(youth).exists() and youth in store.list()
    vault.close()
    store.delete(youth)
    assert not store.vault_path(youth).exists()
    assert not store.last_seen_path(youth).exists()
