"""11,000 hostile inputs over every reader, each measured: only documented errors come out,
no case takes more than 5 s, and none allocates more than the memory cap.

The readers: a bundle (open_bundle), scanned frames (FrameCollector), a picture
(decode_image), a scenario (parse_scenario on JSON, load_scenario on a file's bytes) and a
pairing code (open_identity, signed by anyone, with any CBOR behind the signature, tags
included). Time and memory are measured per case (tests/helpers/limits.py).
"""
from __future__ import annotations

import io
import json
import os
from datetime import timedelta

import cbor2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from family_app.domain.scenario import (
    MAX_FILE_BYTES, ScenarioError, load_scenario, parse_scenario)
from family_app.domain.errors import ValidationError
from sync.bundle import open_identity, seal
from sync.errors import BUNDLE_ERRORS, FRAME_ERRORS, ImageUnreadable
from sync.frames import FrameCollector, split_frames
from sync.qr_image import decode_image, render_png
from sync.randomness import seeded
from tests.helpers.data import DE_VRIES
from tests.helpers.limits import measured
from tests.test_bundle_fuzz import KARIN, NOW, SEEDS, deflate, mutated, try_open
from tests.test_frames_fuzz import scanned
from tests.test_reader_limits import public_bundle


def fuzz(examples: int):
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- bundles and frames ---------------------------------------------------------------------

@fuzz(2500)
@given(data=mutated() | st.binary(max_size=400))
def test_bundles(data):
    measured(try_open, data)


def collect(texts: list[str]) -> None:
    collector = FrameCollector()
    for text in texts:
        try:
            collector.add(text)
        except FRAME_ERRORS:
            continue
    if collector.complete:
        try_open(collector.bundle())


@fuzz(2500)
@given(texts=st.lists(scanned() | st.sampled_from(split_frames(SEEDS[1], max_chars=300)),
                      min_size=1, max_size=8))
def test_frames(texts):
    measured(collect, texts)


# --- pairing codes: anyone can sign one, so anything can be behind the signature -----------

CBOR_WITH_TAGS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.binary(max_size=40)
    | st.floats(allow_nan=False) | st.just(cbor2.undefined),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.integers(0, 9), inner, max_size=6)
    | st.builds(cbor2.CBORTag, st.sampled_from([0, 1, 2, 3, 24, 28, 29, 258, 55799]), inner),
    max_leaves=30)
IDENTITY = seal("identity", {}, KARIN, expires=NOW + timedelta(days=1), now=NOW,
                rng=seeded("fuzz identity"))


def read_pairing_code(data: bytes) -> None:
    try:
        open_identity(data, now=NOW)
    except BUNDLE_ERRORS:
        pass


@fuzz(2500)
@given(data=st.one_of(
    CBOR_WITH_TAGS.map(lambda tree: public_bundle(deflate(cbor2.dumps([[], "", tree])))),
    CBOR_WITH_TAGS.map(lambda item: public_bundle(deflate(cbor2.dumps(item)))),
    st.binary(max_size=300).map(public_bundle),
    st.builds(lambda at, byte: IDENTITY[:at] + bytes([byte]) + IDENTITY[at + 1:],
              st.integers(0, len(IDENTITY) - 1), st.integers(0, 255))))
def test_pairing_codes(data):
    measured(read_pairing_code, data)


# --- pictures -------------------------------------------------------------------------------

CODE_PNG = render_png("OP1:HELLO", box_size=4)


def picture_of(size: tuple[int, int], mode: str, fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 255 if mode in ("L", "1") else "white").save(out, format=fmt)
    return out.getvalue()


def read_picture(data: bytes) -> None:
    try:
        decode_image(data)
    except ImageUnreadable:
        pass


@fuzz(1500)
@given(data=st.one_of(
    st.binary(max_size=600),
    st.builds(lambda at, junk: CODE_PNG[:at] + junk + CODE_PNG[at:],
              st.integers(0, len(CODE_PNG)), st.binary(min_size=1, max_size=16)),
    st.builds(lambda at: CODE_PNG[:at], st.integers(0, len(CODE_PNG))),
    st.builds(picture_of, st.tuples(st.integers(1, 3000), st.integers(1, 3000)),
              st.sampled_from(["1", "L", "RGB"]), st.sampled_from(["PNG", "GIF", "BMP"]))))
def test_pictures(data):
    measured(read_picture, data)


# --- scenario files -------------------------------------------------------------------------

REAL = json.loads(DE_VRIES.read_text("utf-8"))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=5),
    max_leaves=20)


def read_scenario(raw) -> None:
    try:
        parse_scenario(raw)
    except (ScenarioError, ValidationError):
        pass


@fuzz(1000)
@given(raw=st.one_of(
    JSON,
    st.builds(lambda key, value: {**REAL, key: value}, st.sampled_from(sorted(REAL)), JSON),
    st.builds(lambda table, index, value: {**REAL, table: [
        *REAL[table][:index], value, *REAL[table][index + 1:]]},
        st.sampled_from([k for k, v in REAL.items() if isinstance(v, list) and v]),
        st.integers(0, 3), JSON)))
def test_scenarios(raw):
    measured(read_scenario, raw)


# --- scenario files as bytes: the size (checked before reading), the encoding, the JSON ----
# --- parser (nesting, numbers too long for Python's int), then parse_scenario --------------

def nested(depth: int, brackets: tuple[str, str]) -> bytes:
    """[[[0]]] or {"a":{"a":0}}: valid JSON however deep."""
    return (brackets[0] * depth + "0" + brackets[1] * depth).encode()


def with_number(key: str, digits: int) -> bytes:
    return json.dumps({**REAL, key: None}).replace("null", "7" * digits).encode()


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory):
    return tmp_path_factory.mktemp("scenario") / "scenario.json"


def read_scenario_file(path, data: bytes, size: int) -> None:
    path.write_bytes(data)
    if size > len(data):
        os.truncate(path, size)  # a sparse file: as large as asked, nothing written
    try:
        load_scenario(path)
    except ScenarioError:
        pass


RAW = DE_VRIES.read_bytes()
FILES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=100).map(str.encode),
    JSON.map(lambda raw: json.dumps(raw).encode()),
    st.builds(lambda at, junk: RAW[:at] + junk + RAW[at:],
              st.integers(0, len(RAW)), st.binary(min_size=1, max_size=8)),
    st.builds(lambda at: RAW[:at], st.integers(0, len(RAW))),
    st.builds(nested, st.integers(1, 20_000), st.sampled_from([("[", "]"), ('{"a":', "}")])),
    st.builds(with_number, st.sampled_from(sorted(REAL)), st.integers(1, 6000)))


@fuzz(1000)  # one file in five is stretched to just at or just over the size cap
@given(data=FILES, size=st.sampled_from([0] * 8 + [MAX_FILE_BYTES, MAX_FILE_BYTES + 1]))
def test_scenario_files(scenario_file, data, size):
    measured(read_scenario_file, scenario_file, data, size)
