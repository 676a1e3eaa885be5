"""The fonts Ons Plan brings along, so every script a family writes in shows offline.

Flutter's web client looks for a font for Arabic, Ethiopic and other scripts on a CDN.
Ons Plan never contacts one (`no_cdn`), so without its own fonts Arabic shows as boxes.
The app therefore bundles Noto fonts in `assets/fonts/`, with their licence (OFL.txt):

    Noto Sans           Latin (Turkish, Polish, Vietnamese letters too) and Cyrillic
    Noto Naskh Arabic   Arabic, with the extra letters of Persian, Urdu and Kurdish
    Noto Sans Ethiopic  Ethiopic, for Tigrinya and Amharic

`register(page, ...)` gives them to Flet: `page.fonts`, and a theme in which every text
style uses Noto Sans with the other regular fonts as fallbacks, so each character of a
line that mixes scripts (an Arabic goal with a Dutch name) is drawn by a font that has it.

Flet registers one file per family name, so the bold files are families of their own
("Noto Sans Bold", ...): `BOLD_STYLE` uses them. Text that only asks for
`weight=BOLD` in the regular families is emboldened by the renderer instead.

The files are cut from Debian's fonts-noto-core with fontTools (whole scripts kept,
hinting dropped). To rebuild them: `python -m family_app.fonts [SOURCE_DIR]`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import flet as ft

FONTS_DIR = Path(__file__).parent / "assets" / "fonts"
URL_PREFIX = "/fonts/"  # where Flet serves assets/fonts/
LICENCE = FONTS_DIR / "OFL.txt"
NOTO_SOURCE = Path("/usr/share/fonts/truetype/noto")

# The Unicode ranges kept in each font: whole blocks, not just today's catalogs, so a
# family's own words (names, goals) show too. Code points a font lacks are skipped.
_PUNCTUATION = ((0x0020, 0x007E), (0x00A0, 0x00BF), (0x2000, 0x206F), (0x25CC, 0x25CC))
LATIN_CYRILLIC = _PUNCTUATION + (
    (0x00C0, 0x024F),  # Latin-1 letters, Latin Extended-A (ğ ı ş, ą ę ł ż) and -B
    (0x02B0, 0x036F),  # modifier letters and combining accents
    (0x0400, 0x052F),  # Cyrillic and its supplement (ґ є і ї)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x20A0, 0x20CF),  # currency signs: € ₺ ₴
    (0x2100, 0x214F),  # letter-like symbols: № ™
    (0x2190, 0x2199), (0x2212, 0x2212), (0xFFFD, 0xFFFD),
)
ARABIC = _PUNCTUATION + (
    (0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF),  # Arabic and its extensions
    (0xFB50, 0xFDFF), (0xFE70, 0xFEFF),  # presentation forms
)
ETHIOPIC = _PUNCTUATION + (
    (0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F), (0x1E7E0, 0x1E7FF),
)


@dataclass(frozen=True)
class BundledFont:
    family: str  # the name Flet and the theme know it by
    file: str  # in assets/fonts/
    ranges: tuple[tuple[int, int], ...]
    bold: bool = False

    @property
    def path(self) -> Path:
        return FONTS_DIR / self.file

    @property
    def url(self) -> str:
        return URL_PREFIX + self.file


FONTS = (
    BundledFont("Noto Sans", "NotoSans-Regular.ttf", LATIN_CYRILLIC),
    BundledFont("Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf", ARABIC),
    BundledFont("Noto Sans Ethiopic", "NotoSansEthiopic-Regular.ttf", ETHIOPIC),
    BundledFont("Noto Sans Bold", "NotoSans-Bold.ttf", LATIN_CYRILLIC, bold=True),
    BundledFont("Noto Naskh Arabic Bold", "NotoNaskhArabic-Bold.ttf", ARABIC, bold=True),
    BundledFont("Noto Sans Ethiopic Bold", "NotoSansEthiopic-Bold.ttf", ETHIOPIC, bold=True),
)
REGULAR = tuple(f.family for f in FONTS if not f.bold)
BOLD = tuple(f.family for f in FONTS if f.bold)
FAMILY, FALLBACKS = REGULAR[0], REGULAR[1:]

BOLD_STYLE = ft.TextStyle(font_family=BOLD[0], font_family_fallback=list(BOLD[1:]))

_TEXT_STYLES = tuple(f"{group}_{size}" for group in ("display", "headline", "title", "label", "body")
                     for size in ("large", "medium", "small"))


def page_fonts() -> dict[str, str]:
    """`page.fonts`: family name -> URL. The regular fonts come first: Flet loads in order."""
    return {font.family: font.url for font in FONTS}


def text_theme(color: ft.ColorValue) -> ft.TextTheme:
    """Every Material text style in Noto Sans, falling back to the other scripts' fonts.

    Flet replaces a theme style as a whole, so the colour Material would have given
    it is set again here; sizes and weights still come from Material's typography."""
    return ft.TextTheme(**{
        name: ft.TextStyle(font_family=FAMILY, font_family_fallback=list(FALLBACKS),
                           color=color, decoration_color=color)
        for name in _TEXT_STYLES})


def theme(**options) -> ft.Theme:
    """An `ft.Theme` that draws every bundled script; `options` go to `ft.Theme` as well."""
    return ft.Theme(font_family=FAMILY, text_theme=text_theme(ft.Colors.ON_SURFACE),
                    primary_text_theme=text_theme(ft.Colors.ON_PRIMARY), **options)


def register(page: ft.Page, **theme_options) -> None:
    """Give the page the bundled fonts and a theme that uses them."""
    page.fonts = page_fonts()
    page.theme = theme(**theme_options)


def build(source: Path = NOTO_SOURCE, target: Path = FONTS_DIR) -> list[Path]:
    """Cut the bundled fonts from the full Noto files in `source` (maintainers only)."""
    from fontTools import subset  # a test/maintainer dependency, not needed at run time
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # Arabic joining, marks and ligatures need them all
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # Flutter does not use TrueType hinting; it is a third of the size
    options.drop_tables += ["DSIG"]
    written = []
    for font in FONTS:
        data = TTFont(source / font.file, recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[c for low, high in font.ranges for c in range(low, high + 1)])
        subsetter.subset(data)
        out = target / font.file
        data.save(out)
        written.append(out)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else NOTO_SOURCE):
        print(f"{path.stat().st_size:>8}  {path}")
