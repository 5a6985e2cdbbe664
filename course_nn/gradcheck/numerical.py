"""Central differences, the relative error of two gradients, and the check of a layer or a whole
model against them (chapter 2)."""

import copy

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """dF/dx by central differences, (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for each entry.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``. ``x`` is changed in place, one entry at a time, and restored, so ``f``
        may also read ``x`` through a closure (a layer's own parameter array, for instance).
    x : ndarray of float64, any shape
    eps : float
        Step size; the error of the estimate is of order eps^2.

    Returns
    -------
    ndarray, shape of ``x``

    See chapter 2.
    """
    f_plus, f_minus = _shifted_values(f, x, eps)
    return (f_plus - f_minus) / (2 * eps)


def _shifted_values(f, x, eps):
    """Arrays of the shape of ``x``: f(x + eps e_i) and f(x - eps e_i) for each entry i. Each
    entry is set back to its original value, never recomputed, so ``x`` ends exactly as it was."""
    f_plus, f_minus = np.zeros(x.shape), np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        f_plus[i] = f(x)
        x[i] = original - eps
        f_minus[i] = f(x)
        x[i] = original
    return f_plus, f_minus


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||): 0 for equal arrays, 1 for opposite ones.

    Returns 0 when both are 0, and inf when either contains NaN or inf: a gradient that is not
    finite is never close to anything. Under 1e-7 the two agree to about seven digits (a correct
    float64 gradient); around 1e-4 something is slightly off; 1e-2 or more means a bug.

    Parameters
    ----------
    a, b : ndarray, the same shape

    Returns
    -------
    float in [0, 1], or inf

    See chapter 2.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}: "
                         "compare a gradient with the gradient of the same array")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return float("inf")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def check_layer(layer, x, training=True, eps=1e-6, seed=12345):
    """Compare a layer's backward pass with central differences.

    The loss is L = sum(forward(x) * R) for a fixed random R, so dL/d(output) = R. The layer
    passed in is not changed: the check works on a copy.

    Parameters
    ----------
    layer : Layer
    x : ndarray, shape (m, n_in)
    training : bool
        Mode of the forward pass (BatchNorm differs between the two).
    eps : float
        Step of the central differences.
    seed : int
        Seed of R (not 0, which would make R equal to an ``x`` drawn with the same seed).

    Returns
    -------
    dict
        Relative error for the input, key ``"x"``, and for each parameter, keyed by its name;
        inf where a gradient contains NaN or inf.

    See chapter 2.
    """
    layer = copy.deepcopy(layer)
    x = np.array(x, dtype=np.float64)
    R = np.random.default_rng(seed).standard_normal(layer.forward(x, training=training).shape)

    def loss(_):
        return float(np.sum(layer.forward(x, training=training) * R))

    layer.forward(x, training=training)
    errors = {"x": relative_error(layer.backward(R), numerical_gradient(loss, x, eps))}
    for name, value in layer.params.items():
        errors[name] = relative_error(layer.grads[name], numerical_gradient(loss, value, eps))
    return errors


def check_model(model, loss, X, y, training=True, eps=1e-6):
    """Compare a whole model's backpropagation with central differences, parameter by parameter.

    The model and the loss passed in are not changed: the check works on copies.

    Parameters
    ----------
    model : Sequential
    loss : Loss
    X : ndarray, shape (m, n_0)
    y : ndarray, the targets the loss expects
    training : bool

    Returns
    -------
    dict
        Relative error per parameter, keyed like ``model.params()`` (``"0.W"``, ...); inf where
        a gradient contains NaN or inf.

    Notes
    -----
    A parameter whose true gradient is exactly 0, such as the bias of a Dense layer right before
    a BatchNorm (which subtracts it again), compares two rounding errors: its relative error is
    meaningless, often near 1. Look at the size of its gradient instead.

    See chapter 2.
    """
    model, loss = copy.deepcopy(model), copy.deepcopy(loss)

    def objective(_):
        return loss.forward(model.forward(X, training=training), y)

    objective(None)
    model.backward(loss.backward())
    analytic = {name: grad.copy() for name, grad in model.grads().items()}
    return {name: relative_error(analytic[name], numerical_gradient(objective, value, eps))
            for name, value in model.params().items()}
