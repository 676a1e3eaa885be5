"""One vault, one writer: a second opener (another process, or the same one) is refused
with a plain message, no save is lost, and a killed writer leaves nothing behind.

The child processes are started with "spawn" (a clean interpreter), as a second program
or a second app would be. Each child pays one scrypt; repeated opens inside a child reuse
the derived key, so these tests stay fast.
"""
from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
import time
from pathlib import Path

import pytest

from family_app.vault import Vault, VaultInUse
from family_app.vault import oslock
from family_app.vault import vault as vault_mod
from family_app.vault.atomic import backup_path, leftover_temp_files, write_atomically
from family_app.vault.lockout import Lockout

from tests.helpers.kdf import real_cost

# Other processes open these vaults: the real scrypt cost (tests/helpers/kdf.py).
pytestmark = pytest.mark.real_scrypt

SECRET = "zonnebloem 42"
IN_USE = ("This plan is already open somewhere else, in another tab or program. "
          "Lock it there first, then try again.")
SPAWN = multiprocessing.get_context("spawn")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template")
    with real_cost():  # a module fixture: made before the mark restores the real cost
        vault, _ = Vault.create(folder / "plan.vault", SECRET, profile_id="fam1", kind="family")
    with vault:
        vault.table("log").insert({"who": "parent", "n": 0})
    return folder


@pytest.fixture
def path(template, tmp_path) -> Path:
    for item in template.iterdir():
        shutil.copy2(item, tmp_path / item.name)
    return tmp_path / "plan.vault"


@pytest.fixture
def quick(monkeypatch):
    """Whoever waits for the lock gives up after a moment (the app waits 2 s)."""
    monkeypatch.setattr(oslock, "LOCK_WAIT_SECONDS", 0.2)


def count_derives(monkeypatch) -> list:
    calls = []
    real = vault_mod.derive_kek
    monkeypatch.setattr(vault_mod, "derive_kek", lambda *a: (calls.append(1), real(*a))[1])
    return calls


# --- what the child processes do ---------------------------------------------------------

def _reuse_derived_keys() -> None:
    # One real scrypt per child, then the derived key is reused for the same salt.
    vault_mod.derive_kek = functools.lru_cache(maxsize=None)(vault_mod.derive_kek)


def _hold_open(path: str, opened, stop) -> None:
    """Open the vault, say so, wait to be told, then save once and close."""
    with Vault.open(path, SECRET) as vault:
        opened.set()
        stop.wait(60)
        vault.table("log").insert({"who": "holder", "n": 1})


def _die_in_the_middle_of_a_save(path: str) -> None:
    """Open, then get killed after the temp file is written but before it is renamed."""
    vault = Vault.open(path, SECRET)

    def killed(*args, **kwargs):
        os._exit(3)
    os.replace = killed
    vault.table("log").insert({"who": "killed", "n": 2})


def _take_turns(path: str, who: int, saves: int, results) -> None:
    """Open, save once, close; again and again. A refused open waits and tries again."""
    _reuse_derived_keys()
    done, refused = 0, 0
    deadline = time.monotonic() + 120
    while done < saves and time.monotonic() < deadline:
        try:
            vault = Vault.open(path, SECRET)
        except VaultInUse:
            refused += 1
            time.sleep(0.01)
            continue
        try:
            vault.table("log").insert({"who": f"p{who}", "n": done})
            done += 1
        finally:
            vault.close()
    results.put((who, done, refused))


def _spawn(target, *args):
    process = SPAWN.Process(target=target, args=args, daemon=True)
    process.start()
    return process


# --- tests -------------------------------------------------------------------------------

def test_a_second_process_is_refused_plainly_and_its_save_is_not_lost(path, monkeypatch,
                                                                       quick):
    opened, stop = SPAWN.Event(), SPAWN.Event()
    holder = _spawn(_hold_open, str(path), opened, stop)
    try:
        assert opened.wait(60), "the other process did not open the vault"
        derives = count_derives(monkeypatch)
        with pytest.raises(VaultInUse) as raised:
            Vault.open(path, SECRET)
        assert raised.value.problem == IN_USE
        assert derives == []                      # refused before any secret was tried
        assert Lockout(path).failures == 0        # and nothing was counted against it
        with pytest.raises(VaultInUse):
            Vault.open_with_recovery(path, "0000-0000-0000-0000-0000")
    finally:
        stop.set()
        holder.join(60)
    assert holder.exitcode == 0
    with Vault.open(path, SECRET) as vault:         # the holder closed: now it opens
        assert [d["who"] for d in vault.table("log").all()] == ["parent", "holder"]


def test_a_second_open_in_the_same_process_is_refused(path, quick):
    first = Vault.open(path, SECRET)
    with pytest.raises(VaultInUse) as raised:
        Vault.open(path, SECRET)
    assert raised.value.problem == IN_USE
    first.table("log").insert({"who": "first", "n": 1})
    first.close()
    with Vault.open(path, SECRET) as again:
        assert len(again.table("log")) == 2


def test_the_lock_file_is_gone_after_close_and_a_stale_one_is_harmless(path):
    lock = oslock.lock_path(path)
    with Vault.open(path, SECRET):
        assert lock.exists()
    assert not lock.exists()
    lock.write_bytes(b"")                           # left behind by a crash: no holder
    with Vault.open(path, SECRET):
        pass


def test_a_killed_writer_releases_the_lock_and_its_temp_file_is_removed(path):
    killed = _spawn(_die_in_the_middle_of_a_save, str(path))
    killed.join(60)
    assert killed.exitcode == 3
    leftovers = leftover_temp_files(path)
    assert len(leftovers) == 1                      # the complete but unrenamed new file
    with Vault.open(path, SECRET) as vault:         # no lock left: the OS released it
        assert leftover_temp_files(path) == []
        assert [d["who"] for d in vault.table("log").all()] == ["parent"]


def test_leftover_temp_files_of_this_vault_only_are_removed_at_open(path):
    folder = path.parent
    ours = [folder / "plan.vault.tmp",              # the fixed name older versions used
            folder / "plan.vault.3f9a0c1d2e4b.tmp",
            folder / "plan.vault.bak.77aa00bb11cc.tmp"]
    others = [folder / "other.vault.3f9a0c1d2e4b.tmp", folder / "plan.vault.notes"]
    for file in ours + others:
        file.write_bytes(b"half a vault")
    assert sorted(leftover_temp_files(path)) == sorted(ours)
    with Vault.open(path, SECRET):
        assert not any(file.exists() for file in ours)
        assert all(file.exists() for file in others)


def test_temp_file_names_are_unique_per_write(tmp_path, monkeypatch):
    target = tmp_path / "plan.vault"
    sources, real = [], os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (sources.append(Path(a).name), real(a, b)))
    for n in range(3):
        write_atomically(target, b"version %d" % n)
    temps = [name for name in sources if name.endswith(".tmp")]
    assert len(temps) == 3 and len(set(temps)) == 3
    assert all(name.startswith("plan.vault.") for name in temps)
    assert target.read_bytes() == b"version 2"
    assert backup_path(target).read_bytes() == b"version 1"
    assert leftover_temp_files(target) == []


def test_processes_taking_turns_lose_no_save(path):
    results = SPAWN.Queue()
    writers = [_spawn(_take_turns, str(path), who, 4, results) for who in range(3)]
    outcome = sorted(results.get(timeout=180) for _ in writers)
    for writer in writers:
        writer.join(60)
    assert [(who, done) for who, done, _ in outcome] == [(0, 4), (1, 4), (2, 4)]
    with Vault.open(path, SECRET) as vault:
        saved = sorted((d["who"], d["n"]) for d in vault.table("log").all())
    assert saved == sorted([("parent", 0)] + [(f"p{who}", n) for who in range(3)
                                              for n in range(4)])
