"""QR frames: a bundle split into QR texts, and the collector that puts them back together.

    frame text = "OP1:" || base45(index || count || tag || chunk || crc)

``index`` (0-based) and ``count`` are one byte each, ``tag`` is the first 4 bytes of the
SHA-256 of the whole bundle (the same in every frame of a bundle: it tells bundles apart and
checks the reassembled bundle), ``crc`` is the CRC-32 (as in zlib, big-endian) of everything
before it in the frame (it catches a truncated or damaged frame at once). Every frame this
writer makes fits a QR code of at most version 20 at error correction M in alphanumeric mode
(970 characters): the largest that a phone's camera at 1080p still reads from 25-30 cm
(docs/decisions.md, "Codes that read at arm's length"). A reader takes frames of any size.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

from . import base45
from .errors import DamagedFrame, FramesIncomplete, MixedFrames, UnrelatedCode, UnsupportedVersion

VERSION = 1
PREFIX = f"OP{VERSION}:"
MAX_QR_VERSION = 20
MAX_FRAME_CHARS = 970  # alphanumeric capacity of QR version 20 at error correction M
MAX_FRAMES = 255
TAG_LEN, CRC_LEN = 4, 4
_HEAD_LEN = 2 + TAG_LEN
MIN_FRAME_BYTES = _HEAD_LEN + 1 + CRC_LEN  # a frame carries at least one byte of the bundle
_PREFIX_PATTERN = re.compile(r"^OP([1-9][0-9]{0,2}):")


@dataclass(frozen=True)
class Frame:
    index: int
    count: int
    tag: bytes
    chunk: bytes


def bundle_tag(bundle: bytes) -> bytes:
    return hashlib.sha256(bundle).digest()[:TAG_LEN]


def _crc(data: bytes) -> bytes:
    return zlib.crc32(data).to_bytes(CRC_LEN, "big")


def max_chunk(max_chars: int = MAX_FRAME_CHARS) -> int:
    """The most bundle bytes one frame of at most ``max_chars`` characters can carry."""
    room = max_chars - len(PREFIX)
    frame_bytes = room // 3 * 2 + (1 if room % 3 == 2 else 0)
    return frame_bytes - _HEAD_LEN - CRC_LEN


def split_frames(bundle: bytes, *, max_chars: int = MAX_FRAME_CHARS) -> list[str]:
    """The QR texts of a bundle, in order; chunks are balanced so all codes are alike.

    Raises ValueError when the bundle needs more than 255 frames (offer the file instead).
    """
    if not bundle:
        raise ValueError("an empty bundle has no frames")
    per_frame = max_chunk(max_chars)
    count = -(-len(bundle) // per_frame)
    if count > MAX_FRAMES:
        raise ValueError(f"a bundle of {len(bundle)} bytes is too large for QR frames")
    size = -(-len(bundle) // count)
    tag = bundle_tag(bundle)
    texts = []
    for index in range(count):
        data = bytes([index, count]) + tag + bundle[index * size:(index + 1) * size]
        texts.append(PREFIX + base45.encode(data + _crc(data)))
    return texts


def parse_frame(text: object) -> Frame:
    """One scanned QR text as a Frame; raises UnrelatedCode, UnsupportedVersion, DamagedFrame."""
    if not isinstance(text, str):
        raise UnrelatedCode(detail="not text")
    match = _PREFIX_PATTERN.match(text)
    if match is None:
        raise UnrelatedCode(detail=text[:20])
    if int(match.group(1)) != VERSION:
        raise UnsupportedVersion(detail=f"frame version {match.group(1)}")
    try:
        data = base45.decode(text[match.end():])
    except ValueError as err:
        raise DamagedFrame(detail=f"base45: {err}") from None
    if len(data) < MIN_FRAME_BYTES:
        raise DamagedFrame(detail="shorter than a frame with one byte of the bundle")
    if _crc(data[:-CRC_LEN]) != data[-CRC_LEN:]:
        raise DamagedFrame(detail="frame check failed (truncated or damaged)")
    index, count = data[0], data[1]
    if count == 0 or index >= count:
        raise DamagedFrame(detail=f"frame {index} of {count}")
    return Frame(index, count, data[2:_HEAD_LEN], data[_HEAD_LEN:-CRC_LEN])


class FrameCollector:
    """Collects the frames of one bundle, in any order; a repeated frame changes nothing.

    A frame of another bundle raises MixedFrames and is not taken; call ``reset()`` to
    start over with the new bundle.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._tag: bytes | None = None
        self._count = 0
        self._chunks: dict[int, bytes] = {}

    @property
    def progress(self) -> tuple[int, int]:
        """(frames got, frames in the bundle); (0, 0) before the first frame."""
        return len(self._chunks), self._count

    @property
    def complete(self) -> bool:
        return self._count > 0 and len(self._chunks) == self._count

    def add(self, text: object) -> tuple[int, int]:
        """Take one scanned QR text; returns the progress."""
        frame = parse_frame(text)
        if self._tag is None:
            self._tag, self._count = frame.tag, frame.count
        elif frame.tag != self._tag:
            raise MixedFrames(detail="frame of another bundle")
        elif frame.count != self._count:
            raise DamagedFrame(detail="frame count differs within one bundle")
        known = self._chunks.get(frame.index)
        if known is not None and known != frame.chunk:
            raise DamagedFrame(detail=f"two different frames {frame.index}")
        self._chunks[frame.index] = frame.chunk
        return self.progress

    def bundle(self) -> bytes:
        """The reassembled bundle; raises FramesIncomplete or DamagedFrame (then resets)."""
        if not self.complete:
            got, total = self.progress
            raise FramesIncomplete(detail=f"{got} of {total}")
        data = b"".join(self._chunks[i] for i in range(self._count))
        if bundle_tag(data) != self._tag:
            self.reset()
            raise DamagedFrame(detail="reassembled bundle does not match its tag")
        return data


def join_frames(texts: list[str]) -> bytes:
    """All frames of one bundle at once (e.g. from image files), in any order."""
    collector = FrameCollector()
    for text in texts:
        collector.add(text)
    return collector.bundle()
