"""The website as readers use it, in a real headless Chromium (Playwright, the system's Chromium).

The site is built once (the ``built_site`` fixture), served on 127.0.0.1, and every request to
another host is aborted and recorded. Each page of ``_toc.yml`` is loaded once and looked at, at
desktop width (1280 x 900) and at phone width (390 x 844); the tests below read what the visit
saw, one test per page and concern, so that a failure names both. ``pytest --screenshots=DIR``
also writes full-page screenshots of every page at both widths. Without Chromium these tests
skip, with the reason; under CI=true they fail instead.
"""

import re
from pathlib import Path

import nbformat
import pytest
import site_fixes
from sphinx_external_toc.parsing import parse_toc_yaml

from conftest import ROOT, require_chromium

PDF_NAME = "neural-networks-from-scratch.pdf"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ANIMATION_PAGE = "book/05_optimization"
SEARCHES = {"backpropagation": "book/02_backprop", "Xavier": "book/04_initialization"}
SOLUTION_MARKERS = ("{solution}", "{solution-start}", "{solution-end}")
# Parts of a page that the theme or its extensions make, not our content (for axe-core).
THEME_PARTS = (".bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, "
               ".bd-footer, .bd-footer-article, .prev-next-area, .headerlink, .copybtn, "
               ".toggle-button, #pst-back-to-top, .skip-link, .search-button-field, "
               ".theme-switch-button, .pst-navbar-icon")
# Raw TeX that MathJax would have replaced (searched outside code and MathJax's own output).
RAW_TEX = re.compile(r"\$\$|\\(?:frac|sqrt|begin|end|left|right|partial|sum|mathbf|hat|top)\b"
                     r"|\\[()\[\]]|\$[^$\s]{1,40}\$")
GENERIC_ALT = re.compile(r"^(image|figure|plot|graph|chart|picture|png|svg|output|untitled)\s*\d*$",
                         re.IGNORECASE)
IMG_SRC = re.compile(r'<img[^>]*\ssrc="([^"]+)"')


def toc_pages():
    """The documents of ``_toc.yml``, in reading order."""
    site_map = parse_toc_yaml(ROOT / "_toc.yml")
    order = []

    def walk(docname):
        order.append(docname)
        for subtree in site_map[docname].subtrees:
            for item in subtree.items:
                if isinstance(item, str):
                    walk(item)

    walk(site_map.root.docname)
    return order


PAGES = toc_pages()
NOTEBOOK_PAGES = [page for page in PAGES if (ROOT / f"{page}.ipynb").is_file()]
CHINESE_PAGES = [page for page in PAGES for source in (ROOT / f"{page}.md", ROOT / f"{page}.ipynb")
                 if source.is_file() and re.search("[\u3400-\u9fff]", source.read_text("utf-8"))]


# Collects, after MathJax and every image have finished, what the checks need from a page.
INSPECT_JS = """
async ([themeParts, rawTex]) => {
  const main = document.querySelector("main") || document.body;
  const article = document.querySelector("article.bd-article") || main;
  for (const img of document.images) img.loading = "eager";
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  const maths = [...article.querySelectorAll(".math")];
  if (maths.length) {
    await new Promise(resolve => {
      const wait = () => (window.MathJax && MathJax.startup && MathJax.startup.promise)
        ? MathJax.startup.promise.then(resolve) : setTimeout(wait, 50);
      wait();
    });
  }
  const text = article.cloneNode(true);
  for (const el of text.querySelectorAll("pre, code, .highlight, mjx-container, script, style, " +
                                          "mjx-assistive-mml")) el.remove();
  const raw = [...text.innerText.matchAll(new RegExp(rawTex, "g"))].map(m => {
    const at = m.index, s = text.innerText;
    return s.slice(Math.max(0, at - 40), at + 40).replace(/\\s+/g, " ");
  });
  const tex = el => {  // the TeX source of a typeset formula
    try {
      for (const item of MathJax.startup.document.math) {
        if (item.typesetRoot === el) return item.math;
      }
    } catch (error) { /* no MathJax */ }
    return el.textContent;
  };
  const link = selector => {
    const a = document.querySelector(selector);
    return a ? {href: a.href, visible: !!(a.offsetWidth || a.offsetHeight)} : null;
  };
  return {
    untypeset: maths.filter(m => !m.querySelector("mjx-container"))
      .map(m => m.textContent.slice(0, 80)),
    mathErrors: [...article.querySelectorAll("mjx-merror")].map(e => e.textContent.slice(0, 80)),
    rawTex: raw,
    wideMath: [...article.querySelectorAll("div.math mjx-container")]
      .filter(m => m.scrollWidth > m.clientWidth + 2)
      .map(m => `${m.scrollWidth} px in ${m.clientWidth} px: ${tex(m).trim().slice(0, 100)}`),
    images: [...document.images].map(img => ({
      src: img.getAttribute("src"), alt: img.getAttribute("alt"), width: img.naturalWidth,
      ours: !img.closest(themeParts)})),
    exercises: [...article.querySelectorAll("div.exercise")].map(e => ({
      id: e.id, title: (e.querySelector(".admonition-title") || e).textContent.trim()})),
    solutions: [...article.querySelectorAll("div.solution")].map(s => ({
      id: s.id, title: (s.querySelector(".admonition-title") || s).textContent.trim()})),
    prev: link(".prev-next-area a.left-prev"),
    next: link(".prev-next-area a.right-next"),
    student: [...article.querySelectorAll('a[href*="student/"]')].map(a => a.href),
  };
}
"""

# What sticks out of the phone-wide viewport: the page's width, and the outermost visible elements
# of the article that reach past its edge and are not inside a box that scrolls on its own (code
# cells, wide tables and long equations scroll inside their box, which is fine; cut off by a box
# that clips them, they could not be read at all).
OVERFLOW_JS = """
async () => {
  // Narrowed from desktop width, the theme slides its sidebars away: let the transitions end.
  await Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .map(a => a.finished.catch(() => null)));
  const width = document.documentElement.clientWidth;
  const article = document.querySelector("article.bd-article") || document.body;
  // A box that scrolls inside the article; a box that clips (overflow: hidden) hides the rest.
  const scrolls = el => {
    for (let p = el.parentElement; p && p !== article; p = p.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const out = [], reported = new Set();
  for (const el of article.querySelectorAll("*")) {
    if (el.closest("mjx-assistive-mml") || !el.checkVisibility({visibilityProperty: true})) {
      continue;
    }
    const box = el.getBoundingClientRect();
    if (!box.width || (box.right <= width + 1 && box.left >= -1) || scrolls(el)) continue;
    if (el.parentElement && reported.has(el.parentElement)) { reported.add(el); continue; }
    reported.add(el);
    out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ` +
             `${Math.round(box.left)}..${Math.round(box.right)} px: ` +
             `"${el.textContent.trim().slice(0, 50)}"`);
  }
  return {page: document.documentElement.scrollWidth, viewport: width,
          elements: out.slice(0, 10)};
}
"""


# At phone width, after the site's script has reacted to it: the displayed equations wider than
# their box that do not scroll from their start with the cue (site_fixes.js: a fade at the edge),
# and every figure of the cell outputs: its size in pixels, drawn size, and whether it is wider
# than a box that scrolls with the cue.
PHONE_JS = """
async () => {
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const article = document.querySelector("article.bd-article") || document.body;
  const cued = box => ["auto", "scroll"].includes(getComputedStyle(box).overflowX)
    && box.scrollLeft === 0 && box.classList.contains("scrolls-right")
    && getComputedStyle(box).maskImage.includes("gradient");
  const tex = el => {
    try {
      for (const item of MathJax.startup.document.math) {
        if (item.typesetRoot === el) return item.math.trim().slice(0, 80);
      }
    } catch (error) { /* no MathJax */ }
    return el.textContent.slice(0, 80);
  };
  const wide = [...article.querySelectorAll("div.math > mjx-container")]
    .filter(m => m.scrollWidth > m.clientWidth + 1);
  return {
    wideEquations: wide.length,
    uncuedEquations: wide.filter(m => !cued(m))
      .map(m => `${m.scrollWidth} px in ${m.clientWidth} px: ${tex(m)}`),
    figures: [...article.querySelectorAll(".cell_output img")].map(img => {
      const box = img.closest(".legible-figure");
      const wider = box ? box.scrollWidth > box.clientWidth + 1 : false;
      return {alt: (img.getAttribute("alt") || img.getAttribute("src")).slice(0, 60),
              natural: img.naturalWidth, drawn: img.getBoundingClientRect().width,
              inBox: !!box, wider, cued: !wider || cued(box)};
    }),
  };
}
"""

# The Chinese characters of the page, and whether the site's own CJK font is loaded (the browser
# of the tests sees no CJK font of the machine's: conftest.no_cjk_fonts).
CJK_JS = """
async () => {
  await document.fonts.ready;
  const text = document.querySelector("article.bd-article").innerText;
  const chinese = [...new Set(text.match(/[\u3400-\u9fff]/g) || [])].join("");
  const faces = [...document.fonts].filter(face => face.family.includes("CJK"));
  return {chinese, faces: faces.map(face => `${face.family}: ${face.status}`),
          loaded: faces.some(face => face.status === "loaded")
            && document.fonts.check(`16px ${faces[0].family}`, chinese)};
}
"""


def slug(page):
    return page.replace("/", "-")


class Visit:
    """What one page showed at desktop width (`record`) and at phone width (`phone`)."""

    def __init__(self, page):
        self.page = page
        self.status = None
        self.console_errors = []
        self.failed_requests = []
        self.external_requests = []
        self.record = {}
        self.axe = []
        self.solutions_closed = []
        self.solutions_opened = []
        self.phone = {}
        self.phone_parts = {}
        self.cjk = {}
        self.error = None  # what went wrong while visiting, if anything
        self.tab = self.recording = None


def elsewhere(origin):
    """A pattern of the URLs not on ``origin``, matched by Playwright itself (a Python function
    would be called for every request of the site, which costs seconds per page)."""
    return re.compile(f"^(?!{re.escape(origin)})")


def watch(tab, visit, origin):
    """Record console errors, failed requests and requests to other hosts (which are aborted).

    Returns the tab's recording switch: a dict whose ``"on"`` may be set to False for a while.
    """
    switch = {"on": True}

    def abort(route):
        visit.external_requests.append(route.request.url)
        route.abort()

    def note(where, text):
        if switch["on"]:
            where.append(text)

    tab.route(elsewhere(origin), abort)
    tab.on("console", lambda m: m.type == "error" and note(visit.console_errors, m.text))
    tab.on("pageerror", lambda e: note(visit.console_errors, f"uncaught: {e}"))
    tab.on("requestfailed", lambda r: r.url.startswith(origin)
           and note(visit.failed_requests, f"{r.url}: {r.failure}"))
    tab.on("response", lambda r: r.status >= 400
           and note(visit.failed_requests, f"{r.url}: HTTP {r.status}"))
    return switch


def classify_axe(tab, violations):
    """Flatten axe-core's violations, each node marked ``ours`` when it is in the article and
    not a part that the theme makes (permalinks, buttons...)."""
    found = []
    for violation in violations:
        for node in violation["nodes"]:
            target = node["target"][0] if node["target"] else "html"
            ours = tab.evaluate(
                """([selector, themeParts]) => {
                    const el = typeof selector === "string"
                      ? document.querySelector(selector) : null;
                    return !!(el && el.closest("article.bd-article") && !el.closest(themeParts));
                }""", [target, THEME_PARTS])
            found.append({"rule": violation["id"], "impact": violation["impact"],
                          "help": violation["help"], "target": str(target),
                          "html": node["html"][:160], "ours": ours})
    return found


# axe-core, run in the page: the whole page in the theme's light mode, then the contrast of every
# text in its dark mode (the reader's system setting chooses). Started without waiting for it.
AXE_JS = """
() => {
  window.axeDone = (async () => {
    const light = await axe.run(document, {resultTypes: ["violations"]});
    document.documentElement.dataset.theme = "dark";
    const dark = await axe.run(document,
                               {resultTypes: ["violations"], runOnly: ["color-contrast"]});
    document.documentElement.dataset.theme = "light";
    for (const violation of dark.violations) violation.id += " in dark mode";
    return [...light.violations, ...dark.violations];
  })();
}
"""


# Solution i of the page: with "locate", scroll its title into view and say where the middle of
# the title's text is (where a reader clicks; it names the exercise, once a link that took the
# click) and whether the solution's content is shown; with "shown", only the latter.
SOLUTION_JS = """
([i, what]) => {
  const solution = document.querySelectorAll("article div.solution")[i];
  const shown = [...solution.children].some(child => !child.matches(".admonition-title")
    && child.getBoundingClientRect().height > 0
    && child.checkVisibility({visibilityProperty: true}));
  if (what === "shown") return shown;
  const title = solution.querySelector(":scope > .admonition-title");
  if (!title || !title.querySelector("button.toggle-button")) return {shown, x: -1, y: -1};
  title.scrollIntoView({block: "center"});
  const range = document.createRange();
  range.selectNodeContents(title.querySelector(".solution-of") || title.firstChild);
  const box = range.getClientRects()[0];
  return {shown, x: box.x + box.width / 2, y: box.y + box.height / 2,
          link: !!title.querySelector("a[href]")};
}
"""


def shoot(tab, screenshot_dir, width, page):
    if screenshot_dir:
        index = PAGES.index(page) if page in PAGES else 99
        tab.screenshot(path=screenshot_dir / width / f"{index:02d}-{slug(page)}.png",
                       full_page=True, animations="disabled")


def begin_visit(v, context, site_url, screenshot_dir, axe_script):
    """Load the page, look at it at desktop and at phone width, and start axe-core in it.

    The page is loaded once: narrowed to a phone's width, its layout follows (MathJax need not
    typeset it twice).
    """
    v.tab = tab = context.new_page()
    v.recording = watch(tab, v, site_url)
    response = tab.goto(f"{site_url}{v.page}.html", wait_until="load")
    v.status = response.status if response else None
    v.record = tab.evaluate(INSPECT_JS, [THEME_PARTS, RAW_TEX.pattern])
    shoot(tab, screenshot_dir, "desktop", v.page)
    tab.set_viewport_size(PHONE)
    v.phone = tab.evaluate(OVERFLOW_JS)
    v.phone_parts = tab.evaluate(PHONE_JS)
    v.cjk = tab.evaluate(CJK_JS)
    shoot(tab, screenshot_dir, "phone", v.page)
    tab.set_viewport_size(DESKTOP)
    # axe-core fetches the style sheets again and resolves their @import against the page, not
    # the sheet (a 404 for /basic.css): what it requests is not the site's doing. MathJax's visual
    # output (aria-hidden; two thirds of a chapter's elements) is set aside: axe-core checks the
    # MathML that MathJax gives assistive technologies, and runs twice as fast.
    v.recording["on"] = False
    tab.evaluate("() => { for (const m of document.querySelectorAll("
                 "'mjx-container > mjx-math[aria-hidden]')) m.remove(); }")
    tab.evaluate(axe_script)
    tab.evaluate(AXE_JS)


def end_visit(v):
    """Collect axe-core's findings, then open every solution with a click on its button."""
    tab = v.tab
    v.axe = classify_axe(tab, tab.evaluate("() => window.axeDone"))
    v.recording["on"] = True
    for i in range(len(v.record["solutions"])):
        # A real mouse click, at the middle of the solution's title text, scrolled into view.
        where = tab.evaluate(SOLUTION_JS, [i, "locate"])
        v.solutions_closed.append(not where["shown"])
        if where.get("link"):
            v.solutions_opened.append(False)  # the click would follow the link
            continue
        tab.mouse.click(where["x"], where["y"])
        try:
            tab.wait_for_function(SOLUTION_JS, arg=[i, "shown"], timeout=2000)
            v.solutions_opened.append(True)
        except Exception:
            v.solutions_opened.append(False)


@pytest.fixture(scope="module")
def visits(browser, site_url, screenshot_dir):
    """Visit every page of _toc.yml; return a function of a page that gives what it showed.

    Two pages are in flight at a time, so that axe-core runs in one while the other loads and
    MathJax typesets it (the browser's work is most of the time, and there are two cores).
    """
    from axe_playwright_python.sync_playwright import Axe

    axe_script = Axe().axe_script
    context = browser.new_context(viewport=DESKTOP)
    seen = {page: Visit(page) for page in PAGES}

    def step(v, action, *args):
        if v.error is None:
            try:
                action(v, *args)
            except Exception as error:  # reported by the tests of this page
                v.error = f"{type(error).__name__}: {error}"

    def finish(v):
        step(v, end_visit)
        if v.tab:
            v.tab.close()

    in_flight = []
    for v in seen.values():
        step(v, begin_visit, context, site_url, screenshot_dir, axe_script)
        in_flight.append(v)
        if len(in_flight) == 2:
            finish(in_flight.pop(0))
    for v in in_flight:
        finish(v)

    def visit(page):
        v = seen[page]
        assert v.error is None, f"visiting {page} failed: {v.error}"
        return v

    yield visit
    context.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_cleanly(visits, page):
    """HTTP 200, no console error, no failed request, no request to another host."""
    v = visits(page)
    problems = [f"HTTP {v.status}"] if v.status != 200 else []
    problems += [f"console error: {e}" for e in v.console_errors]
    problems += [f"failed request: {r}" for r in v.failed_requests]
    problems += [f"request to another host (aborted): {r}" for r in v.external_requests]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_math_is_typeset(visits, page):
    """MathJax typeset every formula, without errors, and displayed ones fit at desktop width."""
    r = visits(page).record
    assert not r["untypeset"], f"math left to MathJax but not typeset: {r['untypeset']}"
    assert not r["mathErrors"], f"MathJax errors: {r['mathErrors']}"
    assert not r["rawTex"], "raw TeX in the text:\n" + "\n".join(r["rawTex"])
    assert not r["wideMath"], ("displayed equations wider than the text at desktop width (their "
                               "end is hidden; split them):\n" + "\n".join(r["wideMath"]))


def meaningful_alt(alt):
    """Alt text that describes: words, not a file name, not a generic label."""
    alt = (alt or "").strip()
    return (len(alt) >= 10 and len(alt.split()) >= 2 and not GENERIC_ALT.match(alt)
            and not re.search(r"\.(png|jpe?g|svg|gif)\b|_images/|^data:", alt, re.IGNORECASE))


@pytest.mark.parametrize("page", PAGES)
def test_images_load_and_have_alt_text(visits, page):
    """Every image has pixels (natural width > 0) and an alt text that describes it."""
    images = visits(page).record["images"]
    broken = [img["src"][:100] for img in images if not img["width"]]
    assert not broken, f"images that did not load: {broken}"
    bad = [f"{img['src'][:60]}: alt={img['alt']!r}" for img in images
           if img["ours"] and not meaningful_alt(img["alt"])]
    assert not bad, "images without a meaningful alt text:\n" + "\n".join(bad)


@pytest.mark.parametrize("page", PAGES)
def test_exercises_are_numbered_and_solutions_fold(visits, page):
    """Every exercise has a number; every solution is folded on load and opens on a click on
    its title."""
    v = visits(page)
    titles = [e["title"] for e in v.record["exercises"]]
    unnumbered = [t for t in titles if not re.match(r"Exercise \d+(\.\d+)*\b", t)]
    assert not unnumbered, f"exercises without a number: {unnumbered}"
    numbers = [re.match(r"Exercise ([\d.]+)", t).group(1) for t in titles]
    assert len(set(numbers)) == len(numbers), f"exercise numbers repeat: {numbers}"
    for solution in v.record["solutions"]:
        assert re.search(r"Solution to\s*Exercise \d", solution["title"]), \
            f"solution {solution['id']} does not name its exercise: {solution['title']!r}"
    ids = [s["id"] for s in v.record["solutions"]]
    open_on_load = [i for i, closed in zip(ids, v.solutions_closed) if not closed]
    assert not open_on_load, f"solutions open on load: {open_on_load}"
    stuck = [i for i, opened in zip(ids, v.solutions_opened) if not opened]
    assert not stuck, f"solutions that a click on their title did not open: {stuck}"


@pytest.mark.parametrize("page", PAGES)
def test_previous_and_next_follow_the_toc(visits, site_url, page):
    """The previous/next links lead to the neighbours of the page in _toc.yml (a walk through
    all of them follows the table of contents), and can be seen."""
    r = visits(page).record
    i = PAGES.index(page)
    expected_prev = f"{site_url}{PAGES[i - 1]}.html" if i > 0 else None
    expected_next = f"{site_url}{PAGES[i + 1]}.html" if i + 1 < len(PAGES) else None
    assert (r["prev"] or {}).get("href") == expected_prev
    assert (r["next"] or {}).get("href") == expected_next
    assert all(link["visible"] for link in (r["prev"], r["next"]) if link)


@pytest.mark.parametrize("page", PAGES)
def test_no_horizontal_overflow_on_a_phone(visits, page):
    """At 390 x 844 no text sticks out, is cut off, or makes the page scroll sideways."""
    p = visits(page).phone
    assert not p["elements"], "wider than a phone (390 px):\n" + "\n".join(p["elements"])
    assert p["page"] <= p["viewport"], \
        f"the page scrolls sideways: {p['page']} px wide in {p['viewport']} px"


@pytest.mark.parametrize("page", PAGES)
def test_wide_equations_scroll_with_a_cue_on_a_phone(visits, page):
    """At 390 px a displayed equation wider than the column scrolls sideways, and a fade at its
    right edge shows that more of it hides there: it is never cut silently."""
    p = visits(page).phone_parts
    assert not p["uncuedEquations"], ("displayed equations cut at phone width without the "
                                      "scroll cue:\n" + "\n".join(p["uncuedEquations"]))


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_figure_text_is_legible_on_a_phone(visits, page):
    """At 390 px the smallest text of every figure (the plotting style's, legends included) is
    at least 8 px tall; a figure that must be wider than the column for it scrolls, with a cue."""
    points, dpi = site_fixes.figure_text()
    small, uncued = [], []
    for figure in visits(page).phone_parts["figures"]:
        assert figure["natural"], f"figure not loaded: {figure['alt']}"
        text = points * dpi / 72 * figure["drawn"] / figure["natural"]
        if text < site_fixes.MIN_TEXT_PX - 0.05:
            small.append(f"{text:.1f} px ({figure['natural']} px drawn {figure['drawn']:.0f} px "
                         f"wide): {figure['alt']}")
        if not figure["cued"]:
            uncued.append(figure["alt"])
    assert not small, f"figure text under {site_fixes.MIN_TEXT_PX} px tall:\n" + "\n".join(small)
    assert not uncued, "figures wider than the column without the scroll cue:\n" + \
        "\n".join(uncued)


@pytest.mark.parametrize("page", CHINESE_PAGES)
def test_chinese_renders_with_the_sites_font(visits, page):
    """Chinese text is drawn with the site's own CJK font (the browser sees no CJK font of the
    machine's), loaded from the site."""
    cjk = visits(page).cjk
    assert cjk["chinese"], "no Chinese on the page, though its source has some"
    assert cjk["loaded"], (f"the site's CJK font is not loaded for {cjk['chinese'][:20]}: "
                           f"{cjk['faces']}")


@pytest.mark.parametrize("page", PAGES)
def test_accessibility_of_our_content(visits, page, axe_theme_findings):
    """axe-core (and its colour contrast in dark mode): no critical or serious violation in our
    content; the theme's are listed at the end of the run."""
    findings = visits(page).axe
    for f in findings:
        if not f["ours"]:
            axe_theme_findings.append(
                (f"{f['rule']} ({f['impact']}): {f['help']}: {f['target']}", page))
    ours = [f for f in findings if f["ours"] and f["impact"] in ("critical", "serious")]
    assert not ours, "\n".join(f"{f['rule']} ({f['impact']}): {f['help']}\n    {f['html']}"
                               for f in ours)


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_chapter_links_its_student_edition(visits, site_url, page):
    """Every chapter offers its student edition for download."""
    links = visits(page).record["student"]
    expected = f"{site_url}student/{Path(page).name}.ipynb"
    assert expected in links, f"no link to {expected} on {page}; links: {links}"


def test_student_editions_are_valid_notebooks_without_solutions(browser, visits, site_url):
    """Every student-edition link of the site returns a valid notebook without any solution."""
    links = sorted({link for page in PAGES for link in visits(page).record["student"]})
    assert links, "no page links a student edition"
    context = browser.new_context()
    try:
        for link in links:
            response = context.request.get(link)
            assert response.status == 200, f"{link}: HTTP {response.status}"
            nb = nbformat.reads(response.text(), as_version=4)
            nbformat.validate(nb)
            source = nbformat.read(ROOT / "book" / Path(link).name, as_version=4)
            solutions = {c.source.strip() for c in source.cells if c.source.strip() and (
                "solution" in c.metadata.get("tags", [])
                or any(marker in c.source for marker in SOLUTION_MARKERS))}
            for cell in nb.cells:
                assert "solution" not in cell.metadata.get("tags", []), f"{link}: a solution cell"
                assert not any(marker in cell.source for marker in SOLUTION_MARKERS), \
                    f"{link}: a solution's markdown"
                assert cell.source.strip() not in solutions, f"{link}: a solution's code"
    finally:
        context.close()


@pytest.mark.parametrize("term", sorted(SEARCHES))
def test_search_finds(browser, site_url, term):
    """The search page finds the term, on the chapter that teaches it."""
    tab = browser.new_page()
    try:
        external = []
        tab.route(elsewhere(site_url), lambda r: (external.append(r.request.url), r.abort()))
        tab.goto(f"{site_url}search.html?q={term}")
        tab.wait_for_function("() => document.querySelector('#search-results .search-summary')"
                              "?.textContent.trim()", timeout=15000)
        found = tab.eval_on_selector_all("#search-results li a",
                                         "links => links.map(a => a.href)")
        assert found, f"the search for {term!r} found nothing"
        assert any(f"/{SEARCHES[term]}.html" in link for link in found), \
            f"the search for {term!r} does not find {SEARCHES[term]}: {found}"
        assert not external
    finally:
        tab.close()


# The state of an animation player, cheap to compute: its frame images (matplotlib's to_jshtml
# swaps them), drawn shapes (chapter 5's player draws SVG paths), step counter and slider.
PLAYER_STATE_JS = """
player => JSON.stringify([
  [...player.querySelectorAll("img")].map(img => img.src.length + img.src.slice(-40)),
  [...player.querySelectorAll("polyline, path, circle")].map(shape =>
    (shape.getAttribute("points") || shape.getAttribute("d") || "").length
    + "," + shape.getAttribute("cx") + "," + shape.getAttribute("cy")),
  [...player.querySelectorAll("input, output")].map(el => el.value),
])
"""


def test_animation_plays(browser, site_url):
    """The optimization chapter's animation shows another frame after its play button is pressed."""
    assert ANIMATION_PAGE in PAGES, f"{ANIMATION_PAGE} is not in _toc.yml"
    tab = browser.new_page(viewport=DESKTOP)
    try:
        # The player needs no MathJax, which would only take the time to typeset the chapter.
        tab.route(elsewhere(site_url), lambda route: route.abort())
        tab.route(re.compile("/mathjax/"), lambda route: route.abort())
        tab.goto(f"{site_url}{ANIMATION_PAGE}.html", wait_until="domcontentloaded")
        play = tab.locator("article button[aria-label='Play'], article button[title='Play']").first
        assert play.count(), f"no animation with a play button on {ANIMATION_PAGE}"
        player = play.locator("xpath=ancestor::*[self::figure or contains(@class, 'animation')"
                              " or contains(@class, 'cell_output')][1]")
        player.scroll_into_view_if_needed()
        tab.wait_for_timeout(200)  # the player shows its first frame
        before = player.evaluate(PLAYER_STATE_JS)
        play.click()
        tab.wait_for_function(
            f"([player, before]) => ({PLAYER_STATE_JS.strip()})(player) !== before",
            arg=[player.element_handle(), before], timeout=10000, polling=100)
        pause = player.locator("button[aria-label='Pause'], button[title='Pause']")
        if pause.count():
            pause.first.click()
    finally:
        tab.close()


def test_pdf_of_the_book(built_site):
    """The book's PDF (made by the build, _ext/book_pdf.py): a bookmark and a first page for every
    chapter, typeset math, every figure, the Chinese terms of the glossary, linked from the intro.
    (Text is read from the chapters' first two pages and the glossary's: reading all is slow.)"""
    from pypdf import PdfReader

    require_chromium()
    pdf = built_site / PDF_NAME
    assert pdf.is_file(), f"{pdf.name} is missing from the site (see the build's log)"
    intro = (built_site / "book" / "intro.html").read_text(encoding="utf-8")
    assert f'href="../{PDF_NAME}"' in intro, "the intro page does not link the PDF"
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    assert pages >= 2 * len(PAGES), f"only {pages} pages for {len(PAGES)} documents"

    titles = [re.sub(r"\s+", " ", parse_title(built_site / f"{p}.html")) for p in PAGES[1:]]
    bookmarks = [item for item in reader.outline if not isinstance(item, list)]
    assert [b.title for b in bookmarks[1:]] == titles, \
        f"the PDF's bookmarks {[b.title for b in bookmarks]}, the chapters {titles}"
    starts = [reader.get_destination_page_number(b) for b in bookmarks] + [pages]

    def text(first, stop):
        return re.sub(r"\s+", " ", " ".join(reader.pages[i].extract_text()
                                             for i in range(first, min(stop, pages))))

    for title, first, stop in zip(titles, starts[1:], starts[2:]):
        opening = text(first, min(first + 2, stop))
        assert title in opening, f"chapter {title!r} does not start on page {first + 1}"
        raw = re.findall(r"\\\(.{1,60}?\\\)|\\\[.{1,60}?\\\]|\$\$", opening)
        assert not raw, f"math not typeset in chapter {title!r} of the PDF: {raw[:5]}"
    fonts = set()
    for pdf_page in reader.pages:
        for font in (pdf_page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts.add(str(descriptor.get_object().get("/FontName") if descriptor
                          else font.get("/BaseFont")))
    assert any("MathJax_" in font for font in fonts), f"no MathJax font in the PDF: {fonts}"

    images = sum(1 for pdf_page in reader.pages
                 for xobject in (pdf_page.get("/Resources", {}).get("/XObject", {}) or {}).values()
                 if xobject.get_object().get("/Subtype") == "/Image")
    figures = {src for p in PAGES
               for src in IMG_SRC.findall((built_site / f"{p}.html").read_text(encoding="utf-8"))}
    assert images >= len(figures), f"{images} images in the PDF, {len(figures)} on the site"

    glossary = PAGES.index("book/notation")
    cjk = {ch for ch in (built_site / "book" / "notation.html").read_text(encoding="utf-8")
           if "\u4e00" <= ch <= "\u9fff"}
    lost = sorted(cjk - set(text(starts[glossary], starts[glossary + 1])))
    assert not lost, (f"{len(lost)} Chinese characters of the glossary are not in the PDF's text "
                      "(printed without a CJK font of the machine's, so with the site's own: "
                      "is it declared in site_fixes.css and loaded before printing?): "
                      + "".join(lost[:20]))


def parse_title(html_file):
    """The first h1 of a built page, without its permalink sign."""
    html = html_file.read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    title = re.sub(r"<[^>]+>", "", match.group(1)) if match else html_file.stem
    return title.replace("#", "").strip()

