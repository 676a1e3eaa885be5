"""Bundles: seal and open in each mode, and every way a bundle is refused."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sync import passcode as passcode_module
from sync.bundle import (
    KINDS, bundle_mode, open_bundle, open_identity, recipient_hint, seal,
)
from sync.errors import (
    BUNDLE_ERRORS, BundleFormatError, DecryptionFailed, Expired, NotForThisRecipient,
    PasscodeNeeded, SignatureFailed, UnsupportedVersion, WrongPasscode,
)
from sync.identity import Identity
from sync.randomness import seeded
from tests.vectors.generate import (
    decrypt_recipient, encrypt_recipient, envelope, flip, recipient_bundle_of, reseal_passcode,
    signed_plaintext,
)

NOW = datetime(2026, 1, 20, 9, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=30)
FAMILY = Identity.generate("Gezin De Vries - Yilmaz", rng=seeded("family"))
KARIN = Identity.generate("Karin Mulder", "CJG Apeldoorn", rng=seeded("karin"))
OTHER = Identity.generate("Piet Jansen", "Buurtteam", rng=seeded("other"))
PAYLOAD = {"tekst": "Huiswerktijd van 16.30 tot 17.30", 7: [1, 2, {"x": None}], "b": b"\x00"}


@pytest.fixture
def fast_scrypt(monkeypatch):
    """scrypt at N=2**17 takes ~0.4 s; tests of the logic around it use a cheap N."""
    monkeypatch.setattr(passcode_module, "SCRYPT_N", 2**10)


def to_karin(payload=PAYLOAD, kind="share", rng_seed="b", **kwargs):
    kwargs.setdefault("expires", LATER)
    return seal(kind, payload, FAMILY, to=KARIN.public(), now=NOW, rng=seeded(rng_seed),
                **kwargs)


def with_passcode(code="7K2M-QX9D"):
    return seal("share", PAYLOAD, FAMILY, passcode=code, expires=LATER, now=NOW,
                rng=seeded("p"))


def test_a_share_opens_for_its_recipient_with_everything_inside():
    opened = open_bundle(to_karin(), me=KARIN, now=NOW)
    assert opened.kind == "share" and opened.mode == "recipient"
    assert opened.sender == FAMILY.public()
    assert opened.payload == PAYLOAD
    assert opened.created == NOW and opened.expires == LATER
    assert len(opened.bundle_id) == 32


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_travels_encrypted(kind):
    assert open_bundle(to_karin(kind=kind), me=KARIN, now=NOW).kind == kind


def test_sealing_is_deterministic_with_injected_randomness_and_clock():
    assert to_karin() == to_karin()
    assert to_karin() != to_karin(rng_seed="other")


def test_outside_the_encryption_there_is_only_what_decryption_needs():
    data = to_karin()
    assert data[:4] == b"OP\x01\x01" and bundle_mode(data) == "recipient"
    public = FAMILY.public()
    for secret in (public.signing_key, public.agreement_key, KARIN.public().agreement_key,
                   public.name.encode(), b"Huiswerktijd", b"tekst"):
        assert secret not in data
    opened = open_bundle(data, me=KARIN, now=NOW)
    assert bytes.fromhex(opened.bundle_id) not in data


def test_an_identity_bundle_is_public_and_signed():
    data = seal("identity", {}, KARIN, expires=NOW + timedelta(days=365), now=NOW,
                rng=seeded("i"))
    assert bundle_mode(data) == "public"
    opened = open_bundle(data, now=NOW)
    assert opened.kind == "identity" and opened.sender == KARIN.public()
    assert opened.sender.fingerprint() == KARIN.fingerprint()
    with pytest.raises(SignatureFailed):
        open_bundle(flip(data, len(data) - 3), now=NOW)


def test_pairing_reads_an_identity_and_nothing_else():
    data = seal("identity", {}, KARIN, expires=LATER, now=NOW, rng=seeded("i"))
    assert open_identity(data, now=NOW) == KARIN.public()
    with pytest.raises(NotForThisRecipient):
        open_identity(to_karin(), now=NOW)
    encrypted_identity = seal("identity", {}, KARIN, to=FAMILY.public(), expires=LATER, now=NOW)
    with pytest.raises(NotForThisRecipient):
        open_identity(encrypted_identity, now=NOW)
    forged = b"OP\x01\x03" + signed_plaintext(envelope(kind=4), FAMILY, b"OP\x01\x03")
    with pytest.raises(BundleFormatError):
        open_identity(forged, now=NOW)


@pytest.mark.parametrize("arguments", [
    {"kind": "share"}, {"kind": "closure"},
    {"kind": "share", "to": OTHER.public(), "passcode": "7K2M-QX9D"},
    {"kind": "bogus", "passcode": "7K2M-QX9D"},
    {"kind": "share", "passcode": "7K2M-QX9D", "payload": ["not", "a", "map"]},
    {"kind": "share", "passcode": "7K2M-QX9D", "expires": datetime(2026, 3, 1)},
    {"kind": "share", "passcode": "7K2M-QX9D", "expires": NOW},
])
def test_seal_refuses_what_the_format_does_not_allow(arguments):
    arguments = {"payload": PAYLOAD, "expires": LATER, **arguments}
    with pytest.raises(ValueError):
        seal(arguments.pop("kind"), arguments.pop("payload"), FAMILY, now=NOW, **arguments)


# --- refusals -------------------------------------------------------------------------------

def test_a_bundle_for_someone_else_is_not_for_this_recipient():
    with pytest.raises(NotForThisRecipient):
        open_bundle(to_karin(), me=OTHER, now=NOW)
    with pytest.raises(NotForThisRecipient):
        open_bundle(to_karin(), now=NOW)


def test_an_expired_share_is_refused_after_its_last_second():
    assert open_bundle(to_karin(), me=KARIN, now=LATER).kind == "share"
    with pytest.raises(Expired) as raised:
        open_bundle(to_karin(), me=KARIN, now=LATER + timedelta(seconds=1))
    assert raised.value.expires == LATER


def test_a_changed_ciphertext_byte_fails_decryption():
    data = to_karin()
    with pytest.raises(DecryptionFailed):
        open_bundle(flip(data, len(data) - 20), me=KARIN, now=NOW)
    with pytest.raises(DecryptionFailed):
        open_bundle(data[:-1], me=KARIN, now=NOW)


def test_no_single_changed_byte_opens():
    data = to_karin({"k": "v"})
    allowed = (BundleFormatError, UnsupportedVersion, NotForThisRecipient, DecryptionFailed)
    for index in range(len(data)):
        with pytest.raises(allowed):
            open_bundle(flip(data, index), me=KARIN, now=NOW)


@pytest.mark.parametrize("enc", [bytes(32), b"\x01" + bytes(31), b"\xff" * 32, bytes.fromhex(
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")])
def test_a_weak_encapsulated_key_fails_decryption(enc):
    """Low-order X25519 points with a matching hint: refused, not crashed."""
    header = b"OP\x01\x01" + recipient_hint(enc, KARIN.public().agreement_key)
    with pytest.raises(DecryptionFailed):
        open_bundle(header + enc + bytes(200), me=KARIN, now=NOW)


def test_content_changed_by_someone_who_can_decrypt_fails_the_signature():
    plaintext = decrypt_recipient(to_karin(), KARIN)
    for index in (5, 70, 100, len(plaintext) - 1):  # signature, signer key, body
        with pytest.raises(SignatureFailed):
            open_bundle(encrypt_recipient(flip(plaintext, index), KARIN, seeded("x")),
                        me=KARIN, now=NOW)


def test_a_share_forwarded_to_a_third_person_fails_the_signature():
    """Karin cannot pass the family's share on as if the family had sent it to Piet."""
    forwarded = encrypt_recipient(decrypt_recipient(to_karin(), KARIN), OTHER, seeded("f"))
    with pytest.raises(SignatureFailed):
        open_bundle(forwarded, me=OTHER, now=NOW)


def test_an_unencrypted_share_is_refused_even_when_signed():
    public = seal("identity", {}, FAMILY, expires=LATER, now=NOW, rng=seeded("i"))
    assert open_bundle(public, now=NOW).kind == "identity"
    forged = b"OP\x01\x03" + signed_plaintext(envelope(kind=1), FAMILY, b"OP\x01\x03")
    with pytest.raises(BundleFormatError):
        open_bundle(forged, now=NOW)


@pytest.mark.parametrize("data, error", [
    (b"", BundleFormatError), (b"OP", BundleFormatError), (b"PK\x03\x04" * 40, BundleFormatError),
    (b"OP\x02\x01" + bytes(200), UnsupportedVersion), (b"OP\x01\x07" + bytes(200), UnsupportedVersion),
    (b"OP\x01\x01" + bytes(20), BundleFormatError), (b"OP\x01\x02" + bytes(20), BundleFormatError),
    (b"OP\x01\x03" + bytes(20), BundleFormatError), (b"OP\x01\x03" + bytes(200), SignatureFailed),
])
@pytest.mark.usefixtures("fast_scrypt")
def test_malformed_bytes_get_their_own_error(data, error):
    with pytest.raises(error):
        open_bundle(data, me=KARIN, passcode="7K2M-QX9D", now=NOW)


@pytest.mark.parametrize("changes, error", [
    ({1: 99}, UnsupportedVersion), ({1: "share"}, BundleFormatError),
    ({2: b"short"}, BundleFormatError), ({3: "yesterday"}, BundleFormatError),
    ({4: 10**30}, BundleFormatError), ({5: "Gezin"}, BundleFormatError),
    ({5: {1: "Gezin"}}, BundleFormatError), ({6: [1, 2]}, BundleFormatError),
])
def test_a_signed_envelope_that_breaks_the_rules_is_refused(changes, error):
    with pytest.raises(error):
        open_bundle(recipient_bundle_of({**envelope(), **changes}, KARIN, seeded("e")),
                    me=KARIN, now=NOW)


def test_unknown_envelope_fields_from_a_newer_writer_are_ignored():
    data = recipient_bundle_of({**envelope(), 42: "new", "later": [1]}, KARIN, seeded("e"))
    assert open_bundle(data, me=KARIN, now=NOW).payload == {"x": 1}


# --- passcodes ------------------------------------------------------------------------------

@pytest.mark.usefixtures("fast_scrypt")
@pytest.mark.parametrize("typed", ["7K2M-QX9D", "7k2m qx9d", "7K2MQX9D", " 7k2m\u2013qx9d"])
def test_a_passcode_share_opens_however_the_passcode_is_typed(typed):
    opened = open_bundle(with_passcode(), passcode=typed, now=NOW)
    assert opened.payload == PAYLOAD and opened.mode == "passcode"


@pytest.mark.usefixtures("fast_scrypt")
@pytest.mark.parametrize("typed", ["7K2M-QX9E", "7K2M", "!!!!", ""])
def test_a_wrong_passcode_is_refused(typed):
    with pytest.raises(WrongPasscode) as raised:
        open_bundle(with_passcode(), passcode=typed, now=NOW)
    assert isinstance(raised.value, DecryptionFailed)


@pytest.mark.usefixtures("fast_scrypt")
def test_a_passcode_share_asks_for_its_passcode():
    assert bundle_mode(with_passcode()) == "passcode"
    with pytest.raises(PasscodeNeeded):
        open_bundle(with_passcode(), me=KARIN, now=NOW)


@pytest.mark.usefixtures("fast_scrypt")
def test_a_changed_passcode_share_is_refused():
    data = with_passcode()
    with pytest.raises(WrongPasscode):
        open_bundle(flip(data, 30), passcode="7K2M-QX9D", now=NOW)
    changed = reseal_passcode(data, "7K2M-QX9D", lambda plaintext: flip(plaintext, 100))
    with pytest.raises(SignatureFailed):
        open_bundle(changed, passcode="7K2M-QX9D", now=NOW)


def test_the_real_passcode_key_uses_scrypt_at_n_2_17():
    assert passcode_module.SCRYPT_N == 2**17
    opened = open_bundle(with_passcode(), passcode="7k2m-qx9d", now=NOW)
    assert opened.payload == PAYLOAD


# --- the errors themselves ------------------------------------------------------------------

def test_every_error_has_its_own_message_for_the_user():
    problems = [cls.default_problem for cls in BUNDLE_ERRORS]
    assert len(set(problems)) == len(problems)
    assert all(problem.endswith(".") for problem in problems)


def test_opening_twice_changes_nothing():
    data = to_karin()
    assert open_bundle(data, me=KARIN, now=NOW) == open_bundle(data, me=KARIN, now=NOW)
