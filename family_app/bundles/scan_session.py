"""Collecting one bundle from what a scanner sees: camera pictures, image files, or a
`.onsplan` file. Plain Python, so the camera screen stays a thin loop around it.

Pictures without a QR code are ignored (the camera sees the room between codes); a QR code
that is not ours, a damaged frame or frames of two shares give the sync errors, each with
its message for the user. After a mix-up the collector starts over with the new share.
"""

from __future__ import annotations

from sync.errors import MixedFrames
from sync.frames import FrameCollector
from sync.qr_image import decode_image

BUNDLE_MAGIC = b"OP"


class ScanSession:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.collector = FrameCollector()
        self.bundle: bytes | None = None

    @property
    def progress(self) -> tuple[int, int]:
        return self.collector.progress

    def add_texts(self, texts: list[str]) -> tuple[int, int]:
        """QR texts seen at once; raises the first frame error after taking the good ones."""
        problem = None
        for text in texts:
            try:
                self.collector.add(text)
            except MixedFrames as error:
                # The person moved on to another share: start over with it.
                self.collector.reset()
                self.collector.add(text)
                problem = problem or error
            except Exception as error:  # noqa: BLE001 - sync errors carry their message
                problem = problem or error
        if self.collector.complete and self.bundle is None:
            self.bundle = self.collector.bundle()
        if problem is not None and self.bundle is None:
            raise problem
        return self.progress

    def add_picture(self, image: bytes) -> tuple[int, int]:
        """A camera picture or an image file; raises ImageUnreadable for a non-image."""
        return self.add_texts(decode_image(image))

    def add_file(self, data: bytes) -> tuple[int, int]:
        """A `.onsplan` file is the whole bundle; anything else is read as a picture."""
        if data.startswith(BUNDLE_MAGIC):
            self.bundle = data
            return (1, 1)
        return self.add_picture(data)
