"""Why a bundle or a QR frame was refused: one class per thing the user can act on.

Every error carries ``problem``: an English message id that the UI passes through gettext.
``detail`` is for developers and logs only (never shown, never translated). The classes are
the "MUST reject" rules of docs/bundle-format.md; nothing else escapes the decoders.

Every class also names its ``outcome``: the word the spec's reject table, the test vectors'
``expect:`` lines and a conformance reader use for it (``OUTCOMES``, in check order).
"""
from __future__ import annotations

from i18n.problems import N_, Problem


class SyncError(Problem):
    """Base class: a bundle, a frame or a share could not be used."""

    default_problem = N_("This code or file could not be used.")
    outcome = ""  # the spec's name for the rule broken; "" for the app's own refusals


# --- the bundle ---------------------------------------------------------------------------

class BundleFormatError(SyncError, ValueError):
    """A genuine (signed) bundle whose body or envelope is not well formed; HeaderFailure
    when already the bytes in front are not a bundle (wrong magic, too short)."""

    default_problem = N_("This is not an Ons Plan code or file, or it is damaged.")
    outcome = "body-failure"


class HeaderFailure(BundleFormatError):
    """Not a bundle at all: no "OP" magic, or too short for its mode."""

    outcome = "header-failure"


class UnsupportedVersion(SyncError, ValueError):
    """A bundle or frame from a newer format version (or an unknown mode) of the app."""

    default_problem = N_("This code was made by a newer version of Ons Plan. "
                         "Please update the app and try again.")
    outcome = "unsupported-version"


class DecryptionFailed(SyncError):
    """The ciphertext did not authenticate: damaged or changed on the way."""

    default_problem = N_("This code could not be opened: it is damaged or was changed.")
    outcome = "decryption-failure"


class WrongPasscode(DecryptionFailed):
    """A passcode share did not open: the passcode is wrong (or the code is damaged)."""

    default_problem = N_("The passcode is not right, or the code is damaged. "
                         "Check the passcode and try again.")
    outcome = "wrong-passcode"


class PasscodeNeeded(SyncError):
    """A passcode share was opened without a passcode: ask the user for it."""

    default_problem = N_("This code is protected with a passcode. Type the passcode that "
                         "the family's screen shows.")
    outcome = "passcode-needed"


class NotForThisRecipient(SyncError):
    """A bundle encrypted to someone else's key (or opened without any key)."""

    default_problem = N_("This code was made for someone else and cannot be opened here.")
    outcome = "not-for-this-recipient"


class SignatureFailed(SyncError):
    """The sender's signature does not match: the content was forged or changed."""

    default_problem = N_("This code is not genuine: its signature does not match.")
    outcome = "signature-failure"


class Expired(SyncError):
    """A genuine bundle whose expiry date has passed."""

    default_problem = N_("This share has expired. Ask the family for a new code.")
    outcome = "expired"

    def __init__(self, problem: str | None = None, *, detail: str = "",
                 expires: object = None) -> None:
        super().__init__(problem, detail=detail)
        self.expires = expires


class SharePayloadError(SyncError, ValueError):
    """A genuine bundle whose payload does not follow the format of its kind."""

    default_problem = N_("The shared plan in this code could not be read.")
    outcome = "payload-failure"


# --- QR frames ----------------------------------------------------------------------------

class UnrelatedCode(SyncError, ValueError):
    """A QR code that is not an Ons Plan frame at all (a web address, a Wi-Fi code...)."""

    default_problem = N_("This QR code does not belong to Ons Plan.")
    outcome = "unrelated-code"


class DamagedFrame(SyncError, ValueError):
    """An Ons Plan frame that is truncated or damaged, or frames that do not fit together."""

    default_problem = N_("Part of this code could not be read. Hold the camera still and "
                         "scan again.")
    outcome = "damaged-frame"


class MixedFrames(SyncError, ValueError):
    """A frame of another bundle while collecting one: two shares are being mixed."""

    default_problem = N_("This QR code belongs to a different share. Scan the codes of one "
                         "share only.")
    outcome = "mixed-frames"


class FramesIncomplete(SyncError):
    """The bundle was asked for before every frame was scanned."""

    default_problem = N_("Not all parts of the code have been scanned yet.")
    outcome = "incomplete-frames"


class ImageUnreadable(SyncError, ValueError):
    """An image file that is no picture we can read (for decode_image)."""

    default_problem = N_("This file is not a picture that can be read.")


# The errors a decoder may raise on bad input; tests assert nothing else escapes.
BUNDLE_ERRORS = (BundleFormatError, UnsupportedVersion, DecryptionFailed, PasscodeNeeded,
                 NotForThisRecipient, SignatureFailed, Expired)
FRAME_ERRORS = (UnrelatedCode, DamagedFrame, MixedFrames, UnsupportedVersion, FramesIncomplete)

# Every outcome of docs/bundle-format.md ("Outcomes"), in the order a reader checks: frames
# first (for QR texts), then the bundle, then its payload.
OUTCOMES = ("unrelated-code", "unsupported-version", "damaged-frame", "mixed-frames",
            "incomplete-frames", "header-failure", "not-for-this-recipient",
            "decryption-failure", "passcode-needed", "wrong-passcode", "signature-failure",
            "body-failure", "expired", "payload-failure", "success")
