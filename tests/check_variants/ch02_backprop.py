"""Variants of the chapter 2 exercises: backward_341, numerical_gradient, relative_error."""

import math

import numpy as np


def _sigma(z):
    return 1 / (1 + np.exp(-z))


# ------------------------------------------------------------------------------- backward_341
def _forward(X, W1, b1, W2, b2):
    a1 = _sigma(X @ W1 + b1)
    return a1, _sigma(a1 @ W2 + b2)


def backward_transposed(X, y, W1, b1, W2, b2):
    """dW = dz.T @ a: the transpose of each weight gradient."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return dz1.T @ X, dz1.sum(axis=0), dz2.T @ a1, dz2.sum(axis=0)


def backward_output_derivative_twice(X, y, W1, b1, W2, b2):
    """Multiplies dz2 by a2 (1 - a2) again."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X) * a2 * (1 - a2)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)


def backward_derivative_of_a(X, y, W1, b1, W2, b2):
    """sigma'(a1) instead of sigma'(z1)."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * _sigma(a1) * (1 - _sigma(a1))
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)


def backward_no_mean(X, y, W1, b1, W2, b2):
    """dz2 = a2 - y, without the 1/m."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = a2 - y
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)


def backward_bias_mean(X, y, W1, b1, W2, b2):
    """db = dz.mean(axis=0): a second 1/m."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.mean(axis=0), a1.T @ dz2, dz2.mean(axis=0)


def backward_bias_not_summed(X, y, W1, b1, W2, b2):
    """db = dz, one row per sample."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1, a1.T @ dz2, dz2


def backward_bias_keepdims(X, y, W1, b1, W2, b2):
    """db with keepdims=True: shape (1, n) instead of (n,)."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0, keepdims=True), a1.T @ dz2, dz2.sum(axis=0, keepdims=True)


def backward_w2_not_transposed(X, y, W1, b1, W2, b2):
    """dz2 @ W2 without the transpose: a shape error."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)


def backward_sign(X, y, W1, b1, W2, b2):
    """dz2 = (y - a2) / m."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (y - a2) / len(X)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)


def backward_z1_for_dw2(X, y, W1, b1, W2, b2):
    """dW2 from z1 instead of a1."""
    z1 = X @ W1 + b1
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), z1.T @ dz2, dz2.sum(axis=0)


def backward_forgets_db2(X, y, W1, b1, W2, b2):
    """Returns three gradients, db2 missing."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2


def backward_wrong_order(X, y, W1, b1, W2, b2):
    """Returns (dW2, db2, dW1, db1)."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return a1.T @ dz2, dz2.sum(axis=0), X.T @ dz1, dz1.sum(axis=0)


def backward_half_derivative(X, y, W1, b1, W2, b2):
    """sigma'(z1) written as (1 - a1) only."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)


def backward_reference(X, y, W1, b1, W2, b2):
    """The chapter's table."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    dz2 = (a2 - y) / len(X)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)


def backward_chain_rule_list(X, y, W1, b1, W2, b2):
    """dL/da2 times sigma'(z2) written out, einsum, and a list returned."""
    a1, a2 = _forward(X, W1, b1, W2, b2)
    m = X.shape[0]
    da2 = (a2 - y) / (a2 * (1 - a2)) / m
    dz2 = da2 * a2 * (1 - a2)
    dz1 = np.einsum("mk,jk->mj", dz2, W2) * a1 * (1 - a1)
    return [np.einsum("mi,mj->ij", X, dz1), dz1.sum(axis=0), np.einsum("mj,mk->jk", a1, dz2),
            dz2.sum(axis=0)]


def backward_per_sample_loop(X, y, W1, b1, W2, b2):
    """A loop over the samples, accumulating each sample's gradients."""
    m = X.shape[0]
    dW1, db1, dW2, db2 = (np.zeros_like(p, dtype=float) for p in (W1, b1, W2, b2))
    for x, t in zip(X, y):
        a1 = _sigma(x @ W1 + b1)
        a2 = _sigma(a1 @ W2 + b2)
        dz2 = (a2 - t) / m
        dz1 = (W2 @ dz2) * a1 * (1 - a1)
        dW2 += np.outer(a1, dz2)
        db2 += dz2
        dW1 += np.outer(x, dz1)
        db1 += dz1
    return dW1, db1, dW2, db2


# ------------------------------------------------------------------------- numerical_gradient
def numgrad_forward_difference(f, x, eps=1e-6):
    """(f(x + eps) - f(x)) / eps."""
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x_plus = x.copy()
        x_plus[i] += eps
        grad[i] = (f(x_plus) - f(x)) / eps
    return grad


def numgrad_over_eps(f, x, eps=1e-6):
    """Divides by eps instead of 2 eps."""
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += eps
        x_minus[i] -= eps
        grad[i] = (f(x_plus) - f(x_minus)) / eps
    return grad


def numgrad_all_at_once(f, x, eps=1e-6):
    """Moves every entry at once."""
    return np.full(x.shape, (f(x + eps) - f(x - eps)) / (2 * eps))


def numgrad_not_restored_exactly(f, x, eps=1e-6):
    """x[i] += eps, x[i] -= 2 eps, x[i] += eps: rounding leaves x changed."""
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += eps
        f_plus = f(x)
        x[i] -= 2 * eps
        f_minus = f(x)
        x[i] += eps
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def numgrad_not_restored(f, x, eps=1e-6):
    """Never puts x[i] back."""
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        f_plus = f(x)
        x[i] = original - eps
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def numgrad_in_float32(f, x, eps=1e-6):
    """Works on a float32 copy: eps = 1e-6 is lost in rounding."""
    x32 = x.astype(np.float32)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x_plus, x_minus = x32.copy(), x32.copy()
        x_plus[i] += eps
        x_minus[i] -= eps
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * eps)
    return grad


def numgrad_ignores_eps(f, x, eps=1e-6):
    """Uses a fixed step 1e-5 whatever eps is."""
    h = 1e-5
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += h
        x_minus[i] -= h
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad


def numgrad_default_eps(f, x, eps=1e-2):
    """A default eps of 1e-2."""
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += eps
        x_minus[i] -= eps
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * eps)
    return grad


def numgrad_precedence(f, x, eps=1e-6):
    """(f_plus - f_minus) / 2 * eps."""
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += eps
        x_minus[i] -= eps
        grad[i] = (f(x_plus) - f(x_minus)) / 2 * eps
    return grad


def numgrad_first_axis_only(f, x, eps=1e-6):
    """Loops over range(len(x)): a whole row moves at once for a 2-D x."""
    grad = np.zeros(x.shape)
    for i in range(len(x)):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += eps
        x_minus[i] -= eps
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * eps)
    return grad


def numgrad_flat(f, x, eps=1e-6):
    """Returns the gradient flattened."""
    grad = []
    for i in np.ndindex(x.shape):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += eps
        x_minus[i] -= eps
        grad.append((f(x_plus) - f(x_minus)) / (2 * eps))
    return np.array(grad)


def numgrad_reference(f, x, eps=1e-6):
    """In place, saving and restoring x[i]."""
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        f_plus = f(x)
        x[i] = original - eps
        f_minus = f(x)
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def numgrad_copies_flat(f, x, eps=1e-6):
    """Copies of x, indexed through .flat."""
    grad = np.zeros(x.size)
    for k in range(x.size):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus.flat[k] += eps
        x_minus.flat[k] -= eps
        grad[k] = (f(x_plus) - f(x_minus)) / (2 * eps)
    return grad.reshape(x.shape)


# ----------------------------------------------------------------------------- relative_error
def relerr_absolute(a, b):
    """||a - b|| alone."""
    return float(np.linalg.norm(a - b))


def relerr_unguarded(a, b):
    """No guard: 0 / 0 = NaN when both are zero."""
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def relerr_relative_to_a(a, b):
    """Divides by ||a|| only."""
    return float(np.linalg.norm(a - b) / np.linalg.norm(a))


def relerr_entrywise(a, b):
    """The mean of entrywise relative errors."""
    return float(np.mean(np.abs(a - b) / (np.abs(a) + np.abs(b))))


def relerr_max_norm(a, b):
    """The max norm instead of the Euclidean one."""
    scale = np.max(np.abs(a)) + np.max(np.abs(b))
    return float(np.max(np.abs(a - b)) / scale) if scale > 0 else 0.0


def relerr_max_of_norms(a, b):
    """Divides by max(||a||, ||b||)."""
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def relerr_norm_of_sum(a, b):
    """Divides by ||a + b||."""
    scale = np.linalg.norm(a + b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def relerr_squared(a, b):
    """Squared norms."""
    scale = np.sum(a ** 2) + np.sum(b ** 2)
    return float(np.sum((a - b) ** 2) / scale) if scale > 0 else 0.0


def relerr_eps_in_denominator(a, b):
    """+ 1e-8 in the denominator."""
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b) + 1e-8))


def relerr_l1(a, b):
    """The L1 norm."""
    scale = np.abs(a).sum() + np.abs(b).sum()
    return float(np.abs(a - b).sum() / scale) if scale > 0 else 0.0


def relerr_guard_on_a(a, b):
    """Returns 0 whenever a is zero."""
    if np.linalg.norm(a) == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def relerr_in_float32(a, b):
    """Computes in float32."""
    a, b = a.astype(np.float32), b.astype(np.float32)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def relerr_reference(a, b):
    """norm(a - b) / (norm(a) + norm(b)), 0.0 when the scale is 0."""
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def relerr_sqrt_of_sums(a, b):
    """The norms written with sqrt and sum, guarded by array_equal."""
    if np.array_equal(a, b):
        return 0.0
    return float(np.sqrt(np.sum((a - b) ** 2))
                 / (np.sqrt(np.sum(a ** 2)) + np.sqrt(np.sum(b ** 2))))


def relerr_loop(a, b):
    """A loop over the flat entries with math.hypot."""
    diff = math.hypot(*(x - y for x, y in zip(np.ravel(a), np.ravel(b))))
    scale = math.hypot(*np.ravel(a)) + math.hypot(*np.ravel(b))
    return diff / scale if scale else 0.0


VARIANTS = {
    "backward_341": {
        "wrong": [backward_transposed, backward_output_derivative_twice, backward_derivative_of_a,
                  backward_no_mean, backward_bias_mean, backward_bias_not_summed,
                  backward_bias_keepdims, backward_w2_not_transposed, backward_sign,
                  backward_z1_for_dw2, backward_forgets_db2, backward_wrong_order,
                  backward_half_derivative],
        "right": [backward_reference, backward_chain_rule_list, backward_per_sample_loop],
    },
    "numerical_gradient": {
        "wrong": [numgrad_forward_difference, numgrad_over_eps, numgrad_all_at_once,
                  numgrad_not_restored_exactly, numgrad_not_restored, numgrad_in_float32,
                  numgrad_ignores_eps, numgrad_default_eps, numgrad_precedence,
                  numgrad_first_axis_only, numgrad_flat],
        "right": [numgrad_reference, numgrad_copies_flat],
    },
    "relative_error": {
        "wrong": [relerr_absolute, relerr_unguarded, relerr_relative_to_a, relerr_entrywise,
                  relerr_max_norm, relerr_max_of_norms, relerr_norm_of_sum, relerr_squared,
                  relerr_eps_in_denominator, relerr_l1, relerr_guard_on_a, relerr_in_float32],
        "right": [relerr_reference, relerr_sqrt_of_sums, relerr_loop],
    },
}
