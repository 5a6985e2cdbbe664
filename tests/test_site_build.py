"""The website builds with warnings as errors, has a page for every entry of the table of contents,
and is self-contained: scripts, styles, fonts and MathJax are served from the site itself."""

import re
from html.parser import HTMLParser
from pathlib import Path

from sphinx_external_toc.parsing import parse_toc_yaml

ROOT = Path(__file__).resolve().parent.parent
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
