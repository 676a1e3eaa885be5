"""The encrypted vault: one TinyDB database per profile, in one AES-256-GCM file.

The public face is re-exported here; docs/vault-format.md describes the file.
"""
from family_app.vault.errors import (MalformedRecoveryCode, RolledBack, TooManyAttempts,
                                     VaultCorrupt, VaultError, VaultInUse, VaultWriteError,
                                     WeakSecret, WrongSecret)
from family_app.vault.fileformat import KINDS
from family_app.vault.keys import new_recovery_code, normalize_recovery_code, validate_secret
from family_app.vault.lockout import Lockout
from family_app.vault.records import Records
from family_app.vault.storage import EncryptedStorage
from family_app.vault.vault import Vault

__all__ = [
    "EncryptedStorage", "KINDS", "Lockout", "MalformedRecoveryCode", "Records", "RolledBack",
    "TooManyAttempts", "Vault", "VaultCorrupt", "VaultError", "VaultInUse", "VaultWriteError",
    "WeakSecret", "WrongSecret",
    "new_recovery_code", "normalize_recovery_code", "validate_secret",
]
