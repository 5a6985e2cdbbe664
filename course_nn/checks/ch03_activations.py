"""Checks of chapter 3, activation functions: the derivatives of tanh and ReLU, and ELU with its
derivative.

Each check lists the mistakes a learner is likely to make, in an order such that the first case
on which a mistake fails tells it apart from the right answer and from every other mistake.
"""

import numpy as np

from .. import activations
from .core import Case, Check, Mistake, quiet

__all__ = ["tanh_derivative", "relu_derivative", "elu", "elu_derivative"]


def _float(z):
    """Integer input as float64: the exercises return float arrays for any z."""
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def _elu_derivative(z, alpha=1.0):
    """The reference: course_nn's elu_derivative, for float or integer z."""
    return activations.elu_derivative(_float(z), alpha)


_Z_BATCH = np.random.default_rng(4).normal(scale=2.0, size=(3, 4))

# ---------------------------------------------------------------------------- tanh_derivative
tanh_derivative = Check(
    "tanh_derivative",
    reference=activations.tanh_derivative,
    cases=[
        Case((np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),), "z = [-2, -0.5, 0, 0.5, 2]"),
        Case((_Z_BATCH,), "a batch of shape (3, 4)"),
        Case((np.array([-1e4, -30.0, 30.0, 1e4]),),
             "large |z|, where tanh saturates and its derivative is 0"),
        Case((np.array([-2, -1, 0, 1, 2]),), "integers z = [-2, -1, 0, 1, 2] (dtype int)"),
        Case((np.array([3.0, 5.0, 8.0, -8.0]),),
             "z = [3, 5, 8, -8], where 1 - tanh(z)**2 is small and needs float64 precision",
             atol=1e-12),
    ],
    mistakes=[
        Mistake(lambda z: 1 - z ** 2,
                "apply the formula to tanh(z), not to z: tanh'(z) = 1 - tanh(z)**2."),
        Mistake(lambda z: 1 - np.tanh(z),
                "square tanh(z): tanh'(z) = 1 - tanh(z)**2."),
        Mistake(lambda z: np.tanh(z) * (1 - np.tanh(z)),
                "that is the pattern of the sigmoid's derivative, sigma (1 - sigma); for tanh "
                "it is 1 - tanh(z)**2."),
    ],
    hint="the exercise's formula works on tanh(z): compute tanh of every entry first, then "
         "apply the formula to it; the answer has the shape of z and is a float array, even "
         "for integer z.",
    recipe="t = np.tanh(z); return 1 - t ** 2",
)


# ---------------------------------------------------------------------------- relu_derivative
relu_derivative = Check(
    "relu_derivative",
    reference=activations.relu_derivative,
    cases=[
        Case((np.array([-2.0, -0.5, 0.5, 2.0]),), "z = [-2, -0.5, 0.5, 2]"),
        Case((_Z_BATCH,), "a batch of shape (3, 4)"),
        Case((np.array([-1.0, 0.0, 1.0]),), "z = [-1, 0, 1]: the convention at 0 gives 0"),
        Case((np.array([[-3, 0, 2], [5, -1, 0]]),), "integers (dtype int), with zeros"),
        Case((np.array([-1e-300, -0.0, 1e-300, 0.25]),),
             "tiny z = [-1e-300, -0.0, 1e-300, 0.25]: only the sign matters"),
    ],
    mistakes=[
        Mistake(activations.relu,
                "that is ReLU itself, max(0, z); its derivative is 1 where z > 0 and 0 "
                "elsewhere."),
        Mistake(np.sign,
                "for z < 0 the derivative is 0, not -1: ReLU is flat there."),
        Mistake(lambda z: (z >= 0).astype(float),
                "at z = 0 use 0, as course_nn and PyTorch do: test z > 0, not z >= 0."),
        Mistake(lambda z: np.clip(z, 0, 1),
                "the derivative is exactly 1 for every z > 0, also between 0 and 1: it is a "
                "step, not a ramp."),
    ],
    hint="ReLU is flat (slope 0) for z < 0 and has slope 1 for z > 0; at z = 0 the exercise "
         "takes 0. Return a float array of the shape of z.",
    recipe="return (z > 0).astype(float)",
)


# ------------------------------------------------------------------------------------- elu
_Z_ELU = np.array([-3.0, -1.0, -0.1, 0.5, 2.0])


def _leaky_negative_part(z, alpha=1.0):
    return np.where(z > 0, z, alpha * z)


@quiet
def _elu_without_minus_one(z, alpha=1.0):
    return np.where(z > 0, z, alpha * np.exp(z))


@quiet
def _elu_without_alpha(z, alpha=1.0):
    return np.where(z > 0, z, np.exp(z) - 1)


elu = Check(
    "elu",
    reference=activations.elu,
    cases=[
        Case((_Z_ELU,), "z = [-3, -1, -0.1, 0.5, 2] with the default alpha = 1"),
        Case((_Z_BATCH,), "a batch of shape (3, 4) with alpha = 0.5", {"alpha": 0.5}),
        Case((np.array([-1e4, -50.0, 50.0, 1e4]),),
             "large |z|: ELU tends to -alpha on the left and is z on the right"),
        Case((np.array([[-3, -1, 0], [1, 2, 4]]),), "integers (dtype int) with alpha = 2",
             {"alpha": 2.0}),
    ],
    mistakes=[
        Mistake(_leaky_negative_part,
                "that is Leaky ReLU's negative part, alpha z; ELU uses alpha (e^z - 1) for "
                "z <= 0."),
        Mistake(_elu_without_minus_one,
                "subtract 1: for z <= 0 ELU is alpha (e^z - 1), which is 0 at z = 0, so the "
                "two pieces meet."),
        Mistake(_elu_without_alpha,
                "multiply the negative part by alpha: alpha (e^z - 1)."),
        Mistake(quiet(lambda z, alpha=1.0: np.where(z > 0, z, alpha * np.exp(z) - 1)),
                "mind the parentheses: alpha multiplies (e^z - 1), the whole difference."),
    ],
    hint="two pieces: z itself where z > 0, and alpha (e^z - 1) elsewhere; pick between them "
         "entry by entry, and keep exp() away from large positive z, where it overflows. The "
         "answer is a float array, even for integer z.",
    recipe="return np.where(z > 0, z, alpha * (np.exp(np.minimum(z, 0)) - 1)); the np.minimum "
           "keeps exp() from overflowing on large positive z, whose branch np.where throws away.",
)


# -------------------------------------------------------------------------- elu_derivative
@quiet
def _elu_value_on_the_left(z, alpha=1.0):
    return np.where(z > 0, 1.0, alpha * (np.exp(z) - 1))


@quiet
def _elu_derivative_without_alpha(z, alpha=1.0):
    return np.where(z > 0, 1.0, np.exp(z))


elu_derivative = Check(
    "elu_derivative",
    reference=_elu_derivative,
    cases=[
        Case((_Z_ELU,), "z = [-3, -1, -0.1, 0.5, 2] with the default alpha = 1"),
        Case((_Z_BATCH,), "a batch of shape (3, 4) with alpha = 0.5", {"alpha": 0.5}),
        Case((np.array([-1e4, -50.0, 50.0, 1e4]),),
             "large |z|: the derivative tends to 0 on the left and is 1 on the right"),
        Case((np.array([-1.0, 0.0, 1.0]),), "z = [-1, 0, 1] with alpha = 0.5: at z = 0 the "
             "derivative is alpha e^0 = alpha", {"alpha": 0.5}),
        Case((np.array([[-3, -1, 0], [1, 2, 4]]),), "integers (dtype int) with alpha = 0.3",
             {"alpha": 0.3}),
    ],
    mistakes=[
        Mistake(lambda z, alpha=1.0: activations.leaky_relu_derivative(z, alpha),
                "for z <= 0 the slope is alpha e^z, not a constant alpha: ELU curves there."),
        Mistake(_elu_value_on_the_left,
                "differentiate alpha (e^z - 1): the -1 is a constant and disappears, so the "
                "derivative is alpha e^z."),
        Mistake(_elu_derivative_without_alpha,
                "keep the factor alpha: the derivative of alpha (e^z - 1) is alpha e^z."),
        Mistake(quiet(lambda z, alpha=1.0: np.where(z >= 0, 1.0, alpha * np.exp(z))),
                "at z = 0 the exercise takes the left piece, alpha e^0 = alpha: test z > 0, "
                "not z >= 0 (they differ when alpha != 1)."),
    ],
    hint="differentiate each piece of ELU: the right one (z > 0) has slope 1, the left one "
         "(z <= 0, z = 0 included) the derivative of alpha (e^z - 1). Keep exp() away from "
         "large positive z, and return a float array even for integer z.",
    recipe="return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0)))",
)
