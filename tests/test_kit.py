"""The course kit, used as a learner uses it: unzipped into a folder outside the repository, set up
with its README's commands and the system Python in a fresh virtual environment (the network is
needed only for the package index), one exercise answered, its check passing. The kit holds no
solution, stays small, and the site serves it and links it from the intro and every chapter."""

import json
import os
import re
import socket
import subprocess
import time
import urllib.request
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest

from course_nn.kit import FOLDER, NAME, write_kit
from course_nn.student import main
from test_student import is_solution, tags

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
SYSTEM_PYTHON = Path("/usr/bin/python3")
CHAPTER = "03_activations.ipynb"  # the chapter whose first exercise the learner answers
MAX_BYTES = 2_000_000


def defined_function(cell):
    match = re.search(r"^def (\w+)\(", cell.source, re.MULTILINE)
    return match and match.group(1)


def readme_commands(readme, language):
    """The lines of the README's first ```language code block."""
    block = re.search(rf"```{language}\n(.*?)```", readme, re.DOTALL)
    assert block, f"the README has no {language} block"
    return block.group(1).strip().splitlines()


def venv_missing():
    """Why the system Python cannot make a virtual environment here, or ``None`` when it can."""
    if not SYSTEM_PYTHON.is_file():
        return f"{SYSTEM_PYTHON} not found"
    probe = subprocess.run([str(SYSTEM_PYTHON), "-c", "import venv, ensurepip"], capture_output=True)
    if probe.returncode:
        return f"{SYSTEM_PYTHON} cannot make a venv (Debian: apt-get install python3-venv)"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return write_kit(BOOK, tmp_path_factory.mktemp("kit") / NAME, project=ROOT)


@pytest.fixture(scope="module")
def learner(kit, tmp_path_factory):
    """The unzipped kit after the README's first command: its folder, the environment of the
    learner's shell (the system's PATH, none of this repository's Python settings; one BLAS thread,
    from conftest.py) and the command's duration in seconds."""
    reason = venv_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("learner")
    assert not home.is_relative_to(ROOT)
    with zipfile.ZipFile(kit) as archive:
        archive.extractall(home)
    folder = home / FOLDER
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER", "CONDA", "PIP_TARGET"))}
    env["PATH"] = f"{SYSTEM_PYTHON.parent}:/bin"
    install = readme_commands((folder / "README.md").read_text(encoding="utf-8"), "bash")[0]
    start = time.perf_counter()
    result = subprocess.run(["bash", "-c", install], cwd=folder, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"{install} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    return folder, env, time.perf_counter() - start


def test_a_learner_gets_from_the_kit_to_a_passing_check(learner, capsys):
    folder, env, install_seconds = learner
    start = time.perf_counter()
    nb = nbformat.read(folder / CHAPTER, as_version=4)
    book = nbformat.read(BOOK / CHAPTER, as_version=4)
    exercise = next(cell for cell in nb.cells if "exercise" in tags(cell))
    name = defined_function(exercise)
    exercise.source = next(cell.source for cell in book.cells if "solution" in tags(cell)
                           and cell.cell_type == "code" and defined_function(cell) == name)
    nb.cells.append(nbformat.v4.new_code_cell("import course_nn; print(course_nn.__file__)"))
    nbformat.write(nb, folder / "answered.ipynb")
    command = [str(folder / ".venv" / "bin" / "python"), "-m", "jupyter", "nbconvert", "--to",
               "notebook", "--execute", "answered.ipynb", "--output", "executed.ipynb",
               "--ExecutePreprocessor.timeout=300"]
    result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    executed = nbformat.read(folder / "executed.ipynb", as_version=4)
    check = next(cell for cell in executed.cells
                 if "check" in tags(cell) and f"checks.{name}(" in cell.source)
    text = json.dumps(check.outputs)
    assert re.search(rf"{name}: all \d+ checks passed", text), f"the check printed {text}"
    where = "".join(output.get("text", "") for output in executed.cells[-1].outputs).strip()
    assert Path(where).is_relative_to(folder / ".venv"), f"course_nn imported from {where}"
    with capsys.disabled():
        print(f"\nkit: the README's install took {install_seconds:.0f} s, executing {CHAPTER} "
              f"with {name} answered {time.perf_counter() - start:.0f} s")


def test_the_readme_starts_jupyterlab(learner):
    """The README's second command starts JupyterLab on the kit's folder (here without a browser)."""
    folder, env, _ = learner
    start = readme_commands((folder / "README.md").read_text(encoding="utf-8"), "bash")[1]
    port = free_port()
    options = f" --no-browser --port={port} --IdentityProvider.token= --ServerApp.open_browser=False"
    if os.geteuid() == 0:
        options += " --allow-root"
    server = subprocess.Popen(["bash", "-c", f"exec {start}{options}"], cwd=folder, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents") as response:
                    listing = json.load(response)
                break
            except OSError:
                assert server.poll() is None, f"`{start}` exited with {server.returncode}"
                assert time.monotonic() < deadline, f"`{start}` did not serve within 60 s"
                time.sleep(0.5)
        names = {item["name"] for item in listing["content"]}
        assert {p.name for p in NOTEBOOKS} <= names, names
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_kit_holds_no_solution(kit, tmp_path):
    with zipfile.ZipFile(kit) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / FOLDER
    assert sorted(p.name for p in folder.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    for path in NOTEBOOKS:
        original = nbformat.read(path, as_version=4)
        student = nbformat.read(folder / path.name, as_version=4)
        assert not any(is_solution(cell) for cell in student.cells), path.name
        public = {line.strip() for cell in original.cells if not is_solution(cell)
                  for line in cell.source.splitlines()}
        lines = {line.strip() for cell in student.cells for line in cell.source.splitlines()}
        secret = {line.strip() for cell in original.cells if is_solution(cell)
                  for line in cell.source.splitlines()} - public - {""}
        assert not secret & lines, f"{path.name}: solution lines leak: {secret & lines}"


def test_the_kit_is_small_and_complete(kit, capsys):
    with zipfile.ZipFile(kit) as archive:
        names = {Path(name).name: info.file_size
                 for name, info in zip(archive.namelist(), archive.infolist())}
        assert all(name.startswith(f"{FOLDER}/") for name in archive.namelist())
        (wheel,) = [name for name in archive.namelist() if name.endswith(".whl")]
        with zipfile.ZipFile(archive.open(wheel)) as inner:
            packaged = set(inner.namelist())
        requirements = archive.read(f"{FOLDER}/requirements.txt").decode()
    assert {"README.md", "requirements.txt"} <= set(names)
    assert {"course_nn/data/digits.csv.gz", "course_nn/checks/core.py"} <= packaged
    assert f"./{Path(wheel).name}" in requirements.splitlines()
    size = kit.stat().st_size
    with capsys.disabled():
        print(f"\nkit: {kit.name} is {size / 1e6:.2f} MB ({len(names)} files; "
              f"wheel {names[Path(wheel).name] / 1e6:.2f} MB), without the dependencies")
    assert size < MAX_BYTES


def test_command_line_writes_the_kit_and_leaves_no_build_files(tmp_path, capsys):
    leftovers = ("build", "course_nn.egg-info")
    before = {name: (ROOT / name).exists() for name in leftovers}
    main([str(BOOK), "--kit", str(tmp_path / NAME)])
    assert zipfile.is_zipfile(tmp_path / NAME)
    assert {name: (ROOT / name).exists() for name in leftovers} == before


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


@pytest.mark.parametrize("page", ["book/intro"] + [f"book/{p.stem}" for p in NOTEBOOKS])
def test_the_site_serves_the_kit_and_links_it(built_site, page):
    assert zipfile.is_zipfile(built_site / NAME)
    parser = LinkParser()
    parser.feed((built_site / f"{page}.html").read_text(encoding="utf-8"))
    kit_url = urljoin("http://site/", NAME)
    assert kit_url in {urljoin(f"http://site/{page}.html", href) for href in parser.hrefs}, \
        f"{page} does not link {NAME}"
