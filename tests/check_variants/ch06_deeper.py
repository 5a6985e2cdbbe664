"""Variants of the chapter 6 exercise added by the "deeper" issue: the backward pass of layer
normalization."""

import numpy as np


def _stats(x, eps, ddof=0):
    mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, ddof=ddof, keepdims=True)
    inv_std = 1 / np.sqrt(var + eps)
    return (x - mean) * inv_std, inv_std


def _dx(x_hat, inv_std, dx_hat, n, axis=1):
    return inv_std / n * (n * dx_hat - dx_hat.sum(axis=axis, keepdims=True)
                          - x_hat * np.sum(dx_hat * x_hat, axis=axis, keepdims=True))


def ln_batch_axis(x, gamma, dout, eps=1e-5):
    """Batch normalization's sums, over the samples."""
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dx_hat = dout * gamma
    with np.errstate(all="ignore"):
        dx = _dx(x_hat, inv_std, dx_hat, x.shape[0], axis=0)
    return dx, np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


def ln_no_variance_path(x, gamma, dout, eps=1e-5):
    x_hat, inv_std = _stats(x, eps)
    dx_hat, n = dout * gamma, x.shape[1]
    dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=1, keepdims=True))
    return dx, np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


def ln_no_mean_path(x, gamma, dout, eps=1e-5):
    x_hat, inv_std = _stats(x, eps)
    dx_hat, n = dout * gamma, x.shape[1]
    dx = inv_std / n * (n * dx_hat - x_hat * np.sum(dx_hat * x_hat, axis=1, keepdims=True))
    return dx, np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


def ln_unbiased(x, gamma, dout, eps=1e-5):
    x_hat, inv_std = _stats(x, eps, ddof=1)
    dx_hat = dout * gamma
    with np.errstate(all="ignore"):
        dx = _dx(x_hat, inv_std, dx_hat, x.shape[1])
    return dx, np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


def ln_eps_outside(x, gamma, dout, eps=1e-5):
    mean, std = x.mean(axis=1, keepdims=True), x.std(axis=1, keepdims=True)
    inv_std = 1 / (std + eps)
    x_hat = (x - mean) * inv_std
    dx_hat = dout * gamma
    return _dx(x_hat, inv_std, dx_hat, x.shape[1]), np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


def ln_without_gamma(x, gamma, dout, eps=1e-5):
    x_hat, inv_std = _stats(x, eps)
    return _dx(x_hat, inv_std, dout, x.shape[1]), np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


def ln_dgamma_per_sample(x, gamma, dout, eps=1e-5):
    x_hat, inv_std = _stats(x, eps)
    dx = _dx(x_hat, inv_std, dout * gamma, x.shape[1])
    return dx, np.sum(dout * x_hat, axis=1), dout.sum(axis=1)


def ln_dbeta_mean(x, gamma, dout, eps=1e-5):
    x_hat, inv_std = _stats(x, eps)
    dx = _dx(x_hat, inv_std, dout * gamma, x.shape[1])
    return dx, np.sum(dout * x_hat, axis=0), dout.mean(axis=0)


def ln_divides_by_m(x, gamma, dout, eps=1e-5):
    x_hat, inv_std = _stats(x, eps)
    dx_hat, n, m = dout * gamma, x.shape[1], x.shape[0]
    dx = inv_std / m * (n * dx_hat - dx_hat.sum(axis=1, keepdims=True)
                        - x_hat * np.sum(dx_hat * x_hat, axis=1, keepdims=True))
    return dx, np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


def ln_wrong_order(x, gamma, dout, eps=1e-5):
    x_hat, inv_std = _stats(x, eps)
    dx = _dx(x_hat, inv_std, dout * gamma, x.shape[1])
    return dx, dout.sum(axis=0), np.sum(dout * x_hat, axis=0)


def ln_in_place(x, gamma, dout, eps=1e-5):
    x_hat, inv_std = _stats(x, eps)
    dbeta, dgamma = dout.sum(axis=0), np.sum(dout * x_hat, axis=0)
    dout *= gamma
    return _dx(x_hat, inv_std, dout, x.shape[1]), dgamma, dbeta


def ln_three_paths(x, gamma, dout, eps=1e-5):
    """The chain rule written out: through x directly, through the variance, through the mean."""
    n = x.shape[1]
    mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    centred, std = x - mean, np.sqrt(var + eps)
    x_hat = centred / std
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * centred, axis=1, keepdims=True) * -0.5 * std ** -3
    dmean = -np.sum(dx_hat, axis=1, keepdims=True) / std
    dx = dx_hat / std + dvar * 2 * centred / n + dmean / n
    return dx, np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


def ln_jacobian(x, gamma, dout, eps=1e-5):
    """Row by row, the Jacobian of x_hat with respect to x: (I - 1/n - x_hat x_hat^T / n) / std."""
    m, n = x.shape
    dx, x_hats = np.zeros(x.shape), np.zeros(x.shape)
    for i in range(m):
        std = np.sqrt(x[i].var() + eps)
        x_hat = (x[i] - x[i].mean()) / std
        J = (np.eye(n) - 1 / n - np.outer(x_hat, x_hat) / n) / std
        dx[i] = np.einsum("k,kj->j", dout[i] * gamma, J)
        x_hats[i] = x_hat
    return dx, np.einsum("ij,ij->j", dout, x_hats), dout.sum(axis=0)


VARIANTS = {
    "layernorm_backward": {
        "wrong": [ln_batch_axis, ln_no_variance_path, ln_no_mean_path, ln_unbiased,
                  ln_eps_outside, ln_without_gamma, ln_dgamma_per_sample, ln_dbeta_mean,
                  ln_divides_by_m, ln_wrong_order, ln_in_place],
        "right": [ln_three_paths, ln_jacobian],
    },
}
