"""Checks of chapter 1, the model."""

import numpy as np

from ..activations import sigmoid, softmax
from .core import Case, Check, Mistake

__all__ = ["forward_341", "stable_softmax"]

_rng = np.random.default_rng(1)
_X, _W1, _W2 = _rng.normal(size=(5, 3)), _rng.normal(size=(3, 4)), _rng.normal(size=(4, 1))
_b1, _b2 = _rng.normal(size=4), _rng.normal(size=1)


def _forward_341(X, W1, b1, W2, b2):
    return sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)


forward_341 = Check(
    "forward_341",
    reference=_forward_341,
    cases=[
        Case((_X[:1], _W1, _b1, _W2, _b2), "one sample, X of shape (1, 3)"),
        Case((_X, _W1, _b1, _W2, _b2), "a batch, X of shape (5, 3)"),
        Case((_X, _W1, np.zeros(4), _W2, np.zeros(1)), "a batch with zero biases"),
    ],
    mistakes=[
        Mistake(lambda X, W1, b1, W2, b2: sigmoid(sigmoid(X @ W1) @ W2),
                "the biases are missing: z = a W + b."),
        Mistake(lambda X, W1, b1, W2, b2: sigmoid(X @ W1 + b1) @ W2 + b2,
                "the output layer needs its activation too: y_hat = sigmoid(a1 W2 + b2)."),
        Mistake(lambda X, W1, b1, W2, b2: sigmoid(np.tanh(X @ W1 + b1) @ W2 + b2),
                "the hidden layer of this network uses the sigmoid, not tanh."),
    ],
    hint="compute z1 = X W1 + b1, a1 = sigmoid(z1), z2 = a1 W2 + b2, y_hat = sigmoid(z2); "
         "rows are samples, so X comes first in each product.",
)


stable_softmax = Check(
    "stable_softmax",
    reference=softmax,
    cases=[
        Case((np.array([[1.0, 2.0, 3.0]]),), "one row, z = [[1, 2, 3]]"),
        Case((np.array([[1.0, 2.0], [3.0, 5.0], [0.0, 0.0]]),), "three rows of two classes"),
        Case((np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]]),),
             "large logits, +-1000, where exp() overflows"),
    ],
    mistakes=[
        Mistake(lambda z: np.exp(z) / np.exp(z).sum(axis=0, keepdims=True),
                "normalize each row (axis=1, one sample per row), not each column."),
        Mistake(lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=1, keepdims=True),
                "subtract each row's own maximum (z.max(axis=1, keepdims=True)): with the "
                "maximum of the whole array, a row far below it underflows to 0/0."),
        Mistake(lambda z: np.exp(z) / np.exp(z).sum(),
                "divide by the sum of each row, not the sum of the whole array."),
    ],
    hint="subtract the maximum of each row, exponentiate, then divide by the row sums "
         "(keepdims=True keeps the shapes compatible).",
)
