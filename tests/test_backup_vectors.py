"""Replay the backup vectors of tests/vectors/backup/ (docs/backup-format.md, "Test vectors"):
each file with its recovery code gives the outcome its entry names."""

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


def outcome(blob: bytes, code: str) -> tuple[str, dict | None]:
    try:
        _, contents = backup_file.open_backup(blob, code)
    except tuple(OUTCOMES) as refused:
        return OUTCOMES[type(refused)], None
    return "success", {"kind": contents.kind, "label": contents.label, "made": contents.made,
                       "tables": contents.tables}


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_vector(name):
    vector = VECTORS[name]
    blob = (FOLDER / vector["file"]).read_bytes()
    got, contents = outcome(blob, vector["recovery-code"])
    assert got == vector["outcome"]
    assert contents == vector.get("contents")


def test_every_outcome_of_a_reader_has_a_vector_but_too_large():
    # A file over 32 MiB is no vector to keep in the repository; test_backup.py has it.
    assert {v["outcome"] for v in VECTORS.values()} == {"success", *OUTCOMES.values()} - {"too-large"}


def test_the_generator_writes_exactly_these_files():
    """Fixed keys, randomness and moment: the vectors are reproducible (and the format
    pinned). If only this fails, the writer's bytes changed (a new zlib?): regenerate
    deliberately with `python -m tests.vectors.gen_backup`."""
    from tests.vectors.gen_backup import files
    written = files()
    assert sorted(written) == sorted(p.name for p in FOLDER.iterdir())
    for name, content in written.items():
        assert content == (FOLDER / name).read_bytes(), name
