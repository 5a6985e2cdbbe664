"""Re-execute the book's notebooks in place, each from top to bottom, so that their stored outputs
are the ones nbval will compare with (DESIGN, section 6).

    python scripts/execute_notebooks.py              # every book/*.ipynb, in order
    python scripts/execute_notebooks.py book/03_activations.ipynb

The kernel is the one ``pytest --nbval-current-env`` uses (this interpreter), started in ``book/``,
and cells run with their history stored, as in Jupyter, so a trailing ``;`` silences a result.
No timing metadata is written, so an unchanged notebook is rewritten identically.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

BOOK = Path(__file__).resolve().parent.parent / "book"
CELL_TIMEOUT = 300  # seconds; a chapter should run in well under 30 s in total
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread():
    """Run the kernels with one BLAS thread, as the tests do (see the repository's conftest.py)."""
    for variable in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")


def warm_matplotlib():
    """Build matplotlib's font cache now, so no notebook prints "building the font cache"."""
    subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], check=True)


def execute(path):
    """Execute the notebook at ``path`` in a fresh kernel and write it back with its new outputs."""
    nb = nbformat.read(path, as_version=4)
    kernel = AsyncKernelManager(
        kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager()
    )
    client = NotebookClient(
        nb, km=kernel, timeout=CELL_TIMEOUT, record_timing=False, coalesce_streams=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(cleanup_kc=True)
    nbformat.write(nb, path)


def main(argv=None):
    """Execute the notebooks named on the command line, or every ``book/*.ipynb`` in order."""
    one_blas_thread()
    parser = argparse.ArgumentParser(description="Re-execute the book's notebooks in place.")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every book/*.ipynb")
    paths = parser.parse_args(argv).notebooks or sorted(BOOK.glob("*.ipynb"))
    warm_matplotlib()
    for path in paths:
        print(f"executing {path}", flush=True)
        execute(path.resolve())


if __name__ == "__main__":
    main()
