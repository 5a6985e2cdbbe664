"""``diagnose``: the first layer, walking back from the loss, whose backward pass disagrees with
central differences, and the ``GradientReport`` it prints (chapter 2)."""

import copy

import numpy as np

from .numerical import _shifted_values, relative_error


def diagnose(model, loss, X, y, n_samples=4, eps=1e-6, tol=1e-6, verbose=True):
    """Find the first layer, walking back from the loss, whose backward pass is wrong.

    Each layer is checked on its own, at the input it receives in a forward pass of the whole
    model: with a fixed random R as dL/d(output), the gradients its ``backward(R)`` returns
    (dL/dx and every parameter's) are compared with central differences of
    ``sum(layer.forward(x) * R)``. A wrong layer cannot hide behind a right one, and the first
    wrong layer from the loss is where the mistake enters backpropagation.

    Parameters
    ----------
    model : Sequential
        Its layers may be the learner's own ``Layer`` subclasses. Not changed: the check works on
        a float64 copy, in training mode.
    loss : Loss
        Its backward pass is checked too (``report.loss_error``).
    X : ndarray, shape (m, n_0)
    y : ndarray, the targets the loss expects
    n_samples : int
        The check uses the first ``n_samples`` rows of X and y (central differences cost two
        forward passes per number, so a small batch keeps it fast).
    eps : float
        Step of the central differences.
    tol : float
        A relative error above ``tol`` marks a gradient as wrong.
    verbose : bool
        Print the report's table.

    Returns
    -------
    GradientReport
        ``first_wrong``: the index in ``model.layers`` of the first wrong layer walking back from
        the loss, or None when every layer agrees; ``rows``: one per layer with its shapes and the
        relative error of dx and of each parameter; ``loss_error``.

    Notes
    -----
    No false alarms, by construction:

    - float32 models are cast to float64 first (central differences need its precision);
    - a layer that draws random numbers (dropout) gets the same numbers in every evaluation: the
      state of each ``numpy.random.Generator`` it holds, and of NumPy's global generator, is
      restored before each call of its forward pass;
    - R is random, so a gradient that is 0 in the model (the bias of a Dense layer right before
      BatchNorm) is not 0 in the check;
    - an entry where the function has a kink within ``eps`` (ReLU at 0) is left out: there the
      two one-sided differences disagree and neither is a derivative.

    See chapter 2.
    """
    model, loss = _as_float64(model), copy.deepcopy(loss)
    X = np.array(X, dtype=np.float64)[:n_samples]
    y = np.array(y)[:n_samples]
    rng = np.random.default_rng(12345)
    inputs, restores, output_shapes = [], [], []
    out = X
    for layer in model.layers:
        inputs.append(out.copy())
        restores.append(_randomness_restorer(layer))
        out = layer.forward(out, training=True)
        output_shapes.append(out.shape)
    y_hat = out.copy()
    loss.forward(y_hat, y)
    loss_error = _compare(lambda _: loss.forward(y_hat, y), {"y_hat": y_hat},
                          lambda: {"y_hat": loss.backward()}, eps)["y_hat"]
    rows = []
    for index, (layer, x, restore, shape) in enumerate(
            zip(model.layers, inputs, restores, output_shapes)):
        R = rng.standard_normal(shape)

        def objective(_, layer=layer, x=x, restore=restore, R=R):
            return float(np.sum(_forward(layer, x, restore) * R))

        def analytic(layer=layer, x=x, restore=restore, R=R):
            _forward(layer, x, restore)
            dx = layer.backward(R.copy())
            return {"x": dx} | {name: np.array(grad) for name, grad in layer.grads.items()}

        try:
            errors, problem = _compare(objective, {"x": x} | layer.params, analytic, eps), None
        except Exception as error:  # a learner's backward may raise: that layer is wrong
            errors = {"x": np.inf} | {name: np.inf for name in layer.params}
            problem = f"its backward raised {type(error).__name__}: {error}"
        rows.append({"index": index, "layer": repr(layer), "input_shape": x.shape,
                     "output_shape": R.shape, "errors": errors, "problem": problem})
    report = GradientReport(rows, loss_error, tol)
    if verbose:
        print(report)
    return report


class GradientReport:
    """What ``diagnose`` found: a row per layer and the first wrong one from the loss.

    Attributes
    ----------
    rows : list of dict
        ``index``, ``layer`` (its repr), ``input_shape``, ``output_shape`` and ``errors``: the
        relative error of ``"x"`` (dL/dx) and of each parameter (NaN where nothing could be
        compared; inf where backward returned no array of the right shape), and ``problem``
        (what went wrong when backward raised, else None).
    first_wrong : int or None
    loss_error : float
        Relative error of the loss's backward pass.
    tol : float
    """

    def __init__(self, rows, loss_error, tol):
        self.rows, self.loss_error, self.tol = rows, loss_error, tol
        wrong = [row["index"] for row in rows if self.is_wrong(row)]
        self.first_wrong = max(wrong) if wrong else None

    def is_wrong(self, row):
        """True when an error of the row is above ``tol`` (NaN, nothing compared, is not)."""
        return any(error > self.tol for error in row["errors"].values())

    def __repr__(self):
        return f"<GradientReport: first_wrong={self.first_wrong}>"

    def __str__(self):
        names = [f"{row['index']:>2} {row['layer']}" for row in self.rows]
        shapes = [f"{row['input_shape']} -> {row['output_shape']}" for row in self.rows]
        width = max(map(len, names + ["layer"]))  # the columns' headings fit too
        shape_width = max(map(len, shapes + ["input -> output"]))
        wrong = "  <- loss's backward is wrong" if self.loss_error > self.tol else ""
        lines = [f"{'layer':<{width}}  {'input -> output':<{shape_width}}  relative error",
                 f"{'loss':<{width}}  {'':<{shape_width}}  dy_hat {_shown(self.loss_error)}{wrong}"]
        for row, name, shape in reversed(list(zip(self.rows, names, shapes))):
            errors = "  ".join(f"d{key} {_shown(error)}" for key, error in row["errors"].items())
            marker = "  <- first wrong" if row["index"] == self.first_wrong else ""
            lines.append(f"{name:<{width}}  {shape:<{shape_width}}  {errors}{marker}")
            if row["problem"]:
                lines.append(f"{'':<{width}}  ({row['problem']})")
        verdict = (f"every backward pass agrees with central differences (within {self.tol:g})"
                   if self.first_wrong is None else
                   f"layer {self.first_wrong} is the first wrong one walking back from the loss:\n"
                   f"the mistake is in its backward (relative error above {self.tol:g})")
        return "\n".join(lines + [verdict])


def _shown(error):
    """A relative error for the table: below 1e-8 the digits are rounding noise, so "<1e-8"."""
    return "<1e-8" if error < 1e-8 else f"{error:.1e}"


def _forward(layer, x, restore):
    """The layer's training-mode output at ``x``, with its random numbers restored first."""
    restore()
    return layer.forward(x, training=True)


def _compare(objective, arrays, analytic, eps):
    """Relative error of ``analytic()[name]`` against central differences, for each array.

    ``objective`` reads the arrays through a closure; each is perturbed in place and restored.
    Entries at a kink (one-sided differences that disagree) are left out.
    """
    numeric = {name: _smooth_differences(objective, value, eps) for name, value in arrays.items()}
    computed = analytic()
    errors = {}
    for name, (gradient, smooth) in numeric.items():
        got = computed[name]
        if (not isinstance(got, np.ndarray) or got.shape != gradient.shape
                or not np.isfinite(got).all()):
            errors[name] = np.inf
        else:
            errors[name] = relative_error(got[smooth], gradient[smooth]) if smooth.any() else np.nan
    return errors


def _smooth_differences(f, x, eps):
    """Central differences of ``f`` at ``x``, and a mask of the entries with no kink within eps."""
    f_0 = f(x)
    f_plus, f_minus = _shifted_values(f, x, eps)
    right, left = (f_plus - f_0) / eps, (f_0 - f_minus) / eps
    smooth = np.abs(right - left) <= 1e-2 * (np.abs(right) + np.abs(left)) + 1e-5
    return (f_plus - f_minus) / (2 * eps), smooth


def _as_float64(model):
    """A deep copy of ``model`` whose float arrays (parameters, gradients, statistics) are float64."""
    model = copy.deepcopy(model)
    for layer in model.layers:
        for name, value in vars(layer).items():
            if isinstance(value, dict):
                for key, array in value.items():
                    if isinstance(array, np.ndarray) and array.dtype.kind == "f":
                        value[key] = array.astype(np.float64)
            elif isinstance(value, np.ndarray) and value.dtype.kind == "f":
                setattr(layer, name, value.astype(np.float64))
            elif isinstance(value, np.dtype) or value in (np.float32, np.float16):
                setattr(layer, name, np.dtype(np.float64))
    return model


def _randomness_restorer(layer):
    """A function that puts back, as they are now, the layer's generators and NumPy's global one."""
    generators = {name: copy.deepcopy(value.bit_generator.state)
                  for name, value in vars(layer).items() if isinstance(value, np.random.Generator)}
    global_state = np.random.get_state()

    def restore():
        for name, state in generators.items():
            getattr(layer, name).bit_generator.state = copy.deepcopy(state)
        np.random.set_state(global_state)
    return restore
