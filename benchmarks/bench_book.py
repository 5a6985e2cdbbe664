"""How fast is the book? Execution time of every notebook, and of a site build.

Each ``book/*.ipynb`` is read into memory and executed top to bottom with nbclient, in a fresh
kernel running this interpreter, started in ``book/`` as Jupyter and nbval start it. The executed
copy is thrown away: the committed notebooks are never written. Then the site is built without
executing anything (the book's configuration turns execution off), into a temporary folder:

    jupyter-book build . --path-output <tmpdir>

Targets: each notebook < 20 s, all notebooks together < 2 min, the build < 60 s. The script
prints PASS or FAIL per target and exits with status 1 on a FAIL (or when a notebook or the build
fails).

    python benchmarks/bench_book.py                      # every notebook, then the build
    python benchmarks/bench_book.py book/03_activations.ipynb --no-build
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from environment import set_blas_threads, warm_matplotlib
from execute_notebooks import execute

BOOK = ROOT / "book"
NOTEBOOK_LIMIT, ALL_NOTEBOOKS_LIMIT, BUILD_LIMIT = 20.0, 120.0, 60.0
CELL_TIMEOUT = 600  # seconds: a stuck cell ends the run with an error instead of hanging
# One BLAS thread in the kernels, as the tests and scripts/execute_notebooks.py run them (the
# course's matrices are tiny); set OPENBLAS_NUM_THREADS and the others to measure with more.
set_blas_threads()


def execute_notebook(path):
    """Execute the notebook at ``path`` as ``scripts/execute_notebooks.py`` does, without writing
    it back; raises on an error.

    Returns the seconds it took (kernel start included) and a list of (seconds, cell number,
    first line) for its code cells.
    """
    start = time.perf_counter()
    nb = execute(path, write=False, record_timing=True, timeout=CELL_TIMEOUT)
    elapsed = time.perf_counter() - start
    cells = []
    for number, cell in enumerate(nb.cells):
        timing = cell.metadata.get("execution", {})
        if cell.cell_type == "code" and "shell.execute_reply" in timing:
            start_, end = (datetime.fromisoformat(timing[key].replace("Z", "+00:00"))
                           for key in ("iopub.execute_input", "shell.execute_reply"))
            seconds = (end - start_).total_seconds()
            first_line = (cell.source.strip().splitlines() or [""])[0][:60]
            cells.append((seconds, number, first_line))
    return elapsed, cells


def build_site():
    """Seconds for ``jupyter-book build . --path-output <tmpdir>``, and the build's exit code."""
    command = shutil.which("jupyter-book") or "jupyter-book"
    with tempfile.TemporaryDirectory(prefix="bench_book_") as out:
        start = time.perf_counter()
        done = subprocess.run([command, "build", ".", "--path-output", out], cwd=ROOT,
                              capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print("\n".join((done.stdout + done.stderr).strip().splitlines()[-20:]), file=sys.stderr)
    return elapsed, done.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every book/*.ipynb")
    parser.add_argument("--no-build", action="store_true", help="skip the site build")
    parser.add_argument("--no-notebooks", action="store_true", help="only build the site")
    parser.add_argument("--slowest", type=int, default=0, metavar="N",
                        help="also print the N slowest cells of each notebook")
    args = parser.parse_args()

    print(f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores; "
          f"Python {platform.python_version()} ({sys.executable}); "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']} in the kernels")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 0.5:
        print(f"warning: load average {load:.1f} before the start: other programs are running, "
              "and the times may be off")
    verdicts = []
    if not args.no_notebooks:
        paths = args.notebooks or sorted(BOOK.glob("*.ipynb"))
        if not paths:
            print("no notebooks in book/ yet")
        warm_matplotlib()  # not inside the first notebook
        total, failed = 0.0, False
        print("| notebook | execution |\n|---|---:|")
        for path in paths:
            path = path.resolve()
            try:
                seconds, cells = execute_notebook(path)
            except Exception as error:  # noqa: BLE001 (a failing cell, a timeout, a dead kernel)
                print(f"| {path.name} | ERROR |")
                print(f"  {type(error).__name__}: {str(error).strip().splitlines()[-1:]}",
                      file=sys.stderr)
                verdicts.append((f"{path.name} runs without error", False))
                failed = True
                continue
            total += seconds
            print(f"| {path.name} | {seconds:.1f} s |", flush=True)
            for cell_seconds, number, first_line in sorted(cells, reverse=True)[:args.slowest]:
                print(f"|   cell {number}: `{first_line}` | {cell_seconds:.1f} s |")
            verdicts.append((f"{path.name}: {seconds:.1f} s < {NOTEBOOK_LIMIT:.0f} s",
                             seconds < NOTEBOOK_LIMIT))
        print(f"| all {len(paths)} notebooks | {total:.1f} s |\n")
        verdicts.append((f"all notebooks: {total:.1f} s < {ALL_NOTEBOOKS_LIMIT:.0f} s"
                         + (" (not counting those that failed)" if failed else ""),
                         total < ALL_NOTEBOOKS_LIMIT))
    if not args.no_build:
        seconds, code = build_site()
        print(f"site build without execution (jupyter-book build . --path-output <tmpdir>): "
              f"{seconds:.1f} s" + ("" if code == 0 else f", FAILED with exit code {code}") + "\n")
        verdicts.append((f"site build: {seconds:.1f} s < {BUILD_LIMIT:.0f} s"
                         + ("" if code == 0 else f" (build failed, exit code {code})"),
                         seconds < BUILD_LIMIT and code == 0))
    for label, ok in verdicts:
        print(("PASS " if ok else "FAIL ") + label)
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
