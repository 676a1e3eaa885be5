"""QR codes as images: drawing a frame as a PNG, and reading the codes in a photo.

Drawing uses qrcode (error correction M, the smallest version that fits, black on white with
the standard 4-module quiet zone); reading uses zxing-cpp, for a camera's JPEG or an image
file the user picked. Both take and give bytes: files and cameras are the caller's business.
"""
from __future__ import annotations

import io

import qrcode
import zxingcpp
from PIL import Image, UnidentifiedImageError
from qrcode.util import QRData

from .errors import ImageUnreadable

QUIET_ZONE = 4  # modules, as ISO/IEC 18004 asks


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


def decode_image(image_bytes: bytes) -> list[str]:
    """The texts of every QR code found in a PNG or JPEG (an empty list when none)."""
    try:
        with Image.open(io.BytesIO(image_bytes)) as image:
            image.load()
            gray = image.convert("L")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as err:
        raise ImageUnreadable(detail=type(err).__name__) from None
    found = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in found if barcode.valid]
