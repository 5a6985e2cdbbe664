"""Chromium is found as a user has it (``_ext/chromium.py``, used by the build and the tests)."""

import os
import stat
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import chromium


def executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def bare(monkeypatch, tmp_path):
    """A machine with no browser: empty PATH, no variable, an empty Playwright cache."""
    for variable in (chromium.ENVIRONMENT_VARIABLE, "PROGRAMFILES", "PROGRAMFILES(X86)",
                     "LOCALAPPDATA"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "ms-playwright"))
    monkeypatch.setattr(chromium, "MACOS", ())
    return tmp_path


def test_nothing_found_says_how_to_get_it(bare):
    assert chromium.find_chromium() is None
    assert "apt-get install chromium" in chromium.chromium_missing()
    assert chromium.ENVIRONMENT_VARIABLE in chromium.chromium_missing()


@pytest.mark.parametrize("command", chromium.COMMANDS)
def test_found_on_path(bare, command):
    found = executable(bare / "bin" / command)
    assert chromium.find_chromium() == str(found)


def test_playwright_browser_found(bare):
    found = executable(bare / "ms-playwright" / "chromium-1187" / "chrome-linux" / "chrome")
    assert chromium.find_chromium() == str(found)


def test_windows_program_files(bare, monkeypatch):
    monkeypatch.setenv("PROGRAMFILES", str(bare / "Program Files"))
    found = executable(bare / "Program Files" / "Google" / "Chrome" / "Application" / "chrome.exe")
    assert chromium.find_chromium() == str(found)


def test_environment_variable_wins(bare, monkeypatch):
    executable(bare / "bin" / "chromium")
    chosen = executable(bare / "elsewhere" / "my-chrome")
    monkeypatch.setenv(chromium.ENVIRONMENT_VARIABLE, str(chosen))
    assert chromium.find_chromium() == str(chosen)


def test_environment_variable_to_nothing_is_reported(bare, monkeypatch):
    executable(bare / "bin" / "chromium")  # not taken instead of the user's choice
    monkeypatch.setenv(chromium.ENVIRONMENT_VARIABLE, str(bare / "typo"))
    assert chromium.find_chromium() is None
    assert f"{chromium.ENVIRONMENT_VARIABLE}={bare / 'typo'} is not a file" in \
        chromium.chromium_missing()


def test_the_tests_use_the_same_lookup():
    import conftest

    assert conftest.launch is chromium.launch and conftest.serve is chromium.serve
    assert os.path.samefile(chromium.__file__, ROOT / "_ext" / "chromium.py")


def test_serve_gives_the_folder_on_a_free_local_port_and_stops(tmp_path):
    from urllib.error import URLError
    from urllib.request import urlopen

    (tmp_path / "page.html").write_text("hello", encoding="utf-8")
    with chromium.serve(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        assert urlopen(url + "page.html", timeout=5).read() == b"hello"
    with pytest.raises(URLError):
        urlopen(url + "page.html", timeout=5)


def test_the_pdfs_print_style_and_script_are_files():
    import book_pdf

    assert book_pdf.PRINT_CSS.read_text(encoding="utf-8").count("@page") == 1
    assert book_pdf.ASSEMBLE_JS.read_text(encoding="utf-8").startswith("async ([pages, root]) =>")
