"""Variants of the chapter-5 exercises adagrad_step, rmsprop_step and bias_correction."""

import math

import numpy as np


# ------------------------------------------------------------------ adagrad_step(w, v, g, lr, eps)
def _adagrad_right_loop(w, v, g, lr, eps):
    w_new, v_new = np.array(w, dtype=float), np.array(v, dtype=float)
    for i in np.ndindex(w_new.shape):
        v_new[i] = v[i] + g[i] ** 2
        w_new[i] = w[i] - lr * g[i] / (math.sqrt(v_new[i]) + eps)
    return w_new, v_new


def _adagrad_right_square(w, v, g, lr, eps):
    v_new = v + np.square(g)
    return w - lr * np.divide(g, np.sqrt(v_new) + eps), v_new


def _adagrad_right_hypot(w, v, g, lr, eps):
    v_new = np.hypot(np.sqrt(v), g) ** 2  # sqrt(v + g^2), squared back
    return w - lr * g / (np.hypot(np.sqrt(v), g) + eps), v_new


def _adagrad_mutates_v(w, v, g, lr, eps):
    v += g * g  # in place: changes the caller's array
    return w - lr * g / (np.sqrt(v) + eps), v


ADAGRAD_WRONG = [
    lambda w, v, g, lr, eps: (w - lr * g / np.sqrt(v + g * g + eps), v + g * g),  # eps inside
    lambda w, v, g, lr, eps: (w - lr * g / (v + g * g + eps), v + g * g),  # no square root
    lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(v) + eps), v + g * g),  # old v in the step
    lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(v + g) + eps), v + g),  # g, not g^2
    lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(v + g * g) + eps), v),  # old v returned
    lambda w, v, g, lr, eps: (w - lr * g / np.sqrt(v + g * g), v + g * g),  # eps dropped: 0/0
    lambda w, v, g, lr, eps: (w - lr * g / np.sqrt(v + g * g) + eps, v + g * g),  # precedence
    lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(v + np.sum(g * g)) + eps),
                              v + np.sum(g * g)),  # one global sum instead of per weight
    lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(0.99 * v + 0.01 * g * g) + eps),
                              0.99 * v + 0.01 * g * g),  # RMSProp's average instead of the sum
    lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(v + g * g) + eps) ** 2,
                              v + g * g),  # squared denominator
    lambda w, v, g, lr, eps: (w + lr * g / (np.sqrt(v + g * g) + eps), v + g * g),  # ascent
    _adagrad_mutates_v,
]


# ------------------------------------------------------------------ rmsprop_step(w, v, g, lr, alpha, eps)
def _rmsprop_right_lerp(w, v, g, lr, alpha, eps):
    v_new = v + (1 - alpha) * (g * g - v)  # the same moving average, rearranged
    return w - lr * g / (np.sqrt(v_new) + eps), v_new


def _rmsprop_right_loop(w, v, g, lr, alpha, eps):
    w_new, v_new = np.array(w, dtype=float), np.array(v, dtype=float)
    for i in np.ndindex(w_new.shape):
        v_new[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i]
        w_new[i] = w[i] - lr * g[i] / (math.sqrt(v_new[i]) + eps)
    return w_new, v_new


def _rmsprop_mutates_v(w, v, g, lr, alpha, eps):
    v *= alpha
    v += (1 - alpha) * g * g
    return w - lr * g / (np.sqrt(v) + eps), v


def _ema(v, g, alpha):
    return alpha * v + (1 - alpha) * g * g


RMSPROP_WRONG = [
    lambda w, v, g, lr, a, eps: (w - lr * g / np.sqrt(_ema(v, g, a) + eps), _ema(v, g, a)),
    lambda w, v, g, lr, a, eps: (w - lr * g / (np.sqrt((1 - a) * v + a * g * g) + eps),
                                 (1 - a) * v + a * g * g),  # alpha and 1 - alpha swapped
    lambda w, v, g, lr, a, eps: (w - lr * g / (np.sqrt(v + g * g) + eps), v + g * g),  # AdaGrad
    lambda w, v, g, lr, a, eps: (w - lr * g / (np.sqrt(v) + eps), _ema(v, g, a)),  # old v
    lambda w, v, g, lr, a, eps: (w - lr * g / (_ema(v, g, a) + eps), _ema(v, g, a)),  # no root
    lambda w, v, g, lr, a, eps: (w - lr * g / (np.sqrt(a * v + (1 - a) * g) + eps),
                                 a * v + (1 - a) * g),  # g, not g^2
    lambda w, v, g, lr, a, eps: (w - lr * g / np.sqrt(_ema(v, g, a)), _ema(v, g, a)),  # no eps
    lambda w, v, g, lr, a, eps: (w - lr * g / np.sqrt(_ema(v, g, a)) + eps,
                                 _ema(v, g, a)),  # precedence: eps added to w
    lambda w, v, g, lr, a, eps: (w - lr * g / (np.sqrt(_ema(v, g, a)) + eps),
                                 np.array(v, dtype=float)),  # old v returned
    lambda w, v, g, lr, a, eps: (w - lr * g / (np.sqrt(_ema(v, g, a) / (1 - a)) + eps),
                                 _ema(v, g, a)),  # an Adam-like correction RMSProp does not have
    lambda w, v, g, lr, a, eps: (w - lr * g / (np.sqrt(a * v + g * g) + eps),
                                 a * v + g * g),  # (1 - alpha) dropped
    _rmsprop_mutates_v,
]


# ------------------------------------------------------------------ bias_correction(t, betas)
def _bias_right_loop(t, betas):
    out = []
    for beta in betas:
        power = np.ones(np.shape(t))
        for index in np.ndindex(power.shape):  # beta^t by repeated multiplication, per entry
            for _ in range(int(np.asarray(t)[index])):
                power[index] *= beta
        out.append(1 / (1 - power))
    return tuple(out)


def _bias_right_expm1(t, betas):
    return tuple(-1 / np.expm1(np.asarray(t) * np.log(beta)) for beta in betas)


def _bias_right_geometric(t, betas):
    # 1 - beta^t = (1 - beta) * (1 + beta + ... + beta^(t-1)): the geometric sum
    t = np.asarray(t)
    return tuple(1 / ((1 - b) * (1 - b ** t) / (1 - b)) for b in betas)


BIAS_WRONG = [
    lambda t, b: (1 - b[0] ** np.asarray(t), 1 - b[1] ** np.asarray(t)),  # the bias, not its inverse
    lambda t, b: tuple(1 / (1 - beta ** (np.asarray(t) - 1)) for beta in b),  # t counted from 0
    lambda t, b: tuple(1 / (1 - beta ** (np.asarray(t) + 1)) for beta in b),  # one step ahead
    lambda t, b: (1 / (1 - b[1] ** np.asarray(t)), 1 / (1 - b[0] ** np.asarray(t))),  # swapped
    lambda t, b: (1 / (1 - b[0] ** np.asarray(t)),
                  1 / np.sqrt(1 - b[1] ** np.asarray(t))),  # the square root of v's factor
    lambda t, b: tuple(1 / (1 - beta * np.asarray(t)) for beta in b),  # beta * t, not beta^t
    lambda t, b: tuple(1 / (1 - beta) ** np.asarray(t) for beta in b),  # (1 - beta)^t
    lambda t, b: (1 / (1 - b[0] ** np.asarray(t)),) * 2,  # beta1 for both
    lambda t, b: tuple(np.round(1 / (1 - beta ** np.asarray(t)), 2) for beta in b),  # rounded
    lambda t, b: tuple(1 / (1 - np.float32(beta) ** np.asarray(t)) for beta in b),  # float32
    lambda t, b: tuple(1 / 1 - beta ** np.asarray(t) for beta in b),  # precedence: 1 - beta^t
]

VARIANTS = {
    "adagrad_step": {"wrong": ADAGRAD_WRONG,
                     "right": [_adagrad_right_loop, _adagrad_right_square, _adagrad_right_hypot]},
    "rmsprop_step": {"wrong": RMSPROP_WRONG, "right": [_rmsprop_right_lerp, _rmsprop_right_loop]},
    "bias_correction": {"wrong": BIAS_WRONG,
                        "right": [_bias_right_loop, _bias_right_expm1, _bias_right_geometric]},
}
