"""A vault's keys: stored inside the vault, shown as a fingerprint, public half in bundles."""
from __future__ import annotations

import json
import re

import pytest

from sync import readable
from sync.identity import Identity, PublicIdentity
from sync.randomness import seeded

FINGERPRINT = re.compile(r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}")


def karin() -> Identity:
    return Identity.generate("Karin Mulder", "CJG Apeldoorn", rng=seeded("karin"))


def test_a_seeded_identity_is_always_the_same():
    assert karin() == karin()
    assert karin().fingerprint() == "5H54-TRNK-0JG0-QRDT"  # pinned: a change breaks pairing


def test_generated_identities_differ():
    a, b = Identity.generate(), Identity.generate()
    assert a.public().signing_key != b.public().signing_key
    assert a.fingerprint() != b.fingerprint()


def test_private_keys_survive_the_vault_as_json():
    me = karin()
    stored = json.loads(json.dumps(me.to_dict()))
    assert Identity.from_dict(stored) == me
    assert "seed" not in repr(me) and me.signing_seed.hex() not in repr(me)


@pytest.mark.parametrize("broken", [
    None, {}, {"format": "something-else"},
    {**karin().to_dict(), "signing_seed": "abcd"},
    {**karin().to_dict(), "agreement_secret": "zz" * 32},
    {**karin().to_dict(), "name": 5},
])
def test_a_broken_stored_identity_is_refused(broken):
    with pytest.raises(ValueError):
        Identity.from_dict(broken)


def test_the_fingerprint_is_four_groups_that_read_aloud_and_fit_a_qr_code():
    fingerprint = karin().fingerprint()
    assert FINGERPRINT.fullmatch(fingerprint)
    assert readable.normalize(fingerprint.lower().replace("-", " ")) == fingerprint.replace("-", "")


def test_the_fingerprint_depends_on_both_keys_not_on_the_name():
    me = karin()
    assert me.renamed("K. Mulder", "Buurtteam").fingerprint() == me.fingerprint()
    public = me.public()
    other_agreement = Identity.generate(rng=seeded("other")).public().agreement_key
    swapped = PublicIdentity(public.name, public.organisation, public.signing_key,
                             other_agreement)
    assert swapped.fingerprint() != public.fingerprint()


def test_public_identity_has_canonical_bytes():
    public = karin().public()
    data = public.to_bytes()
    assert PublicIdentity.from_bytes(data) == public
    assert PublicIdentity.from_bytes(data).to_bytes() == data
    assert PublicIdentity.from_dict(json.loads(json.dumps(public.to_dict()))) == public


@pytest.mark.parametrize("data", [b"", b"\xff", b"\xa0", b"\xa1\x01\x02",
                                  karin().public().to_bytes() + b"\x00"])
def test_bad_public_identity_bytes_raise_value_error(data):
    with pytest.raises(ValueError):
        PublicIdentity.from_bytes(data)


def test_signatures_verify_only_for_the_signer_and_the_message():
    me, other = karin(), Identity.generate(rng=seeded("other"))
    signature = me.sign(b"message")
    assert me.public().verify(signature, b"message")
    assert not me.public().verify(signature, b"messagE")
    assert not other.public().verify(signature, b"message")
    assert not me.public().verify(b"short", b"message")
