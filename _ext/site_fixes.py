"""Sphinx extension: fixes of the HTML that the book's tools write, found by the browser tests.

- Inline scripts written twice. sphinx-togglebutton and sphinx-thebe register their inline
  configuration scripts when the builder starts; with Jupyter Book 1 / Sphinx 7.4 each page gets
  them twice, and the second ``const THEBE_JS_URL = ...`` throws "Identifier 'THEBE_JS_URL' has
  already been declared" in every page's console. Identical inline scripts are kept once.
- The bibliography. docutils writes ``<div role="list" class="citation-list">`` around entries
  whose role is ``doc-biblioentry``, not ``listitem``, which axe-core reports as a critical
  violation (aria-required-children). The list role is dropped; the entries keep theirs.
- Styles (``static/site_fixes.css``): the contrast of links in exercises and solutions, and the
  headings' permalinks, which make a page scroll sideways on a phone.
"""

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"

CITATION_LIST = '<div role="list" class="citation-list">'


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


def add_static(app, config):
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app):
    app.connect("config-inited", add_static)
    app.add_css_file("site_fixes.css")
    app.connect("html-page-context", fix_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
