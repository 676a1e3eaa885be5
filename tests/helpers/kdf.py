"""scrypt at a test cost: the unit tests' own vaults, and where the real cost is kept.

A vault's keys are derived with scrypt at N=2^17 (about 0.6 s here, on purpose). The unit
tests make and open several hundred vaults in their own processes: at that cost more than
five minutes of the suite. So tests/conftest.py lowers the cost of every vault a test
process makes to N=2^12, and lets readers in that process accept it: the same code, the
same file format, a header that says what was used, a cheaper work factor.

The real cost stays wherever it is the point or another process is involved:
- every program a test starts (app servers, the command line) is not patched, and refuses
  a vault at the test cost (a header below 2^17): a test that hands such a vault to another
  process fails at once, it cannot pass by accident;
- vaults made by those programs carry 2^17 in their header and open in a test process at
  that cost;
- browser tests, tests marked `real_scrypt`, and fixtures that make a vault for another
  process (`with real_cost():`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from family_app.vault import keys
from family_app.vault.keys import KdfParams

TEST_KDF = KdfParams(n=2**12)
REAL_KDF = keys.DEFAULT_KDF
REAL_MIN_N = KdfParams.MIN_N


@contextlib.contextmanager
def kdf_cost(params: KdfParams) -> Iterator[None]:
    """New vaults at ``params``, and readers accepting down to it, inside the block."""
    patch = pytest.MonkeyPatch()
    patch.setattr(keys, "DEFAULT_KDF", params)
    patch.setattr(KdfParams, "MIN_N", min(params.n, REAL_MIN_N))
    try:
        yield
    finally:
        patch.undo()


def real_cost() -> contextlib.AbstractContextManager[None]:
    return kdf_cost(REAL_KDF)
