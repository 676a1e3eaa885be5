"""Records.parsed: what use cases made of stored records, kept while the record is unchanged.

A plan with years of log entries is read on every screen; parsing each record once per
change of that record is what keeps that cheap (family_app/plan/plan_book.py)."""
from __future__ import annotations

import pytest

from family_app.vault import EncryptedStorage, Vault
from tests.test_vault_storage import KEY, fake_header


@pytest.fixture
def vault(tmp_path):
    return Vault(EncryptedStorage.create(tmp_path / "plan.vault", KEY, fake_header()), KEY)


class Counting:
    """A parse function that counts its calls and returns a fresh object per call."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, index: int, record: dict) -> dict:
        self.calls.append(record["id"])
        return {"index": index, **record}


@pytest.fixture
def log(vault):
    with vault.action():
        vault.records("log").add(*({"id": f"l{i}", "text": f"t{i}"} for i in range(5)))
    return vault.records("log")


def test_each_record_is_parsed_once_until_it_changes(vault, log):
    parse = Counting()
    first = log.parsed(parse)
    assert [r["id"] for r in first] == ["l0", "l1", "l2", "l3", "l4"]
    assert parse.calls == ["l0", "l1", "l2", "l3", "l4"]
    assert log.parsed(parse) == first and parse.calls == ["l0", "l1", "l2", "l3", "l4"]
    with vault.action():
        log.update({"text": "new"}, id="l3")
        log.add({"id": "l5", "text": "t5"})
        log.remove(id="l0")
    parse.calls.clear()
    again = vault.records("log").parsed(parse)
    assert parse.calls == ["l3", "l5"]  # only what changed or is new
    assert [r["id"] for r in again] == ["l1", "l2", "l3", "l4", "l5"]
    assert again[4]["index"] == 4  # where it is (for an error's path) when it was parsed
    assert again[2]["text"] == "new"
    assert again[0] is first[1]  # kept, not parsed again


def test_what_an_undone_action_changed_is_not_kept(vault, log):
    parse = Counting()
    log.parsed(parse)
    with pytest.raises(RuntimeError):
        with vault.action():
            log.update({"text": "never saved"}, id="l1")
            assert log.parsed(parse)[1]["text"] == "never saved"
            raise RuntimeError("refused")
    assert log.parsed(parse)[1]["text"] == "t1"


def test_a_replaced_database_and_another_parse_function_start_afresh(vault, log):
    parse, other = Counting(), Counting()
    log.parsed(parse)
    vault.replace_all({"log": [{"id": "x", "text": "from an import"}]})
    assert [r["id"] for r in vault.records("log").parsed(parse)] == ["x"]
    vault.records("log").parsed(other)
    parse.calls.clear()
    vault.records("log").parsed(parse)
    assert parse.calls == ["x"]  # one function per table is kept


def test_nothing_parsed_stays_once_the_vault_is_closed(vault, log):
    log.parsed(Counting())
    assert vault._parsed
    vault.close()
    assert not vault._parsed


def test_a_parse_that_fails_keeps_nothing_of_that_record(vault, log):
    def strict(index, record):
        if record["text"] == "bad":
            raise ValueError(record["id"])
        return record["text"]
    with vault.action():
        log.update({"text": "bad"}, id="l2")
    with pytest.raises(ValueError):
        log.parsed(strict)
    with vault.action():
        log.update({"text": "good"}, id="l2")
    assert log.parsed(strict) == ["t0", "t1", "good", "t3", "t4"]
