"""Shared fixtures of the site tests: the book, built once per test session."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build the book as the README says, but with warnings as errors and into a temporary folder.

    Returns the folder of the HTML site (``index.html`` and ``book/*.html``). The build's log ends
    the failure message of every test that uses the site when the build fails (warnings first).
    """
    out = tmp_path_factory.mktemp("site")
    command = [str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(out),
               "-W", "-n", "--keep-going"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        log = f"{result.stderr[-5000:]}\n{result.stdout[-1000:]}"
        pytest.fail(f"{' '.join(command)} failed:\n{log}")
    return out / "_build" / "html"
