"""vault.records(name): the use cases' door to storage (family_app/vault/records.py).

Each verb is checked for what it does and, against the TinyDB call the use cases made
before, for leaving the same bytes in the file: existing vaults must read the same."""
from __future__ import annotations

import pytest
from tinydb import Query, TinyDB

from family_app.vault import EncryptedStorage, Records, Vault
from tests.test_vault_storage import KEY, fake_header, on_disk


@pytest.fixture
def vault(tmp_path):
    # Straight from a storage: no secret, so no scrypt; the records do not care.
    return Vault(EncryptedStorage.create(tmp_path / "plan.vault", KEY, fake_header()), KEY)


@pytest.fixture
def shares(vault) -> Records:
    shares = vault.records("shares")
    shares.add({"household_id": "h1", "fingerprint": "a", "n": 1},
               {"household_id": "h1", "fingerprint": "b", "n": 2},
               {"household_id": "h2", "fingerprint": "a", "n": 3},
               {"household_id": None, "n": 4})
    return shares


def ns(records) -> list[int]:
    return [r["n"] for r in records]


def test_find_first_and_all_read_by_equal_fields_in_stored_order(shares):
    assert ns(shares.all()) == [1, 2, 3, 4]
    assert ns(shares.find(household_id="h1")) == [1, 2]
    assert ns(shares.find(household_id="h1", fingerprint="b")) == [2]
    assert shares.find(household_id="h3") == []
    assert shares.first(fingerprint="a")["n"] == 1
    assert shares.first(fingerprint="z") is None
    assert shares.first()["n"] == 1 and len(shares) == 4
    # A record without the field never matches, not even None (as TinyDB's Query).
    assert ns(shares.find(fingerprint=None)) == []
    assert ns(shares.find(household_id=None)) == [4]


def test_records_read_are_copies(shares):
    shares.first(n=1)["n"] = 99
    assert ns(shares.all()) == [1, 2, 3, 4]


def test_put_changes_every_record_with_the_same_keys_or_adds_one(shares):
    shares.put({"household_id": "h1", "fingerprint": "a", "seen": True}, "household_id",
               "fingerprint")
    assert shares.first(n=1) == {"household_id": "h1", "fingerprint": "a", "n": 1, "seen": True}
    shares.put({"household_id": "h1", "n": 0}, "household_id")
    assert ns(shares.all()) == [0, 0, 3, 4]
    shares.put({"household_id": "h9", "n": 9}, "household_id")
    assert ns(shares.all()) == [0, 0, 3, 4, 9]


def test_update_sets_fields_and_adds_nothing(shares):
    shares.update({"fingerprint": "c"}, household_id="h1", fingerprint="b")
    assert shares.first(n=2)["fingerprint"] == "c"
    shares.update({"n": 0}, household_id="h9")
    assert ns(shares.all()) == [1, 2, 3, 4]


def test_remove_by_fields_and_drop_exactly_the_records_found(shares):
    shares.remove(household_id="h1")
    assert ns(shares.all()) == [3, 4]
    shares.drop([r for r in shares.all() if r["n"] == 4])
    assert ns(shares.all()) == [3]
    with pytest.raises(AttributeError):
        shares.drop([dict(shares.first())])  # a copy no longer knows where it is stored


@pytest.mark.parametrize("verb", [
    lambda r: r.remove(), lambda r: r.update({"n": 0}), lambda r: r.put({"n": 0})])
def test_no_condition_is_refused_rather_than_touching_every_record(shares, verb):
    with pytest.raises(TypeError):
        verb(shares)
    assert ns(shares.all()) == [1, 2, 3, 4]


def test_replace_makes_the_only_records_and_may_read_the_same_table(shares):
    shares.replace(r for r in shares.all() if r["n"] > 2)
    assert ns(shares.all()) == [3, 4]
    shares.replace([])
    assert shares.all() == []


def test_replace_keeps_records_read_from_the_table_beside_new_ones(shares):
    """Records read from the table keep their place among new ones: none is overwritten
    (the household replica lost records when an exchange rewrote more than 20)."""
    shares.replace([{"n": 0}, *shares.all()[1:], {"n": 9}])
    assert ns(shares.all()) == [0, 2, 3, 4, 9]


def test_an_action_is_one_write_and_a_failure_undoes_it(vault, shares):
    storage = vault._storage
    before = storage.writes
    with vault.action():
        shares.remove(household_id="h1")
        shares.add({"n": 5})
    assert storage.writes == before + 1 and ns(shares.all()) == [3, 4, 5]
    with pytest.raises(RuntimeError), vault.action():
        shares.replace([])
        raise RuntimeError
    assert ns(shares.all()) == [3, 4, 5]
    shares.drop([])  # a write verb counts even when nothing matched, as before
    assert storage.writes == before + 2


# --- the same file as the TinyDB calls the use cases made before ------------------------------

ROWS = [{"id": "a", "k": 1}, {"id": "b", "k": 2}, {"id": "c", "k": 1}]


def _with_records(r: Records) -> None:
    r.add(*ROWS)
    r.put({"id": "b", "k": 5}, "id")
    r.put({"id": "d", "k": 1}, "id")
    r.update({"k": 7}, id="c")
    r.drop([x for x in r.all() if x["id"] == "a"])
    r.remove(k=1)
    r.add({"id": "e"})


def _with_tinydb(t) -> None:
    for row in ROWS:
        t.insert(row)
    t.upsert({"id": "b", "k": 5}, Query().id == "b")
    t.upsert({"id": "d", "k": 1}, Query().id == "d")
    t.update({"k": 7}, Query().id == "c")
    t.remove(doc_ids=[x.doc_id for x in t.all() if x["id"] == "a"])
    t.remove(Query().k == 1)
    t.insert({"id": "e"})


def _replace_with_records(r: Records) -> None:
    r.add(*ROWS)
    r.replace([{"id": "z"}, {"id": "y"}])


def _replace_with_tinydb(t) -> None:
    t.insert_multiple(ROWS)
    t.truncate()
    t.insert({"id": "z"})
    t.insert({"id": "y"})


@pytest.mark.parametrize("new, old", [(_with_records, _with_tinydb),
                                      (_replace_with_records, _replace_with_tinydb)])
def test_the_file_is_the_same_as_with_tinydb(tmp_path, new, old):
    files = []
    for name, run in (("new", lambda s: new(Vault(s, KEY).records("t"))),
                      ("old", lambda s: old(TinyDB(storage=lambda: s).table("t")))):
        storage = EncryptedStorage.create(tmp_path / f"{name}.vault", KEY, fake_header())
        with storage.batch():  # as the use cases write: inside an action
            run(storage)
        files.append((on_disk(storage.path), storage.writes))
    assert files[0] == files[1]
