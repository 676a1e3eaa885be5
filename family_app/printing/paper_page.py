"""A plan on paper: one self-contained HTML page made for A4, that any browser prints.

    page(lang, title, header, parts, print_label) -> str

Self-contained: the bundled fonts (fonts.py) go inside as data: URLs and nothing links
anywhere, so the page shows and prints the same offline, from a file or from the app.
What the family wrote is put in as written: escaped, never changed, line breaks kept, and
each text in its own bidi isolate (dir="auto"), so an Arabic goal with a Dutch name reads
right in a Dutch page and the other way round. <html> carries the language and direction.

Every printed page repeats `header` at its top and "page n of m" at its foot: CSS page
margin boxes (@page @top-center), which Chromium draws when it prints (since version 131)
and writes into a PDF; docs/decisions.md says why Chromium.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field

from i18n import Translator


@dataclass(frozen=True)
class Line:
    """One fact of a record: a label in the page's language, and a value (often the
    family's own words)."""

    label: str
    value: str


@dataclass(frozen=True)
class Entry:
    """One record on paper: its title (the family's words) and its facts."""

    title: str
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Part:
    """One chosen section, under its title; `empty` is said when it holds nothing."""

    key: str
    title: str
    entries: tuple[Entry, ...]
    empty: str = ""


@dataclass(frozen=True)
class Paper:
    tr: Translator
    title: str  # the household's name or the young person's: the family's words
    header: str  # on top of every page: what, which version, which day
    footer: str  # "Page {page} of {pages}", in the page's language
    print_label: str  # the button on screen, never printed
    parts: tuple[Part, ...] = field(default_factory=tuple)


_CSS = """
@page{size:A4;margin:22mm 16mm 20mm 16mm;
 @top-center{content:%(header)s;font:9pt %(fonts)s;color:#444}
 @bottom-center{content:%(footer)s;font:9pt %(fonts)s;color:#444}}
html{font-family:%(fonts)s;font-size:11pt;line-height:1.45;color:#111}
body{margin:0 auto;max-width:178mm;padding:6mm 5mm}
h1{font-size:20pt;margin:0 0 2mm}
.meta{color:#333;margin:0 0 6mm}
h2{font-size:14pt;border-bottom:1.5pt solid #1f6f6a;margin:7mm 0 3mm;break-after:avoid}
h3{font-size:11.5pt;margin:0 0 1mm}
article{break-inside:avoid;border-inline-start:3pt solid #b9dcd9;padding-inline-start:3mm;
 margin:0 0 4mm}
dl{margin:0;display:grid;grid-template-columns:max-content 1fr;column-gap:3mm;row-gap:.5mm}
dt{color:#444}dd{margin:0}
/* The family's words keep their own direction inside, but line up with the page. */
.family{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
[dir=ltr] .family{text-align:left}[dir=rtl] .family{text-align:right}
.empty{color:#555;font-style:italic}
.screen-only{margin:0 0 6mm}
.screen-only button{font:inherit;font-size:14pt;padding:3mm 6mm;min-height:48px}
@media print{.screen-only,.meta{display:none}body{padding:0;max-width:none}}
@media screen and (max-width:600px){dl{display:block}dt{margin-top:1.5mm}}  /* a phone */
"""

_SAFE_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes, line breaks and `<` escaped, so no
    family text can end the string or the <style>."""
    out = []
    for char in text:
        if char in '"\\<>' or ord(char) < 0x20:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def counter_content(words: str) -> str:
    """"Page {page} of {pages}" as CSS content: strings with the page counters between."""
    pieces, at = [], 0
    for match in _SAFE_PLACEHOLDER.finditer(words):
        if match.start() > at:
            pieces.append(css_string(words[at:match.start()]))
        pieces.append(f"counter({match.group(1)})")
        at = match.end()
    if at < len(words):
        pieces.append(css_string(words[at:]))
    return " ".join(pieces) or '""'


def needed_fonts(text: str) -> list:
    """The bundled fonts that draw some character of `text`: the Latin one always (the
    page's own words and digits), Arabic or Ethiopic only when the text has them."""
    # fonts.py is the one list of the bundled fonts; it also makes Flet's theme, so it is
    # imported only when a page is made (`family-app profiles` starts without Flet).
    from family_app import fonts
    codes = {ord(c) for c in text if ord(c) > 0x7F}

    def used(font) -> bool:
        own = [r for r in font.ranges if r not in fonts.LATIN_CYRILLIC]  # its script alone
        return not own or any(low <= code <= high for code in codes for low, high in own)
    return [font for font in fonts.FONTS if used(font)]


def font_faces(text: str) -> tuple[str, str]:
    """@font-face rules with the fonts inside, and the font-family list that uses them. A
    bold file is the bold weight of its regular family (one name, two weights)."""
    faces, families = [], []
    for font in needed_fonts(text):
        family = font.family.removesuffix(" Bold")
        data = base64.b64encode(font.path.read_bytes()).decode("ascii")
        faces.append(f"@font-face{{font-family:{css_string(family)};"
                     f"font-weight:{700 if font.bold else 400};"
                     f"src:url(data:font/ttf;base64,{data}) format('truetype')}}")
        if family not in families:
            families.append(family)
    return "".join(faces), ",".join(css_string(f) for f in families) + ",sans-serif"


def _family(text: str, tag: str = "span") -> str:
    """The family's words: escaped, line breaks kept, in their own direction."""
    return f'<{tag} dir="auto" class="family">{html.escape(text)}</{tag}>'


def _entry(entry: Entry) -> str:
    facts = "".join(f"<dt>{html.escape(line.label)}</dt><dd>{_family(line.value, 'div')}</dd>"
                    for line in entry.lines)
    return (f"<article>{_family(entry.title, 'h3') if entry.title else ''}"
            + (f"<dl>{facts}</dl>" if facts else "") + "</article>")


def _part(part: Part) -> str:
    body = "".join(_entry(e) for e in part.entries) or (
        f'<p class="empty">{html.escape(part.empty)}</p>' if part.empty else "")
    return f'<section id="part-{html.escape(part.key)}"><h2>{html.escape(part.title)}</h2>{body}</section>'


def page(paper: Paper) -> str:
    """The whole page: one string, nothing to fetch."""
    e = html.escape
    body = (f'<div class="screen-only"><button type="button" onclick="window.print()">'
            f"{e(paper.print_label)}</button></div>"
            f"{_family(paper.title, 'h1')}<p class=\"meta\">{e(paper.header)}</p>"
            + "".join(_part(p) for p in paper.parts))
    faces, families = font_faces(paper.title + paper.header + body)
    css = _CSS % {"header": css_string(paper.header), "footer": counter_content(paper.footer),
                  "fonts": families}
    lang = e(paper.tr.lang)
    return (f'<!DOCTYPE html>\n<html lang="{lang}" dir="{paper.tr.direction}"><head>'
            f'<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f"<title>{e(paper.title)} · {e(paper.header)}</title>"
            f"<style>{faces}{css}</style></head><body>{body}</body></html>\n")
