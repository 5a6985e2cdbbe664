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

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from chromium import ARGS, HOW_TO_GET_IT, chromium_missing, find_chromium

PDF_NAME = "neural-networks-from-scratch.pdf"

# Print layout, on top of the theme's print style (which hides the navigation and starts with a
# title and a list of contents): the intro starts on the next page and every chapter on a new one,
# its title shown (the theme hides an article's first h1, meant for one-page prints); what
# remains of the web page (buttons, animations' controls, the link to this PDF, the folded
# "Show code cell source" of cells whose code the chapter hides) is hidden; figures,
# displayed equations and code cells are kept in one piece, long tables may break between rows;
# code lines too long for the page wrap.
PRINT_CSS = """
@page { size: A4; }
html { font-size: 10.5pt; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .bd-footer,
.bd-footer-article, .bd-footer-content, .prev-next-area, .headerlink, .copybtn,
.toggle-button, .anim-controls, #pst-back-to-top, .skip-link, .book-pdf-link,
.cell_output figure > div:has(> button), details.hide.above-input {
  display: none !important;
}
.bd-main .bd-content .bd-article-container { max-width: 100% !important; padding: 0 !important; }
.bd-page-width { max-width: 100% !important; }
.bd-main .bd-content article.bd-article { break-before: page; }
.bd-main .bd-content section.book-chapter, .bd-main .bd-content section.book-solutions {
  break-before: page;
}
.bd-main .bd-content .bd-article section.book-chapter h1:first-of-type {
  display: block !important;
}
.bd-main .bd-content table { break-inside: auto !important; }
.bd-main .bd-content tr, figure, img, mjx-container[display="true"], div.math, .cell_output,
.cell_input, .admonition, div.highlight { break-inside: avoid; }
h1, h2, h3, h4, .admonition-title { break-after: avoid; }
/* Paper cannot scroll: long code lines and outputs wrap, wide tables show whole. */
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
.pst-scrollable-table-container { overflow: visible !important; }
a { text-decoration: none; }
/* The site's cue that a box scrolls (site_fixes.css) means nothing on paper. */
.scrolls-left, .scrolls-right { mask-image: none !important; }
#jb-print-toc li { margin: 0.15em 0; }
#jb-print-toc nav > ul > li { margin-top: 0.5em; font-weight: 600; }
#jb-print-toc nav > ul > li > ul { font-weight: normal; font-size: 0.9em; margin-left: 1.5em; }
#jb-print-toc ul ul { display: block !important; list-style-type: none; padding-left: 0; }
"""

# Runs in the intro page (the root document). Gathers the other pages' articles after its own,
# in reading order (an anchor that another page already uses gets its page's name as a prefix),
# points the links between pages at the gathered anchors, runs the scripts of the gathered content
# (e.g. an animation's, then shown at its last frame), moves each chapter's solutions to its
# end, lists the chapters on the title page, then waits for every image, the fonts and MathJax.
# Returns the chapter titles, in order.
ASSEMBLE_JS = r"""
async ([pages, root]) => {
  const slug = page => page.replace(/[^A-Za-z0-9]+/g, "-");
  const base = page => new URL(page + ".html", location.origin + "/");
  const article = document.querySelector("article.bd-article");
  const ids = new Set([...document.querySelectorAll("[id]")].map(el => el.id));
  const anchors = {[root]: {}};
  const parts = [[root, article]];
  const titles = [];
  let mathjax = null, mathjaxConfig = null;
  article.insertAdjacentHTML("afterbegin", `<span id="${slug(root)}"></span>`);
  for (const page of pages.filter(p => p !== root)) {
    const response = await fetch(base(page));
    if (!response.ok) throw new Error(`${page}.html: HTTP ${response.status}`);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const mathjaxScript = doc.querySelector('script[src*="mathjax"]');
    mathjax = mathjax ||
      (mathjaxScript && new URL(mathjaxScript.getAttribute("src"), base(page)).href);
    mathjaxConfig = mathjaxConfig ||
      [...doc.scripts].find(s => /window\.MathJax\s*=/.test(s.textContent));
    const chapter = document.createElement("section");
    chapter.className = "book-chapter";
    chapter.id = slug(page);
    for (const node of [...doc.querySelector("article.bd-article").childNodes]) {
      chapter.appendChild(document.importNode(node, true));
    }
    anchors[page] = {};
    for (const el of chapter.querySelectorAll("[id]")) {
      if (!ids.has(el.id)) { ids.add(el.id); continue; }
      let id = slug(page) + "--" + el.id;
      while (ids.has(id)) id += "-";
      anchors[page][el.id] = id;
      ids.add(id);
      el.id = id;
    }
    // A solution's title names its exercise as text on the site (site_fixes.py): a link here.
    for (const span of chapter.querySelectorAll("span.solution-of[data-href]")) {
      const a = document.createElement("a");
      a.setAttribute("href", span.dataset.href);
      a.append(...span.childNodes);
      span.replaceWith(a);
    }
    article.appendChild(chapter);
    parts.push([page, chapter]);
    const h1 = chapter.querySelector("h1");
    titles.push(h1 ? h1.textContent.replace(/#$/, "").trim() : page);
  }
  for (const [page, part] of parts) {
    const inside = el => page === root ? !el.closest("section.book-chapter") : true;
    for (const a of [...part.querySelectorAll("a[href]")].filter(inside)) {
      const url = new URL(a.getAttribute("href"), base(page));
      const target = url.origin === location.origin &&
        pages.find(p => url.pathname === "/" + p + ".html");
      if (!target) { a.setAttribute("href", url.href); continue; }
      const hash = decodeURIComponent(url.hash.slice(1));
      a.setAttribute("href", "#" + (hash ? (anchors[target][hash] || hash) : slug(target)));
    }
    for (const img of [...part.querySelectorAll("img[src]")].filter(inside)) {
      img.src = new URL(img.getAttribute("src"), base(page)).href;
    }
  }
  for (const [i, [page, chapter]] of parts.slice(1).entries()) {
    // Scripts inserted this way do not run: run them, in order, as the page would.
    for (const old of [...chapter.querySelectorAll("script")]) {
      if (old.src || (old.type && !/javascript|module/.test(old.type))) continue;
      const script = document.createElement("script");
      for (const attribute of old.attributes) script.setAttribute(attribute.name, attribute.value);
      script.textContent = old.textContent;
      old.replaceWith(script);
    }
    const solutions = [...chapter.querySelectorAll("div.solution")];
    if (!solutions.length) continue;
    const section = document.createElement("section");
    section.className = "book-solutions";
    section.innerHTML = "<h2></h2>";
    section.firstChild.textContent = "Solutions to the exercises of \u201c" + titles[i] + "\u201d";
    for (const solution of solutions) {
      solution.classList.remove("toggle-hidden", "dropdown");
      for (const hidden of solution.querySelectorAll(".toggle-hidden")) {
        hidden.classList.remove("toggle-hidden");
      }
      section.appendChild(solution);
    }
    chapter.appendChild(section);
  }
  // The intro's own list of contents is now the book itself: drop it, and list the chapters
  // on the title page (the theme's print header) instead.
  for (const toc of article.querySelectorAll(".toctree-wrapper")) {
    const section = toc.parentElement.closest("section");
    toc.remove();
    if (section && section !== article.querySelector("section") && section.children.length <= 1) {
      section.remove();
    }
  }
  const bookTitle = document.querySelector("#jb-print-docs-body h1");
  if (bookTitle) document.title = bookTitle.textContent.trim();  // the pages' running head
  // The outline: the intro and every chapter (h1), with their sections (h2). It is listed on the
  // title page (so every entry is a link target, hence a named destination in the PDF) and
  // returned for the PDF's bookmarks (Chromium's own repeat the text of headings with math).
  const outline = [];
  const text = h => {
    const copy = h.cloneNode(true);
    for (const link of copy.querySelectorAll(".headerlink")) link.remove();
    // Math is not typeset yet: its TeX, without the delimiters.
    return copy.textContent.replace(/\\[()]/g, "").replace(/\s+/g, " ").trim();
  };
  for (const [page, part] of parts) {
    for (const h of part.querySelectorAll("h1, h2")) {
      if (page === root && h.closest("section.book-chapter")) continue;
      const section = h.closest("section");
      if (!section.id) section.id = slug(page) + "--" + outline.length;
      outline.push({level: h.tagName === "H1" ? 0 : 1, id: section.id,
                    title: page === root && h.tagName === "H1" ? "Introduction" : text(h)});
    }
  }
  const nav = document.querySelector("#jb-print-toc nav ul");
  if (nav) {
    nav.innerHTML = "";
    let chapter = null;
    for (const entry of outline) {
      const li = document.createElement("li");
      li.innerHTML = `<a href="#${entry.id}"></a>`;
      li.firstChild.textContent = entry.title;
      if (entry.level === 0 || !chapter) {
        nav.appendChild(li);
        chapter = li.appendChild(document.createElement("ul"));
      } else {
        chapter.appendChild(li);
      }
    }
  }
  await new Promise(resolve => setTimeout(resolve, 100));  // animations set their first frame
  // On paper an animation shows its last frame, the whole story (the paths drawn to the end).
  for (const last of article.querySelectorAll('button[aria-label="Last step"], ' +
                                              'button[aria-label="Last frame"]')) last.click();
  for (const img of document.images) img.loading = "eager";
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  if (!window.MathJax || !window.MathJax.startup) {
    // The intro has no mathematics, so no MathJax: load the chapters' (it typesets on load).
    if (mathjaxConfig) (0, eval)(mathjaxConfig.textContent);
    if (mathjax) {
      await new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = mathjax;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
  } else {
    await MathJax.startup.promise;
    await MathJax.typesetPromise();
  }
  if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
  document.body.getBoundingClientRect();  // lays the book out: its fonts (the CJK one) load
  await document.fonts.ready;
  const errors = [...document.querySelectorAll("mjx-merror")].map(e => e.textContent);
  if (errors.length) throw new Error("MathJax errors: " + errors.join("; "));
  return {titles, outline};
}
"""

HEADER = ('<div style="font-size:8pt; width:100%; text-align:center; color:#555;">'
          '<span class="title"></span></div>')
FOOTER = ('<div style="font-size:8pt; width:100%; text-align:center; color:#555;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def print_book(site, pages, pdf):
    """Serve ``site`` on 127.0.0.1, gather ``pages`` (docnames, reading order) and print to ``pdf``.

    Returns a dict: ``titles``, of the chapters (all pages but the first); ``outline``, a list
    of dicts with ``level`` (0 or 1), ``id`` (the anchor of the section) and ``title``; ``times``.
    """
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=ARGS)
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            # The book is self-contained: nothing may come from another host.
            page.route(re.compile(f"^(?!{re.escape(origin)})"), lambda route: route.abort())
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{origin}{pages[0]}.html", wait_until="load")
            page.emulate_media(media="print")
            page.add_style_tag(content=PRINT_CSS)
            start = time.perf_counter()
            book = page.evaluate(ASSEMBLE_JS, [pages, pages[0]])
            assembled = time.perf_counter()
            if errors:
                raise RuntimeError("errors in the assembled book: " + "; ".join(errors))
            page.pdf(path=str(pdf), format="A4", print_background=True,
                     display_header_footer=True, header_template=HEADER, footer_template=FOOTER,
                     margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
            book["times"] = (f"gathering and typesetting {assembled - start:.1f} s, "
                             f"printing {time.perf_counter() - assembled:.1f} s")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
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
