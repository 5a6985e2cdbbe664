"""Variants of the chapter 3 exercises added by the "deeper" issue: which ReLU units are dead,
PReLU's backward pass, and the derivative conventions at z = 0."""

import numpy as np


# -------------------------------------------------------------------------------- dead_units
def _z(X, W, b):
    return np.asarray(X) @ W + b


def dead_strict(X, W, b):
    return np.flatnonzero(np.all(_z(X, W, b) < 0, axis=0))


def dead_any(X, W, b):
    return np.flatnonzero(np.any(_z(X, W, b) <= 0, axis=0))


def dead_without_bias(X, W, b):
    return np.flatnonzero(np.all(np.asarray(X) @ W <= 0, axis=0))


def dead_per_sample(X, W, b):
    return np.flatnonzero(np.all(_z(X, W, b) <= 0, axis=1))


def dead_mask(X, W, b):
    return np.all(_z(X, W, b) <= 0, axis=0)


def dead_mask_as_float(X, W, b):
    return np.all(_z(X, W, b) <= 0, axis=0).astype(float)


def dead_count(X, W, b):
    return int(np.all(_z(X, W, b) <= 0, axis=0).sum())


def dead_one_based(X, W, b):
    return np.flatnonzero(np.all(_z(X, W, b) <= 0, axis=0)) + 1


def dead_mean_negative(X, W, b):
    return np.flatnonzero(_z(X, W, b).mean(axis=0) <= 0)


def dead_negative_weights(X, W, b):
    return np.flatnonzero(np.all(W <= 0, axis=0))


def dead_loop(X, W, b):
    X = np.asarray(X, dtype=float)
    dead = []
    for unit in range(W.shape[1]):
        if all(x @ W[:, unit] + b[unit] <= 0 for x in X):
            dead.append(unit)
    return np.array(dead, dtype=int)


def dead_relu_max(X, W, b):
    return np.where(np.maximum(_z(X, W, b), 0).max(axis=0) == 0)[0]


def dead_none_positive(X, W, b):
    return np.flatnonzero(~np.any(_z(X, W, b) > 0, axis=0))


# ---------------------------------------------------------------------------- prelu_backward
def _slope(z, alpha):
    return np.where(z > 0, 1.0, alpha)


def prelu_one_at_zero(z, alpha, dout):
    return dout * np.where(z >= 0, 1.0, alpha), float(np.sum(dout * np.minimum(z, 0)))


def prelu_dalpha_everywhere(z, alpha, dout):
    return dout * _slope(z, alpha), float(np.sum(dout * z))


def prelu_dalpha_from_output(z, alpha, dout):
    return dout * _slope(z, alpha), float(np.sum(dout * alpha * np.minimum(z, 0)))


def prelu_dalpha_mean(z, alpha, dout):
    return dout * _slope(z, alpha), float(np.mean(dout * np.minimum(z, 0)))


def prelu_dalpha_per_unit(z, alpha, dout):
    return dout * _slope(z, alpha), np.sum(dout * np.minimum(z, 0), axis=0)


def prelu_dalpha_without_z(z, alpha, dout):
    return dout * _slope(z, alpha), float(np.sum(np.where(z > 0, 0.0, dout)))


def prelu_relu_backward(z, alpha, dout):
    return dout * (z > 0), float(np.sum(dout * np.minimum(z, 0)))


def prelu_alpha_everywhere(z, alpha, dout):
    return dout * alpha, float(np.sum(dout * np.minimum(z, 0)))


def prelu_dalpha_over_m(z, alpha, dout):
    return dout * _slope(z, alpha), float(np.sum(dout * np.minimum(z, 0))) / len(z)


def prelu_forgets_dout(z, alpha, dout):
    return _slope(z, alpha), float(np.sum(dout * np.minimum(z, 0)))


def prelu_loop(z, alpha, dout):
    dz, dalpha = np.zeros(z.shape), 0.0
    for index in np.ndindex(z.shape):
        if z[index] > 0:
            dz[index] = dout[index]
        else:
            dz[index] = alpha * dout[index]
            dalpha += dout[index] * z[index]
    return dz, dalpha


def prelu_masks(z, alpha, dout):
    negative = z <= 0
    return dout * (~negative + alpha * negative), float(np.einsum("ij,ij->", dout, z * negative))


# ------------------------------------------------------------------------ derivative_at_zero
def zero_one_convention(alpha):
    return 1.0, (1 + alpha) / 2


def zero_half_estimate(alpha):
    return float(alpha), 0.5


def zero_estimate_is_convention(alpha):
    return float(alpha), float(alpha)


def zero_both_average(alpha):
    return (1 + alpha) / 2, (1 + alpha) / 2


def zero_without_half(alpha):
    return float(alpha), 1 + alpha


def zero_minus_sign(alpha):
    return float(alpha), (1 - alpha) / 2


def zero_relu_convention(alpha):
    return 0.0, (1 + alpha) / 2


def zero_estimate_one(alpha):
    return float(alpha), 1.0


def zero_as_list(alpha):
    return [float(alpha), (1 + alpha) / 2]


def zero_computed(alpha):
    eps = 1e-6

    def f(z):
        return z if z > 0 else alpha * z

    return float(np.where(0.0 > 0, 1.0, alpha)), (f(eps) - f(-eps)) / (2 * eps)


def zero_written_out(alpha):
    return alpha * 1.0, 0.5 + alpha / 2


VARIANTS = {
    "dead_units": {
        "wrong": [dead_strict, dead_any, dead_without_bias, dead_per_sample, dead_mask,
                  dead_mask_as_float, dead_count, dead_one_based, dead_mean_negative,
                  dead_negative_weights],
        "right": [dead_loop, dead_relu_max, dead_none_positive],
    },
    "prelu_backward": {
        "wrong": [prelu_one_at_zero, prelu_dalpha_everywhere, prelu_dalpha_from_output,
                  prelu_dalpha_mean, prelu_dalpha_per_unit, prelu_dalpha_without_z,
                  prelu_relu_backward, prelu_alpha_everywhere, prelu_dalpha_over_m,
                  prelu_forgets_dout],
        "right": [prelu_loop, prelu_masks],
    },
    "derivative_at_zero": {
        "wrong": [zero_one_convention, zero_half_estimate, zero_estimate_is_convention,
                  zero_both_average, zero_without_half, zero_minus_sign, zero_relu_convention,
                  zero_estimate_one],
        "right": [zero_computed, zero_written_out, zero_as_list],
    },
}
