"""Shared helpers for the unit tests of ``course_nn``.

The gradient checks here are written independently of ``course_nn.gradcheck`` so that a
mistake in that module cannot hide a mistake in a layer.
"""

from __future__ import annotations

import numpy as np

# Every floating-point problem except underflow (which is harmless: exp(-1e4) -> 0) is an error.
STRICT_FP = dict(over="raise", divide="raise", invalid="raise", under="ignore")


def central_difference(f, x, eps=1e-6):
    """Central-difference gradient of the scalar function ``f()`` with respect to the array ``x``.

    ``x`` is perturbed in place, one element at a time, and restored; ``f`` takes no
    argument and must read ``x`` (e.g. a layer's own parameter array) itself.
    """
    grad = np.zeros(x.shape, dtype=np.float64)
    flat = x.reshape(-1)  # a view: writing into it writes into x
    assert np.shares_memory(flat, x)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = f()
        flat[i] = old - eps
        f_minus = f()
        flat[i] = old
        grad.reshape(-1)[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def rel_error(a, b):
    """Norm-based relative error ||a - b|| / (||a|| + ||b||), 0 when both are 0."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    if denom == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / denom)


def layer_gradient_errors(layer, x, rng, training=True):
    """Compare a layer's backward pass with central differences.

    Uses the scalar f = sum(layer.forward(x) * R) for a fixed random R, whose gradient with
    respect to the layer output is R. Returns {"x": err, <param name>: err, ...}.
    """
    x = np.array(x, dtype=np.float64)
    out = layer.forward(x, training=training)
    R = rng.standard_normal(out.shape)
    dx = layer.backward(R.copy())
    analytic = {"x": np.array(dx, dtype=np.float64)}
    for name in layer.params:
        analytic[name] = np.array(layer.grads[name], dtype=np.float64)

    def f():
        return float(np.sum(layer.forward(x, training=training) * R))

    errors = {"x": rel_error(analytic["x"], central_difference(f, x))}
    for name, p in layer.params.items():
        errors[name] = rel_error(analytic[name], central_difference(f, p))
    return errors


def snapshot(arrays):
    """Deep copies of a dict of arrays."""
    return {k: np.array(v, copy=True) for k, v in arrays.items()}


def assert_same_arrays(before, after):
    assert set(before) == set(after)
    for k in before:
        np.testing.assert_array_equal(after[k], before[k], err_msg=f"{k} changed")
