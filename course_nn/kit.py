"""The course kit: one zip that takes a reader from the website to working exercises.

The zip holds one folder, ``nn-from-scratch-kit/``, with every chapter's student edition, course_nn
as a wheel, a ``requirements.txt`` for learners (which installs the wheel) and a README with the two
commands that set it up and start JupyterLab. The site's build writes it (``_ext/course_kit.py``),
and so does the command line, for a teacher who hands it out without the site::

    python -m course_nn.student book --kit nn-from-scratch-kit.zip
"""

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from course_nn.student import write_student_editions

FOLDER = "nn-from-scratch-kit"
NAME = f"{FOLDER}.zip"
PROJECT = Path(__file__).resolve().parent.parent

# What a learner needs to run the notebooks: course_nn's dependencies and JupyterLab with a kernel.
REQUIREMENTS = """\
numpy>=1.26,<3
matplotlib>=3.8,<4
tqdm>=4.66,<5
jupyterlab>=4,<5
ipykernel>=6.29,<8
./{wheel}
"""

README = """\
# Neural Networks from Scratch: the course kit

This folder holds the course's chapters without their solutions (`01_model.ipynb` ...
`08_capstone.ipynb`) and `course_nn`, the package they use (`{wheel}`).
Everything runs on your computer: no account, no server. You need Python 3.10 or newer.
Open a terminal in this folder and run the two commands for your system.

Linux or macOS:

```bash
python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt
.venv/bin/python -m jupyterlab
```

Windows (PowerShell):

```powershell
py -m venv .venv; .venv\\Scripts\\python.exe -m pip install -r requirements.txt
.venv\\Scripts\\python.exe -m jupyterlab
```

The first command makes a virtual environment, `.venv`, and installs into it: course_nn from this
folder, NumPy, Matplotlib, tqdm and JupyterLab from the Python Package Index (the only download).
The second opens JupyterLab in your browser; next time, run only this one. Open a chapter, and in
each exercise replace `raise NotImplementedError` with your code, run the cell, then run the check
below it: it prints `<exercise>: all N checks passed`, or what went wrong and a hint.
"""


def build_wheel(project, out):
    """Build the wheel of the course_nn project in folder ``project`` into folder ``out``.

    The project (``pyproject.toml``, ``README.md``, ``course_nn/``) is copied first, so that the
    build leaves no ``build/`` or ``*.egg-info`` behind; it builds offline, with the installed
    setuptools. Returns the path of the wheel.
    """
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "course_nn"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(Path(project) / name, source / name)
        shutil.copytree(Path(project) / "course_nn", source / "course_nn",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                        "--no-build-isolation", "--wheel-dir", str(out), str(source)],
                       check=True, capture_output=True, text=True)
    (wheel,) = Path(out).glob("course_nn-*.whl")
    return wheel


def write_kit(notebooks, out, project=PROJECT):
    """Write the course kit of the chapters in folder ``notebooks`` to the zip file ``out``.

    Parameters
    ----------
    notebooks : str or Path
        The folder of the book's notebooks (with solutions), e.g. ``book``.
    out : str or Path
        The zip file to write.
    project : str or Path
        The folder of course_nn's ``pyproject.toml``; by default the one of this course_nn.

    Returns
    -------
    Path
        The zip file written.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        kit = Path(tmp) / FOLDER
        write_student_editions(notebooks, kit)
        wheel = build_wheel(project, kit).name
        (kit / "requirements.txt").write_text(REQUIREMENTS.format(wheel=wheel), encoding="utf-8")
        (kit / "README.md").write_text(README.format(wheel=wheel), encoding="utf-8")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(kit.iterdir()):
                archive.write(path, f"{FOLDER}/{path.name}")
    return out
