"""Vectors of QR frames (docs/bundle-format.md, "QR frames"): the data is the QR texts, one a
line, read in that order; after the last the reader joins the bundle and opens it."""
from __future__ import annotations

import zlib
from collections.abc import Callable

from sync import base45
from sync.bundle import seal
from sync.frames import PREFIX, bundle_tag, split_frames
from sync.randomness import seeded
from sync.share_payload import encode_share

from tests.vectors.forge import FAMILY, KARIN, LATER, NOW, OTHER, Case, kowalska_share, reader

Success = Callable[..., Case]


def frame(index: int, count: int, tag: bytes, chunk: bytes, prefix: str = PREFIX) -> str:
    """A frame with a correct CRC around any fields (the writer would never make some)."""
    data = bytes([index, count]) + tag + chunk
    return prefix + base45.encode(data + zlib.crc32(data).to_bytes(4, "big"))


def cases(success: Success) -> dict[str, Case]:
    rng = seeded("vector frames")
    share = encode_share(kowalska_share())
    data = seal("share", share, FAMILY, to=KARIN.public(), expires=LATER, now=NOW, rng=rng)
    frames = split_frames(data, max_chars=500)  # small frames: more of them
    assert len(frames) == 4
    other = split_frames(seal("share", share, FAMILY, to=KARIN.public(), expires=LATER, now=NOW,
                              rng=rng), max_chars=500)
    tag = bundle_tag(data)
    karin = reader(KARIN)
    damaged = {"expect": "damaged-frame", **karin}
    first = frames[0]
    changed = first[:50] + ("A" if first[50] != "A" else "B") + first[51:]
    return {
        "frames_success": success(
            "share", FAMILY, share, [frames[2], frames[0], frames[1], frames[0], frames[3]],
            **karin),
        "frames_then_not_for_this_recipient": (
            {"expect": "not-for-this-recipient", **reader(OTHER)}, frames),
        "frames_incomplete": ({"expect": "incomplete-frames", **karin}, frames[:3]),
        "frames_truncated": (damaged, [frames[0], frames[1][:-6]]),
        "frames_changed_character": (damaged, [changed]),
        "frames_lower_case": (damaged, [PREFIX + first[len(PREFIX):].lower()]),
        "frames_trailing_space": (damaged, [first + " "]),
        "frames_too_short": (damaged, [frame(0, 1, tag, b"")]),
        "frames_count_zero": (damaged, [frame(0, 0, tag, b"\x01")]),
        "frames_index_beyond_count": (damaged, [frame(4, 4, tag, b"\x01")]),
        "frames_same_tag_other_count": (damaged, [frames[0], frame(1, 5, tag, b"\x01")]),
        "frames_same_index_other_chunk": (damaged, [frames[0], frame(0, 4, tag, b"\x01")]),
        "frames_tag_mismatch": (damaged, [frame(0, 2, tag, b"\x01"), frame(1, 2, tag, b"\x02")]),
        "frames_mixed": ({"expect": "mixed-frames", **karin}, [frames[0], frames[1], other[1]]),
        "frames_version_2": ({"expect": "unsupported-version", **karin}, ["OP2:" + first[4:]]),
        "frames_prefix_lower_case": ({"expect": "unrelated-code", **karin}, ["op1:" + first[4:]]),
        "frames_prefix_leading_zero": ({"expect": "unrelated-code", **karin},
                                       ["OP01:" + first[4:]]),
        "frames_unrelated_url": ({"expect": "unrelated-code", **karin},
                                 ["https://example.org/plan?id=42"]),
        "frames_unrelated_wifi": ({"expect": "unrelated-code", **karin},
                                  ["WIFI:T:WPA;S:Thuis;P:geheim123;;"]),
    }
