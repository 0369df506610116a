"""Derives the committed Réalis Sans fonts from Liberation Sans 2 (run once, not at build time).

    pip install fonttools
    python3 subset.py /usr/share/fonts/truetype/liberation   # Debian fonts-liberation2 2.1.5

Keeps the Latin-script repertoire (see `UNICODE_RANGES`) that all four faces cover, drops hinting
and OpenType layout (genpdf places glyphs itself, with the legacy `kern` table), and renames the
family: the SIL OFL 1.1 forbids a modified font to keep the Reserved Font Name «Liberation».
Prints the code point ranges kept, for `realis_domain::printable`.
"""

import sys
import unicodedata

from fontTools import subset
from fontTools.ttLib import TTFont

# Latin script and what French and Latin-script names, titles and addresses need.
UNICODE_RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0180, 0x024F),  # Latin Extended-B
    (0x0250, 0x02AF),  # IPA Extensions (ɓ ɗ ɛ ɔ of West African orthographies)
    (0x02B0, 0x02FF),  # Spacing Modifier Letters (ʻ ʼ)
    (0x0300, 0x036F),  # Combining Diacritical Marks (what NFC cannot compose)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2010, 0x205E),  # General Punctuation
    (0x20A0, 0x20BF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols (№ ™)
    (0x2150, 0x218F),  # Number Forms
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators (≤ ≥ −)
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0xA720, 0xA7FF),  # Latin Extended-D
    (0xFB00, 0xFB06),  # Latin ligatures (ﬁ ﬂ pasted from PDFs)
]
FACES = ["Regular", "Bold", "Italic", "BoldItalic"]
STYLE = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}


def main(src: str) -> None:
    fonts = {f: TTFont(f"{src}/LiberationSans-{f}.ttf") for f in FACES}
    # Not controls, invisible format characters (bidi, soft hyphen) nor spaces other than U+0020:
    # names never keep them (`realis_domain::Label`), and the PDF prints every space as U+0020.
    wanted = {
        c
        for lo, hi in UNICODE_RANGES
        for c in range(lo, hi + 1)
        if unicodedata.category(chr(c)) not in ("Cc", "Cf", "Zl", "Zp", "Zs") or c == 0x20
    }
    for font in fonts.values():
        wanted &= set(font.getBestCmap())
    for face, font in fonts.items():
        options = subset.Options()
        options.hinting = False
        options.layout_features = []
        options.legacy_kern = True
        options.notdef_outline = True
        options.name_IDs = ["*"]
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(wanted))
        subsetter.subset(font)
        rename(font, STYLE[face])
        font.save(f"RealisSans-{face}.ttf")
    ranges, start = [], None
    for c in sorted(wanted):
        if start is None:
            start = prev = c
        elif c != prev + 1:
            ranges.append((start, prev))
            start = c
        prev = c
    ranges.append((start, prev))
    for lo, hi in ranges:
        print(f"    ('\\u{{{lo:04X}}}', '\\u{{{hi:04X}}}'),")


def rename(font: TTFont, style: str) -> None:
    family, ps = "Realis Sans", "RealisSans-" + style.replace(" ", "")
    names = {1: family, 3: f"{ps};subset of Liberation Sans 2.1.5", 4: f"{family} {style}", 6: ps,
             16: family, 17: style}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            record.string = names[record.nameID]
    # Trademark notice of the original name: not ours to carry.
    table.names = [r for r in table.names if r.nameID != 7]


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation")
