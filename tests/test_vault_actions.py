"""Nested vault actions join the outer one without copying the database.

A save nests actions (the plan version, the household stamps): a savepoint per nested
action serialized the whole database each time, as much as the write itself. Without
them an inner action cannot be undone alone, so a failed inner action undoes the whole
outer one, also when the failure was caught inside it."""
from __future__ import annotations

import pytest

from family_app.vault import EncryptedStorage, Vault, storage
from family_app.vault.vault import InnerActionFailed
from tests.test_vault_storage import KEY, fake_header, on_disk


@pytest.fixture
def vault(tmp_path):
    vault = Vault(EncryptedStorage.create(tmp_path / "plan.vault", KEY, fake_header()), KEY)
    with vault.action():
        vault.records("log").add({"text": "voor"})
    return vault


def texts(vault) -> list[str]:
    return [r["text"] for r in vault.records("log").all()]


def test_nested_actions_are_one_write_that_serializes_the_database_once(vault, monkeypatch):
    calls = []
    real = storage.serialize
    monkeypatch.setattr(storage, "serialize", lambda data: calls.append(1) or real(data))
    with vault.action():
        vault.records("log").add({"text": "een"})
        with vault.action():
            vault.records("log").add({"text": "twee"})
            with vault.action():
                vault.records("log").add({"text": "drie"})
    assert len(calls) == 1  # the write itself, no savepoints
    assert [d["text"] for d in on_disk(vault.path)["log"].values()] == [
        "voor", "een", "twee", "drie"]


def test_a_failed_inner_action_that_is_let_through_undoes_everything(vault):
    before = vault.path.read_bytes()
    with pytest.raises(KeyError):
        with vault.action():
            vault.records("log").add({"text": "buiten"})
            with vault.action():
                vault.records("log").add({"text": "binnen"})
                raise KeyError("inner")
    assert vault.path.read_bytes() == before and texts(vault) == ["voor"]


def test_a_failed_inner_action_caught_inside_the_outer_one_is_never_half_written(vault):
    before = vault.path.read_bytes()
    with pytest.raises(InnerActionFailed):
        with vault.action():
            vault.records("log").add({"text": "buiten"})
            try:
                with vault.action():
                    vault.records("log").add({"text": "binnen"})
                    raise KeyError("inner")
            except KeyError:
                pass
            vault.records("log").add({"text": "daarna"})
    assert vault.path.read_bytes() == before and texts(vault) == ["voor"]
    with vault.action():  # the next action starts clean
        vault.records("log").add({"text": "later"})
    assert texts(vault) == ["voor", "later"]
