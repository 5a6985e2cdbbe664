"""Repository-wide pytest set-up: one BLAS thread, and nbval runs notebook cells as Jupyter does.

The course's matrices are tiny: with one BLAS thread they multiply fastest, and the notebooks'
run time does not collapse when the machine is busy (a multi-threaded 64 x 100 product took 100
times longer on a loaded 2-core machine). Kernels started by nbval and by the student-edition
test inherit the setting.

nbval 0.11 sends cells to the kernel with ``store_history=False``, so a trailing ``;`` does not
silence a cell's result as it does in Jupyter (nbval#194). Executing with ``store_history=True``
makes nbval's outputs equal to the ones Jupyter and ``scripts/execute_notebooks.py`` store.

A passing check records itself in the learner's progress file: the tests, and the kernels they
start, record into a temporary file instead (``COURSE_NN_PROGRESS``), never the user's.
"""

import os
import tempfile
from pathlib import Path

from nbval.kernel import RunningKernel

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
for variable in BLAS_THREAD_VARIABLES:
    os.environ.setdefault(variable, "1")

_PROGRESS_FOLDER = tempfile.TemporaryDirectory(prefix="course_nn-progress-")
os.environ["COURSE_NN_PROGRESS"] = str(Path(_PROGRESS_FOLDER.name) / "progress.json")


def _execute_cell_input(self, cell_input, allow_stdin=None):
    """Execute ``cell_input`` in the kernel as Jupyter does; return the request's message id."""
    return self.kc.execute(
        cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False
    )


RunningKernel.execute_cell_input = _execute_cell_input
