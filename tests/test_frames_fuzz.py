"""Fuzzing the frame collector: whatever is scanned, only the documented errors come out."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import base45
from sync.errors import FRAME_ERRORS
from sync.frames import FrameCollector, split_frames
from sync.randomness import seeded

OURS = split_frames(seeded("ours")(900), max_chars=400)
THEIRS = split_frames(seeded("theirs")(700), max_chars=400)
FUZZ = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scanned(draw) -> str:
    choice = draw(st.sampled_from(["ours", "theirs", "changed", "text", "prefixed"]))
    if choice in ("ours", "theirs"):
        return draw(st.sampled_from(OURS if choice == "ours" else THEIRS))
    if choice == "changed":
        text = list(draw(st.sampled_from(OURS)))
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(text) - 1))
            action = draw(st.sampled_from(["replace", "cut", "insert"]))
            if action == "replace":
                text[at] = draw(st.sampled_from(base45.ALPHABET + "ab\n"))
            elif action == "cut":
                text = text[:at] or ["O"]
            else:
                text.insert(at, draw(st.sampled_from(base45.ALPHABET)))
        return "".join(text)
    if choice == "prefixed":
        return draw(st.sampled_from(["OP1:", "OP2:", "OP:", "OP01:"])) + draw(
            st.text(alphabet=base45.ALPHABET, max_size=60))
    return draw(st.text(max_size=60))


@FUZZ
@given(texts=st.lists(scanned(), min_size=1, max_size=8))
def test_any_scans_raise_only_documented_errors(texts):
    collector = FrameCollector()
    for text in texts:
        try:
            got, total = collector.add(text)
        except FRAME_ERRORS:
            continue
        assert 0 < got <= total
    try:
        data = collector.bundle()
    except FRAME_ERRORS:
        return
    # Whatever was collected and passed the tag check is one of the real bundles.
    assert data in (seeded("ours")(900), seeded("theirs")(700))
