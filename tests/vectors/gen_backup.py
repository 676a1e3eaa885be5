"""Test vectors of the backup file (docs/backup-format.md, "Test vectors").

    python -m tests.vectors.gen_backup       # writes tests/vectors/backup/

Fixed keys, randomness and moment: the same files every run (with the same zlib), so that
tests/test_backup_vectors.py can check both the replays and that this writes exactly them.
Each vector is a file in tests/vectors/backup/ and an entry in its `vectors.json`: the
recovery code (or, for a backup with a passphrase slot, the passphrase) to try and the
outcome a reader must give, with the contents on success.
"""

from __future__ import annotations

import hashlib
import json
import struct
import sys
import unicodedata
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from family_app.backup import backup_file
from family_app.backup.backup_file import BackupContents
from family_app.vault.fileformat import slot_aad
from family_app.vault import MalformedRecoveryCode, normalize_recovery_code
from family_app.vault.keys import (KdfParams, KeySlot, derive_kek, recovery_material,
                                   secret_material)
from sync.randomness import seeded

FOLDER = Path(__file__).parent / "backup"
CODE = "7K2M-QX9D-0011-ABCD-WXYZ"
WRONG_CODE = "7K2M-QX9D-0011-ABCD-WXY0"
PASSPHRASE = "\u00eb\u00ebn kaars, twee appels"   # "ëën kaars, twee appels", NFC
PROFILE_ID = "3f9a0c1d2e4b5a67"
KDF = KdfParams()   # the real cost: a reader must refuse less (2^17, 8, 1)
CONTENTS = BackupContents(
    kind="family", label="family", made="2026-03-14T09:30:00+00:00",
    tables={"household": {"1": {"id": "h1", "name": "Gezin De Vries - Yilmaz", "language": "nl"}},
            "goals": {"1": {"id": "g1", "text": "Daan gaat weer elke dag naar school",
                            "owners": ["m2"], "scores": [{"id": "s1", "date": "2026-03-01",
                                                          "score": 4}]},
                      "3": {"id": "g2", "text": "مساعدة في المنزل", "language": "ar"}},
            "history": {"1": {"table": "goals", "record_id": "g1", "action": "added",
                              "at": "2026-03-01T20:15:00", "by": "Sanne"}},
            "settings": {"1": {"language": "nl", "plan_version": 3}}})


def _slot(kind: str, material: bytes, data_key: bytes, rng) -> KeySlot:
    salt, nonce = rng(16), rng(12)
    kek = derive_kek(material, salt, KDF)
    return KeySlot(kind, salt, nonce,
                   AESGCM(kek).encrypt(nonce, data_key, slot_aad(kind, PROFILE_ID)))


def _sealed(contents: BackupContents = CONTENTS, *, seed: str = "backup",
            passphrase: bool = False) -> bytes:
    """The backup; with ``passphrase``, also a "secret" slot for PASSPHRASE."""
    rng = seeded(seed)
    data_key = rng(32)
    slot = _slot("recovery", recovery_material(CODE), data_key, rng)
    second = _slot("secret", secret_material(PASSPHRASE), data_key, rng) if passphrase else None
    return backup_file.seal(contents, data_key=data_key, profile_id=PROFILE_ID, kdf=KDF,
                            slot=slot, rng=rng, passphrase=second)


def _header_end(blob: bytes) -> int:
    start = len(backup_file.MAGIC) + 1
    return start + 4 + struct.unpack_from(">I", blob, start)[0]


def _with_header(blob: bytes, old: bytes, new: bytes) -> bytes:
    """The same file with a header field changed (and its length with it)."""
    start, end = len(backup_file.MAGIC) + 1, _header_end(blob)
    header = blob[start + 4:end].replace(old, new, 1)
    assert header != blob[start + 4:end]
    return blob[:start] + struct.pack(">I", len(header)) + header + blob[end:]


def vectors() -> dict[str, tuple[bytes, str, str]]:
    """name -> (file, recovery code or passphrase to try, outcome)."""
    good = _sealed()
    two = _sealed(seed="backup-two-slots", passphrase=True)
    flipped = bytearray(good)
    flipped[-20] ^= 0x01
    magic = len(backup_file.MAGIC)
    return {
        "success": (good, CODE, "success"),
        "success_code_as_typed": (good, " 7k2m qx9d OO11 abcd wxyz ", "success"),
        "wrong_code": (good, WRONG_CODE, "wrong-code"),
        "not_a_backup": (b"ONSPLAN-VAULT/1\n" + good[magic:], CODE, "not-a-backup"),
        "newer_version": (good[:magic] + b"\x02" + good[magic + 1:], CODE, "newer-version"),
        "version_zero": (good[:magic] + b"\x00" + good[magic + 1:], CODE, "damaged"),
        "truncated_in_header": (good[:_header_end(good) - 10], CODE, "damaged"),
        "truncated_in_payload": (good[:-1], CODE, "damaged"),
        "payload_changed": (bytes(flipped), CODE, "damaged"),
        "header_too_long": (good[:magic + 1] + struct.pack(">I", 4097) + good[magic + 5:],
                            CODE, "damaged"),
        "scrypt_too_cheap": (_with_header(good, b'"n":131072', b'"n":65536'), CODE, "damaged"),
        "header_changed": (_with_header(good, b'"format"', b'"format" '), CODE, "damaged"),
        "two_slots_code": (two, CODE, "success"),
        "two_slots_passphrase": (two, PASSPHRASE, "success"),
        "two_slots_passphrase_nfd": (two, unicodedata.normalize("NFD", PASSPHRASE), "success"),
        "two_slots_wrong_passphrase": (two, PASSPHRASE[:-1], "wrong-code"),
        "two_slots_wrong_code": (two, WRONG_CODE, "wrong-code"),
    }


def _typed_key(typed: str) -> str:
    """The entry names what is typed: a recovery code, or else a passphrase."""
    try:
        normalize_recovery_code(typed)
    except MalformedRecoveryCode:
        return "passphrase"
    return "recovery-code"


def files() -> dict[str, bytes]:
    """Every file of tests/vectors/backup/, by name."""
    out: dict[str, bytes] = {}
    index = {}
    names: dict[bytes, str] = {}   # one file for the cases that try the same file
    for name, (blob, code, outcome) in vectors().items():
        file_name = names.setdefault(blob, f"backup_{name}{backup_file.EXTENSION}")
        out[file_name] = blob
        index[name] = {"file": file_name, _typed_key(code): code, "outcome": outcome,
                       "sha256": hashlib.sha256(blob).hexdigest()}
        if outcome == "success":
            index[name]["contents"] = {"kind": CONTENTS.kind, "label": CONTENTS.label,
                                       "made": CONTENTS.made, "tables": CONTENTS.tables}
    out["vectors.json"] = (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return out


def main() -> int:
    FOLDER.mkdir(exist_ok=True)
    for old in FOLDER.iterdir():
        old.unlink()
    for name, content in files().items():
        (FOLDER / name).write_bytes(content)
    print(f"{len(files())} files written to {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
