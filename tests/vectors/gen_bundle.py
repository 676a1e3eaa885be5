"""Vectors of the bundle itself (docs/bundle-format.md, "Bundle layout" to "Envelope"): the
header, decryption, the signature, the body's DEFLATE and CBOR rules, the envelope, expiry.

Body and envelope cases are public (mode 3) identity bundles where they can be: a reader
needs no key to get to them."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import cbor2

from sync import body
from sync.bundle import seal
from sync.cbor_limits import MAX_ITEMS
from sync.randomness import seeded
from sync.share_payload import encode_share
from sync.zdict import PINS

from tests.vectors.forge import (
    FAMILY, KARIN, LATER, NOW, OTHER, PASSCODE, PUBLIC_HEADER, Case, decrypt_recipient, deflate,
    encrypt_recipient, envelope, flip, identity_envelope, kowalska_share, public_bundle_with_body,
    reader, recipient_bundle_of, recipient_bundle_with_body, reseal_passcode, unpooled,
)

Success = Callable[..., Case]
HOUSEHOLD = "e5685203eeb847e0935aed72be31d1dc"
REVOCATION = {1: HOUSEHOLD, 2: [bytes.fromhex("7c07a0b9d3600e33c8c89048ac28a22a")]}
SECOND = int(NOW.timestamp())
# A sentence per shipped language, so that each dictionary's own words are used.
SENTENCES = {
    "nl": "We willen meer rust in huis en elke avond samen eten.",
    "en": "We want more calm at home and to eat together every evening.",
    "ar": "نريد هدوءًا أكثر في البيت وأن نأكل معًا كل مساء.",
    "tr": "Evde daha fazla huzur istiyoruz ve her akşam birlikte yemek yemek.",
    "pl": "Chcemy więcej spokoju w domu i wspólnej kolacji każdego wieczoru.",
    "uk": "Ми хочемо більше спокою вдома і щовечора вечеряти разом.",
}
UNKNOWN_DICTIONARY = 31  # the highest id one byte can name: 8 x 31 + 6 = 0xFE


def raw_map(pairs: list[tuple[bytes, bytes]]) -> bytes:
    """A CBOR map written item by item (to write what cbor2 would not: duplicate keys...)."""
    assert len(pairs) < 24
    return bytes([0xA0 + len(pairs)]) + b"".join(k + v for k, v in pairs)


def identity_with(payload_item: bytes | None = None, *extra: tuple[bytes, bytes],
                  kind_item: bytes | None = None) -> bytes:
    """Karin's identity envelope as raw CBOR: its payload (key 6) or kind (key 1) replaced
    by raw bytes, ``extra`` entries added at the end."""
    raw = {k: cbor2.dumps(v) for k, v in identity_envelope().items()}
    raw[6] = payload_item if payload_item is not None else raw[6]
    raw[1] = kind_item if kind_item is not None else raw[1]
    return raw_map([(cbor2.dumps(k), v) for k, v in raw.items()] + list(extra))


def public_raw(tree: bytes, texts: str = "") -> bytes:
    """A public bundle whose body is [[], texts, tree] with tree as raw CBOR."""
    return public_bundle_with_body(deflate(b"\x83\x80" + cbor2.dumps(texts) + tree))


def public_tree(tree) -> bytes:
    return public_bundle_with_body(body.pack(tree))


def nested(depth: int):
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


def dictionary_cases(success: Success) -> dict[str, Case]:
    """One success per dictionary that a body names (docs/bundle-format.md, "The
    dictionaries"), dictionary 0 named too, and a dictionary of a newer app."""
    at = reader()
    found: dict[str, Case] = {}
    for pin in PINS[1:]:
        payload = {9: SENTENCES[pin.language]}
        packed = body.pack(identity_envelope({6: payload}), dictionary=pin.id)
        assert packed[0] == 8 * pin.id + 6
        found[f"bundle_body_dictionary_{pin.id}_{pin.language}"] = success(
            "identity", KARIN, payload, public_bundle_with_body(packed), **at)
    payload = {9: SENTENCES["nl"]}
    found["bundle_body_dictionary_0_named"] = success(
        "identity", KARIN, payload, public_bundle_with_body(
            b"\x06" + body.pack(identity_envelope({6: payload}), dictionary=0)), **at)
    found["bundle_body_dictionary_unknown"] = (
        {"expect": "unsupported-version", **at}, public_bundle_with_body(
            bytes([8 * UNKNOWN_DICTIONARY + 6]) + body.pack(identity_envelope(), dictionary=0)))
    return found


def cases(success: Success) -> dict[str, Case]:
    rng = seeded("vector bundles")
    karin = reader(KARIN)
    at = reader()
    ok = seal("revocation", REVOCATION, FAMILY, to=KARIN.public(), expires=LATER, now=NOW,
              rng=rng)
    goals = encode_share(kowalska_share("goals"))
    by_passcode = seal("share", goals, FAMILY, passcode=PASSCODE, expires=NOW + timedelta(days=1),
                       now=NOW, rng=rng)
    identity = seal("identity", {}, KARIN, expires=NOW + timedelta(days=365), now=NOW, rng=rng)
    plaintext = decrypt_recipient(ok, KARIN)
    header_failure = {"expect": "header-failure", **karin}
    body_failure = {"expect": "body-failure", **at}
    late = reader(KARIN, now=LATER + timedelta(seconds=1))
    return {
        # --- header --------------------------------------------------------------------
        "bundle_recipient_success": success("revocation", FAMILY, REVOCATION, ok, **karin),
        "bundle_header_bad_magic": (header_failure, b"PK" + ok[2:]),
        "bundle_header_empty": (header_failure, b""),
        "bundle_header_three_bytes": (header_failure, b"OP\x01"),
        "bundle_header_truncated": (header_failure, ok[:30]),
        "bundle_header_recipient_one_byte_short": (header_failure, ok[:151]),
        "bundle_header_passcode_one_byte_short": (header_failure, by_passcode[:131]),
        "bundle_header_public_one_byte_short": (header_failure, identity[:99]),
        "bundle_version_2": ({"expect": "unsupported-version", **karin}, ok[:2] + b"\x02" + ok[3:]),
        "bundle_mode_unknown": ({"expect": "unsupported-version", **karin},
                                ok[:3] + b"\x09" + ok[4:]),
        "bundle_mode_unknown_short": ({"expect": "unsupported-version", **karin}, b"OP\x01\x09"),
        # --- mode 1: recipient ---------------------------------------------------------
        "bundle_recipient_other": ({"expect": "not-for-this-recipient", **karin},
                                   seal("revocation", REVOCATION, FAMILY, to=OTHER.public(),
                                        expires=LATER, now=NOW, rng=rng)),
        "bundle_recipient_no_key": ({"expect": "not-for-this-recipient", **at}, ok),
        "bundle_recipient_hint_changed": ({"expect": "not-for-this-recipient", **karin},
                                          flip(ok, 5)),
        "bundle_recipient_enc_changed": ({"expect": "not-for-this-recipient", **karin},
                                         flip(ok, 20)),
        "bundle_recipient_tampered": ({"expect": "decryption-failure", **karin},
                                      flip(ok, len(ok) - 40)),
        # --- mode 2: passcode ----------------------------------------------------------
        "bundle_passcode_success": success("share", FAMILY, goals, by_passcode,
                                           **reader(passcode="7k2m qx9d")),
        "bundle_passcode_missing": ({"expect": "passcode-needed", **at}, by_passcode),
        "bundle_passcode_wrong": ({"expect": "wrong-passcode", **reader(passcode="7K2M-QX9E")},
                                  by_passcode),
        "bundle_passcode_not_a_code": ({"expect": "wrong-passcode", **reader(passcode="hallo!")},
                                       by_passcode),
        "bundle_passcode_changed": ({"expect": "wrong-passcode", **reader(passcode=PASSCODE)},
                                    flip(by_passcode, 40)),
        # --- the signature -------------------------------------------------------------
        "bundle_recipient_forwarded": ({"expect": "signature-failure", **reader(OTHER)},
                                       encrypt_recipient(plaintext, OTHER, rng)),
        "bundle_recipient_changed_body": ({"expect": "signature-failure", **karin},
                                          encrypt_recipient(flip(plaintext, 120), KARIN, rng)),
        "bundle_passcode_changed_body": (
            {"expect": "signature-failure", **reader(passcode=PASSCODE)},
            reseal_passcode(by_passcode, PASSCODE, lambda plain: flip(plain, 100))),
        "bundle_identity_changed": ({"expect": "signature-failure", **at},
                                    flip(identity, len(identity) - 5)),
        "bundle_signer_not_a_key": ({"expect": "signature-failure", **at},
                                    PUBLIC_HEADER + bytes(64) + b"\xff" * 32
                                    + body.pack(identity_envelope())),
        "bundle_expired_and_changed": ({"expect": "signature-failure", **late},
                                       encrypt_recipient(flip(plaintext, 120), KARIN, rng)),
        # --- the body: DEFLATE ---------------------------------------------------------
        "bundle_body_empty": (body_failure, public_bundle_with_body(b"")),
        "bundle_body_not_deflate": (body_failure, public_bundle_with_body(b"\xff" * 40)),
        "bundle_body_deflate_truncated": (
            body_failure, public_bundle_with_body(body.pack(identity_envelope())[:-3])),
        "bundle_body_deflate_then_junk": (
            body_failure, public_bundle_with_body(body.pack(identity_envelope()) + b"\x00")),
        "bundle_body_too_large": (
            body_failure, public_bundle_with_body(deflate(b"\x00" * (8 * 1024 * 1024 + 1)))),
        "bundle_body_unpooled": success("identity", KARIN, {},
                                        public_bundle_with_body(unpooled(identity_envelope())),
                                        **at),
        **dictionary_cases(success),
        # --- the body: CBOR ------------------------------------------------------------
        "bundle_body_cbor_then_junk": (
            body_failure, public_bundle_with_body(deflate(
                cbor2.dumps([[], "", identity_envelope()]) + b"\x00"))),
        "bundle_body_indefinite_length": (body_failure, public_raw(identity_with(b"\xbf\xff"))),
        "bundle_body_reserved_information": (body_failure, public_raw(identity_with(
            raw_map([(cbor2.dumps(9), b"\x1c")])))),
        "bundle_body_tag_1": (body_failure, public_raw(identity_with(
            raw_map([(cbor2.dumps(9), b"\xc1\x00")])))),
        "bundle_body_big_integer_that_fits": (body_failure, public_raw(identity_with(
            raw_map([(cbor2.dumps(9), b"\xc2\x41\x05")])))),
        "bundle_body_big_integer": success(
            "identity", KARIN, {9: 2**70}, public_tree(identity_envelope({6: {9: 2**70}})), **at),
        "bundle_body_duplicate_key": (body_failure, public_raw(identity_with(
            None, (cbor2.dumps(1), cbor2.dumps(5))))),
        "bundle_body_simple_value": (body_failure, public_raw(identity_with(
            raw_map([(cbor2.dumps(9), b"\xe5")])))),
        "bundle_body_too_deep": (body_failure, public_bundle_with_body(unpooled(
            identity_envelope({6: {9: nested(70)}})))),
        "bundle_body_too_many_items": (body_failure, public_tree(identity_envelope(
            {6: {9: [0] * (MAX_ITEMS + 1)}}))),
        "bundle_body_not_three_parts": (body_failure, public_bundle_with_body(deflate(
            cbor2.dumps([[], identity_envelope()])))),
        "bundle_body_blob_pool_holds_text": (body_failure, public_bundle_with_body(deflate(
            cbor2.dumps([["x"], "", identity_envelope()])))),
        "bundle_body_more_placeholders_than_texts": (body_failure, public_raw(identity_with(
            raw_map([(cbor2.dumps(9), b"\xe0")])))),
        "bundle_body_more_texts_than_placeholders": (
            body_failure, public_raw(identity_with(), texts="ongebruikt")),
        "bundle_body_placeholder_as_key": (body_failure, public_raw(identity_with(
            raw_map([(b"\xe0", cbor2.dumps(1))])))),
        # --- the envelope --------------------------------------------------------------
        "bundle_envelope_not_a_map": (body_failure, public_tree([1, 2])),
        "bundle_envelope_kind_missing": (body_failure, public_tree(identity_envelope({1: None}))),
        "bundle_envelope_kind_text": (body_failure, public_tree(identity_envelope(
            {1: "identity"}))),
        "bundle_envelope_kind_float": (body_failure, public_raw(identity_with(
            kind_item=cbor2.dumps(5.0)))),
        "bundle_kind_unknown": ({"expect": "unsupported-version", **karin},
                                recipient_bundle_of(envelope(kind=99), KARIN, rng)),
        "bundle_kind_zero": ({"expect": "unsupported-version", **at},
                             public_tree(identity_envelope({1: 0}))),
        "bundle_envelope_id_missing": (body_failure, public_tree(identity_envelope({2: None}))),
        "bundle_envelope_id_too_short": (body_failure, public_tree(identity_envelope(
            {2: b"\x22" * 15}))),
        "bundle_envelope_created_text": (body_failure, public_tree(identity_envelope(
            {3: "2026-01-20"}))),
        "bundle_envelope_created_negative": (body_failure, public_tree(identity_envelope(
            {3: -1}))),
        "bundle_envelope_expires_after_9999": (body_failure, public_tree(identity_envelope(
            {4: 253_402_300_800}))),
        "bundle_envelope_expires_before_created": (body_failure, public_tree(identity_envelope(
            {4: SECOND - 1}))),
        "bundle_envelope_expires_when_created": (body_failure, public_tree(identity_envelope(
            {4: SECOND}))),
        "bundle_envelope_created_in_the_future": success(
            "identity", KARIN, {}, public_tree(identity_envelope({3: SECOND + 86_400})), **at),
        "bundle_envelope_sender_missing": (body_failure, public_tree(identity_envelope(
            {5: None}))),
        "bundle_envelope_sender_name_too_long": (body_failure, public_tree(identity_envelope(
            {5: {1: "K" * 121, 4: KARIN.public().agreement_key}}))),
        "bundle_envelope_sender_no_agreement_key": (body_failure, public_tree(identity_envelope(
            {5: {1: "Karin Mulder"}}))),
        "bundle_envelope_sender_small_order_key": (body_failure, public_tree(identity_envelope(
            {5: {1: "Karin Mulder", 4: bytes(32)}}))),
        "bundle_envelope_payload_missing": (body_failure, public_tree(identity_envelope(
            {6: None}))),
        "bundle_envelope_payload_not_a_map": (body_failure, public_tree(identity_envelope(
            {6: [1]}))),
        "bundle_envelope_unknown_keys": success(
            "identity", KARIN, {}, public_tree(identity_envelope({
                7: "new", "later": [1],
                5: {**KARIN.public().to_map(with_signing_key=False), 9: "x"}})), **at),
        "bundle_public_share": (body_failure, public_tree(envelope(kind=1))),
        # --- expiry --------------------------------------------------------------------
        "bundle_valid_in_its_last_second": success("revocation", FAMILY, REVOCATION, ok,
                                                   **reader(KARIN, now=LATER)),
        "bundle_expired_one_second_later": ({"expect": "expired", **late}, ok),
        "bundle_expired_half_a_second_later": (
            {"expect": "expired", **reader(KARIN, now=LATER + timedelta(milliseconds=500))}, ok),
    }


__all__ = ["cases", "recipient_bundle_with_body"]
