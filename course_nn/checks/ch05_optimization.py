"""Checks of chapter 5, optimization.

The references run one step of ``course_nn.optimizers`` from a given state, so the exercises are
checked against the very code (and the ``torch.optim`` rules) that the book uses.
"""

import numpy as np

from ..optimizers import AdaGrad, Adam, Momentum, Nesterov, RMSProp
from .core import Case, Check, Mistake, quiet

__all__ = ["momentum_step", "nesterov_step", "adagrad_step", "rmsprop_step", "bias_correction",
           "adam_step"]


def _one_step(optimizer, w, g, step=0, **buffers):
    """Run ``optimizer`` once on a copy of ``w`` whose state holds ``buffers``.

    Returns the new w and the optimizer's state of w after the step.
    """
    params = {"w": np.array(w, dtype=float)}
    state = {key: np.array(value, dtype=float) for key, value in buffers.items()}
    optimizer.state["w"] = {"step": step, **state}
    optimizer.step(params, {"w": np.asarray(g, dtype=float)})
    return params["w"], optimizer.state["w"]


def _momentum_step(w, m, g, lr, momentum):
    w_new, state = _one_step(Momentum(lr, momentum), w, g, m=m)
    return w_new, state["m"]


def _nesterov_step(w, m, g, lr, momentum):
    w_new, state = _one_step(Nesterov(lr, momentum), w, g, m=m)
    return w_new, state["m"]


def _adam_step(w, m, v, g, t, lr, betas, eps):
    w_new, state = _one_step(Adam(lr, tuple(betas), eps), w, g, step=t - 1, m=m, v=v)
    return w_new, state["m"], state["v"]


_w = np.array([1.0, -2.0, 0.5])
_g = np.array([0.3, -0.1, 2.0])
_m = np.array([0.5, 0.2, -1.0])
_rng = np.random.default_rng(5)
_W, _G, _M = _rng.normal(size=(3, 2)), _rng.normal(size=(3, 2)), _rng.normal(size=(3, 2))

_VELOCITY_CASES = [
    Case((_w, _m, _g, 0.1, 0.9), "a vector w, velocity m != 0, lr=0.1, momentum=0.9"),
    Case((_w, np.zeros(3), _g, 0.1, 0.9), "the first step: m = 0"),
    Case((_W, _M, _G, 0.05, 0.5), "a matrix w of shape (3, 2), lr=0.05, momentum=0.5"),
]

momentum_step = Check(
    "momentum_step",
    reference=_momentum_step,
    cases=_VELOCITY_CASES,
    mistakes=[
        Mistake(lambda w, m, g, lr, momentum: (w - lr * (momentum * m + (1 - momentum) * g),
                                               momentum * m + (1 - momentum) * g),
                "that is the moving-average form; the PyTorch form adds the whole gradient: "
                "m = momentum * m + g."),
        Mistake(lambda w, m, g, lr, momentum: (w - lr * m, momentum * m + g),
                "update the velocity first, then step with the NEW velocity, not the old one."),
        Mistake(lambda w, m, g, lr, momentum: (w - (momentum * m + lr * g), momentum * m + lr * g),
                "keep the learning rate out of the velocity: it collects whole gradients, and "
                "the learning rate scales only the step."),
        Mistake(lambda w, m, g, lr, momentum: (w + lr * (momentum * m + g), momentum * m + g),
                "gradient DEScent: subtract the step from w instead of adding it."),
    ],
    hint="first the velocity: the old one, decayed by the momentum factor, plus the whole "
         "gradient (PyTorch's form, no 1 - momentum and no learning rate in it); then a step "
         "against the NEW velocity, scaled by the learning rate. Return new arrays, in the "
         "order (w_new, m_new), and leave the arguments unchanged.",
    recipe="m_new = momentum * m + g; w_new = w - lr * m_new; return w_new, m_new",
    returns=("w_new", "m_new"),
)


nesterov_step = Check(
    "nesterov_step",
    reference=_nesterov_step,
    cases=_VELOCITY_CASES,
    mistakes=[
        Mistake(lambda w, m, g, lr, momentum: (w - lr * (momentum * m + g), momentum * m + g),
                "that is plain momentum (w - lr * m_new); Nesterov steps along "
                "g + momentum * m_new, the gradient plus the look-ahead."),
        Mistake(lambda w, m, g, lr, momentum: (w - lr * (g + momentum * (momentum * m + g)),
                                               np.array(m, dtype=float)),
                "return the updated velocity as well: the next step needs it."),
        Mistake(lambda w, m, g, lr, momentum: (w - lr * momentum * (momentum * m + g),
                                               momentum * m + g),
                "the step has two terms: the gradient g plus momentum * m_new."),
    ],
    hint="the velocity is updated as in plain momentum; the step then looks ahead: it adds "
         "to the gradient the momentum factor times the NEW velocity, all scaled by the "
         "learning rate. Return new arrays, (w_new, m_new), and leave the arguments unchanged.",
    recipe="m_new = momentum * m + g; w_new = w - lr * (g + momentum * m_new); "
           "return w_new, m_new",
    returns=("w_new", "m_new"),
)


def _adam_variant(correct_m=True, correct_v=True, root=True, fixed_t=None):
    """A wrong Adam step, with one part of the rule changed."""
    def step(w, m, v, g, t, lr, betas, eps):
        beta1, beta2 = betas
        t = t if fixed_t is None else fixed_t
        m_new = beta1 * m + (1 - beta1) * g
        v_new = beta2 * v + (1 - beta2) * g * g
        m_hat = m_new / (1 - beta1 ** t) if correct_m else m_new
        v_hat = v_new / (1 - beta2 ** t) if correct_v else v_new
        scale = np.sqrt(v_hat) if root else v_hat
        return w - lr * m_hat / (scale + eps), m_new, v_new
    return step


_v = np.array([0.04, 0.01, 0.5])

adam_step = Check(
    "adam_step",
    reference=_adam_step,
    cases=[
        Case((_w, np.zeros(3), np.zeros(3), _g, 1, 0.1, (0.9, 0.999), 1e-8),
             "the first step, t=1, from m = v = 0"),
        Case((_w, _m, _v, _g, 5, 0.01, (0.9, 0.999), 1e-8), "step t=5 with m, v != 0"),
        Case((_W, _M, np.abs(_M), _G, 100, 0.001, (0.8, 0.99), 1e-8),
             "a matrix w of shape (3, 2), t=100, betas=(0.8, 0.99)"),
        Case((_w, np.zeros(3), np.zeros(3), np.array([1e-8, -3e-9, 0.0]), 1, 0.1,
              [0.9, 0.999], 1e-8),
             "tiny gradients [1e-8, -3e-9, 0] at t=1, where the place of eps shows; betas "
             "given as a list"),
        Case((_w, 1e-9 * _m, 1e-18 * _v, 1e-9 * _g, 3, 0.01, (0.9, 0.999), 1e-6),
             "tiny moments and gradients at t=3, eps=1e-6"),
    ],
    mistakes=[
        Mistake(_adam_variant(correct_m=False, correct_v=False),
                "bias correction is missing: divide m by (1 - beta1**t) and v by (1 - beta2**t) "
                "before the step."),
        Mistake(_adam_variant(correct_v=False),
                "correct v as well: v_hat = v / (1 - beta2**t); without it the first steps are "
                "about 30 times too long."),
        Mistake(_adam_variant(root=False),
                "divide by the square root of v_hat (plus eps), not by v_hat itself."),
        Mistake(_adam_variant(fixed_t=1),
                "use the step number t in the corrections 1 - beta1**t and 1 - beta2**t."),
        Mistake(lambda w, m, v, g, t, lr, betas, eps: (
                    _adam_step(w, m, v, g, t, lr, betas, eps)[0],
                    (betas[0] * m + (1 - betas[0]) * g) / (1 - betas[0] ** t),
                    (betas[1] * v + (1 - betas[1]) * g * g) / (1 - betas[1] ** t)),
                "the step is right, but return the moving averages m and v themselves, not the "
                "corrected m_hat and v_hat: the next step builds on the uncorrected ones."),
        Mistake(lambda w, m, v, g, t, lr, betas, eps: (
                    w - lr * ((betas[0] * m + (1 - betas[0]) * g) / (1 - betas[0] ** t))
                    / np.sqrt((betas[1] * v + (1 - betas[1]) * g * g) / (1 - betas[1] ** t)
                              + eps),
                    betas[0] * m + (1 - betas[0]) * g, betas[1] * v + (1 - betas[1]) * g * g),
                "eps goes OUTSIDE the square root: sqrt(v_hat) + eps. Inside, it adds sqrt(eps) "
                "= 1e-4 to the denominator, which swamps tiny gradients."),
    ],
    hint="update the two moving averages (the gradient, and its square) with their betas; "
         "correct each for its start at zero with the step number t; then step by the "
         "corrected first moment over the square root of the corrected second one, with eps "
         "added after the root. Return (w_new, m_new, v_new), the moments before correction, "
         "and leave the arguments unchanged.",
    recipe="beta1, beta2 = betas; m_new = beta1 * m + (1 - beta1) * g; "
           "v_new = beta2 * v + (1 - beta2) * g**2; m_hat = m_new / (1 - beta1**t); "
           "v_hat = v_new / (1 - beta2**t); w_new = w - lr * m_hat / (np.sqrt(v_hat) + eps); "
           "return w_new, m_new, v_new",
    returns=("w_new", "m_new", "v_new"),
)


# ------------------------------------------------------------------ AdaGrad, RMSProp, bias correction

def _adagrad_step(w, v, g, lr, eps):
    w_new, state = _one_step(AdaGrad(lr, eps), w, g, v=v)
    return w_new, state["v"]


def _rmsprop_step(w, v, g, lr, alpha, eps):
    w_new, state = _one_step(RMSProp(lr, alpha, eps), w, g, v=v)
    return w_new, state["v"]


# Cases shared by both: v != 0; tiny gradients, where g / (sqrt(v) + eps) and g / sqrt(v + eps)
# differ by a factor of 1000; the first step (v = 0) with one zero gradient, where
# 0 / (sqrt(0) + eps) must give 0, not NaN. Each check adds a matrix with an eps of its own.
_v_adaptive = np.array([0.25, 1.0, 4.0])
_g_first = np.array([0.5, 0.0, -2.0])
_g_tiny = np.array([1e-8, -3e-8, 2e-8])
_V = np.abs(_rng.normal(size=(3, 2)))


def _adaptive_cases(*hyper):
    """The shared cases of an adaptive step whose hyperparameters after lr are ``hyper``."""
    return [
        Case((_w, _v_adaptive, _g, 0.1, *hyper[0]), f"a vector w, v != 0, lr=0.1, {hyper[1]}"),
        Case((_w, np.zeros(3), _g_tiny, 0.1, *hyper[0]),
             "tiny gradients (1e-8) from v = 0, where the place of eps matters"),
        Case((_w, np.zeros(3), _g_first, 0.1, *hyper[0]),
             "the first step: v = 0, and one gradient is 0"),
    ]


adagrad_step = Check(
    "adagrad_step",
    reference=_adagrad_step,
    cases=(_adaptive_cases((1e-10,), "eps=1e-10")
           + [Case((_W, _V, _G, 0.05, 1e-3), "a matrix w of shape (3, 2), lr=0.05, eps=1e-3")]),
    mistakes=[
        Mistake(lambda w, v, g, lr, eps: (w - lr * g / np.sqrt(v + g * g + eps), v + g * g),
                "eps goes outside the square root, added to sqrt(v): with tiny gradients eps "
                "inside the root dominates v and the step shrinks a thousandfold."),
        Mistake(lambda w, v, g, lr, eps: (w - lr * g / (v + g * g + eps), v + g * g),
                "divide by the square root of v (plus eps), not by v itself."),
        Mistake(lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(v) + eps), v + g * g),
                "add g^2 to v first, then step with the new v: the current gradient counts "
                "in its own scale."),
        Mistake(lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(v + g) + eps), v + g),
                "v accumulates the squared gradients, g^2, not the gradients."),
        Mistake(lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(v + g * g) + eps),
                                          np.array(v, dtype=float)),
                "return the new v as well: the next step needs the sum including g^2."),
        Mistake(lambda w, v, g, lr, eps: (w - lr * g / (np.sqrt(v + np.sum(g * g)) + eps),
                                          v + np.sum(g * g)),
                "AdaGrad works weight by weight: add each weight's own g^2 to its own v, "
                "elementwise, not the sum over all weights."),
    ],
    hint="AdaGrad's second moment is the running sum of squared gradients, weight by weight; "
         "the step divides the gradient by its square root plus eps (see the equation above).",
    recipe="v_new = v + g**2; w_new = w - lr * g / (np.sqrt(v_new) + eps); return (w_new, v_new) "
           "as new arrays.",
    returns=("w_new", "v_new"),
)


rmsprop_step = Check(
    "rmsprop_step",
    reference=_rmsprop_step,
    cases=(_adaptive_cases((0.99, 1e-8), "alpha=0.99, eps=1e-8")
           + [Case((_W, _V, _G, 0.05, 0.9, 1e-3),
                   "a matrix w of shape (3, 2), lr=0.05, alpha=0.9, eps=1e-3"),
              Case((_w, 1e-12 * _v_adaptive, _g_tiny, 0.01, 0.5, 1e-6),
                   "tiny gradients and a small v (1e-12) != 0, alpha=0.5, eps=1e-6")]),
    mistakes=[
        Mistake(lambda w, v, g, lr, alpha, eps: (
                    w - lr * g / np.sqrt(alpha * v + (1 - alpha) * g * g + eps),
                    alpha * v + (1 - alpha) * g * g),
                "eps goes outside the square root, added to sqrt(v): with tiny gradients eps "
                "inside the root dominates v and the step shrinks a thousandfold."),
        Mistake(lambda w, v, g, lr, alpha, eps: (
                    w - lr * g / (np.sqrt((1 - alpha) * v + alpha * g * g) + eps),
                    (1 - alpha) * v + alpha * g * g),
                "alpha weighs the old average and 1 - alpha the new g^2: with alpha = 0.99 "
                "the average changes slowly."),
        Mistake(lambda w, v, g, lr, alpha, eps: (
                    w - lr * g / (np.sqrt(v + g * g) + eps), v + g * g),
                "that is AdaGrad's sum; RMSProp keeps a moving average: alpha times the old v "
                "plus (1 - alpha) times g^2."),
        Mistake(lambda w, v, g, lr, alpha, eps: (
                    w - lr * g / (np.sqrt(v) + eps), alpha * v + (1 - alpha) * g * g),
                "update v first, then step with the new v."),
        Mistake(lambda w, v, g, lr, alpha, eps: (
                    w - lr * g / (alpha * v + (1 - alpha) * g * g + eps),
                    alpha * v + (1 - alpha) * g * g),
                "divide by the square root of v (plus eps), not by v itself."),
        Mistake(lambda w, v, g, lr, alpha, eps: (
                    w - lr * g / (np.sqrt(alpha * v + (1 - alpha) * g) + eps),
                    alpha * v + (1 - alpha) * g),
                "v averages the squared gradients, g^2, not the gradients."),
    ],
    hint="RMSProp's second moment is a moving average of the squared gradients, weight by "
         "weight: alpha for the old value, 1 - alpha for the new; the step divides the gradient "
         "by its square root plus eps (see the equation above).",
    recipe="v_new = alpha * v + (1 - alpha) * g**2; w_new = w - lr * g / (np.sqrt(v_new) + eps); "
           "return (w_new, v_new).",
    returns=("w_new", "v_new"),
)


def _bias_correction(t, betas):
    beta1, beta2 = betas
    return 1 / (1 - beta1 ** np.asarray(t)), 1 / (1 - beta2 ** np.asarray(t))


bias_correction = Check(
    "bias_correction",
    reference=_bias_correction,
    cases=[
        Case((1, (0.9, 0.999)), "t=1 with the defaults"),
        Case((10, (0.9, 0.999)), "t=10 with the defaults"),
        Case((np.array([2, 100, 1000, 10000]), (0.9, 0.999)), "an array of step numbers t"),
        Case((3, (0.5, 0.8)), "t=3, betas=(0.5, 0.8)"),
        Case((1, (0.99, 0.9999)), "t=1, betas=(0.99, 0.9999)"),
    ],
    mistakes=[
        Mistake(lambda t, betas: (1 - betas[0] ** np.asarray(t), 1 - betas[1] ** np.asarray(t)),
                "1 - beta^t is the bias of the moving average; the correction divides by it, so "
                "the factor is its inverse."),
        Mistake(quiet(lambda t, betas: (1 / (1 - betas[0] ** (np.asarray(t) - 1)),
                                        1 / (1 - betas[1] ** (np.asarray(t) - 1)))),
                "the steps are numbered from t = 1: the first step uses beta^1."),
        Mistake(lambda t, betas: (1 / (1 - betas[1] ** np.asarray(t)),
                                  1 / (1 - betas[0] ** np.asarray(t))),
                "the first factor belongs to m, with beta1; the second to v, with beta2."),
        Mistake(lambda t, betas: (1 / (1 - betas[0] ** np.asarray(t)),
                                  1 / np.sqrt(1 - betas[1] ** np.asarray(t))),
                "the factor of v itself is 1 / (1 - beta2^t); the square root comes later, in "
                "the step."),
    ],
    hint="A moving average started at 0 is, on average, the true mean times 1 - beta^t; the "
         "correction undoes that factor, for m with beta1 and for v with beta2.",
    recipe="beta1, beta2 = betas; return 1 / (1 - beta1**t), 1 / (1 - beta2**t)",
)
