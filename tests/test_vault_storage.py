"""EncryptedStorage on its own: a fixed data key, no scrypt, so these tests are fast."""
from __future__ import annotations

import errno
import json
import math
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from family_app.vault import EncryptedStorage, VaultWriteError, fileformat, storage as storage_mod
from family_app.vault.atomic import backup_path, leftover_temp_files
from family_app.vault.fileformat import MAGIC, VaultHeader
from family_app.vault.keys import DEFAULT_KDF, KeySlot

KEY = bytes(range(32))


def fake_header(profile_id: str = "test-profile") -> VaultHeader:
    # Slots are opaque to the storage layer; right-sized filler is enough here.
    slots = (KeySlot("secret", b"s" * 16, b"n" * 12, b"w" * 48),
             KeySlot("recovery", b"S" * 16, b"N" * 12, b"W" * 48))
    return VaultHeader(profile_id, "family", DEFAULT_KDF, slots)


def on_disk(path: Path) -> dict:
    """Decrypt a file the way a reader does, with the known key (less the write counter)."""
    header, ciphertext = fileformat.decode(path.read_bytes())
    data = json.loads(fileformat.unseal(KEY, header, ciphertext))
    data.pop(storage_mod.WRITES_KEY)
    return data


@pytest.fixture
def store(tmp_path):
    storage = EncryptedStorage.create(tmp_path / "plan.vault", KEY, fake_header())
    return storage, TinyDB(storage=lambda: storage)


def test_create_writes_an_empty_encrypted_database(tmp_path):
    path = tmp_path / "plan.vault"
    EncryptedStorage.create(path, KEY, fake_header())
    assert path.read_bytes().startswith(MAGIC)
    assert on_disk(path) == {}
    with pytest.raises(FileExistsError):
        EncryptedStorage.create(path, KEY, fake_header())


def test_writes_round_trip_and_keep_the_previous_file_as_backup(store):
    storage, db = store
    db.table("log").insert({"text": "eerste"})
    db.table("log").insert({"text": "tweede"})
    assert on_disk(storage.path) == {"log": {"1": {"text": "eerste"}, "2": {"text": "tweede"}}}
    assert on_disk(backup_path(storage.path)) == {"log": {"1": {"text": "eerste"}}}
    assert leftover_temp_files(storage.path) == []


def test_read_serves_the_cache_without_decrypting(store, monkeypatch):
    storage, db = store
    db.table("log").insert({"text": "x"})
    monkeypatch.setattr(fileformat, "unseal", lambda *a: pytest.fail("decrypted on read"))
    assert storage.read() is storage.read()
    assert db.table("log").all() == [{"text": "x"}]


def test_every_write_uses_a_fresh_nonce(store):
    storage, db = store
    nonces = set()
    for i in range(5):
        db.table("t").insert({"i": i})
        nonces.add(fileformat.decode(storage.path.read_bytes())[0].nonce)
    assert len(nonces) == 5


def test_a_payload_under_another_profile_id_does_not_authenticate(store):
    storage, db = store
    db.table("t").insert({"secret": 1})
    header, ciphertext = fileformat.decode(storage.path.read_bytes())
    moved = VaultHeader("another-profile", header.kind, header.kdf, header.slots, header.nonce)
    with pytest.raises(fileformat.VaultCorrupt):
        fileformat.unseal(KEY, moved, ciphertext)


@pytest.mark.parametrize("failing_call", ["write", "fsync"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_failed_write_loses_nothing(store, monkeypatch, failing_call, code):
    storage, db = store
    log = db.table("log")
    log.insert({"text": "bewaard"})
    log.insert({"text": "ook bewaard"})
    main_before = storage.path.read_bytes()
    backup_before = backup_path(storage.path).read_bytes()

    def fail(*args):
        raise OSError(code, os.strerror(code))
    with monkeypatch.context() as patch:
        patch.setattr(os, failing_call, fail)
        with pytest.raises(VaultWriteError) as raised:
            log.update({"text": "verloren"}, doc_ids=[1])
    assert raised.value.disk_full is (code == errno.ENOSPC)
    assert ("full" in raised.value.problem) is (code == errno.ENOSPC)
    # In memory, on disk and in the backup: exactly the state before the failed write.
    assert [d["text"] for d in log.all()] == ["bewaard", "ook bewaard"]
    assert storage.path.read_bytes() == main_before
    assert backup_path(storage.path).read_bytes() == backup_before
    assert leftover_temp_files(storage.path) == []
    # Space freed: the next write works and carries on from the kept state.
    log.update({"text": "gewijzigd"}, doc_ids=[1])
    assert on_disk(storage.path)["log"]["1"] == {"text": "gewijzigd"}


def count_file_writes(monkeypatch) -> list:
    calls = []
    real = storage_mod.write_atomically
    monkeypatch.setattr(storage_mod, "write_atomically",
                        lambda *a, **k: (calls.append(a[0]), real(*a, **k)))
    return calls


def test_a_batch_is_one_write(store, monkeypatch):
    storage, db = store
    writes = count_file_writes(monkeypatch)
    with storage.batch():
        for i in range(10):
            db.table("log").insert({"i": i})
        db.table("goals").insert({"text": "doel"})
        assert writes == []
    assert len(writes) == 1
    assert len(on_disk(storage.path)["log"]) == 10


def test_an_exception_in_a_batch_undoes_it_and_writes_nothing(store, monkeypatch):
    storage, db = store
    log = db.table("log")
    log.insert({"text": "voor"})
    before = storage.path.read_bytes()
    writes = count_file_writes(monkeypatch)
    with pytest.raises(RuntimeError):
        with storage.batch():
            log.update({"text": "half"}, doc_ids=[1])
            log.insert({"text": "nieuw"})
            raise RuntimeError("the action failed halfway")
    assert writes == []
    assert storage.path.read_bytes() == before
    assert log.all() == [{"text": "voor"}]


def test_a_failed_nested_batch_undoes_only_its_own_changes(store):
    storage, db = store
    log = db.table("log")
    with storage.batch():
        log.insert({"text": "buiten"})
        with pytest.raises(KeyError):
            with storage.batch():
                log.insert({"text": "binnen"})
                raise KeyError("inner")
        log.insert({"text": "daarna"})
    assert [d["text"] for d in on_disk(storage.path)["log"].values()] == ["buiten", "daarna"]


@pytest.mark.parametrize("bad", [{"when": {1, 2}}, {"score": math.nan}])
def test_values_that_are_not_json_are_refused_and_undone(store, bad):
    storage, db = store
    db.table("t").insert({"ok": True})
    with pytest.raises((TypeError, ValueError)):
        db.table("t").insert(bad)
    assert storage.read() == {"t": {"1": {"ok": True}}}
    assert on_disk(storage.path) == {"t": {"1": {"ok": True}}}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=15)
documents = st.dictionaries(st.text(), json_values, max_size=5)


@pytest.fixture(scope="module")
def shared_store():
    with tempfile.TemporaryDirectory() as folder:
        storage = EncryptedStorage.create(Path(folder) / "p.vault", KEY, fake_header())
        yield storage, TinyDB(storage=lambda: storage)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents, table=st.text(min_size=1, max_size=10))
def test_any_json_document_round_trips_through_the_file(shared_store, doc, table):
    storage, db = shared_store
    doc_id = db.table(table).insert(doc)
    assert on_disk(storage.path)[table][str(doc_id)] == doc
    assert db.table(table).get(doc_id=doc_id) == doc


def test_a_payload_that_is_not_a_json_object_is_refused(tmp_path):
    with pytest.raises(ValueError):
        EncryptedStorage(tmp_path / "x.vault", KEY, fake_header(), plaintext=b"[]",
                         ciphertext=None)
