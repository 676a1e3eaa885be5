"""Growing delays after wrong secrets, with an injected clock: no sleeping.

The count lives in the vault file's own header (main file and backup), so it goes where the
vault goes and no separate file can be deleted to reset it. Most tests use a vault built at
the storage level (no scrypt); the ones that try real secrets share one vault per module.
"""
from __future__ import annotations

import json
import multiprocessing
import shutil
import struct
import threading
from pathlib import Path

import pytest

from family_app.vault import (EncryptedStorage, Lockout, MalformedRecoveryCode,
                              TooManyAttempts, Vault, WrongSecret, fileformat, oslock)
from family_app.vault import vault as vault_mod
from family_app.vault.atomic import backup_path
from family_app.vault.fileformat import VaultHeader
from family_app.vault.keys import DEFAULT_KDF, KeySlot
from family_app.vault.lockout import MAX_DELAY, delay_after

SECRET = "zonnebloem 42"
SPAWN = multiprocessing.get_context("spawn")


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def make_vault_file(path: Path) -> Path:
    """A real vault file with filler slots: enough for the counter, no scrypt."""
    slots = (KeySlot("secret", b"s" * 16, b"n" * 12, b"w" * 48),
             KeySlot("recovery", b"S" * 16, b"N" * 12, b"W" * 48))
    storage = EncryptedStorage.create(path, bytes(32), VaultHeader("p1", "youth", DEFAULT_KDF,
                                                                   slots))
    storage.write({"t": {"1": {"x": 1}}})     # now there is a backup as well
    return path


@pytest.fixture
def state(tmp_path):
    return make_vault_file(tmp_path / "p.vault")


def header_of(path: Path) -> dict:
    blob = path.read_bytes()
    (length,) = struct.unpack_from(">I", blob, 16)
    return json.loads(blob[20:20 + length])


def test_the_delay_schedule():
    assert [delay_after(n) for n in range(1, 11)] == [0, 0, 5, 10, 20, 40, 80, 160, 320, 640]
    assert delay_after(11) == delay_after(12) == delay_after(10_000) == MAX_DELAY == 900


def test_two_mistakes_are_free_the_third_costs_five_seconds(state, clock):
    lockout = Lockout(state, clock=clock)
    assert lockout.wait_seconds() == 0
    assert lockout.record_failure() == 0 and lockout.wait_seconds() == 0
    assert lockout.record_failure() == 0 and lockout.wait_seconds() == 0
    assert lockout.record_failure() == 5
    assert lockout.wait_seconds() == 5
    clock.now += 3
    assert lockout.wait_seconds() == 2
    clock.now += 2
    assert lockout.wait_seconds() == 0
    assert lockout.record_failure() == 10


def test_a_restart_does_not_reset_the_count(state, clock):
    first = Lockout(state, clock=clock)
    for _ in range(4):
        first.record_failure()
    clock.now += 1
    again = Lockout(state, clock=clock)        # a reload, a new process
    assert again.failures == 4
    assert again.wait_seconds() == 9
    assert again.record_failure() == 20


def test_success_clears_the_count(state, clock):
    lockout = Lockout(state, clock=clock)
    for _ in range(3):
        lockout.record_failure()
    clock.now += 5
    lockout.record_success()
    assert Lockout(state, clock=clock).failures == 0
    assert Lockout(state, clock=clock).record_failure() == 0


def test_success_without_failures_writes_nothing(state, clock):
    before = state.read_bytes(), backup_path(state).read_bytes()
    Lockout(state, clock=clock).record_success()
    assert (state.read_bytes(), backup_path(state).read_bytes()) == before
    assert "attempts" not in header_of(state)


def test_the_delay_is_capped_even_when_the_clock_goes_back(state, clock):
    lockout = Lockout(state, clock=clock)
    for _ in range(30):
        lockout.record_failure()
    assert lockout.wait_seconds() == MAX_DELAY
    clock.now -= 86_400                        # someone set the device a day back
    assert lockout.wait_seconds() == MAX_DELAY


@pytest.mark.parametrize("damaged", [
    "not an object", {"secret": "three"}, {"secret": {"failures": -1, "not_before": 0}},
    {"secret": {"failures": 2, "not_before": "soon"}}, {"secret": {"failures": True}},
])
def test_a_damaged_count_does_not_give_free_attempts(state, clock, damaged):
    for copy in (state, backup_path(state)):
        header, payload = fileformat.decode(copy.read_bytes())
        copy.write_bytes(fileformat.encode(
            VaultHeader(header.profile_id, header.kind, header.kdf, header.slots,
                        header.nonce, attempts=damaged), payload))
    lockout = Lockout(state, clock=clock)
    assert lockout.wait_seconds() == 0
    assert lockout.record_failure() == 10      # resumes at the fourth failure


def test_reset_forgets_everything(state, clock):
    lockout = Lockout(state, clock=clock)
    for _ in range(5):
        lockout.record_failure()
    lockout.reset()
    assert "attempts" not in header_of(state)
    assert lockout.wait_seconds() == 0
    assert Lockout(state, clock=clock).failures == 0


# --- the count cannot be deleted on its own ----------------------------------------------

def test_the_count_is_kept_in_the_vault_file_and_its_backup(state, clock):
    lockout = Lockout(state, clock=clock)
    for _ in range(4):
        lockout.record_failure()
    for copy in (state, backup_path(state)):
        assert header_of(copy)["attempts"] == {
            "secret": {"failures": 4, "not_before": clock.now + 10}}
    assert sorted(p.name for p in state.parent.iterdir()) == ["p.vault", "p.vault.bak"]


@pytest.mark.parametrize("remove", ["everything else", "main file", "backup"])
def test_deleting_files_does_not_reset_the_delay(state, clock, remove):
    lockout = Lockout(state, clock=clock)
    for _ in range(6):
        lockout.record_failure()
    (state.parent / "p.lockout.json").write_text('{"failures": 0, "not_before": 0}')
    if remove == "everything else":
        for file in state.parent.iterdir():
            if file.name not in ("p.vault", "p.vault.bak"):
                file.unlink()
    else:
        (state if remove == "main file" else backup_path(state)).unlink()
    again = Lockout(state, clock=clock)
    assert again.failures == 6
    assert again.wait_seconds() == 40


def test_counting_in_parallel_processes_loses_no_failure(state):
    # Without a lock around read-modify-write, parallel failures overwrite each other.
    done = SPAWN.Queue()
    workers = [SPAWN.Process(target=_fail_n_times, args=(str(state), 5, done), daemon=True)
               for _ in range(4)]
    for worker in workers:
        worker.start()
    for _ in workers:
        done.get(timeout=120)
    for worker in workers:
        worker.join(30)
    assert Lockout(state).failures == 20


def _fail_n_times(path: str, times: int, done) -> None:
    for _ in range(times):
        Lockout(path, clock=lambda: 1_700_000_000.0).record_failure()
    done.put(times)


# --- real secrets: PIN and recovery code -------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lockout-template")
    vault, code = Vault.create(folder / "plan.vault", SECRET, profile_id="fam1", kind="family")
    vault.close()
    return folder, code


@pytest.fixture
def vault_path(template, tmp_path) -> Path:
    for item in template[0].iterdir():
        shutil.copy2(item, tmp_path / item.name)
    return tmp_path / "plan.vault"


def count_derives(monkeypatch) -> list:
    calls = []
    real = vault_mod.derive_kek
    monkeypatch.setattr(vault_mod, "derive_kek", lambda *a: (calls.append(1), real(*a))[1])
    return calls


def wrong_code(code: str) -> str:
    return ("0" if code[0] != "0" else "1") + code[1:]


def test_parallel_wrong_attempts_each_count(vault_path, clock, monkeypatch):
    monkeypatch.setattr(oslock, "LOCK_WAIT_SECONDS", 120)    # wait for a turn, never give up
    derives = count_derives(monkeypatch)
    outcomes, lock = [], threading.Lock()

    def guess(pin: str) -> None:
        try:
            Vault.open(vault_path, pin, clock=clock)
            outcome = "opened"
        except TooManyAttempts:
            outcome = "delayed"
        except WrongSecret:
            outcome = "wrong"
        with lock:
            outcomes.append(outcome)
    threads = [threading.Thread(target=guess, args=(f"90817{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The first three guesses were tried and counted; the third started the delay, so the
    # other five were refused without trying them.
    assert sorted(outcomes) == ["delayed"] * 5 + ["wrong"] * 3
    assert len(derives) == 3
    assert Lockout(vault_path, clock=clock).failures == 3
    assert Lockout(vault_path, clock=clock).wait_seconds() == 5


def test_recovery_code_attempts_are_delayed_too(vault_path, template, clock, monkeypatch):
    code = template[1]
    waits = []
    for _ in range(3):
        with pytest.raises(WrongSecret) as raised:
            Vault.open_with_recovery(vault_path, wrong_code(code), clock=clock)
        waits.append(raised.value.wait_seconds)
    assert waits == [0, 0, 5]
    derives = count_derives(monkeypatch)
    with pytest.raises(TooManyAttempts) as raised:
        Vault.open_with_recovery(vault_path, code, clock=clock)     # even the right one waits
    assert raised.value.wait_seconds == 5
    assert derives == []
    clock.now += 5
    with Vault.open_with_recovery(vault_path, code, clock=clock):
        pass
    assert Lockout(vault_path, "recovery", clock=clock).failures == 0


def test_the_pin_and_the_recovery_code_are_counted_apart(vault_path, template, clock):
    # Guessing one says nothing about the other; and a family who mistyped their PIN a few
    # times must not then wait for their recovery code.
    for _ in range(3):
        with pytest.raises(WrongSecret):
            Vault.open(vault_path, "908172", clock=clock)
    assert Lockout(vault_path, "secret", clock=clock).wait_seconds() == 5
    assert Lockout(vault_path, "recovery", clock=clock).wait_seconds() == 0
    with Vault.open_with_recovery(vault_path, template[1], clock=clock) as vault:
        vault.change_secret("735184")
    # A success with either secret clears both counts.
    assert Lockout(vault_path, "secret", clock=clock).failures == 0


def test_a_malformed_recovery_code_costs_no_attempt(vault_path, clock, monkeypatch):
    derives = count_derives(monkeypatch)
    for _ in range(5):
        with pytest.raises(MalformedRecoveryCode):
            Vault.open_with_recovery(vault_path, "ABCD-EFGH", clock=clock)
    assert derives == []
    assert Lockout(vault_path, "recovery", clock=clock).failures == 0


class ProcessDied(BaseException):
    """Stands in for a kill during the slow part of a guess."""


def test_a_guess_is_counted_before_it_is_tried(vault_path, clock, monkeypatch):
    # Killing the app in the middle of checking a guess must not make the guess free.
    def killed(*args):
        raise ProcessDied()
    monkeypatch.setattr(vault_mod, "derive_kek", killed)
    for _ in range(3):
        with pytest.raises(ProcessDied):
            Vault.open(vault_path, "908172", clock=clock)
    monkeypatch.undo()
    assert Lockout(vault_path, clock=clock).failures == 3
    with pytest.raises(TooManyAttempts):
        Vault.open(vault_path, SECRET, clock=clock)


def test_a_right_secret_clears_the_count_it_made(vault_path, clock):
    with Vault.open(vault_path, SECRET, clock=clock):
        assert "attempts" not in header_of(vault_path)
    assert Lockout(vault_path, clock=clock).failures == 0
