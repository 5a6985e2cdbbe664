"""A Chromium and a local HTTP server: what prints the book's PDF and runs the browser tests.

Used by ``_ext/book_pdf.py`` and by the tests (``tests/conftest.py``), so both find the same
Chromium (``find_chromium``), start it the same way (``launch``) and serve the site the same way
(``serve``).
"""

import functools
import http.server
import os
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

ENVIRONMENT_VARIABLE = "BOOK_PDF_CHROMIUM"
COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MACOS = ("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
         "/Applications/Chromium.app/Contents/MacOS/Chromium")
WINDOWS = ("Google/Chrome/Application/chrome.exe", "Chromium/Application/chrome.exe")
PLAYWRIGHT = ("chromium-*/chrome-linux/chrome",
              "chromium-*/chrome-mac/Chromium.app/Contents/MacOS/Chromium",
              "chromium-*/chrome-win/chrome.exe")
# Headless, and quiet: no first-run dialogs, no connections of the browser's own.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOW_TO_GET_IT = ("install Chromium (Debian/Ubuntu: apt-get install chromium) or Google Chrome, "
                 f"or set {ENVIRONMENT_VARIABLE} to a Chromium or Chrome executable")


def candidates():
    """Where Chromium may be, in the order searched: the environment variable, the commands on
    PATH, the macOS and Windows default locations, then a browser that Playwright installed."""
    if os.environ.get(ENVIRONMENT_VARIABLE):
        return [Path(os.environ[ENVIRONMENT_VARIABLE])]  # the user's choice, and only it
    found = [Path(path) for path in map(shutil.which, COMMANDS) if path]
    found += [Path(path) for path in MACOS]
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        if os.environ.get(variable):
            found += [Path(os.environ[variable]) / path for path in WINDOWS]
    playwright = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or {
        "darwin": Path.home() / "Library" / "Caches" / "ms-playwright",
        "win32": Path(os.environ.get("LOCALAPPDATA", Path.home())) / "ms-playwright",
    }.get(sys.platform, Path.home() / ".cache" / "ms-playwright"))
    for pattern in PLAYWRIGHT:
        found += sorted(playwright.glob(pattern), reverse=True)  # the newest first
    return found


def find_chromium():
    """The path of the Chromium to use, or ``None`` when there is none."""
    return next((str(path) for path in candidates() if path.is_file()), None)


def chromium_missing():
    """Why Chromium cannot be driven here (and how to fix it), or ``None`` when it can."""
    if find_chromium() is None:
        if os.environ.get(ENVIRONMENT_VARIABLE):
            return (f"{ENVIRONMENT_VARIABLE}={os.environ[ENVIRONMENT_VARIABLE]} is not a file; "
                    f"set it to a Chromium or Chrome executable")
        return f"no Chromium or Google Chrome found: {HOW_TO_GET_IT}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -r requirements.txt)"
    return None


def launch(playwright, env=None):
    """Start the Chromium ``find_chromium`` finds, headless and quiet, with Playwright.

    Parameters
    ----------
    playwright : playwright.sync_api.Playwright
        What ``sync_playwright()`` gives.
    env : dict of str -> str, optional
        Environment variables of the browser; by default this process's.

    Returns
    -------
    playwright.sync_api.Browser
    """
    return playwright.chromium.launch(executable_path=find_chromium(), args=ARGS,
                                      env={**os.environ, **(env or {})})


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory):
    """Serve ``directory`` over HTTP on 127.0.0.1, on a free port, inside a ``with`` block.

    Yields
    ------
    str
        The root URL, ending with ``/``, e.g. ``http://127.0.0.1:41234/``.
    """
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
