"""The encrypted vault: one TinyDB database per profile, in one AES-256-GCM file.

The public face is re-exported here; docs/vault-format.md describes the file.
"""
from .errors import (MalformedRecoveryCode, RolledBack, TooManyAttempts, VaultCorrupt,
                     VaultError, VaultInUse, VaultWriteError, WeakSecret, WrongSecret)
from .fileformat import KINDS
from .keys import new_recovery_code, normalize_recovery_code, validate_secret
from .lockout import Lockout
from .records import Records
from .storage import EncryptedStorage
from .vault import Vault

__all__ = [
    "EncryptedStorage", "KINDS", "Lockout", "MalformedRecoveryCode", "Records", "RolledBack",
    "TooManyAttempts", "Vault", "VaultCorrupt", "VaultError", "VaultInUse", "VaultWriteError",
    "WeakSecret", "WrongSecret",
    "new_recovery_code", "normalize_recovery_code", "validate_secret",
]
