"""Sphinx extension: fixes of the HTML that the book's tools write, found by the browser tests.

- Inline scripts written twice. sphinx-togglebutton and sphinx-thebe register their inline
  configuration scripts when the builder starts; with Jupyter Book 1 / Sphinx 7.4 each page gets
  them twice, and the second ``const THEBE_JS_URL = ...`` throws "Identifier 'THEBE_JS_URL' has
  already been declared" in every page's console. Identical inline scripts are kept once.
- The bibliography. docutils writes ``<div role="list" class="citation-list">`` around entries
  whose role is ``doc-biblioentry``, not ``listitem``, which axe-core reports as a critical
  violation (aria-required-children). The list role is dropped; the entries keep theirs.
- Solutions that did not open. A folded solution's title names its exercise with a link, so a
  click on the title followed the link instead of opening the solution: the link becomes text
  (``span.solution-of``, its target kept in ``data-href`` for the PDF, where it is a link again),
  and the whole title opens the solution (sphinx-togglebutton).
- Styles (``static/site_fixes.css``): the contrast of links in exercises and solutions, the
  headings' permalinks, which make a page scroll sideways on a phone, and the site's own font for
  the Chinese terms (``static/fonts``, made by ``scripts/make_cjk_font.py``).
- Narrow screens (``static/site_fixes.js``): displayed equations wider than the column scroll with
  a visible cue (a fade at the edge past which more hides); figures are never drawn so small that
  their smallest text is under 8 px tall (``figure_scale``): wider ones scroll, with the same cue.
"""

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"

CITATION_LIST = '<div role="list" class="citation-list">'
SOLUTION_TITLE = re.compile(r'(<div class="solution dropdown[^"]*"[^>]*>\s*'
                            r'<p class="admonition-title">[^<]*)'
                            r'<a class="reference internal" href="([^"]*)">(.*?)</a>', re.DOTALL)
MIN_TEXT_PX = 8
"""The least height, in CSS pixels, of a figure's text (a phone's, legends included)."""
FONT_SIZES = ("font.size", "axes.titlesize", "axes.labelsize", "legend.fontsize",
              "xtick.labelsize", "ytick.labelsize", "figure.titlesize", "figure.labelsize")


def figure_text():
    """The smallest text of the book's figures in points, and their pixels per inch, from the
    plotting style of ``course_nn.plotting`` (which every notebook applies)."""
    import matplotlib
    from matplotlib.font_manager import FontProperties

    from course_nn import plotting

    rc = matplotlib.rc_params_from_file(plotting.STYLE, use_default_template=True)
    smallest = min(FontProperties(size=rc[key]).get_size_in_points() for key in FONT_SIZES)
    return smallest, rc["figure.dpi"]


def figure_scale():
    """The least ratio of a figure's drawn width to its width in pixels at which its smallest
    text is ``MIN_TEXT_PX`` tall."""
    points, dpi = figure_text()
    return MIN_TEXT_PX / (points * dpi / 72)


def fix_page(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts:
        seen = set()
        for script in list(scripts):
            body = getattr(script, "attributes", {}).get("body")
            if not body or getattr(script, "filename", None):
                continue
            if body in seen:
                scripts.remove(script)
            seen.add(body)
    if "body" in context and CITATION_LIST in context["body"]:
        context["body"] = context["body"].replace(CITATION_LIST, '<div class="citation-list">')
    if "body" in context:
        context["body"] = SOLUTION_TITLE.sub(
            r'\1<span class="solution-of" data-href="\2">\3</span>', context["body"])


def add_static(app, config):
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app):
    app.connect("config-inited", add_static)
    app.add_css_file("site_fixes.css")
    app.add_js_file(None, body=f"window.bookFigureScale = {figure_scale():.4f};")
    app.add_js_file("site_fixes.js", loading_method="defer")
    app.connect("html-page-context", fix_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
