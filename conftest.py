"""Repository-wide pytest set-up: one BLAS thread, and nbval runs notebook cells as Jupyter does.

One BLAS thread (``scripts/environment.py`` says why): kernels started by nbval and by the
student-edition test inherit the setting.

nbval 0.11 sends cells to the kernel with ``store_history=False``, so a trailing ``;`` does not
silence a cell's result as it does in Jupyter (nbval#194). Executing with ``store_history=True``
makes nbval's outputs equal to the ones Jupyter and ``scripts/execute_notebooks.py`` store.

A passing check records itself in the learner's progress file: the tests, and the kernels they
start, record into a temporary file instead (``COURSE_NN_PROGRESS``), never the user's.
"""

import inspect
import os
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "scripts"))
from environment import set_blas_threads

set_blas_threads()

from nbval.kernel import RunningKernel

PATCHED = "execute_cell_input"
_original = getattr(RunningKernel, PATCHED, None)
if _original is None or list(inspect.signature(_original).parameters) != [
        "self", "cell_input", "allow_stdin"]:
    raise RuntimeError(
        f"nbval.kernel.RunningKernel.{PATCHED}(self, cell_input, allow_stdin), which conftest.py "
        f"replaces to run cells with store_history=True, is missing or has changed in nbval "
        f"{version('nbval')}: pin nbval to 0.11 (requirements.txt) or update conftest.py")

_PROGRESS_FOLDER = tempfile.TemporaryDirectory(prefix="course_nn-progress-")
os.environ["COURSE_NN_PROGRESS"] = str(Path(_PROGRESS_FOLDER.name) / "progress.json")


def _execute_cell_input(self, cell_input, allow_stdin=None):
    """Execute ``cell_input`` in the kernel as Jupyter does; return the request's message id."""
    return self.kc.execute(
        cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False
    )


setattr(RunningKernel, PATCHED, _execute_cell_input)
