"""A bundle as the screens handle it: its QR texts, their pictures, and whether it asks for
a passcode. Screens call these, never the bundle layer (`sync`) itself (docs/architecture.md)."""

from __future__ import annotations

from sync.bundle import bundle_mode
from sync.frames import split_frames
from sync.qr_image import render_png

from family_app.domain import ShareRecord
from family_app.sharing.sharing import ShareResult


def frames_for(bundle: bytes) -> list[str]:
    """The QR texts of ``bundle``, in order. Raises ValueError when it is too large for QR."""
    return split_frames(bundle)


def codes_for(bundle: bytes, record: ShareRecord | None = None) -> ShareResult:
    """A bundle for the share codes screen: its frames, with the consent-log line when there
    is one; no passcode (those shares come from sharing.share)."""
    return ShareResult(bundle, frames_for(bundle), record, None)


def qr_picture(frame: str, *, box_size: int) -> bytes:
    """A PNG of one frame's QR code, black on white with its quiet zone."""
    return render_png(frame, box_size=box_size)


def needs_passcode(bundle: bytes) -> bool:
    """Whether the bundle opens only with a passcode (ask for it first). Raises a SyncError
    (a Problem) when it is no Ons Plan bundle at all."""
    return bundle_mode(bundle) == "passcode"
