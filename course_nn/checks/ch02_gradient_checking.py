"""Checks of chapter 2, backpropagation (third part, gradient checking): a numerical gradient by
central differences, the relative error of two gradients, and the factor behind a relative
error.

Each check lists the mistakes a learner is likely to make, in an order such that the first case
on which a mistake fails tells it apart from the right answer and from every other mistake.
"""

import numpy as np

from .. import gradcheck
from ..activations import sigmoid
from .core import Case, Check, Mistake, quiet

__all__ = ["numerical_gradient", "relative_error", "scale_from_relative_error"]


# ------------------------------------------------------------------------ numerical_gradient
def _cube_sum(x):
    """f(x) = sum(x^3), whose gradient is 3 x^2."""
    return float(np.sum(x ** 3))


def _sin_of_rows(x):
    """f(x) = sum(sin(x @ [1, 2, 3])) for x of shape (m, 3): it needs x in its own shape."""
    return float(np.sum(np.sin(x @ np.array([1.0, 2.0, 3.0]))))


_A = np.random.default_rng(3).normal(size=(6, 3))
_t = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])


def _logistic_loss(w):
    """The mean binary cross-entropy of a logistic regression with weights w, shape (3,)."""
    p = sigmoid(_A @ w)
    return float(-np.mean(_t * np.log(p) + (1 - _t) * np.log(1 - p)))


def _forward_difference(f, x, eps=1e-6):
    x, grad = x.copy(), np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x_plus = x.copy()
        x_plus[i] += eps
        grad[i] = (f(x_plus) - f(x)) / eps
    return grad


def _central_over_eps(f, x, eps=1e-6):
    return 2 * gradcheck.numerical_gradient(f, x.copy(), eps)


def _central_over_eps_squared_precedence(f, x, eps=1e-6):
    return gradcheck.numerical_gradient(f, x.copy(), eps) * 2 * eps * eps


def _all_entries_at_once(f, x, eps=1e-6):
    return np.full(x.shape, (f(x + eps) - f(x - eps)) / (2 * eps))


numerical_gradient = Check(
    "numerical_gradient",
    reference=gradcheck.numerical_gradient,
    cases=[
        Case((_cube_sum, np.array([1.0, -2.0, 0.5])),
             "f(x) = sum(x**3) at x = [1, -2, 0.5] with eps = 1e-3", {"eps": 1e-3}),
        Case((_sin_of_rows, np.array([[0.0, 1.0, 2.0], [-1.0, 3.0, 0.5]])),
             "f(x) = sum(sin(x @ [1, 2, 3])) for x of shape (2, 3), which needs x in that shape"),
        Case((_logistic_loss, np.array([0.5, -1.0, 0.25])),
             "the loss of a logistic regression as a function of its 3 weights"),
        Case((_cube_sum, np.array([[0.1, 0.7], [2.3, -1.7]])),
             "f(x) = sum(x**3) with eps = 0.1 passed as an argument: the central difference "
             "gives 3 x**2 + eps**2", {"eps": 0.1}),
    ],
    mistakes=[
        Mistake(_forward_difference,
                "use the central difference (f(x + eps) - f(x - eps)) / (2 eps): the forward "
                "difference (f(x + eps) - f(x)) / eps is off by a term of order eps."),
        Mistake(_central_over_eps,
                "divide by 2 * eps: the points x + eps and x - eps are 2 eps apart."),
        Mistake(_all_entries_at_once,
                "perturb one entry at a time: entry i of the gradient compares f with only "
                "x[i] moved by +eps and -eps, every other entry unchanged."),
        Mistake(_central_over_eps_squared_precedence,
                "mind the precedence: (f_plus - f_minus) / 2 * eps multiplies by eps; write "
                "(f_plus - f_minus) / (2 * eps)."),
    ],
    hint="entry by entry: move only that entry of x by +eps and by -eps, evaluate f at both "
         "points, and divide the difference by the distance between them. Use the eps you "
         "are given, and leave x exactly as you found it.",
    recipe="grad = np.zeros(x.shape); for i in np.ndindex(x.shape): original = x[i]; "
           "x[i] = original + eps; f_plus = f(x); x[i] = original - eps; f_minus = f(x); "
           "x[i] = original; grad[i] = (f_plus - f_minus) / (2 * eps). Return grad.",
    mutation_hint="leave x exactly as you found it: save x[i] before changing it and assign "
                  "the saved value back (adding eps and subtracting it again does not give "
                  "the same number, because of rounding), or evaluate f on copies of x.",
)


# ---------------------------------------------------------------------------- relative_error
@quiet
def _unguarded_relative_error(a, b):
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


@quiet
def _error_relative_to_a(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(a))


@quiet
def _entrywise_relative_error(a, b):
    return float(np.mean(np.abs(a - b) / (np.abs(a) + np.abs(b))))


relative_error = Check(
    "relative_error",
    reference=gradcheck.relative_error,
    cases=[
        Case((np.array([2.0, 0.0]), np.array([2.2, 0.0])),
             "a = [2, 0] and b = [2.2, 0]: the answer is 0.2 / 4.2"),
        Case((np.array([[1e-3, -2e-3], [5e-4, 0.0]]), np.array([[1.1e-3, -2e-3], [5e-4, 1e-4]])),
             "two small (2, 2) gradients"),
        Case((np.array([3.0, 4.0]), np.array([-3.0, -4.0])),
             "opposite vectors: the answer is 1"),
        Case((np.zeros((2, 3)), np.zeros((2, 3))),
             "both zero, like the gradient of a parameter that has no effect: the answer is 0"),
        Case((np.zeros(2), np.array([1e-3, -2e-3])), "a = 0 and b != 0: the answer is 1"),
        Case((np.array([1e-9, -2e-9, 0.0]), np.array([1.5e-9, -2e-9, 0.0])),
             "tiny gradients of size 1e-9, where an eps added to the denominator shows",
             atol=0.0),
        Case((np.array([1.0, 2.0, -0.5]), np.array([1.0 + 3e-9, 2.0, -0.5])),
             "two gradients that agree to 9 digits: the answer is about 6e-10, which float64 "
             "resolves and float32 does not", atol=0.0),
    ],
    # The unguarded formula comes before ||a - b|| / ||a||: both give NaN when a = b = 0, and
    # only the first matching mistake's hint is shown.
    mistakes=[
        Mistake(lambda a, b: float(np.linalg.norm(a - b)),
                "divide by ||a|| + ||b||: the absolute error ||a - b|| grows and shrinks with "
                "the size of the gradient, so no threshold fits every parameter."),
        Mistake(_unguarded_relative_error,
                "when a and b are both zero, return 0.0 instead of computing 0 / 0 = NaN."),
        Mistake(_error_relative_to_a,
                "divide by ||a|| + ||b||, not by ||a|| alone: the error must not depend on "
                "which argument comes first."),
        Mistake(_entrywise_relative_error,
                "use the norms of the whole arrays (np.linalg.norm), not entry by entry: an "
                "entry that is 0 in both arrays gives 0 / 0."),
        Mistake(lambda a, b: float(np.linalg.norm(a - b)
                                   / (np.linalg.norm(a) + np.linalg.norm(b) + 1e-8)),
                "do not add an eps to the denominator: for gradients of size 1e-9 it dominates. "
                "Test for a zero denominator instead and return 0.0 then."),
    ],
    hint="the Euclidean norm of the difference, divided by the sum of the two norms (the "
         "norm of each whole array, not entry by entry); when that sum is exactly zero the two "
         "arrays are equal and the answer is 0.0. Return a Python float.",
    recipe="scale = np.linalg.norm(a) + np.linalg.norm(b); return float(np.linalg.norm(a - b) "
           "/ scale) if scale > 0 else 0.0",
)


# ------------------------------------------------------------------- scale_from_relative_error
scale_from_relative_error = Check(
    "scale_from_relative_error",
    reference=lambda r: (1 + r) / (1 - r),
    cases=[
        Case((0.0,), "r = 0: the gradients agree"),
        Case((0.5,), "r = 0.5"),
        Case((0.8824,), "r = 0.8824, the value of the exercise"),
        Case((0.1,), "r = 0.1"),
        Case((0.99,), "r = 0.99"),
    ],
    mistakes=[
        Mistake(lambda r: (1 - r) / (1 + r),
                "that is the factor c below 1; the exercise asks for the factor c >= 1 (the "
                "other solution is its inverse)."),
        Mistake(lambda r: 1 / (1 - r),
                "write rel(g, c g) with the norms: ||g - c g|| = (c - 1) ||g|| and "
                "||g|| + ||c g|| = (1 + c) ||g||; solve (c - 1) / (c + 1) = r for c."),
    ],
    hint="for c >= 1 the relative error of g and c g does not depend on g: write it with the "
         "norms, then solve the equation for c.",
    recipe="rel(g, c g) = (c - 1) / (c + 1) = r, so c - 1 = r (c + 1) and c = (1 + r) / (1 - r).",
    rtol=1e-9,
)
