"""Repository-wide pytest set-up: nbval runs notebook cells as Jupyter does.

nbval 0.11 sends cells to the kernel with ``store_history=False``, so a trailing ``;`` does not
silence a cell's result as it does in Jupyter (nbval#194). Executing with ``store_history=True``
makes nbval's outputs equal to the ones Jupyter and ``scripts/execute_notebooks.py`` store.
"""

from nbval.kernel import RunningKernel


def _execute_cell_input(self, cell_input, allow_stdin=None):
    """Execute ``cell_input`` in the kernel as Jupyter does; return the request's message id."""
    return self.kc.execute(
        cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False
    )


RunningKernel.execute_cell_input = _execute_cell_input
