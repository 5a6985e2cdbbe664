"""Variants of the chapter 2 exercises added by the "deeper" issue: the softmax cross-entropy
gradient, a Dense layer's backward pass, the backward pass of a D-layer network, and the factor
behind a relative error."""

import numpy as np

from course_nn import sigmoid


# ------------------------------------------------------------ softmax_cross_entropy_backward
def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _onehot(y, n_classes):
    return np.eye(n_classes)[y]


def sce_no_mean(z, y):
    return _softmax(z) - _onehot(y, z.shape[1])


def sce_sign(z, y):
    return (_onehot(y, z.shape[1]) - _softmax(z)) / len(y)


def sce_over_entries(z, y):
    return (_softmax(z) - _onehot(y, z.shape[1])) / z.size


def sce_unshifted(z, y):
    with np.errstate(all="ignore"):
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return (p - _onehot(y, z.shape[1])) / len(y)


def sce_global_max(z, y):
    """Shifts by the largest logit of the whole batch: rows far below it underflow to 0 / 0."""
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max())
        p = e / e.sum(axis=1, keepdims=True)
    return (p - _onehot(y, z.shape[1])) / len(y)


def sce_softmax_over_samples(z, y):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return (e / e.sum(axis=0, keepdims=True) - _onehot(y, z.shape[1])) / len(y)


def sce_labels_as_values(z, y):
    return (_softmax(z) - y[:, None]) / len(y)


def sce_dl_dp(z, y):
    """The gradient with respect to the probabilities, -onehot / p / m, not the logits."""
    with np.errstate(all="ignore"):
        return -_onehot(y, z.shape[1]) / _softmax(z) / len(y)


def sce_diagonal_only(z, y):
    """Keeps only the diagonal p (1 - p) of the softmax Jacobian."""
    p = _softmax(z)
    return -(1 - p) * _onehot(y, z.shape[1]) / len(y)


def sce_predicted_class(z, y):
    return (_softmax(z) - _onehot(z.argmax(axis=1), z.shape[1])) / len(y)


def sce_in_place(z, y):
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return (z - _onehot(y, z.shape[1])) / len(y)


def sce_loop(z, y):
    grad = np.zeros(z.shape)
    for i in range(z.shape[0]):
        e = np.exp(z[i] - np.max(z[i]))
        grad[i] = e / e.sum()
        grad[i, y[i]] -= 1
    return grad / z.shape[0]


def sce_log_softmax(z, y):
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    grad = np.exp(log_p)
    grad[np.arange(len(y)), y] -= 1
    return grad / len(y)


# ---------------------------------------------------------------------------- dense_backward
def dense_transposed_dw(x, W, dout):
    return dout @ W.T, dout.T @ x, dout.sum(axis=0)


def dense_dx_without_transpose(x, W, dout):
    return dout @ W, x.T @ dout, dout.sum(axis=0)


def dense_mean_bias(x, W, dout):
    return dout @ W.T, x.T @ dout, dout.mean(axis=0)


def dense_bias_over_units(x, W, dout):
    return dout @ W.T, x.T @ dout, dout.sum(axis=1)


def dense_bias_keepdims(x, W, dout):
    return dout @ W.T, x.T @ dout, dout.sum(axis=0, keepdims=True)


def dense_dw_over_m(x, W, dout):
    return dout @ W.T, x.T @ dout / len(x), dout.sum(axis=0)


def dense_wrong_order(x, W, dout):
    return x.T @ dout, dout.sum(axis=0), dout @ W.T


def dense_bias_total(x, W, dout):
    return dout @ W.T, x.T @ dout, dout.sum()


def dense_dx_from_x(x, W, dout):
    return x @ W @ W.T, x.T @ dout, dout.sum(axis=0)


def dense_einsum(x, W, dout):
    return (np.einsum("mo,io->mi", dout, W), np.einsum("mi,mo->io", x, dout),
            np.einsum("mo->o", dout))


def dense_loop(x, W, dout):
    dx, dW, db = np.zeros(x.shape), np.zeros(W.shape), np.zeros(W.shape[1])
    for i in range(x.shape[0]):
        dx[i] = W @ dout[i]
        dW += np.outer(x[i], dout[i])
        db += dout[i]
    return dx, dW, db


# --------------------------------------------------------------------------- network_backward
def _forward(X, weights, biases, g):
    inputs, zs, a = [], [], X
    for W, b in zip(weights, biases):
        inputs.append(a)
        zs.append(a @ W + b)
        a = g(zs[-1])
    return inputs, zs


def _backward(X, y, weights, biases, g, g_prime, output_g=False, at_a=False, scale=1.0,
              sign=1.0, transposed=False, mean_bias=False, wrong_w=False, no_g=False):
    inputs, zs = _forward(X, weights, biases, g)
    dz = sign * (sigmoid(zs[-1]) - y) / len(X) * scale
    if output_g:
        dz = dz * g_prime(zs[-1])
    dWs, dbs = [None] * len(weights), [None] * len(weights)
    for l in reversed(range(len(weights))):
        dWs[l] = (dz.T @ inputs[l]).T if transposed and dz.shape[1] == inputs[l].shape[1] \
            else inputs[l].T @ dz
        dbs[l] = dz.mean(axis=0) if mean_bias else dz.sum(axis=0)
        if l > 0:
            W = weights[l - 1] if wrong_w and weights[l - 1].shape == weights[l].shape \
                else weights[l]
            da = dz @ W.T
            if no_g:
                dz = da
            else:
                dz = da * (g_prime(inputs[l]) if at_a else g_prime(zs[l - 1]))
    return dWs, dbs


def net_output_derivative(*args):
    return _backward(*args, output_g=True)


def net_derivative_at_a(*args):
    return _backward(*args, at_a=True)


def net_no_mean(X, *rest):
    return _backward(X, *rest, scale=len(X))


def net_sign(*args):
    return _backward(*args, sign=-1.0)


def net_mean_bias(*args):
    return _backward(*args, mean_bias=True)


def net_no_activation_derivative(*args):
    return _backward(*args, no_g=True)


def net_output_first(*args):
    dWs, dbs = _backward(*args)
    return dWs[::-1], dbs[::-1]


def net_sigmoid_output_twice(X, y, weights, biases, g, g_prime):
    """Treats the output as a sigmoid layer followed by BCE on probabilities: dz * a (1 - a)."""
    inputs, zs = _forward(X, weights, biases, g)
    a = sigmoid(zs[-1])
    dWs, dbs = _backward(X, y, weights, biases, g, g_prime)
    dz = (a - y) / len(X) * a * (1 - a)
    dWs[-1], dbs[-1] = inputs[-1].T @ dz, dz.sum(axis=0)
    return dWs, dbs


def net_reverses_the_list(X, y, weights, biases, g, g_prime):
    """Correct numbers, but reverses the caller's lists in place."""
    dWs, dbs = _backward(X, y, weights, biases, g, g_prime)
    weights.reverse()
    biases.reverse()
    return dWs, dbs


def net_recursive(X, y, weights, biases, g, g_prime):
    def through(l, a):
        """Forward from layer l, backward to it: (dL/da, dWs, dbs) of layers l .. D."""
        z = a @ weights[l] + biases[l]
        if l == len(weights) - 1:
            dz = (sigmoid(z) - y) / len(X)
            return dz @ weights[l].T, [a.T @ dz], [dz.sum(axis=0)]
        da, dWs, dbs = through(l + 1, g(z))
        dz = da * g_prime(z)
        return dz @ weights[l].T, [a.T @ dz] + dWs, [dz.sum(axis=0)] + dbs

    _, dWs, dbs = through(0, X)
    return dWs, dbs


def net_per_sample(X, y, weights, biases, g, g_prime):
    dWs = [np.zeros(W.shape) for W in weights]
    dbs = [np.zeros(b.shape) for b in biases]
    for i in range(len(X)):
        gW, gb = _backward(X[i:i + 1], y[i:i + 1], weights, biases, g, g_prime)
        for l in range(len(weights)):
            dWs[l] += gW[l] / len(X)
            dbs[l] += gb[l] / len(X)
    return dWs, dbs


# ------------------------------------------------------------------- scale_from_relative_error
def scale_inverse(r):
    return (1 - r) / (1 + r)


def scale_one_over(r):
    return 1 / (1 - r)


def scale_first_order(r):
    return 1 + 2 * r


def scale_one_plus_r(r):
    return 1 + r


def scale_minus_one(r):
    return (1 + r) / (1 - r) - 1


def scale_rounded(r):
    return float(round((1 + r) / (1 - r)))


def scale_squared(r):
    return 1 / (1 - r) ** 2


def scale_odds(r):
    return r / (1 - r)


def scale_truncated(r):
    return float(int((1 + r) / (1 - r)))


def scale_rewritten(r):
    return 1 + 2 * r / (1 - r)


def scale_bisection(r):
    """Solves rel(g, c g) = r numerically, with g = 1."""
    low, high = 1.0, 1e6
    for _ in range(200):
        c = (low + high) / 2
        low, high = (c, high) if (c - 1) / (c + 1) < r else (low, c)
    return (low + high) / 2


VARIANTS = {
    "softmax_cross_entropy_backward": {
        "wrong": [sce_no_mean, sce_sign, sce_over_entries, sce_unshifted, sce_global_max,
                  sce_softmax_over_samples, sce_labels_as_values, sce_dl_dp, sce_diagonal_only,
                  sce_predicted_class, sce_in_place],
        "right": [sce_loop, sce_log_softmax],
    },
    "dense_backward": {
        "wrong": [dense_transposed_dw, dense_dx_without_transpose, dense_mean_bias,
                  dense_bias_over_units, dense_bias_keepdims, dense_dw_over_m, dense_wrong_order,
                  dense_bias_total, dense_dx_from_x],
        "right": [dense_einsum, dense_loop],
    },
    "network_backward": {
        "wrong": [net_output_derivative, net_derivative_at_a, net_no_mean, net_sign,
                  net_mean_bias, net_no_activation_derivative, net_output_first,
                  net_sigmoid_output_twice, net_reverses_the_list],
        "right": [net_recursive, net_per_sample],
    },
    "scale_from_relative_error": {
        "wrong": [scale_inverse, scale_one_over, scale_first_order, scale_one_plus_r,
                  scale_minus_one, scale_rounded, scale_squared, scale_odds, scale_truncated],
        "right": [scale_rewritten, scale_bisection],
    },
}
