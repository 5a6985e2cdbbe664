"""Sphinx extension: the whole book as one PDF, for offline reading, made by every HTML build.

When the HTML build (``jupyter-book build .``) has finished, the built site is served on
127.0.0.1 and opened in the system's Chromium (Playwright). In the intro page, the articles of all
the pages of the table of contents are gathered in reading order (their anchors and the links
between them made internal), MathJax typesets the whole, and Chromium prints it to
``<site>/neural-networks-from-scratch.pdf``, which the intro page links to. The PDF is thus made
from the very pages of the site, without a second Sphinx build.

In the PDF the solutions are neither folded (paper cannot unfold them) nor next to their
exercises (a reader should try first): they are moved to a "Solutions" section at the end of
each chapter, as in a printed textbook, each one titled with its exercise's number.

Chromium is found as ``_ext/chromium.py`` says (``BOOK_PDF_CHROMIUM``, ``chromium`` or
``google-chrome`` on PATH, the macOS and Windows default places, a Playwright-installed browser).
Without one (or without Playwright) the build still succeeds, prints one warning saying how to get
the PDF, and the intro's link to the PDF (``<p class="book-pdf-link">``) becomes a sentence saying
the same; ``BOOK_PDF=0 jupyter-book build .`` skips the PDF on purpose, with the same sentence.
That warning is a log message, not a Sphinx warning, so that ``-W`` builds (the tests) pass on a
machine without Chromium; the tests that need the PDF skip there, and fail under CI=true. A
failure while making the PDF is a Sphinx warning, so builds with ``-W`` fail on it.

The printing runs in a separate process (``python _ext/book_pdf.py SITE PAGES PDF``, PAGES the
documents in reading order, comma-separated), away from the running Sphinx application.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from chromium import HOW_TO_GET_IT, chromium_missing, find_chromium, launch, serve

PDF_NAME = "neural-networks-from-scratch.pdf"

TEMPLATES = Path(__file__).parent / "templates"
PRINT_CSS = TEMPLATES / "book_pdf_print.css"
"""Print layout, on top of the theme's print style."""
ASSEMBLE_JS = TEMPLATES / "book_pdf_assemble.js"
"""Gathers the book into its intro page; returns the chapter titles and the outline."""


HEADER = ('<div style="font-size:8pt; width:100%; text-align:center; color:#555;">'
          '<span class="title"></span></div>')
FOOTER = ('<div style="font-size:8pt; width:100%; text-align:center; color:#555;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def print_book(site, pages, pdf):
    """Serve ``site`` on 127.0.0.1, gather ``pages`` (docnames, reading order) and print to ``pdf``.

    Returns a dict: ``titles``, of the chapters (all pages but the first); ``outline``, a list
    of dicts with ``level`` (0 or 1), ``id`` (the anchor of the section) and ``title``; ``times``.
    """
    from playwright.sync_api import sync_playwright

    with serve(site) as origin, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        # The book is self-contained: nothing may come from another host.
        page.route(re.compile(f"^(?!{re.escape(origin)})"), lambda route: route.abort())
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{origin}{pages[0]}.html", wait_until="load")
        page.emulate_media(media="print")
        page.add_style_tag(content=PRINT_CSS.read_text(encoding="utf-8"))
        start = time.perf_counter()
        book = page.evaluate(ASSEMBLE_JS.read_text(encoding="utf-8"), [pages, pages[0]])
        assembled = time.perf_counter()
        if errors:
            raise RuntimeError("errors in the assembled book: " + "; ".join(errors))
        page.pdf(path=str(pdf), format="A4", print_background=True,
                 display_header_footer=True, header_template=HEADER, footer_template=FOOTER,
                 margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
        book["times"] = (f"gathering and typesetting {assembled - start:.1f} s, "
                         f"printing {time.perf_counter() - assembled:.1f} s")
        browser.close()
    return book


def add_bookmarks(pdf, outline):
    """Give ``pdf`` bookmarks from ``outline``, at the named destinations Chromium wrote."""
    import logging

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium's trailer size is off by a few
    reader = PdfReader(pdf)
    destinations = {name.lstrip("/"): dest for name, dest in reader.named_destinations.items()}
    writer = PdfWriter(clone_from=reader)
    chapter = None
    missing = []
    for entry in outline:
        dest = destinations.get(entry["id"])
        if dest is None:
            missing.append(entry["id"])
            continue
        fit = Fit.xyz(left=dest.get("/Left"), top=dest.get("/Top"))
        parent = chapter if entry["level"] == 1 else None
        item = writer.add_outline_item(entry["title"], reader.get_destination_page_number(dest),
                                       parent=parent, fit=fit)
        if entry["level"] == 0:
            chapter = item
    if missing:
        raise RuntimeError(f"no destination in the PDF for the sections {missing}")
    writer.page_mode = "/UseOutlines"
    writer.write(pdf)


def reading_order(app):
    """The documents of the book, root first, in the order of the table of contents."""
    order = []

    def walk(docname):
        if docname not in order:
            order.append(docname)
            for child in app.env.toctree_includes.get(docname, []):
                walk(child)

    walk(app.config.root_doc)
    return order


# The intro's paragraph that links the PDF, and what replaces it in a site built without the PDF
# (the paragraph is kept in a <template>, inert, and put back by a later build that makes the PDF).
PDF_LINK = re.compile(r'<p class="book-pdf-link">.*?</p>', re.DOTALL)
NO_PDF = re.compile(r'<p class="book-pdf-missing">.*?</p><template class="book-pdf-link">(.*?)'
                    r'</template>', re.DOTALL)
NO_PDF_SENTENCE = ('<p class="book-pdf-missing">The whole book is also one PDF, but this copy of '
                   'the site was built without it ({reason}). To make it, {how} and build the site '
                   'again (see the README, Troubleshooting).</p>')


def show_pdf_link(site, reason=None):
    """Make the site's PDF paragraphs link the PDF (``reason`` None) or say why there is none."""
    sentence = reason and NO_PDF_SENTENCE.format(reason=reason, how=HOW_TO_GET_IT)
    for page in Path(site).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "book-pdf-" not in html:
            continue
        linked = NO_PDF.sub(lambda m: m.group(1), html)
        if reason is None:
            new = linked
        else:
            new = PDF_LINK.sub(lambda m: f'{sentence}<template class="book-pdf-link">'
                                         f'{m.group(0)}</template>', linked)
        if new != html:
            page.write_text(new, encoding="utf-8")


def on_build_finished(app, exception):
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    if exception is not None or app.builder.name != "html":
        return
    pdf = Path(app.outdir) / PDF_NAME  # a PDF from an earlier build stays linked
    if os.environ.get("BOOK_PDF", "1") == "0":
        logger.info("book_pdf: BOOK_PDF=0, no PDF made")
        show_pdf_link(app.outdir, None if pdf.is_file() else "it was built with BOOK_PDF=0")
        return
    missing = chromium_missing()
    if missing:
        # Not a Sphinx warning: a machine without Chromium builds the site, -W or not.
        logger.info(f"WARNING: the book's PDF is not made: {missing}; then build again. The "
                    f"intro page says so instead of linking the PDF.", color="red")
        reason = ("the machine that built it has no Chromium" if find_chromium() is None
                  else "the machine that built it lacks the Python package playwright")
        show_pdf_link(app.outdir, None if pdf.is_file() else reason)
        return
    show_pdf_link(app.outdir)
    start = time.perf_counter()
    logger.info(f"book_pdf: printing the book to PDF with {find_chromium()}... ", nonl=True)
    result = subprocess.run(
        [sys.executable, __file__, str(app.outdir), ",".join(reading_order(app)), str(pdf)],
        capture_output=True, text=True)
    if result.returncode != 0:
        show_pdf_link(app.outdir, "printing it failed")
        logger.warning(f"book_pdf: the PDF was not made:\n{result.stderr[-3000:]}")
        return
    logger.info(f"done: {pdf.name}, {pdf.stat().st_size / 1e6:.1f} MB, "
                f"in {time.perf_counter() - start:.1f} s; {result.stdout.strip()}")


def setup(app):
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv):
    site, pages, pdf = argv
    partial = Path(pdf + ".part")
    book = print_book(Path(site), pages.split(","), partial)
    add_bookmarks(partial, book["outline"])
    partial.replace(pdf)
    print(f"{len(book['titles'])} chapters; {book['times']}")


if __name__ == "__main__":
    main(sys.argv[1:])
