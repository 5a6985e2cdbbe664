"""Re-execute the book's notebooks in place, each from top to bottom, so that their stored outputs
are the ones nbval will compare with (DESIGN, section 6).

    python scripts/execute_notebooks.py              # every book/*.ipynb, in order
    python scripts/execute_notebooks.py book/03_activations.ipynb

The kernel is the one ``pytest --nbval-current-env`` uses (this interpreter), started in ``book/``,
and cells run with their history stored, as in Jupyter, so a trailing ``;`` silences a result.
No timing metadata is written, so an unchanged notebook is rewritten identically.
"""

import argparse
from pathlib import Path

import nbformat
from environment import set_blas_threads, warm_matplotlib
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

BOOK = Path(__file__).resolve().parent.parent / "book"
CELL_TIMEOUT = 300  # seconds; a chapter should run in well under 30 s in total


def execute(path, write=True, record_timing=False, timeout=CELL_TIMEOUT):
    """Execute the notebook at ``path`` in a fresh kernel running this interpreter, started in
    the notebook's folder (as nbval starts it), and return it with its new outputs.

    ``write``: write it back to ``path``. ``record_timing``: store each cell's start and end in
    its metadata (``execution``). ``timeout``: the seconds a cell may take. Raises on an error.
    """
    nb = nbformat.read(path, as_version=4)
    kernel = AsyncKernelManager(
        kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager()
    )
    client = NotebookClient(
        nb, km=kernel, timeout=timeout, record_timing=record_timing, coalesce_streams=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(cleanup_kc=True)
    if write:
        nbformat.write(nb, path)
    return nb


def main(argv=None):
    """Execute the notebooks named on the command line, or every ``book/*.ipynb`` in order."""
    set_blas_threads()
    parser = argparse.ArgumentParser(description="Re-execute the book's notebooks in place.")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every book/*.ipynb")
    paths = parser.parse_args(argv).notebooks or sorted(BOOK.glob("*.ipynb"))
    warm_matplotlib()
    for path in paths:
        print(f"executing {path}", flush=True)
        execute(path.resolve())


if __name__ == "__main__":
    main()
