"""QR codes as images: drawing a frame as a PNG, and reading the codes in a photo.

Drawing uses qrcode (error correction M, the smallest version that fits, black on white with
the standard 4-module quiet zone); reading, of a camera's JPEG or an image file the user
picked, goes through one seam, ``read_codes``, whose reader is ZBar (pyzbar over libzbar):
the decoder that phone builds carry too (docs/decisions.md, "One QR reader for phones and
desktops"; bench/decode.py measured it against zxing-cpp). Both take and give bytes: files
and cameras are the caller's business.
"""
from __future__ import annotations

import io
import warnings
from typing import Callable

import qrcode
from PIL import Image, UnidentifiedImageError
from qrcode.util import QRData

from .errors import ImageUnreadable

QUIET_ZONE = 4  # modules, as ISO/IEC 18004 asks
MAX_PIXELS = 50_000_000          # larger than any phone camera: refused outright
MAX_DECODED_PIXELS = 8_000_000   # decoded at most (about 32 MB as RGBA), see decode_image


def read_with_zbar(gray: Image.Image) -> list[str]:
    """ZBar, through pyzbar (ctypes over the system's libzbar: Debian's libzbar0, or the
    library a phone build bundles). Our frames are alphanumeric, so ASCII; of another
    code's bytes ZBar guesses the character set (UTF-8 text can come back as Shift JIS),
    which only changes what a "not our code" refusal could quote."""
    from pyzbar import pyzbar  # loads libzbar on first use, not when the app starts

    return [found.data.decode("utf-8", "replace")
            for found in pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE])]


def read_with_zxing(gray: Image.Image) -> list[str]:
    """zxing-cpp, a desktop-only wheel: kept for bench/decode.py's comparison."""
    import zxingcpp

    found = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in found if barcode.valid]


# The QR readers by name; the app reads with DEFAULT_READER.
READERS: dict[str, Callable[[Image.Image], list[str]]] = {
    "pyzbar": read_with_zbar, "zxing-cpp": read_with_zxing}
DEFAULT_READER = "pyzbar"


def read_codes(gray: Image.Image, reader: str = DEFAULT_READER) -> list[str]:
    """The texts of the QR codes in a decoded, size-checked grey picture: the one seam
    between the app and a QR decoder."""
    return READERS[reader](gray)


def _code(text: str, box_size: int = 1) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M,
                         box_size=box_size, border=QUIET_ZONE)
    code.add_data(QRData(text))  # one segment, in the densest mode the text allows
    code.make(fit=True)
    return code


def qr_version(text: str) -> int:
    """The QR version (1-40) that ``text`` needs at error correction M."""
    return _code(text).version


def render_png(text: str, *, box_size: int = 6) -> bytes:
    """A PNG of the QR code of ``text``: black modules on white, with the quiet zone."""
    image = _code(text, box_size).make_image(fill_color="black", back_color="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def decode_image(image_bytes: bytes, *, reader: str = DEFAULT_READER) -> list[str]:
    """The texts of every QR code found in a PNG or JPEG (an empty list when none).

    The size is checked from the header before any pixel is decoded: a small file can
    claim a huge picture. A JPEG larger than ``MAX_DECODED_PIXELS`` is decoded at the
    mildest reduction its DCT allows (1/2, 1/4, 1/8) that brings it within the cap, which a
    phone photo of a code survives; any other picture over the cap is refused."""
    try:
        with warnings.catch_warnings():  # Pillow warns of large pictures; we refuse them below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(image_bytes))
        with opened as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageUnreadable(detail=f"{width}x{height} pixels")
            if image.format == "JPEG" and width * height > MAX_DECODED_PIXELS:
                # draft() takes the largest scale whose result is still at least the size
                # asked for: asking for width//n x height//n gets a scale of n or more.
                # (Were even 1/8 too large, the check below refuses.)
                n = next((n for n in (2, 4, 8)
                          if -(-width // n) * -(-height // n) <= MAX_DECODED_PIXELS), 8)
                image.draft("L", (max(1, width // n), max(1, height // n)))
            if image.size[0] * image.size[1] > MAX_DECODED_PIXELS:  # the size decoded
                raise ImageUnreadable(detail=f"{width}x{height} pixels, decoded {image.size}")
            image.load()
            gray = image.convert("L")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError,
            SyntaxError) as err:
        raise ImageUnreadable(detail=type(err).__name__) from None
    return read_codes(gray, reader)
