"""The website builds with warnings as errors, has a page for every entry of the table of contents,
and is self-contained: scripts, styles, fonts and MathJax are served from the site itself. Its PDF
is linked only when the build made it; its CJK font covers the book; solution titles open them."""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from sphinx_external_toc.parsing import parse_toc_yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "_ext"), str(ROOT / "scripts")]
import book_pdf
import chromium
import make_cjk_font

SOLUTION_TITLE = re.compile(r'<div class="solution dropdown[^"]*"[^>]*>\s*'
                            r'<p class="admonition-title">(.*?)</p>', re.DOTALL)
EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(|@import\s+(?:url\()?)\s*["']?([^"')\s;]+)""", re.IGNORECASE)
LOADING_ATTRIBUTES = {
    "script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
}


class ResourceParser(HTMLParser):
    """Collect the addresses a page loads: scripts, stylesheets and other links, images, frames."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        value = dict(attrs).get(LOADING_ATTRIBUTES.get(tag))
        if value:
            self.urls.append(value)


def loaded_urls(page):
    """Return the addresses that the HTML file ``page`` loads."""
    parser = ResourceParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


def test_every_toc_page_is_built(built_site):
    assert (built_site / "index.html").is_file()
    missing = [name for name in parse_toc_yaml(ROOT / "_toc.yml")
               if not (built_site / f"{name}.html").is_file()]
    assert not missing, f"pages not built: {missing}"


def test_pages_load_nothing_from_another_host(built_site):
    external = [
        f"{page.relative_to(built_site)}: {url}"
        for page in built_site.rglob("*.html") if "_static" not in page.parts
        for url in loaded_urls(page) if EXTERNAL.match(url)
    ]
    assert not external, "\n".join(external)


def test_stylesheets_load_nothing_from_another_host(built_site):
    external = [
        f"{css.relative_to(built_site)}: {url}"
        for css in built_site.rglob("*.css")
        for url in CSS_URL.findall(css.read_text(encoding="utf-8")) if EXTERNAL.match(url)
    ]
    assert not external, "\n".join(external)


def test_mathjax_is_served_by_the_site(built_site):
    mathjax = built_site / "_static" / "mathjax"
    assert (mathjax / "tex-chtml.js").is_file()
    assert any((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    assert "../_static/mathjax/tex-chtml.js" in loaded_urls(built_site / "book" / "notation.html")


def test_intro_links_the_pdf_only_when_the_build_made_it(built_site):
    """With the PDF, the intro links it; without (no Chromium here), it says how to get it
    instead, and no link leads to a missing file."""
    intro = (built_site / "book" / "intro.html").read_text(encoding="utf-8")
    shown = re.sub(r"<template.*?</template>", "", intro, flags=re.DOTALL)
    if (built_site / book_pdf.PDF_NAME).is_file():
        assert f'href="../{book_pdf.PDF_NAME}"' in shown, "the intro page does not link the PDF"
        assert "book-pdf-missing" not in shown
    else:
        assert book_pdf.PDF_NAME not in shown, "the intro links a PDF that the build did not make"
        assert "book-pdf-missing" in shown and chromium.ENVIRONMENT_VARIABLE in shown, \
            "the intro page does not say how to get the PDF"


def test_pdf_link_turns_into_a_sentence_and_back(tmp_path):
    """A build without the PDF replaces the link by a sentence; a later build with it restores
    the link as it was."""
    page = tmp_path / "intro.html"
    original = '<p>Hello</p>\n<p class="book-pdf-link">The <a href="../book.pdf">PDF</a>.</p>\n'
    page.write_text(original, encoding="utf-8")
    book_pdf.show_pdf_link(tmp_path, "no Chromium")
    without = page.read_text(encoding="utf-8")
    assert 'class="book-pdf-missing"' in without and "no Chromium" in without
    shown = re.sub(r"<template.*?</template>", "", without, flags=re.DOTALL)
    assert 'href="../book.pdf"' not in shown
    book_pdf.show_pdf_link(tmp_path, "no Chromium")
    assert page.read_text(encoding="utf-8") == without, "a second build without changes it"
    book_pdf.show_pdf_link(tmp_path)
    assert page.read_text(encoding="utf-8") == original


def test_solution_titles_are_not_links(built_site):
    """A folded solution opens when its title is clicked: the title holds no link (a click on
    one would follow it instead), and names its exercise."""
    titles = [(page.name, title) for page in (built_site / "book").glob("*.html")
              for title in SOLUTION_TITLE.findall(page.read_text(encoding="utf-8"))]
    assert titles, "no folded solution found"
    linked = [f"{name}: {title[:80]}" for name, title in titles if "<a " in title]
    assert not linked, "solution titles with a link:\n" + "\n".join(linked)
    assert all("Exercise" in title for _, title in titles)


def test_cjk_font_covers_the_book():
    """The site's CJK font has every CJK character of the book (else: make_cjk_font.py), is
    small, and comes with its licence."""
    from fontTools.ttLib import TTFont

    font = TTFont(make_cjk_font.FONT)
    missing = sorted(set(make_cjk_font.book_characters()) - set(map(chr, font.getBestCmap())))
    assert not missing, (f"characters of the book missing from {make_cjk_font.FONT.name}: "
                         f"{''.join(missing)}; run python scripts/make_cjk_font.py")
    assert make_cjk_font.FONT.stat().st_size < 100_000
    assert "SIL Open Font License" in font["name"].getDebugName(13)
    assert "SIL OPEN FONT LICENSE Version 1.1" in (
        make_cjk_font.FONT.parent / "OFL.txt").read_text(encoding="utf-8")


def test_site_serves_its_cjk_font(built_site):
    """The style sheet declares the font for CJK characters and the site serves it."""
    css = (built_site / "_static" / "site_fixes.css").read_text(encoding="utf-8")
    assert f'url("fonts/{make_cjk_font.FONT.name}")' in css
    assert (built_site / "_static" / "fonts" / make_cjk_font.FONT.name).is_file()
    assert (built_site / "_static" / "fonts" / "OFL.txt").is_file()


FONT_SIZE_ARGUMENT = re.compile(r"\b(?:fontsize|labelsize)\s*=\s*(\d+(?:\.\d+)?)")


def test_figures_keep_the_styles_smallest_text():
    """No figure's text is smaller than the plotting style's smallest, from which the site
    computes how wide a figure must be drawn for its text to be 8 px tall on a phone
    (site_fixes.figure_scale): a smaller font size set in a notebook or in course_nn.plotting
    would be under 8 px there."""
    import nbformat
    import site_fixes

    smallest, _ = site_fixes.figure_text()
    sources = {f"course_nn/plotting/{path.name}": path.read_text()
               for path in sorted((ROOT / "course_nn" / "plotting").glob("*.py"))}
    for notebook in sorted((ROOT / "book").glob("*.ipynb")):
        cells = nbformat.read(notebook, as_version=4).cells
        sources[f"book/{notebook.name}"] = "\n".join(c.source for c in cells
                                                     if c.cell_type == "code")
    small = [f"{name}: {line.strip()}" for name, source in sources.items()
             for line in source.splitlines() for match in FONT_SIZE_ARGUMENT.finditer(line)
             if float(match.group(1)) < smallest]
    assert not small, (f"font sizes under the plotting style's smallest ({smallest:g} pt; use "
                       f"the style's, i.e. no fontsize):\n" + "\n".join(small))
