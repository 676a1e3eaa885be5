"""The Vault end to end, with real scrypt (N=2**17): one vault is made per module and
copied into each test's folder, so most tests pay for one derive (~0.3 s), not three."""
from __future__ import annotations

import dataclasses
import errno
import json
import functools
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import Query

from family_app.vault import (Vault, VaultCorrupt, VaultWriteError, WeakSecret, WrongSecret,
                              fileformat)
from family_app.vault import vault as vault_mod
from family_app.vault.atomic import backup_path, leftover_temp_files
from family_app.vault.keys import KdfParams

SECRET = "zonnebloem 42"
NEW_SECRET = "regenboog 2025"
OLD, NEW = ["eerste", "tweede"], ["eerste", "nieuw"]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A vault whose main file holds OLD and whose backup holds the state before."""
    folder = tmp_path_factory.mktemp("template")
    vault, code = Vault.create(folder / "plan.vault", SECRET, profile_id="fam1", kind="family")
    with vault:
        vault.table("log").insert({"text": "eerste"})
        vault.table("log").insert({"text": "tweede"})
    return folder, code


@pytest.fixture
def path(template, tmp_path) -> Path:
    for item in template[0].iterdir():
        shutil.copy2(item, tmp_path / item.name)
    return tmp_path / "plan.vault"


@pytest.fixture
def code(template) -> str:
    return template[1]


def texts(vault: Vault) -> list[str]:
    return [doc["text"] for doc in vault.table("log").all()]


def count_derives(monkeypatch) -> list:
    calls = []
    real = vault_mod.derive_kek
    monkeypatch.setattr(vault_mod, "derive_kek", lambda *a: (calls.append(1), real(*a))[1])
    return calls


def test_round_trip(path):
    with Vault.open(path, SECRET) as vault:
        assert (vault.profile_id, vault.kind, vault.recovered_from_backup) == ("fam1", "family",
                                                                                False)
        assert texts(vault) == OLD
        vault.table("goals").insert({"text": "Sam gaat weer naar school", "score": [3, 5]})
    with Vault.open(path, SECRET) as vault:
        assert vault.table("goals").all() == [{"text": "Sam gaat weer naar school",
                                               "score": [3, 5]}]


def test_create_checks_the_secret_first_and_never_overwrites(path, tmp_path):
    with pytest.raises(WeakSecret):
        Vault.create(tmp_path / "new.vault", "1234", profile_id="x", kind="family")
    assert not (tmp_path / "new.vault").exists()
    with pytest.raises(FileExistsError):
        Vault.create(path, SECRET, profile_id="x", kind="family")


def test_wrong_secret_is_refused_with_one_scrypt(path, monkeypatch):
    derives = count_derives(monkeypatch)
    with pytest.raises(WrongSecret) as raised:
        Vault.open(path, "zonnebloem 43")
    assert raised.value.problem == "That PIN or passphrase is not right."
    assert len(derives) == 1            # main and backup share the slot


def test_recovery_code_opens_and_sets_a_new_secret(path, code):
    typed = code.lower().replace("-", " ")
    with Vault.open_with_recovery(path, typed) as vault:
        assert texts(vault) == OLD
        vault.change_secret(NEW_SECRET)
    with Vault.open(path, NEW_SECRET) as vault:
        assert texts(vault) == OLD
    with pytest.raises(WrongSecret):
        Vault.open(path, SECRET)


def test_a_wrong_recovery_code_is_refused(path, code):
    other = ("0" if code[0] != "0" else "1") + code[1:]
    with pytest.raises(WrongSecret) as raised:
        Vault.open_with_recovery(path, other)
    assert "recovery code" in raised.value.problem


def test_change_secret_rewraps_and_never_reencrypts(path):
    before_header, before_payload = fileformat.decode(path.read_bytes())
    with Vault.open(path, SECRET) as vault:
        with pytest.raises(WeakSecret):
            vault.change_secret("111111")
        assert path.read_bytes() == fileformat.encode(before_header, before_payload)
        vault.change_secret(NEW_SECRET)
    for copy in (path, backup_path(path)):   # the backup must not keep the old secret
        header, payload = fileformat.decode(copy.read_bytes())
        assert payload == before_payload
        assert header.nonce == before_header.nonce
        assert header.slot("recovery") == before_header.slot("recovery")
        assert header.slot("secret") != before_header.slot("secret")
    with pytest.raises(WrongSecret):
        Vault.open(path, SECRET)
    with Vault.open(path, NEW_SECRET) as vault:
        assert texts(vault) == OLD and not vault.recovered_from_backup


def flip_payload_byte(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 0x01
    path.write_bytes(bytes(blob))


def flip_wrapped_key_byte(path: Path) -> None:
    header, payload = fileformat.decode(path.read_bytes())
    slot = header.slot("secret")
    bad = dataclasses.replace(slot, wrapped=bytes([slot.wrapped[0] ^ 1]) + slot.wrapped[1:])
    path.write_bytes(fileformat.encode(header.with_slot(bad), payload))


@pytest.mark.parametrize("damage", [
    flip_payload_byte,
    flip_wrapped_key_byte,
    lambda p: p.write_bytes(p.read_bytes()[:100]),
    lambda p: p.write_bytes(b"ONSPLAN-VAULT/1\n" + p.read_bytes()[20:]),
    lambda p: p.unlink(),
], ids=["payload", "wrapped_key", "truncated", "header", "missing"])
def test_a_damaged_main_file_falls_back_to_the_backup(path, damage):
    damage(path)
    with Vault.open(path, SECRET) as vault:
        assert vault.recovered_from_backup
        assert texts(vault) == ["eerste"]            # the backup's state
        vault.table("log").insert({"text": "derde"})
        # That write replaced the bad main file and kept the good backup.
        backup = json.loads(fileformat.unseal(vault._data_key, *fileformat.decode(
            backup_path(path).read_bytes())))
        backup.pop("_vault")                        # the write counter
        assert backup == {"log": {"1": {"text": "eerste"}}}
    with Vault.open(path, SECRET) as vault:
        assert not vault.recovered_from_backup
        assert texts(vault) == ["eerste", "derde"]


def test_both_files_damaged_is_reported_as_corrupt(path):
    flip_payload_byte(path)
    flip_payload_byte(backup_path(path))
    with pytest.raises(VaultCorrupt) as raised:
        Vault.open(path, SECRET)
    assert "authentication" in raised.value.detail


def test_no_file_at_all(tmp_path):
    with pytest.raises(FileNotFoundError):
        Vault.open(tmp_path / "none.vault", SECRET)


def test_a_header_asking_for_weaker_scrypt_is_refused_before_deriving(path, monkeypatch):
    # Half the lowest cost readers accept (the real bound is tested in test_vault_keys.py
    # and test_vault_format.py; here the vault is at the unit tests' cost, tests/helpers/kdf.py).
    weaker = KdfParams.MIN_N // 2
    for copy in (path, backup_path(path)):
        header, payload = fileformat.decode(copy.read_bytes())
        weak = dataclasses.replace(header, kdf=KdfParams(weaker, 8, 1))
        copy.write_bytes(fileformat.encode(weak, payload))
    derives = count_derives(monkeypatch)
    with pytest.raises(VaultCorrupt) as raised:
        Vault.open(path, SECRET)
    assert f"kdf n={weaker}" in raised.value.detail
    assert derives == []


class ProcessDied(BaseException):
    """Stands in for a kill: not an OSError, so no cleanup code handles it."""


@pytest.mark.parametrize("call, nth, expected, from_backup", [
    ("fsync", 1, OLD, False),      # temp file written, not yet durable
    ("replace", 1, OLD, False),    # temp file complete, main untouched
    ("replace", 2, OLD, True),     # main already moved to .bak, temp not yet in place
    ("fsync", 2, NEW, False),      # both renames done, folder not yet synced
])
def test_a_crash_during_a_write_leaves_the_old_or_the_new_state(path, monkeypatch, call,
                                                                 nth, expected, from_backup):
    vault = Vault.open(path, SECRET)
    real, calls = getattr(os, call), []

    def dying(*args, **kwargs):
        calls.append(args)
        if len(calls) == nth:
            raise ProcessDied()
        return real(*args, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(os, call, dying)
        with pytest.raises(ProcessDied):
            vault.table("log").update({"text": "nieuw"}, doc_ids=[2])
    # The "process" is gone, and the OS released its lock with it; a fresh start must
    # find a complete state (and clear away the temp file the dead write left).
    vault._file_lock.release()
    with Vault.open(path, SECRET) as reopened:
        assert leftover_temp_files(path) == []
        assert texts(reopened) == expected
        assert reopened.recovered_from_backup is from_backup


def test_a_full_disk_loses_nothing_in_memory_or_on_disk(path, monkeypatch):
    vault = Vault.open(path, SECRET)
    log = vault.table("log")
    files_before = {p.name: p.read_bytes() for p in path.parent.iterdir()}

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", disk_full)
        with pytest.raises(VaultWriteError) as raised:
            with vault.action():
                log.update({"text": "nieuw"}, doc_ids=[2])
                log.insert({"text": "derde"})
                assert log.search(Query().text == "nieuw")    # cached inside the action
    assert raised.value.disk_full
    assert raised.value.problem == ("The storage is full. Nothing was saved; "
                                    "free some space and try again.")
    assert texts(vault) == OLD
    assert log.search(Query().text == "nieuw") == []          # no stale query cache
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == files_before
    vault.close()
    with Vault.open(path, SECRET) as reopened:
        assert texts(reopened) == OLD


def test_one_action_is_one_atomic_write(path, monkeypatch):
    vault = Vault.open(path, SECRET)
    replaces, real = [], os.replace
    monkeypatch.setattr(os, "replace", lambda *a: (replaces.append(a), real(*a)))
    with vault.action():
        vault.table("log").update({"text": "nieuw"}, doc_ids=[2])
        vault.table("goals").insert({"text": "doel"})
        vault.table("agreements").insert_multiple([{"what": "bellen"}, {"what": "sporten"}])
        vault.table("log").remove(doc_ids=[1])
        assert replaces == []
    assert [(Path(a).name, Path(b).name) for a, b in replaces] == [
        ("plan.vault", "plan.vault.bak"), (Path(replaces[1][0]).name, "plan.vault")]
    assert re.fullmatch(r"plan\.vault\.[0-9a-f]{12}\.tmp", Path(replaces[1][0]).name)
    vault.close()
    with Vault.open(path, SECRET) as reopened:
        assert texts(reopened) == ["nieuw"] and len(reopened.table("agreements")) == 2


def test_an_error_inside_an_action_undoes_it(path):
    before = path.read_bytes()
    with Vault.open(path, SECRET) as vault:
        with pytest.raises(ZeroDivisionError):
            with vault.action():
                vault.table("log").update({"text": "nieuw"}, doc_ids=[2])
                vault.table("log").insert({"text": "derde"})
                1 / 0
        assert texts(vault) == OLD
        assert vault.table("log").insert({"text": "derde"}) == 3   # ids carry on
    assert path.read_bytes() != before


def test_read_all_and_replace_all_round_trip_in_one_write(path, monkeypatch):
    vault = Vault.open(path, SECRET)
    vault.table("log").remove(doc_ids=[1])
    vault.table("members").insert({"name": "Anouk", "role": "parent"})
    everything = vault.read_all()
    assert everything == {"log": [{"text": "tweede"}], "members": [{"name": "Anouk",
                                                                   "role": "parent"}]}
    assert everything["log"][0].doc_id == 2
    everything["log"][0]["text"] = "changed in the copy only"
    assert texts(vault) == ["tweede"]

    replaces, real = [], os.replace
    monkeypatch.setattr(os, "replace", lambda *a: (replaces.append(a), real(*a)))
    everything["log"].append({"text": "geïmporteerd"})
    vault.replace_all(everything)
    assert len(replaces) == 2
    assert vault.table("log").get(doc_id=2) == {"text": "changed in the copy only"}
    assert vault.table("log").get(doc_id=3) == {"text": "geïmporteerd"}
    with pytest.raises(TypeError):
        vault.replace_all({"log": [{"when": object()}]})
    assert len(replaces) == 2 and len(vault.table("log")) == 2
    vault.close()
    with Vault.open(path, SECRET) as reopened:
        assert reopened.read_all() == everything


def test_no_plaintext_reaches_any_file(path, code):
    marker = "Zwanenmeer-Øresund-ĳsvogel-7f3a9c"
    with Vault.open(path, SECRET) as vault:
        vault.table("log").insert({"text": marker, marker: [marker]})
        vault.table(marker).insert({"text": "tabelnaam"})
        with vault.action():
            vault.table("log").insert({"text": marker + " 2"})
    secrets_ = [marker, "Zwanenmeer", "tabelnaam", SECRET, code, code.replace("-", "")]
    patterns = {s.encode(enc) for s in secrets_ for enc in ("utf-8", "utf-16-le", "utf-16-be")}
    patterns |= {json.dumps(s).encode() for s in secrets_}      # \\u-escaped JSON
    files = list(path.parent.iterdir())
    assert {f.name for f in files} == {"plan.vault", "plan.vault.bak"}
    for file in files:
        content = file.read_bytes()
        assert not [p for p in patterns if p in content], file.name


def test_a_closed_vault_refuses_use(path):
    vault = Vault.open(path, SECRET)
    vault.close()
    with pytest.raises(RuntimeError):
        vault.table("log")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10)


@pytest.fixture
def shared(path, monkeypatch):
    # One vault for all examples. A vault open elsewhere cannot be opened again, so each
    # example closes and reopens it; the derived key is reused to keep that fast.
    monkeypatch.setattr(vault_mod, "derive_kek", functools.lru_cache(vault_mod.derive_kek))
    return path


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.dictionaries(st.text(), json_values, max_size=4))
def test_any_json_document_survives_close_and_open(shared, doc):
    with Vault.open(shared, SECRET) as vault:
        doc_id = vault.table("property").insert(doc)
    with Vault.open(shared, SECRET) as reopened:
        assert reopened.table("property").get(doc_id=doc_id) == doc
    assert leftover_temp_files(shared) == []


def test_actions_from_worker_threads_run_one_after_another(path, monkeypatch):
    import threading
    vault = Vault.open(path, SECRET)
    writes = []
    real = vault_mod.EncryptedStorage._commit
    monkeypatch.setattr(vault_mod.EncryptedStorage, "_commit",
                        lambda self: (writes.append(1), real(self))[1])

    def worker(n: int) -> None:
        for i in range(10):
            with vault.action():
                for part in range(3):
                    vault.table("log").insert({"text": f"{n}-{i}-{part}"})
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(writes) == 40                    # one per action, none merged
    assert len(vault.table("log")) == 2 + 120
    vault.close()
