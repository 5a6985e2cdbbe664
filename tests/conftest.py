"""Shared fixtures of the site tests: the book, built once per test session."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from chromium import chromium_missing, launch, serve  # as the build does

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


# Fonts without any CJK character (Debian's fonts-dejavu-core, fonts-liberation).
LATIN_FONTS = [Path("/usr/share/fonts/truetype/dejavu"),
               Path("/usr/share/fonts/truetype/liberation")]


@pytest.fixture(scope="session")
def no_cjk_fonts(tmp_path_factory):
    """Environment variables under which Chromium sees no CJK font of the machine's own.

    A fontconfig configuration (``FONTCONFIG_FILE``) that lists only Latin fonts: the book's PDF
    and the browser tests then show the Chinese terms only if the site serves its own font, as on
    a fresh machine, whatever fonts this one has. Empty where there is no such font folder (or no
    fontconfig: macOS, Windows).
    """
    folders = [folder for folder in LATIN_FONTS if folder.is_dir()]
    if not folders or not sys.platform.startswith("linux"):
        return {}
    config = tmp_path_factory.mktemp("fontconfig")
    (config / "fonts.conf").write_text(
        "<?xml version=\"1.0\"?>\n<fontconfig>\n"
        + "".join(f"  <dir>{folder}</dir>\n" for folder in folders)
        + f"  <cachedir>{config / 'cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(config / "fonts.conf")}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, no_cjk_fonts):
    """Build the book as the README says, but with warnings as errors and into a temporary folder
    (its PDF printed with no CJK font of the machine's: ``no_cjk_fonts``).

    Returns the folder of the HTML site (``index.html`` and ``book/*.html``). The build's log ends
    the failure message of every test that uses the site when the build fails (warnings first).
    """
    out = tmp_path_factory.mktemp("site")
    command = [str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(out),
               "-W", "-n", "--keep-going"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, **no_cjk_fonts})
    if result.returncode != 0:
        log = f"{result.stderr[-5000:]}\n{result.stdout[-1000:]}"
        pytest.fail(f"{' '.join(command)} failed:\n{log}")
    return out / "_build" / "html"


# --- Browser tests (tests/test_browser.py): one Chromium, one local server, per session. ---

AXE_THEME_FINDINGS = pytest.StashKey[list]()


def pytest_addoption(parser):
    parser.addoption("--screenshots", metavar="DIR", default=None,
                     help="write full-page screenshots of every page of the site, at desktop and "
                          "phone width, into DIR/desktop and DIR/phone (browser tests)")


def require_chromium():
    """Skip the calling test when Chromium is missing; under CI=true, fail instead."""
    reason = chromium_missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(no_cjk_fonts):
    """A headless Chromium (the machine's, driven by Playwright, without its CJK fonts), shared
    by the session."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright, env=no_cjk_fonts)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on 127.0.0.1 (a free port); its root URL ends with /."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def screenshot_dir(request):
    """The folder given by ``--screenshots``, created, or ``None``."""
    folder = request.config.getoption("--screenshots")
    if folder is None:
        return None
    folder = Path(folder).resolve()
    for width in ("desktop", "phone"):
        (folder / width).mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def axe_theme_findings(request):
    """A list of (violation, page): the axe-core violations that come from the theme."""
    return request.config.stash.setdefault(AXE_THEME_FINDINGS, [])


def pytest_terminal_summary(terminalreporter, config):
    """List the theme's accessibility violations (the browser tests fail only on our content's)."""
    findings = config.stash.get(AXE_THEME_FINDINGS, [])
    if findings:
        terminalreporter.section("axe-core: violations from the theme, not from our content")
        pages = {}
        for finding, page in findings:
            pages.setdefault(finding, set()).add(page)
        for finding, where in sorted(pages.items()):
            terminalreporter.write_line(f"{finding} (on {len(where)} pages)")
