"""Variants of the chapter 1 exercises: forward_341, stable_softmax, softmax_cross_entropy."""

import math

import numpy as np


def _sigma(z):
    return 1 / (1 + np.exp(-z))


# -------------------------------------------------------------------------------- forward_341
def forward_no_biases(X, W1, b1, W2, b2):
    """No biases."""
    return _sigma(_sigma(X @ W1) @ W2)


def forward_no_output_activation(X, W1, b1, W2, b2):
    """No sigmoid on the output layer."""
    return _sigma(X @ W1 + b1) @ W2 + b2


def forward_no_hidden_activation(X, W1, b1, W2, b2):
    """No sigmoid on the hidden layer."""
    return _sigma((X @ W1 + b1) @ W2 + b2)


def forward_tanh_hidden(X, W1, b1, W2, b2):
    """tanh on the hidden layer."""
    return _sigma(np.tanh(X @ W1 + b1) @ W2 + b2)


def forward_relu_hidden(X, W1, b1, W2, b2):
    """ReLU on the hidden layer."""
    return _sigma(np.maximum(X @ W1 + b1, 0) @ W2 + b2)


def forward_bias_after_activation(X, W1, b1, W2, b2):
    """The bias added after the activation."""
    return _sigma(_sigma(X @ W1) + b1) @ W2 + b2


def forward_column_vectors(X, W1, b1, W2, b2):
    """W.T @ x for column vectors, transposed back: right."""
    return _sigma(W2.T @ _sigma(W1.T @ X.T + b1[:, None]) + b2).T


def forward_overflowing_sigmoid(X, W1, b1, W2, b2):
    """sigma(z) = e^z / (1 + e^z): inf / inf = NaN for large z."""
    def sigma(z):
        return np.exp(z) / (1 + np.exp(z))
    return sigma(sigma(X @ W1 + b1) @ W2 + b2)


def forward_flat_output(X, W1, b1, W2, b2):
    """Returns shape (m,) instead of (m, 1)."""
    return _sigma(_sigma(X @ W1 + b1) @ W2 + b2).ravel()


def forward_sigmoid_sign(X, W1, b1, W2, b2):
    """sigma(z) = 1 / (1 + e^z), the sign of the exponent flipped."""
    def sigma(z):
        return 1 / (1 + np.exp(z))
    return sigma(sigma(X @ W1 + b1) @ W2 + b2)


def forward_output_bias_missing(X, W1, b1, W2, b2):
    """Only the output bias missing."""
    return _sigma(_sigma(X @ W1 + b1) @ W2)


def forward_returns_hidden(X, W1, b1, W2, b2):
    """Returns a1, the hidden activations."""
    return _sigma(X @ W1 + b1)


def forward_reference(X, W1, b1, W2, b2):
    """The two layers with @."""
    return _sigma(_sigma(X @ W1 + b1) @ W2 + b2)


def forward_einsum(X, W1, b1, W2, b2):
    """np.einsum for the products."""
    a1 = _sigma(np.einsum("mi,ij->mj", X, W1) + b1)
    return _sigma(np.einsum("mj,jk->mk", a1, W2) + b2)


def forward_loop(X, W1, b1, W2, b2):
    """A loop over the samples, with the tanh form of the sigmoid."""
    def sigma(z):
        return (1 + np.tanh(z / 2)) / 2
    return np.array([sigma(sigma(x @ W1 + b1) @ W2 + b2) for x in X])


# ----------------------------------------------------------------------------- stable_softmax
def softmax_per_column(z):
    """Normalizes each column."""
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_global_sum(z):
    """Divides by the sum of the whole array."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum()


def softmax_sum_without_keepdims(z):
    """e.sum(axis=1) without keepdims."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


def softmax_max_without_keepdims(z):
    """z.max(axis=1) without keepdims."""
    e = np.exp(z - z.max(axis=1))
    return e / e.sum(axis=1, keepdims=True)


def softmax_no_shift(z):
    """No shift: exp(1000) = inf."""
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def softmax_global_max(z):
    """Shifts by the maximum of the whole array."""
    e = np.exp(z - z.max())
    return e / e.sum(axis=1, keepdims=True)


def softmax_shift_by_min(z):
    """Shifts by each row's minimum: a row spanning 2000 overflows."""
    e = np.exp(z - z.min(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_shift_by_mean(z):
    """Shifts by each row's mean: a row spanning 2000 overflows."""
    e = np.exp(z - z.mean(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_in_place(z):
    """z -= max, in place."""
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def softmax_into_empty_like(z):
    """Fills np.empty_like(z): integer logits truncate to 0 and 1."""
    e = np.empty_like(z)
    e[...] = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_log_probabilities(z):
    """Returns the log-softmax."""
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def softmax_boolean_argmax(z):
    """The one-hot of the argmax (a 'hard' softmax)."""
    return (z == z.max(axis=1, keepdims=True)).astype(float)


def softmax_reference(z):
    """Shift by the row maximum, keepdims."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_new_axis(z):
    """[:, None] instead of keepdims, axis=-1."""
    e = np.exp(z - z.max(axis=-1)[:, None])
    return e / e.sum(axis=-1)[:, None]


def softmax_loop(z):
    """A loop over the rows with math.exp."""
    rows = []
    for row in np.asarray(z, dtype=float):
        top = max(row)
        e = [math.exp(v - top) for v in row]
        rows.append([v / sum(e) for v in e])
    return np.array(rows)


def softmax_log_sum_exp(z):
    """exp(z - logsumexp(z)), with np.logaddexp.reduce."""
    return np.exp(z - np.logaddexp.reduce(z, axis=1, keepdims=True))


# ---------------------------------------------------------------------- softmax_cross_entropy
def _log_probs(z):
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def ce_negated(z, y):
    """Minus the loss."""
    return float(np.mean(_log_probs(z)[np.arange(len(y)), y]))


def ce_divided_by_classes(z, y):
    """A mean over all m * C entries of -onehot * log p."""
    onehot = np.eye(z.shape[1])[y]
    return float(-np.mean(onehot * _log_probs(z)))


def ce_summed(z, y):
    """A sum over the samples."""
    return float(-np.sum(_log_probs(z)[np.arange(len(y)), y]))


def ce_log_of_softmax(z, y):
    """log of the softmax: log(0) = -inf when a probability underflows."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


def ce_every_row_every_label(z, y):
    """p[:, y], an (m, m) array."""
    return float(-np.mean(_log_probs(z)[:, y]))


def ce_no_shift(z, y):
    """No max shift: exp(1000) = inf."""
    return float(-np.mean((z - np.log(np.exp(z).sum(axis=1, keepdims=True)))[np.arange(len(y)), y]))


def ce_shift_by_min(z, y):
    """Shift by the row minimum: a row spanning 2000 overflows."""
    s = z - z.min(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(y)), y]))


def ce_log2(z, y):
    """log base 2."""
    return float(-np.mean(_log_probs(z)[np.arange(len(y)), y]) / np.log(2))


def ce_labels_off_by_one(z, y):
    """Labels taken as 1-based."""
    return float(-np.mean(_log_probs(z)[np.arange(len(y)), y - 1]))


def ce_clipped(z, y):
    """Clips the probabilities to [1e-12, 1] before the log, like BCELoss."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0))))


def ce_per_sample(z, y):
    """Returns the loss of every sample, no mean."""
    return -_log_probs(z)[np.arange(len(y)), y]


def ce_reference(z, y):
    """The log-sum-exp form."""
    return float(-np.mean(_log_probs(z)[np.arange(len(y)), y]))


def ce_one_hot(z, y):
    """-sum(onehot * log p) / m."""
    onehot = np.eye(z.shape[1])[y]
    return float(-np.sum(onehot * _log_probs(z)) / z.shape[0])


def ce_logaddexp_loop(z, y):
    """A loop over the samples with np.logaddexp.reduce."""
    losses = [np.logaddexp.reduce(row) - row[label] for row, label in zip(z, y)]
    return float(sum(losses) / len(losses))


VARIANTS = {
    "forward_341": {
        "wrong": [forward_no_biases, forward_no_output_activation, forward_no_hidden_activation,
                  forward_tanh_hidden, forward_relu_hidden, forward_bias_after_activation,
                  forward_overflowing_sigmoid, forward_flat_output, forward_sigmoid_sign,
                  forward_output_bias_missing, forward_returns_hidden],
        "right": [forward_reference, forward_einsum, forward_loop, forward_column_vectors],
    },
    "stable_softmax": {
        "wrong": [softmax_per_column, softmax_global_sum, softmax_sum_without_keepdims,
                  softmax_max_without_keepdims, softmax_no_shift, softmax_global_max,
                  softmax_shift_by_min, softmax_shift_by_mean, softmax_in_place,
                  softmax_into_empty_like, softmax_log_probabilities, softmax_boolean_argmax],
        "right": [softmax_reference, softmax_new_axis, softmax_loop, softmax_log_sum_exp],
    },
    "softmax_cross_entropy": {
        "wrong": [ce_negated, ce_divided_by_classes, ce_summed, ce_log_of_softmax,
                  ce_every_row_every_label, ce_no_shift, ce_shift_by_min, ce_log2,
                  ce_labels_off_by_one, ce_clipped, ce_per_sample],
        "right": [ce_reference, ce_one_hot, ce_logaddexp_loop],
    },
}
