"""Checks of chapter 1, the model: the 3-4-1 forward pass, a stable softmax, and the softmax
cross-entropy loss computed from logits.

Each check lists the mistakes a learner is likely to make, in an order such that the first case
on which a mistake fails tells it apart from the right answer and from every other mistake.
"""

import numpy as np

from ..activations import sigmoid, softmax
from ..layers import Dense
from ..losses import SoftmaxCrossEntropyLoss
from ..model import Sequential
from .core import Case, Check, Mistake, quiet

__all__ = ["forward_341", "parameter_count", "forward_shapes", "stable_softmax",
           "softmax_cross_entropy"]

_rng = np.random.default_rng(1)
_X, _W1, _W2 = _rng.normal(size=(5, 3)), _rng.normal(size=(3, 4)), _rng.normal(size=(4, 1))
_b1, _b2 = _rng.normal(size=4), _rng.normal(size=1)


def _forward_341(X, W1, b1, W2, b2):
    """The reference: z1 = X W1 + b1, a1 = sigmoid(z1), y_hat = sigmoid(a1 W2 + b2)."""
    return sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)


forward_341 = Check(
    "forward_341",
    reference=_forward_341,
    cases=[
        Case((_X[:1], _W1, _b1, _W2, _b2), "one sample, X of shape (1, 3)"),
        Case((_X, _W1, _b1, _W2, _b2), "a batch, X of shape (5, 3)"),
        Case((_X, _W1, np.zeros(4), _W2, np.zeros(1)), "a batch with zero biases"),
        Case((_X * 1000, _W1, _b1, _W2 * 1000, _b2),
             "large inputs and weights: |z| reaches 1000, where exp(-z) overflows to inf"),
    ],
    mistakes=[
        Mistake(lambda X, W1, b1, W2, b2: sigmoid(sigmoid(X @ W1) @ W2),
                "the biases are missing: z = a W + b."),
        Mistake(lambda X, W1, b1, W2, b2: sigmoid(X @ W1 + b1) @ W2 + b2,
                "the output layer needs its activation too: y_hat = sigmoid(a1 W2 + b2)."),
        Mistake(lambda X, W1, b1, W2, b2: sigmoid((X @ W1 + b1) @ W2 + b2),
                "the hidden layer needs its activation: a1 = sigmoid(X W1 + b1), and a1 (not "
                "z1) goes into the output layer."),
        Mistake(lambda X, W1, b1, W2, b2: sigmoid(np.tanh(X @ W1 + b1) @ W2 + b2),
                "the hidden layer of this network uses the sigmoid, not tanh."),
        Mistake(lambda X, W1, b1, W2, b2: sigmoid((sigmoid(X @ W1) + b1) @ W2 + b2),
                "add the bias before the activation: z = a W + b, then a = sigmoid(z)."),
    ],
    hint="follow the chapter's forward pass layer by layer: a product with the weights, the "
         "bias, then the sigmoid, twice; rows are samples, so the batch comes first in each "
         "product. The result has one column.",
    recipe="a1 = sigmoid(X @ W1 + b1); return sigmoid(a1 @ W2 + b2), with "
           "sigmoid(z) = 1 / (1 + np.exp(-z))",
)


def _softmax_per_column(z):
    return np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)


def _softmax_without_keepdims(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


def _softmax_max_without_keepdims(z):
    e = np.exp(z - z.max(axis=1))
    return e / e.sum(axis=1, keepdims=True)


@quiet
def _softmax_without_shift(z):
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


@quiet
def _softmax_shift_by_global_max(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=1, keepdims=True)


stable_softmax = Check(
    "stable_softmax",
    reference=softmax,
    cases=[
        Case((np.array([[1.0, 2.0, 3.0]]),), "one row, z = [[1, 2, 3]]"),
        Case((np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [2.0, -1.0, 0.5]]),),
             "three samples of three classes"),
        Case((np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]]),),
             "large logits, +-1000, where exp() overflows"),
        Case((np.array([[-1000.0, 0.0, 1000.0], [3.0, 3.0, 3.0], [0.0, 1e-9, 0.0]]),),
             "a row spanning 2000, a row of ties, a nearly tied row"),
        Case((np.array([[1, 2, 3], [0, 0, 5], [4, 4, 4], [-2, 7, 1]]),),
             "integer logits (dtype int), 4 samples of 3 classes"),
        Case((np.array([[-1000.0, -1001.0, -1002.0], [-800.0, -800.0, -799.0]]),),
             "only very negative logits, where every exp() underflows to 0"),
    ],
    mistakes=[
        Mistake(_softmax_per_column,
                "normalize each row (axis=1, one sample per row), not each column."),
        Mistake(lambda z: np.exp(z) / np.exp(z).sum(),
                "divide by the sum of each row, not the sum of the whole array."),
        Mistake(_softmax_without_keepdims,
                "sum with keepdims=True: e.sum(axis=1) has shape (m,), and dividing an (m, C) "
                "array by it divides column j by the sum of row j."),
        Mistake(_softmax_max_without_keepdims,
                "take each row's maximum with keepdims=True: z.max(axis=1) has shape (m,), and "
                "z - z.max(axis=1) subtracts the maximum of row j from column j."),
        Mistake(_softmax_shift_by_global_max,
                "subtract each row's own maximum, not the maximum of the whole array: a row far "
                "below that one underflows to 0/0."),
        Mistake(quiet(lambda z: np.exp(z - z.min(axis=1, keepdims=True))
                      / np.exp(z - z.min(axis=1, keepdims=True)).sum(axis=1, keepdims=True)),
                "subtract each row's MAXIMUM (not its minimum or its mean): then every exponent "
                "is <= 0 and exp() cannot overflow; with the minimum, a row spanning 2000 gives "
                "exp(2000) = inf."),
        Mistake(_softmax_without_shift,
                "subtract each row's maximum before exp(): exp(1000) overflows to inf, and "
                "inf / inf is NaN."),
    ],
    hint="softmax does not change when the same number is subtracted from every entry of a "
         "row: choose, for each row, the number that makes every exponent <= 0. Then normalize "
         "each row (one sample) by its own sum, keeping shapes that broadcast row by row.",
    recipe="e = np.exp(z - z.max(axis=1, keepdims=True)); return e / e.sum(axis=1, "
           "keepdims=True)",
)


def _cross_entropy(z, y):
    """The reference: course_nn's SoftmaxCrossEntropyLoss, a float."""
    return SoftmaxCrossEntropyLoss().forward(z, y)


@quiet
def _log_of_softmax(z, y):
    """Right in exact arithmetic, but log(0) = -inf once a probability underflows."""
    return float(-np.mean(np.log(softmax(z)[np.arange(len(y)), y])))


softmax_cross_entropy = Check(
    "softmax_cross_entropy",
    reference=_cross_entropy,
    cases=[
        Case((np.array([[0.0, 0.0, 0.0]]), np.array([1])),
             "one sample, equal logits: the loss is ln 3 = 1.0986"),
        Case((np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0]]), np.array([0, 2])),
             "two samples of three classes, labels [0, 2]"),
        Case((np.random.default_rng(2).normal(size=(4, 3)), np.array([2, 0, 1, 1])),
             "four samples of three classes, labels [2, 0, 1, 1]"),
        Case((np.array([[0.0, 1000.0], [500.0, -500.0]]), np.array([0, 0])),
             "large logits: the first sample's label has probability e^-1000"),
        Case((np.array([[-1000.0, 0.0, 1000.0], [1.0, 1.0, 1.0], [2.0, 0.0, 2.0]]),
              np.array([0, 2, 1])), "a row spanning 2000 (loss 2000), ties, labels [0, 2, 1]"),
        Case((np.array([[-1000.0, -1001.0, -1002.0], [-800.0, -800.0, -799.0]]),
              np.array([1, 2])), "only very negative logits, where every exp() underflows to 0"),
    ],
    # The log-of-softmax mistake comes before p[:, y]: both give inf on the large logits, and
    # only the first matching mistake's hint is shown.
    mistakes=[
        Mistake(lambda z, y: -_cross_entropy(z, y),
                "the loss is MINUS the mean log-probability: log p <= 0, so the loss is >= 0."),
        Mistake(lambda z, y: _cross_entropy(z, y) / z.shape[1],
                "sum over the classes and average over the samples only: a mean over all "
                "m * C entries of -onehot * log p divides by C too many."),
        Mistake(lambda z, y: _cross_entropy(z, y) * z.shape[0],
                "average over the samples (divide by m), do not sum."),
        Mistake(_log_of_softmax,
                "take the log analytically: log softmax(z)_k = z_k - max(z) - log(sum_j "
                "exp(z_j - max(z))). Computing softmax first and then its log gives log(0) = "
                "-inf when a probability underflows to 0."),
        Mistake(lambda z, y: float(-np.mean(np.log(softmax(z)[:, y]))),
                "take one entry per row, the probability of that row's label: "
                "p[np.arange(m), y], not p[:, y] (which is an (m, m) array)."),
        Mistake(quiet(lambda z, y: float(-np.mean(np.log(np.clip(
                    softmax(z)[np.arange(len(y)), y], 1e-12, 1.0))))),
                "do not clip the probabilities: the exact loss can be far above -log(1e-12) = "
                "27.6. Take the log analytically with the log-sum-exp form, which stays finite."),
    ],
    hint="use the log-sum-exp form of the chapter: shift each row by its maximum, so no exp() "
         "overflows, and compute the log-probabilities without ever taking log of a "
         "probability. Each sample contributes the log-probability of its own label; return "
         "minus their mean over the samples, as a float.",
    recipe="s = z - z.max(axis=1, keepdims=True); log_p = s - np.log(np.exp(s).sum(axis=1, "
           "keepdims=True)); return float(-np.mean(log_p[np.arange(len(y)), y]))",
)


# Written answers made gradable: the shapes of a network's arrays and its number of parameters.


def _parameter_count(layer_sizes):
    """The reference: the number of entries of every parameter of a course_nn network."""
    model = Sequential([Dense(n_in, n_out, init="constant")
                        for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])])
    return sum(value.size for value in model.params().values())


parameter_count = Check(
    "parameter_count",
    reference=_parameter_count,
    cases=[
        Case(([784, 128, 10],), "the 784-128-10 digit classifier"),
        Case(([3, 4, 1],), "the 3-4-1 network"),
        Case(([2, 8, 8, 3],), "a 2-8-8-3 network with two hidden layers"),
        Case(([5, 1],), "a single layer, 5 inputs and 1 output"),
    ],
    mistakes=[
        Mistake(lambda sizes: sum(a * b for a, b in zip(sizes[:-1], sizes[1:])),
                "every unit has a bias as well as its weights."),
        Mistake(lambda sizes: sum(a * b + a for a, b in zip(sizes[:-1], sizes[1:])),
                "there is one bias per unit of the layer, n_l of them, not one per input."),
    ],
    hint="a layer from n_{l-1} inputs to n_l units holds a weight matrix and a bias vector; add "
         "their sizes over the layers.",
    recipe="sum over consecutive pairs (n_in, n_out) of layer_sizes of n_in * n_out + n_out, "
           "that is (n_in + 1) * n_out; for [784, 128, 10]: 785 * 128 + 129 * 10 = 101770.",
)


def _forward_shapes(layer_sizes, m):
    """The reference: for each layer, the shapes of W, b and z, read from a course_nn network."""
    model = Sequential([Dense(n_in, n_out, init="constant")
                        for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])])
    shapes, a = [], np.zeros((m, layer_sizes[0]))
    for layer in model.layers:
        a = layer.forward(a)
        shapes += [layer.params["W"].shape, layer.params["b"].shape, a.shape]
    return tuple(shapes)


def _shape_text(shape):
    """A shape as text, "(784, 128)", whatever sequence holds it; anything else as its repr."""
    if isinstance(shape, str):
        return shape
    try:
        return str(tuple(int(n) for n in shape))
    except (TypeError, ValueError):
        return repr(shape)


def _as_shape_texts(answer):
    """A sequence of shapes as a tuple of texts, so that shapes of different lengths compare and
    print one by one; anything else unchanged."""
    if isinstance(answer, (tuple, list)):
        return type(answer)(_shape_text(shape) for shape in answer)
    return answer


forward_shapes = Check(
    "forward_shapes",
    reference=_forward_shapes,
    cases=[
        Case(([784, 128, 10], 64), "the 784-128-10 network, a batch of 64 images"),
        Case(([3, 4, 1], 5), "the 3-4-1 network, a batch of 5"),
        Case(([2, 8, 8, 3], 1), "a 2-8-8-3 network, one sample"),
    ],
    mistakes=[
        Mistake(lambda sizes, m: tuple(s for a, b in zip(sizes[:-1], sizes[1:])
                                       for s in ((b, a), (b,), (m, b))),
                "W[l] has shape (n_{l-1}, n_l) in this book: rows are inputs, so z = a W + b "
                "maps (m, n_{l-1}) to (m, n_l). PyTorch stores the transpose."),
        Mistake(lambda sizes, m: tuple(s for a, b in zip(sizes[:-1], sizes[1:])
                                       for s in ((a, b), (m, b), (m, b))),
                "a bias belongs to a unit, not to a sample: b[l] has shape (n_l,), and "
                "broadcasting adds it to every row."),
        Mistake(lambda sizes, m: tuple(s for a, b in zip(sizes[:-1], sizes[1:])
                                       for s in ((a, b), (b,), (b, m))),
                "rows are samples: z[l] has one row per sample, shape (m, n_l)."),
    ],
    hint="rows are samples and columns are units; a weight matrix maps the previous layer's "
         "width to this layer's, and a bias belongs to a unit, not to a sample.",
    recipe="for each consecutive pair (n_in, n_out) of layer_sizes, append (n_in, n_out) for W, "
           "(n_out,) for b and (m, n_out) for z, in that order, then return tuple(shapes).",
    normalize=_as_shape_texts,
)
