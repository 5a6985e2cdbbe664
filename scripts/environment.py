"""How the book's notebooks run, wherever they run (the tests, execute_notebooks.py, benchmarks).

- One BLAS thread: the course's matrices are tiny, so one thread multiplies them fastest, and a
  notebook's run time does not collapse when the machine is busy (a multi-threaded 64 x 100
  product took 100 times longer on a loaded 2-core machine). Kernels started from this process
  inherit the setting. It must be set before NumPy is first imported.
- Matplotlib's font cache built beforehand, so that no notebook prints "building the font cache".

This module imports nothing heavy, so that it can come before NumPy.
"""

import os
import subprocess
import sys

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def set_blas_threads(threads=None):
    """Give BLAS ``threads`` threads; with None, one thread unless the environment says otherwise."""
    for variable in BLAS_THREAD_VARIABLES:
        if threads is None:
            os.environ.setdefault(variable, "1")
        else:
            os.environ[variable] = str(threads)


def warm_matplotlib():
    """Build matplotlib's font cache now, in a separate process, if it is not built yet."""
    subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], check=True)
