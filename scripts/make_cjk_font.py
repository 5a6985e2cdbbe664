"""Cut the site's Chinese font: the characters the book uses, from Noto Sans CJK SC, as woff2.

The glossary and a few notes give the Chinese terms of Daya Jin's notes. So that they render on
any reader's machine, and in the PDF made on a machine without a CJK font, the site serves its
own font (``_ext/static/site_fixes.css`` declares it): a subset of Noto Sans CJK SC (SIL Open
Font License 1.1, ``_ext/static/fonts/OFL.txt``) with just the CJK characters of ``book/*.md``
and ``book/*.ipynb``. After adding Chinese text to the book, run it again (the tests check that
the subset covers the book)::

    python scripts/make_cjk_font.py [--font NotoSansCJK-Regular.ttc]

The source font is Debian's ``fonts-noto-cjk`` (``apt-get install fonts-noto-cjk``, or
``apt-get download fonts-noto-cjk`` and ``dpkg-deb -x`` it), or any ``NotoSansCJK*`` .ttc/.otf.
Needs fontTools (installed with matplotlib) and brotli (requirements.txt).
"""

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "_ext" / "static" / "fonts" / "noto-sans-cjk-sc-book.woff2"
DEBIAN_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FAMILY = "Noto Sans CJK SC"
# CJK punctuation, kana and the unified ideographs (extension A to the basic block), and the
# full-width forms: the characters the site's font is declared for (its unicode-range).
CJK_RANGES = ((0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def is_cjk(character):
    return any(low <= ord(character) <= high for low, high in CJK_RANGES)


def book_characters(book=ROOT / "book"):
    """The CJK characters of the book's pages (``*.md``) and notebooks (``*.ipynb``), sorted."""
    texts = [page.read_text(encoding="utf-8") for page in book.glob("*.md")]
    texts += [json.dumps(json.loads(notebook.read_text(encoding="utf-8")), ensure_ascii=False)
              for notebook in book.glob("*.ipynb")]
    return "".join(sorted({ch for text in texts for ch in text if is_cjk(ch)}))


def source_font(path):
    """Open the Simplified Chinese face of ``path`` (a collection holds all the CJK regions')."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() != ".ttc":
        return TTFont(path)
    for font in TTCollection(path).fonts:
        if font["name"].getDebugName(1) == FAMILY:
            return font
    raise SystemExit(f"{path} has no face named {FAMILY!r}")


def make_subset(path, characters, out=FONT):
    """Write the subset of the font at ``path`` holding ``characters`` to ``out`` (woff2)."""
    from fontTools import subset

    font = source_font(path)
    options = subset.Options()
    options.flavor = "woff2"
    options.name_IDs = ["*"]  # keep the copyright and licence notices
    options.hinting = False
    options.desubroutinize = True  # compresses better
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(out)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--font", type=Path, default=DEBIAN_FONT,
                        help=f"the Noto Sans CJK font to cut from (default: {DEBIAN_FONT})")
    args = parser.parse_args()
    if not args.font.is_file():
        parser.error(f"{args.font} not found; Debian: apt-get install fonts-noto-cjk")
    characters = book_characters()
    out = make_subset(args.font, characters)
    print(f"{out.relative_to(ROOT)}: {len(characters)} characters, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
