"""Checks of chapter 3, activation functions: the derivatives of tanh and ReLU, and ELU with its
derivative.

Each check lists the mistakes a learner is likely to make, in an order such that the first case
on which a mistake fails tells it apart from the right answer and from every other mistake.
"""

import numpy as np

from .. import activations
from ..layers import PReLU
from .core import Case, Check, Mistake, quiet

__all__ = ["tanh_derivative", "relu_derivative", "derivative_at_zero", "dead_units",
           "prelu_backward", "elu", "elu_derivative"]


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
        Case((np.array([3.0, 5.0, 8.0, -8.0, 12.0]),),
             "z = [3, 5, 8, -8, 12], where 1 - tanh(z)**2 is small and needs float64 precision",
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


# Exercises that test understanding: which units are dead, PReLU's backward pass, and the
# derivative conventions at the kink z = 0.


# -------------------------------------------------------------------------------- dead_units
def _dead_units(X, W, b):
    """The reference: indices of the units whose pre-activation is <= 0 on every row of X."""
    return np.flatnonzero(np.all(np.asarray(X) @ W + b <= 0, axis=0))


_X_dead = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0], [2.0, 1.0]])
#                   unit 0: always < 0; unit 1: 0 on one row, < 0 elsewhere (dead);
#                   unit 2: > 0 on one row only (alive); unit 3: > 0 everywhere (alive)
_W_dead = np.array([[-1.0, -1.0, 0.0, 0.5], [-1.0, 0.0, 1.0, 0.0]])
_b_dead = np.array([-4.0, -1.0, -1.5, 2.0])
_rng_dead = np.random.default_rng(31)
_W_big = _rng_dead.normal(size=(3, 6))
_b_big = np.array([-8.0, 0.0, -8.0, 1.0, 0.0, -8.0])
# 19 inputs of -1 and one of 1e-6: unit 0 (z = x) is positive on that one input only, by 1e-6,
# so it is alive, however close to dead; unit 1 (z = -x) is alive, unit 2 (z = 2x - 1) is dead.
_X_edge = np.append(np.full(19, -1.0), 1e-6).reshape(20, 1)
_W_edge, _b_edge = np.array([[1.0, -1.0, 2.0]]), np.array([0.0, 0.0, -1.0])

dead_units = Check(
    "dead_units",
    reference=_dead_units,
    cases=[
        Case((_X_dead, _W_dead, _b_dead),
             "4 inputs, 4 units: one always negative, one exactly 0 on one input and negative "
             "on the others, one positive on one input only, one always positive"),
        Case((_rng_dead.normal(size=(20, 3)), _W_big, _b_big),
             "20 inputs of 3 features, 6 units, some biases of -8"),
        Case((np.array([[1, 0], [0, 1], [2, 2]]), np.array([[1.0, -2.0, 0.0], [-1.0, -1.0, 0.0]]),
              np.zeros(3)),
             "integer inputs, a unit whose weights are all 0 (always exactly 0)"),
        Case((_X_edge, _W_edge, _b_edge),
             "20 inputs: a unit positive on one input only, by 1e-6 (alive), and one dead unit"),
        Case((_X_edge, _W_edge[:, :2], _b_edge[:2]), "no dead unit: an empty array of indices"),
    ],
    mistakes=[
        Mistake(lambda X, W, b: np.flatnonzero(np.all(np.asarray(X) @ W + b < 0, axis=0)),
                "at z = 0 a ReLU outputs 0 and its derivative is 0 too: a unit is dead when its "
                "pre-activation is <= 0 on every input, not only < 0."),
        Mistake(lambda X, W, b: np.flatnonzero(np.any(np.asarray(X) @ W + b <= 0, axis=0)),
                "a unit is dead only if it is off on every input: one input with z > 0 gives "
                "it a gradient."),
        Mistake(lambda X, W, b: np.flatnonzero(np.all(np.asarray(X) @ W <= 0, axis=0)),
                "the bias is part of the pre-activation: z = X W + b."),
    ],
    hint="compute every unit's pre-activation on every input; a unit is dead when the derivative "
         "of ReLU is 0 for all of its inputs; return the column numbers of those units.",
    recipe="Z = X @ W + b has shape (m, n_units); dead = np.all(Z <= 0, axis=0); return "
           "np.flatnonzero(dead), the indices of the True entries.",
)


# ---------------------------------------------------------------------------- prelu_backward
def _prelu_backward(z, alpha, dout):
    """The reference: course_nn's PReLU layer, forward then backward; d alpha as a float."""
    layer = PReLU(alpha)
    layer.forward(np.asarray(z, dtype=np.float64), training=True)
    dz = layer.backward(np.asarray(dout, dtype=np.float64))
    return dz, float(layer.grads["alpha"][0])


_rng_prelu = np.random.default_rng(32)
_z_prelu = np.array([[1.5, -2.0, 0.0], [-0.5, 3.0, -1.0]])
_dout_prelu = np.array([[0.3, -1.0, 2.0], [0.5, 0.2, -0.4]])

prelu_backward = Check(
    "prelu_backward",
    reference=_prelu_backward,
    cases=[
        Case((_z_prelu, 0.25, _dout_prelu),
             "z of shape (2, 3) with one entry exactly 0, alpha = 0.25"),
        Case((_rng_prelu.normal(size=(5, 4)), 0.1, _rng_prelu.normal(size=(5, 4))),
             "a batch of 5 samples of 4 units, alpha = 0.1"),
        Case((np.array([[-3.0, -1.0]]), -0.5, np.array([[1.0, 2.0]])),
             "only negative inputs and a negative alpha = -0.5"),
    ],
    mistakes=[
        Mistake(lambda z, alpha, dout: (dout * np.where(z >= 0, 1.0, alpha),
                                        float(np.sum(dout * np.minimum(z, 0)))),
                "at z = 0 PReLU uses the slope of the negative side, alpha, as Leaky ReLU and "
                "PyTorch do."),
        Mistake(lambda z, alpha, dout: (dout * np.where(z > 0, 1.0, alpha),
                                        float(np.sum(dout * z))),
                "alpha only multiplies the entries with z <= 0: d alpha sums dout * z over those "
                "entries only."),
        Mistake(lambda z, alpha, dout: (dout * np.where(z > 0, 1.0, alpha),
                                        float(np.sum(dout * alpha * np.minimum(z, 0)))),
                "the derivative of alpha z with respect to alpha is z, not the output alpha z."),
    ],
    hint="the output is z on the positive side and alpha z elsewhere; differentiate each side "
         "with respect to z and with respect to alpha, and remember that one alpha is shared by "
         "every entry.",
    recipe="dz = dout * np.where(z > 0, 1.0, alpha); dalpha = float(np.sum(dout * np.where(z > 0, "
           "0.0, z))), the sum over every entry with z <= 0 of dout * z; return dz, dalpha.",
    returns=("dz", "dalpha"),
)


# ------------------------------------------------------------------------ derivative_at_zero
derivative_at_zero = Check(
    "derivative_at_zero",
    reference=lambda alpha: (float(alpha), (1 + alpha) / 2),
    cases=[
        Case((0.0,), "alpha = 0, plain ReLU"),
        Case((0.01,), "alpha = 0.01"),
        Case((0.25,), "alpha = 0.25"),
        Case((3.0,), "alpha = 3"),
    ],
    mistakes=[
        Mistake(lambda alpha: (1.0, (1 + alpha) / 2),
                "course_nn and PyTorch take the slope of the negative side at z = 0: "
                "leaky_relu_derivative(0) is alpha, not 1."),
        Mistake(lambda alpha: (float(alpha), 0.5),
                "the central difference compares f(eps) = eps with f(-eps) = -alpha eps: work "
                "out (f(eps) - f(-eps)) / (2 eps) with alpha in it."),
        Mistake(lambda alpha: (float(alpha), float(alpha)),
                "the central difference does not know the convention: it measures the average "
                "of the slopes on the two sides of the kink."),
    ],
    hint="the first number is a convention (what the library returns at the kink); the second "
         "is what the two points eps and -eps of a central difference see, one on each side of "
         "the kink.",
    recipe="return (alpha, (1 + alpha) / 2): leaky_relu_derivative(0, alpha) = alpha, and "
           "(f(eps) - f(-eps)) / (2 eps) = (eps + alpha eps) / (2 eps) = (1 + alpha) / 2.",
)
