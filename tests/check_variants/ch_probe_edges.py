"""Wrong answers that passed the checks until 2026-11-26: each is plausible, and each exposed a case
that could not tell it from the right answer (a hard-coded default, a constant that happened to be
0, a batch that never underflowed, ...). The cases were changed so that each is rejected."""

import copy
import math

import numpy as np


# ----------------------------------------------------------------- chapter 1: shift only if needed
def _softmax_shift_if_overflowing(z):
    z = np.asarray(z, dtype=float)
    if z.max() > 709:  # only where exp() would overflow: very negative rows underflow to 0 / 0
        z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _cross_entropy_shift_if_overflowing(z, y):
    z = np.asarray(z, dtype=float)
    if z.max() > 709:
        z = z - z.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(y)), y].mean())


def _cross_entropy_backward_shift_if_overflowing(z, y):
    p = _softmax_shift_if_overflowing(z)
    p[np.arange(len(y)), y] -= 1
    return p / len(y)


# --------------------------------------------------------- chapter 2: x flattened inside f's calls
def _numerical_gradient_on_a_flat_copy(f, x, eps=1e-6):
    flat, grad = np.array(x, dtype=float).ravel(), np.zeros(np.size(x))
    for i in range(flat.size):
        plus, minus = flat.copy(), flat.copy()
        plus[i] += eps
        minus[i] -= eps
        grad[i] = (f(plus) - f(minus)) / (2 * eps)
    return grad.reshape(np.shape(x))


# ------------------------------------------------- chapter 3: loose "dead", a finite difference
def _dead_mostly_off(X, W, b):
    return np.flatnonzero(np.mean(np.asarray(X) @ W + b <= 0, axis=0) > 0.9)


def _dead_small_mean(X, W, b):
    return np.flatnonzero(np.maximum(np.asarray(X) @ W + b, 0).mean(axis=0) < 1e-3)


def _dead_with_tolerance(X, W, b):
    return np.flatnonzero(np.all(np.asarray(X) @ W + b <= 1e-6, axis=0))


def _dead_squeezed(X, W, b):
    return np.argwhere(np.all(np.asarray(X) @ W + b <= 0, axis=0)).squeeze()


def _dead_none_when_empty(X, W, b):
    dead = [unit for unit in range(np.shape(W)[1])
            if np.all(np.asarray(X) @ W[:, unit] + b[unit] <= 0)]
    return np.array(dead) if dead else None


def _tanh_derivative_finite_difference(z):
    z, h = np.asarray(z, dtype=float), 1e-5
    return (np.tanh(z + h) - np.tanh(z - h)) / (2 * h)


# ---------------------------------------- chapter 4: right weights, the generator left behind
def _xavier_from_a_copy(fan_in, fan_out, rng):
    rng = copy.deepcopy(rng)  # the caller's generator never advances: every layer the same
    return rng.normal(0.0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))


def _xavier_one_draw_too_many(fan_in, fan_out, rng):
    weights = rng.normal(0.0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))
    rng.random()  # e.g. a leftover draw for a bias
    return weights


def _he_from_a_new_generator_seeded_alike(fan_in, fan_out, rng):
    limit = np.sqrt(6 / fan_in)
    return copy.deepcopy(rng).uniform(-limit, limit, size=(fan_in, fan_out))


# ----------------------------------------------------------- chapter 5: eps hard-coded, no step
def _adam_eps_hard_coded(w, m, v, g, t, lr, betas, eps):
    b1, b2 = betas
    m_new = b1 * m + (1 - b1) * g
    v_new = b2 * v + (1 - b2) * g * g
    return w - lr * (m_new / (1 - b1**t)) / (np.sqrt(v_new / (1 - b2**t)) + 1e-8), m_new, v_new


def _adagrad_eps_hard_coded(w, v, g, lr, eps):
    v_new = v + g ** 2
    return w - lr * g / (np.sqrt(v_new) + 1e-10), v_new  # torch's default, not the argument


def _rmsprop_eps_hard_coded(w, v, g, lr, alpha, eps):
    v_new = alpha * v + (1 - alpha) * g ** 2
    return w - lr * g / (np.sqrt(v_new) + 1e-8), v_new


def _rmsprop_eps_inside_where_v_is_not_0(w, v, g, lr, alpha, eps):
    v_new = alpha * v + (1 - alpha) * g ** 2
    return np.where(v > 0, w - lr * g / np.sqrt(v_new + eps),
                    w - lr * g / (np.sqrt(v_new) + eps)), v_new


# --------------------------------------------------------------- chapter 6: LayerNorm's eps fixed
def _layernorm_backward_eps_fixed(x, gamma, dout, eps=1e-5):
    mean = x.mean(axis=1, keepdims=True)
    inv = 1 / np.sqrt(x.var(axis=1, keepdims=True) + 1e-5)  # not eps
    x_hat, dx_hat, n = (x - mean) * inv, dout * gamma, x.shape[1]
    dx = inv / n * (n * dx_hat - dx_hat.sum(axis=1, keepdims=True)
                    - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


# ------------------------------------- chapter 7: integer gradients, a built-in min_delta
def _dropout_backward_keeps_integer_dtype(dout, mask, p):
    out = np.zeros_like(dout)
    out[mask] = dout[mask] / (1 - p)
    return out


def _dropout_backward_cast_back(dout, mask, p):
    return (dout * mask / (1 - p)).astype(np.asarray(dout).dtype)


def _stopping_with(improves):
    def early_stopping(val_losses, patience):
        best, best_epoch, wait = math.inf, 0, 0
        for epoch, value in enumerate(val_losses, start=1):
            if improves(value, best):
                best, best_epoch, wait = value, epoch, 0
            else:
                wait += 1
                if wait >= patience:
                    return epoch, best_epoch
        return len(val_losses), best_epoch
    return early_stopping


# ------------------------------------------------ chapter 8: "constant" taken to mean "always 0"
def _standardize_guard_on_zero_pixels(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(X_train.any(axis=0), std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


def _standardize_guard_on_the_mean(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(mean == 0, 1.0, std)
    return (X_train - mean) / std, (X_test - mean) / std


VARIANTS = {
    "stable_softmax": {"wrong": [_softmax_shift_if_overflowing]},
    "softmax_cross_entropy": {"wrong": [_cross_entropy_shift_if_overflowing]},
    "softmax_cross_entropy_backward": {"wrong": [_cross_entropy_backward_shift_if_overflowing]},
    "numerical_gradient": {"wrong": [_numerical_gradient_on_a_flat_copy]},
    "dead_units": {"wrong": [_dead_mostly_off, _dead_small_mean, _dead_with_tolerance,
                             _dead_squeezed, _dead_none_when_empty]},
    "tanh_derivative": {"wrong": [_tanh_derivative_finite_difference]},
    "xavier_normal_init": {"wrong": [_xavier_from_a_copy, _xavier_one_draw_too_many]},
    "he_uniform_init": {"wrong": [_he_from_a_new_generator_seeded_alike]},
    "adam_step": {"wrong": [_adam_eps_hard_coded]},
    "adagrad_step": {"wrong": [_adagrad_eps_hard_coded]},
    "rmsprop_step": {"wrong": [_rmsprop_eps_hard_coded, _rmsprop_eps_inside_where_v_is_not_0]},
    "layernorm_backward": {"wrong": [_layernorm_backward_eps_fixed]},
    "dropout_backward": {"wrong": [_dropout_backward_keeps_integer_dtype,
                                   _dropout_backward_cast_back]},
    "early_stopping": {"wrong": [
        _stopping_with(lambda value, best: value < best - 1e-3),  # Keras-style min_delta
        _stopping_with(lambda value, best: value < best * (1 - 0.01)),  # relative min_delta
        _stopping_with(lambda value, best: best - value > 1e-4),
        _stopping_with(lambda value, best: best == math.inf or round(value, 2) < round(best, 2)),
    ]},
    "standardize_with_train": {"wrong": [_standardize_guard_on_zero_pixels,
                                         _standardize_guard_on_the_mean]},
}
