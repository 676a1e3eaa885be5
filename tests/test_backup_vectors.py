"""Replay the backup vectors of tests/vectors/backup/ (docs/backup-format.md, "Test vectors"):
each file with its recovery code (or passphrase) gives the outcome its entry names."""

from __future__ import annotations

import json

import pytest

from family_app.backup import backup_file
from family_app.backup.errors import (BackupDamaged, BackupTooLarge, NewerBackup, NotABackup,
                                      WrongBackupCode)
from tests.vectors.gen_backup import FOLDER

# Readers at the real cost: one refuses a header below 2^17 (tests/helpers/kdf.py).
pytestmark = pytest.mark.real_scrypt
VECTORS = json.loads((FOLDER / "vectors.json").read_text("utf-8"))
OUTCOMES = {NotABackup: "not-a-backup", NewerBackup: "newer-version", BackupTooLarge: "too-large",
            BackupDamaged: "damaged", WrongBackupCode: "wrong-code"}


def outcome(blob: bytes, typed: str) -> tuple[str, dict | None]:
    try:
        _, contents = backup_file.open_backup(blob, typed)
    except tuple(OUTCOMES) as refused:   # the first class it is (WrongBackupSecret: wrong-code)
        return next(name for kind, name in OUTCOMES.items() if isinstance(refused, kind)), None
    return "success", {"kind": contents.kind, "label": contents.label, "made": contents.made,
                       "tables": contents.tables}


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_vector(name):
    vector = VECTORS[name]
    blob = (FOLDER / vector["file"]).read_bytes()
    [typed] = [vector[key] for key in ("recovery-code", "passphrase") if key in vector]
    got, contents = outcome(blob, typed)
    assert got == vector["outcome"]
    assert contents == vector.get("contents")


def test_every_outcome_of_a_reader_has_a_vector_but_too_large():
    # A file over 32 MiB is no vector to keep in the repository; test_backup.py has it.
    assert {v["outcome"] for v in VECTORS.values()} == {"success", *OUTCOMES.values()} - {"too-large"}


def test_the_old_vectors_have_one_slot_and_the_new_ones_two():
    """A backup made without the choice is as before (one slot); one with it has a second
    slot that opens with the passphrase."""
    slots = {name: backup_file.read_header((FOLDER / v["file"]).read_bytes())[0]
             for name, v in VECTORS.items() if name in ("success", "two_slots_code")}
    assert slots["success"].passphrase is None
    assert slots["two_slots_code"].passphrase.kind == "secret"
    assert VECTORS["success"]["sha256"] == \
        "f1d4709b48befea05159cb16117c8bb81da72122c844f389907f239ea0ee5715"


def test_the_generator_writes_exactly_these_files():
    """Fixed keys, randomness and moment: the vectors are reproducible (and the format
    pinned). If only this fails, the writer's bytes changed (a new zlib?): regenerate
    deliberately with `python -m tests.vectors.gen_backup`."""
    from tests.vectors.gen_backup import files
    written = files()
    assert sorted(written) == sorted(p.name for p in FOLDER.iterdir())
    for name, content in written.items():
        assert content == (FOLDER / name).read_bytes(), name
