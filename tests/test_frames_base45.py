"""Base45 (RFC 9285): the examples of the RFC, its MUST-reject rules, and round trips."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync import base45


@pytest.mark.parametrize("data, text", [
    (b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"),
    (b"ietf!", "QED8WEX0"), (b"", ""), (b"\x00", "00"), (b"\xff\xff", "FGW"),
])
def test_rfc_9285_examples(data, text):
    assert base45.encode(data) == text
    assert base45.decode(text) == data
    assert base45.encoded_length(len(data)) == len(text)


@pytest.mark.parametrize("text", ["GGW", "A", "ABCD", "abc", "ÄB", "QED8WEX0\n", "U8"])
def test_invalid_base45_is_refused(text):
    with pytest.raises(ValueError):
        base45.decode(text)


@given(st.binary(max_size=300))
def test_any_bytes_round_trip(data):
    text = base45.encode(data)
    assert set(text) <= set(base45.ALPHABET)
    assert base45.decode(text) == data
