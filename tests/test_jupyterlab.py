"""The notebooks as learners open them: in a real JupyterLab, driven by the system's Chromium.

One ``jupyter lab`` server per configuration (on a free port of 127.0.0.1, no token) serves a
temporary folder; one page loads JupyterLab once and opens every notebook in turn. Cells are
all rendered (``windowingMode: none``), and every request that would leave the machine is
aborted. What a learner reads is checked from the rendered page:

- the student edition in a stock JupyterLab (``jupyterlab-myst`` disabled, as in VS Code or
  Colab, which have no MyST renderer either) and with ``jupyterlab-myst`` (what
  ``requirements.txt`` installs): no MyST syntax, no unresolved label or citation key, no
  un-typeset TeX or math error, and every exercise's title, numbered as on the site, visible;
- the book's own notebooks with ``jupyterlab-myst``: exercises and admonitions rendered.

Without Chromium these tests skip, with the reason; under CI=true they fail instead.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, require_chromium
from course_nn.book_index import BookIndex
from course_nn.student import write_student_editions

BOOK = ROOT / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
INDEX = BookIndex(ROOT)
MYST = "jupyterlab-myst"
# Syntax that only a MyST renderer understands, and raw TeX that MathJax would have replaced.
MYST_SYNTAX = re.compile(r"`{3}|:{3}|\{[\w:-]+\}`|^\([\w.:-]+\)=|^:(label|class|name):|"
                         r"\{(exercise|admonition|solution|note|warning|eq|ref|numref|cite|term)",
                         re.MULTILINE)
RAW_TEX = re.compile(r"\$|\\(?:frac|sqrt|begin|end|left|right|partial|sum|mathbf|hat|tag|"
                     r"operatorname|alpha|sigma)\b|\\[()\[\]]")
SETTINGS = {  # every cell rendered, no news or update checks (nothing leaves the machine)
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}

# Opens a notebook in the running JupyterLab, waits until its Markdown is rendered and its math
# typeset (nothing changes for a second), then reads what a learner sees.
OPEN_AND_READ_JS = """
async (path) => {
  const app = window.jupyterapp;
  const widget = await app.commands.execute("docmanager:open", {path, factory: "Notebook"});
  await widget.context.ready;
  await widget.content.fullyRendered?.promise;
  const node = widget.content.node;
  const rendered = ".jp-MarkdownCell .jp-RenderedMarkdown, .jp-MarkdownCell .myst";
  const maths = "mjx-container, .katex";  // MathJax in stock JupyterLab, KaTeX in jupyterlab-myst
  const markdownCells = widget.content.widgets.filter(cell => cell.model.type === "markdown");
  const allRendered = () => [...node.querySelectorAll(rendered)]
    .filter(el => el.textContent.trim()).length >= markdownCells.length;
  const snapshot = () => node.querySelectorAll(rendered).length
    + ":" + node.querySelectorAll(maths).length + ":" + node.innerText.length;
  let last = "", stableSince = Date.now(), start = Date.now();
  while ((!allRendered() || Date.now() - stableSince < 1000) && Date.now() - start < 60000) {
    await new Promise(resolve => setTimeout(resolve, 100));
    const now = snapshot();
    if (now !== last) { last = now; stableSince = Date.now(); }
  }
  const cells = [...node.querySelectorAll(rendered)];
  const text = cells.map(cell => {
    const copy = cell.cloneNode(true);
    for (const el of copy.querySelectorAll("pre, code, .jp-InternalAnchorLink, " + maths))
      el.remove();
    return copy.textContent;
  }).join("\\n");
  const headings = [...node.querySelectorAll(".jp-MarkdownCell h1, .jp-MarkdownCell h2, " +
      ".jp-MarkdownCell h3, .jp-MarkdownCell h4, .jp-MarkdownCell h5, .jp-MarkdownCell h6, " +
      ".jp-MarkdownCell .myst-admonition-header, .jp-MarkdownCell strong")]
    .filter(h => h.offsetWidth > 0 && h.offsetHeight > 0)
    .map(h => h.textContent.replace(/¶/g, "").trim());
  const boxes = [...node.querySelectorAll(".jp-MarkdownCell aside")].map(aside =>
    (aside.querySelector(".myst-admonition-header") || aside).textContent.trim());
  const result = {
    markdownCells: cells.length,
    text,
    visibleTitles: headings,
    maths: node.querySelectorAll(".jp-MarkdownCell :is(" + maths + ")").length,
    mathErrors: [...node.querySelectorAll("mjx-merror, .katex-error")]
      .map(e => e.textContent.slice(0, 80)),
    boxes,  // jupyterlab-myst's admonitions and exercises: their titles
  };
  await app.commands.execute("application:close-all");
  return result;
}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def myst_missing():
    try:
        import jupyterlab_myst  # noqa: F401
    except ImportError:
        return f"{MYST} is not installed (pip install -r requirements.txt)"
    return None


class JupyterLab:
    """A ``jupyter lab`` server on ``folder``, with or without jupyterlab-myst, and one page."""

    def __init__(self, browser, folder, home, myst):
        self.home, port = home, free_port()
        for name, value in SETTINGS.items():
            path = home / "settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        labconfig = home / "config" / "labconfig"
        labconfig.mkdir(parents=True)
        disabled = {} if myst else {MYST: True}
        (labconfig / "page_config.json").write_text(json.dumps({"disabledExtensions": disabled}))
        env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
               "JUPYTER_CONFIG_DIR": str(home / "config"),
               "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
               "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "PYTHONPATH": str(ROOT)}
        self.log = (home / "server.log").open("w")  # closed by close()
        self.server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
             f"--port={port}", "--IdentityProvider.token=", "--allow-root",
             f"--ServerApp.root_dir={folder}", "--LabApp.expose_app_in_browser=True",
             "--LabApp.news_url=", "--MappingKernelManager.cull_idle_timeout=0"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{port}"
        self.left_the_machine = []
        self._wait_until_up()
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.route("**/*", self._only_local)
        self.page.goto(f"{self.url}/lab?reset")
        self.page.wait_for_function("window.jupyterapp && window.jupyterapp.started !== undefined")
        self.page.evaluate("() => window.jupyterapp.started")
        self.page.wait_for_selector(".jp-DirListing-item", timeout=60_000)

    def _wait_until_up(self, timeout=120):
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.server.poll() is not None:
                pytest.fail(f"jupyter lab stopped:\n{(self.home / 'server.log').read_text()}")
            try:
                urllib.request.urlopen(f"{self.url}/api/status", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"jupyter lab did not answer in {timeout} s")

    def _only_local(self, route):
        if route.request.url.startswith(self.url):
            route.continue_()
        else:
            self.left_the_machine.append(route.request.url)
            route.abort()

    def read(self, name):
        """What the notebook ``name`` shows once rendered (see OPEN_AND_READ_JS)."""
        return self.page.evaluate(OPEN_AND_READ_JS, name)

    def close(self):
        self.page.close()
        self.server.terminate()
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
        self.log.close()


BOOK_COPY = "book/03_activations.ipynb"  # a copy of one of the book's own notebooks


@pytest.fixture(scope="module")
def served_folder(tmp_path_factory):
    """The student edition, and a copy of one of the book's notebooks in ``book/`` (a copy, so
    that JupyterLab never writes into the book)."""
    folder = tmp_path_factory.mktemp("student-edition")
    write_student_editions(BOOK, folder)
    (folder / "book").mkdir()
    (folder / BOOK_COPY).write_bytes((ROOT / BOOK_COPY).read_bytes())
    return folder


def read_in_jupyterlab(browser, folder, home, myst, names):
    """``{notebook: what it shows}`` for the notebooks ``names``, all in one JupyterLab."""
    require_chromium()
    if myst and myst_missing():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(myst_missing())
        pytest.skip(myst_missing())
    lab = JupyterLab(browser, folder, home, myst=myst)
    try:
        start = time.monotonic()
        seen = {name: lab.read(name) for name in names}
        print(f"\n{'with' if myst else 'without'} {MYST}: {len(seen)} notebooks read in "
              f"{time.monotonic() - start:.1f} s")
        assert not lab.left_the_machine, f"requests left the machine: {lab.left_the_machine}"
    finally:
        lab.close()
    return seen


@pytest.fixture(scope="module")
def stock_reading(browser, served_folder, tmp_path_factory):
    return read_in_jupyterlab(browser, served_folder, tmp_path_factory.mktemp("stock"), False,
                              [path.name for path in NOTEBOOKS])


@pytest.fixture(scope="module")
def myst_reading(browser, served_folder, tmp_path_factory):
    return read_in_jupyterlab(browser, served_folder, tmp_path_factory.mktemp("myst"), True,
                              [path.name for path in NOTEBOOKS] + [BOOK_COPY])


def exercise_titles(path):
    """"Exercise 10 (The derivative of ReLU)": each exercise of a chapter, as the site titles it."""
    doc = path.relative_to(ROOT).with_suffix("").as_posix()
    return [f"Exercise {t.number} ({t.title})" for t in INDEX.targets.values()
            if t.kind == "exercise" and t.doc == doc]


@pytest.mark.parametrize("reading", ["stock_reading", "myst_reading"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_student_notebook_reads_right_in_jupyterlab(path, reading, request):
    seen = request.getfixturevalue(reading)[path.name]
    assert seen["markdownCells"] > 0
    text = seen["text"]
    assert not MYST_SYNTAX.search(text), f"MyST syntax left: {MYST_SYNTAX.findall(text)[:5]}"
    keys = [key for key in INDEX.bibliography.entries if re.search(rf"\b{key}\b", text)]
    assert not keys, f"unresolved citation keys: {keys}"
    labels = [label for label in INDEX.targets  # "glossary" is also a word: labels with a "-"
              if "-" in label and re.search(rf"(?<![\w-]){label}(?![\w-])", text)]
    assert not labels, f"unresolved labels: {labels}"
    raw = [text[max(0, m.start() - 40):m.end() + 40] for m in RAW_TEX.finditer(text)]
    assert not raw, f"un-typeset TeX: {raw[:5]}"
    assert not seen["mathErrors"], f"math errors: {seen['mathErrors']}"
    assert seen["maths"] > 0
    missing = [title for title in exercise_titles(path) if title not in seen["visibleTitles"]]
    assert not missing, f"exercise titles not visible: {missing}"


def test_book_notebook_with_jupyterlab_myst_renders_exercises_and_admonitions(myst_reading):
    seen = myst_reading[BOOK_COPY]
    exercises = [box for box in seen["boxes"] if box.startswith("Exercise")]
    notes = [box for box in seen["boxes"] if box.startswith("A note on the original")]
    assert len(exercises) == len(exercise_titles(ROOT / BOOK_COPY)), seen["boxes"]
    assert notes, seen["boxes"]
    assert not re.search(r"\{(exercise|admonition)\}", seen["text"])
    assert seen["maths"] > 0 and not seen["mathErrors"]
