"""Checks of chapter 6, batch normalization: the forward pass in training mode, the backward
pass (the gradient with respect to the input), and the update of the running statistics.

Each reference is course_nn's own ``BatchNorm`` layer. Each check lists the mistakes a learner is
likely to make, and its first case tells every mistake apart from the right answer and from the
other mistakes.
"""

import numpy as np

from ..layers import BatchNorm, LayerNorm
from .core import Case, Check, Mistake, quiet

__all__ = ["batchnorm_forward", "batchnorm_backward", "running_update", "layernorm_backward"]


def _layer(gamma, eps=1e-5, momentum=0.1):
    """A BatchNorm layer with the given gamma (beta stays 0 unless set by the caller)."""
    layer = BatchNorm(len(gamma), momentum=momentum, eps=eps)
    layer.params["gamma"][...] = gamma
    return layer


_rng = np.random.default_rng(6)
# Three features of very different scales; the third has a small variance, so eps matters.
_X43 = _rng.normal(size=(4, 3)) * np.array([2.0, 0.5, 0.01]) + np.array([1.0, -3.0, 0.5])
_X62 = _rng.normal(size=(6, 2))
_X_CONST = np.array([[1.0, 2.0], [3.0, 2.0], [-0.5, 2.0]])
_GAMMA3, _BETA3 = np.array([1.5, 0.5, 2.0]), np.array([0.1, -0.2, 0.3])
# A near-constant feature with a large offset, 1e6 plus noise of size 0.01: the one-pass variance
# E[x^2] - E[x]^2 cancels to 0 (or below), and float32 cannot even store the noise.
_X_OFFSET = np.column_stack([1e6 + 0.01 * _rng.normal(size=5), _rng.normal(size=5)])
# Pixel-like integer inputs.
_X_INT = np.array([[0, 16, 3], [4, 12, 3], [9, 0, 5], [16, 7, 3]])


# --------------------------------------------------------------------------- batchnorm_forward
def _forward(x, gamma, beta, eps=1e-5):
    """The reference: course_nn's BatchNorm in training mode."""
    layer = _layer(gamma, eps=eps)
    layer.params["beta"][...] = beta
    return layer.forward(x, training=True)


def _forward_variant(x, gamma, beta, eps=1e-5, ddof=0, axis=0, use_eps=True, affine=True):
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, ddof=ddof, keepdims=True)
    x_hat = (x - mean) / np.sqrt(var + (eps if use_eps else 0.0))
    return gamma * x_hat + beta if affine else x_hat


batchnorm_forward = Check(
    "batchnorm_forward",
    reference=_forward,
    cases=[
        Case((_X43, _GAMMA3, _BETA3), "4 samples, 3 features, gamma and beta not 1 and 0"),
        Case((_X62, np.ones(2), np.zeros(2)), "6 samples, 2 features, gamma = 1 and beta = 0"),
        Case((_X_CONST, np.array([2.0, 3.0]), np.array([0.5, -1.0])),
             "the second feature is constant over the batch (variance 0)"),
        Case((_X43, _GAMMA3, _BETA3), "eps = 0.1 passed as an argument", {"eps": 0.1}),
        Case((_X_OFFSET, np.array([1.0, 2.0]), np.array([0.0, 1.0])),
             "a feature of 1e6 plus noise of size 0.01: the variance must be computed from "
             "the deviations x - mean"),
        Case((_X_INT, _GAMMA3, _BETA3), "integer inputs (dtype int), 4 samples, 3 features"),
    ],
    mistakes=[
        Mistake(quiet(lambda x, gamma, beta, eps=1e-5: _forward_variant(x, gamma, beta, eps,
                                                                         use_eps=False)),
                "add eps to the variance, inside the square root: without it a constant "
                "feature divides 0 by 0."),
        Mistake(lambda x, gamma, beta, eps=1e-5: _forward_variant(x, gamma, beta, eps, ddof=1),
                "in training mode BatchNorm normalizes with the biased batch variance, the mean "
                "of (x - mean)**2 (np.var's default, ddof=0), not the unbiased one."),
        Mistake(lambda x, gamma, beta, eps=1e-5: _forward_variant(x, gamma, beta, eps, axis=1),
                "the statistics are per feature, over the samples of the batch: take the mean "
                "and variance of each column (axis=0), not of each row."),
        Mistake(lambda x, gamma, beta, eps=1e-5: _forward_variant(x, gamma, beta, eps,
                                                                  affine=False),
                "after normalizing, scale by gamma and shift by beta: out = gamma * x_hat + beta."),
        Mistake(lambda x, gamma, beta, eps=1e-5: gamma * (x - x.mean(axis=0))
                / (x.std(axis=0) + eps) + beta,
                "eps goes INSIDE the square root, added to the variance: sqrt(var + eps), "
                "not sqrt(var) + eps."),
    ],
    hint="each feature (column) is normalized with its own mean and biased variance over the "
         "samples of the batch, with eps added to the variance under the square root; then "
         "scaled by gamma and shifted by beta. Compute the variance from the deviations from "
         "the mean, and return a float array without changing x.",
    recipe="mean = x.mean(axis=0); var = x.var(axis=0); x_hat = (x - mean) / np.sqrt(var + "
           "eps); return gamma * x_hat + beta",
)


# -------------------------------------------------------------------------- batchnorm_backward
_DOUT43 = _rng.normal(size=(4, 3))
_DOUT62 = _rng.normal(size=(6, 2))
_X22, _DOUT22 = np.array([[0.3, -1.0], [1.1, 2.0]]), np.array([[0.5, -0.2], [1.0, 0.7]])


def _backward(dout, x, gamma, eps=1e-5):
    """The reference: course_nn's BatchNorm, forward in training mode, then backward."""
    layer = _layer(gamma, eps=eps)
    layer.forward(x, training=True)
    return layer.backward(dout)


def _backward_variant(dout, x, gamma, eps=1e-5, mean_term=True, var_term=True, use_gamma=True):
    m = x.shape[0]
    inv_std = 1 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dx_hat = dout * gamma if use_gamma else dout
    result = m * dx_hat
    if mean_term:
        result = result - dx_hat.sum(axis=0)
    if var_term:
        result = result - x_hat * np.sum(dx_hat * x_hat, axis=0)
    return inv_std / m * result


batchnorm_backward = Check(
    "batchnorm_backward",
    reference=_backward,
    cases=[
        Case((_DOUT43, _X43, _GAMMA3), "4 samples, 3 features, gamma not 1"),
        Case((_DOUT62, _X62, np.ones(2)), "6 samples, 2 features, gamma = 1"),
        Case((_DOUT22, _X22, np.array([2.0, -1.0])), "a batch of 2 samples"),
        Case((_DOUT43, _X43, _GAMMA3), "eps = 0.1 passed as an argument", {"eps": 0.1}),
        Case((_DOUT62[:3], _X_CONST, np.array([2.0, 3.0])),
             "the second feature is constant over the batch (variance 0)"),
        Case((_DOUT62[:5], _X_OFFSET, np.array([1.0, 2.0])),
             "a feature of 1e6 plus noise of size 0.01"),
    ],
    mistakes=[
        Mistake(lambda dout, x, gamma, eps=1e-5: _backward_variant(
                    dout, x, gamma, eps, mean_term=False, var_term=False),
                "the batch mean and variance depend on x as well: dout * gamma / sqrt(var + eps) "
                "is the gradient with frozen statistics (evaluation mode). Add the terms that "
                "come through the mean and the variance."),
        Mistake(lambda dout, x, gamma, eps=1e-5: _backward_variant(
                    dout, x, gamma, eps, mean_term=False),
                "the term that comes through the mean is missing: subtract sum(dx_hat) over the "
                "batch (axis=0)."),
        Mistake(lambda dout, x, gamma, eps=1e-5: _backward_variant(
                    dout, x, gamma, eps, var_term=False),
                "the term that comes through the variance is missing: subtract "
                "x_hat * sum(dx_hat * x_hat) over the batch (axis=0)."),
        Mistake(lambda dout, x, gamma, eps=1e-5: _backward_variant(
                    dout, x, gamma, eps, use_gamma=False),
                "the output is gamma * x_hat + beta, so dx_hat = dout * gamma: gamma is missing."),
        Mistake(lambda dout, x, gamma, eps=1e-5: _backward_variant(
                    dout, x, gamma, eps) * np.sqrt(x.var(axis=0) + eps)
                / np.sqrt(x.var(axis=0, ddof=1) + eps),
                "the forward pass normalizes with the biased variance (ddof=0), so its "
                "gradient uses the same one."),
    ],
    hint="recompute what the forward pass keeps (mean, biased variance, 1 / sqrt(var + eps), "
         "x_hat); the gradient reaching x_hat is dout times gamma; then x gets three "
         "contributions: directly through x_hat, through the batch mean and through the batch "
         "variance, each summed over the samples (axis 0). The chapter's compact formula "
         "combines them.",
    recipe="m = x.shape[0]; inv_std = 1 / np.sqrt(x.var(axis=0) + eps); x_hat = (x - "
           "x.mean(axis=0)) * inv_std; dx_hat = dout * gamma; return inv_std / m * (m * dx_hat "
           "- dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))",
)


# ------------------------------------------------------------------------------ running_update
_RUN_MEAN3, _RUN_VAR3 = np.array([0.5, -1.0, 0.2]), np.array([2.0, 0.5, 1.0])


def _running(running_mean, running_var, x, momentum=0.1):
    """The reference: course_nn's BatchNorm after one forward pass in training mode."""
    layer = BatchNorm(x.shape[1], momentum=momentum)
    layer.running_mean, layer.running_var = running_mean.copy(), running_var.copy()
    layer.forward(x, training=True)
    return layer.running_mean, layer.running_var


def _running_variant(running_mean, running_var, x, momentum=0.1, ddof=1, keras=False):
    weight = 1 - momentum if keras else momentum
    mean, var = x.mean(axis=0), x.var(axis=0, ddof=ddof)
    return ((1 - weight) * running_mean + weight * mean,
            (1 - weight) * running_var + weight * var)


running_update = Check(
    "running_update",
    reference=_running,
    cases=[
        Case((_RUN_MEAN3, _RUN_VAR3, _X43), "4 samples, 3 features, momentum = 0.1"),
        Case((np.zeros(2), np.ones(2), _X62), "the first update: running stats at 0 and 1"),
        Case((_RUN_MEAN3, _RUN_VAR3, _X43), "momentum = 0.5", {"momentum": 0.5}),
        Case((np.array([1e6, 0.0]), np.array([1e-4, 1.0]), _X_OFFSET),
             "a feature of 1e6 plus noise of size 0.01"),
        Case((_RUN_MEAN3, _RUN_VAR3, _X43[:2]), "a batch of 2 samples: the unbiased variance "
             "is twice the biased one"),
    ],
    mistakes=[
        Mistake(lambda running_mean, running_var, x, momentum=0.1: _running_variant(
                    running_mean, running_var, x, momentum, ddof=0),
                "the running variance averages the unbiased batch variance, "
                "x.var(axis=0, ddof=1) (divide by m - 1), as PyTorch does; the normalization "
                "itself uses the biased one."),
        Mistake(lambda running_mean, running_var, x, momentum=0.1: _running_variant(
                    running_mean, running_var, x, momentum, keras=True),
                "in PyTorch's convention momentum is the weight of the NEW batch statistic, and "
                "1 - momentum that of the running value (Keras uses the opposite convention)."),
        Mistake(lambda running_mean, running_var, x, momentum=0.1: (
                    x.mean(axis=0), x.var(axis=0, ddof=1)),
                "the running statistics are moving averages: keep (1 - momentum) of the old "
                "value and add momentum times the batch statistic, instead of replacing it."),
    ],
    hint="each running statistic is a moving average: keep a fraction 1 - momentum of the "
         "old value and add momentum times the statistic of this batch (per feature, over the "
         "samples). The running variance averages the UNBIASED batch variance. Return new "
         "arrays, without changing the ones passed in.",
    recipe="return ((1 - momentum) * running_mean + momentum * x.mean(axis=0), "
           "(1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1))",
    returns=("new_mean", "new_var"),
)


# The backward pass of layer normalization.


def _layernorm_backward(x, gamma, dout, eps=1e-5):
    """The reference: course_nn's LayerNorm, forward then backward: (dx, dgamma, dbeta)."""
    layer = LayerNorm(len(gamma), eps=eps)
    layer.params["gamma"][...] = gamma
    layer.forward(np.asarray(x, dtype=np.float64), training=True)
    dx = layer.backward(np.asarray(dout, dtype=np.float64))
    return dx, layer.grads["gamma"], layer.grads["beta"]


def _layernorm_variant(x, gamma, dout, eps=1e-5, axis=1, ddof=0, mean_path=True, var_path=True):
    """The backward pass with statistics over ``axis`` and the chosen paths switched on."""
    n = x.shape[axis]
    mean, var = x.mean(axis=axis, keepdims=True), x.var(axis=axis, ddof=ddof, keepdims=True)
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    dx_hat = dout * gamma
    dx = n * dx_hat
    if mean_path:
        dx = dx - dx_hat.sum(axis=axis, keepdims=True)
    if var_path:
        dx = dx - x_hat * np.sum(dx_hat * x_hat, axis=axis, keepdims=True)
    return inv_std / n * dx, np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


_rng_ln = np.random.default_rng(61)
_X_LN = _rng_ln.normal(size=(3, 5)) * np.array([1.0, 3.0, 0.2, 2.0, 1.0]) + 1.0
_G_LN = np.array([1.5, 0.5, -1.0, 2.0, 1.0])

layernorm_backward = Check(
    "layernorm_backward",
    reference=_layernorm_backward,
    cases=[
        Case((_X_LN, _G_LN, _rng_ln.normal(size=(3, 5))),
             "3 samples of 5 features, gamma not all 1"),
        Case((_rng_ln.normal(size=(1, 4)) * 2, np.ones(4), _rng_ln.normal(size=(1, 4))),
             "a batch of one sample, which layer normalization handles like any other; eps = 0.1 "
             "passed as an argument", {"eps": 0.1}),
        Case((np.array([[1.0, 1.0 + 1e-3, 1.0 - 1e-3], [0.5, -2.0, 4.0]]), np.ones(3),
              np.array([[1.0, -2.0, 0.5], [0.3, 0.1, -0.7]])),
             "a first row of nearly equal features, whose variance is close to eps"),
    ],
    mistakes=[
        Mistake(quiet(lambda x, gamma, dout, eps=1e-5: _layernorm_variant(x, gamma, dout, eps,
                                                                          axis=0)),
                "layer normalization takes its statistics over the features of each sample, "
                "axis 1: the sums of the backward pass run over the features too, not over the "
                "batch as in batch normalization."),
        Mistake(lambda x, gamma, dout, eps=1e-5: _layernorm_variant(x, gamma, dout, eps,
                                                                    var_path=False),
                "the variance depends on x too: the term x_hat * sum(dx_hat * x_hat) is missing."),
        Mistake(lambda x, gamma, dout, eps=1e-5: _layernorm_variant(x, gamma, dout, eps,
                                                                    mean_path=False),
                "the mean depends on x too: the term sum(dx_hat) over the features is missing."),
        Mistake(quiet(lambda x, gamma, dout, eps=1e-5: _layernorm_variant(x, gamma, dout, eps,
                                                                          ddof=1)),
                "like torch.nn.LayerNorm, use the biased variance (divide by n, ddof=0)."),
    ],
    hint="it is batch normalization's backward pass applied to each row instead of each column: "
         "the statistics, and so the sums, run over the n features of a sample; gamma and beta "
         "still collect one contribution per sample.",
    recipe="mean = x.mean(axis=1, keepdims=True); var = x.var(axis=1, keepdims=True); "
           "inv_std = 1 / np.sqrt(var + eps); x_hat = (x - mean) * inv_std; dx_hat = dout * gamma; "
           "n = x.shape[1]; dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=1, keepdims=True) - "
           "x_hat * np.sum(dx_hat * x_hat, axis=1, keepdims=True)); dgamma = np.sum(dout * x_hat, "
           "axis=0); dbeta = dout.sum(axis=0); return dx, dgamma, dbeta.",
)
