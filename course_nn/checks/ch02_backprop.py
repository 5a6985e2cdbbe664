"""Checks of chapter 2, backpropagation (first part, the gradients by hand): the gradient of
softmax with cross-entropy, and every gradient of the 3-4-1 network, step by step and as one
backward pass. The chapter's other checks are in ``ch02_d_layers`` and
``ch02_gradient_checking``; ``progress()`` lists the three modules as one chapter, in the order
of their names.

Each check lists the mistakes a learner is likely to make, in an order such that the first case
on which a mistake fails tells it apart from the right answer and from every other mistake.
"""

import numpy as np

from ..activations import sigmoid, sigmoid_derivative
from ..layers import Dense, Sigmoid
from ..losses import BCELoss, SoftmaxCrossEntropyLoss
from ..model import Sequential
from .core import Case, Check, Mistake, quiet

__all__ = ["softmax_cross_entropy_backward", "backprop_by_hand", "backward_341"]


# ------------------------------------------------------------ softmax_cross_entropy_backward
def _softmax_cross_entropy_backward(z, y):
    """The reference: course_nn's SoftmaxCrossEntropyLoss, forward then backward."""
    loss = SoftmaxCrossEntropyLoss()
    loss.forward(z, y)
    return loss.backward()


@quiet
def _sce_unshifted(z, y):
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return (p - np.eye(z.shape[1])[y]) / z.shape[0]


def _sce_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


_rng_sce = np.random.default_rng(21)
softmax_cross_entropy_backward = Check(
    "softmax_cross_entropy_backward",
    reference=_softmax_cross_entropy_backward,
    cases=[
        Case((np.array([[2.0, -1.0, 0.5]]), np.array([0])),
             "one sample of 3 classes, label 0"),
        Case((_rng_sce.normal(size=(5, 4)), np.array([3, 0, 1, 3, 2])),
             "a batch of 5 samples of 4 classes"),
        Case((np.array([[1.0, 1.0, 1.0], [0.0, 3.0, -2.0]]), np.array([1, 0])),
             "equal logits in the first row (ties), a confidently wrong second row"),
        Case((np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]]), np.array([2, 2])),
             "logits of size 1000, the rows far apart"),
        Case((np.array([[-1000.0, -1001.0, -1002.0], [-800.0, -800.0, -799.0]]), np.array([1, 2])),
             "only very negative logits, where every exp() underflows to 0"),
    ],
    mistakes=[
        Mistake(lambda z, y: _sce_softmax(z) - np.eye(z.shape[1])[y],
                "the loss is the mean over the m samples: divide the whole gradient by m."),
        Mistake(lambda z, y: (np.eye(z.shape[1])[y] - _sce_softmax(z)) / z.shape[0],
                "the sign: the gradient is the predicted probabilities minus the one-hot "
                "labels, positive where the network puts too much probability."),
        Mistake(lambda z, y: (_sce_softmax(z) - np.eye(z.shape[1])[y]) / z.size,
                "divide by the number of samples m, not by the number of entries m C: the "
                "loss sums over the classes and averages over the samples."),
        Mistake(_sce_unshifted,
                "exp overflows for logits of a few hundred: subtract each row's largest logit "
                "before taking exp; softmax does not change."),
    ],
    hint="the gradient with respect to the logits is the softmax of each row minus the one-hot "
         "row of its label, divided by the number of samples; compute the softmax stably.",
    recipe="p = softmax(z) row by row, stably: e = np.exp(z - z.max(axis=1, keepdims=True)); "
           "p = e / e.sum(axis=1, keepdims=True). Then onehot = np.eye(z.shape[1])[y] and "
           "return (p - onehot) / z.shape[0].",
)


# ------------------------------------------------------------------------------ backward_341
_rng = np.random.default_rng(2)
_X, _W1, _W2 = _rng.normal(size=(5, 3)), _rng.normal(size=(3, 4)), _rng.normal(size=(4, 1))
_b1, _b2 = _rng.normal(size=4), _rng.normal(size=1)
_y = np.array([[1.0], [0.0], [0.0], [1.0], [1.0]])
_CASES_341 = [Case((_X[:1], _y[:1], _W1, _b1, _W2, _b2), "one sample, X of shape (1, 3)"),
              Case((_X, _y, _W1, _b1, _W2, _b2), "a batch of 5 samples, X of shape (5, 3)")]


def _backward_341(X, y, W1, b1, W2, b2):
    """The reference: course_nn's layers and BCELoss, one forward and one backward pass."""
    model = Sequential([Dense(3, 4, init="constant"), Sigmoid(),
                        Dense(4, 1, init="constant"), Sigmoid()])
    model.layers[0].params.update(W=W1, b=b1)
    model.layers[2].params.update(W=W2, b=b2)
    loss = BCELoss()
    loss.forward(model.forward(X, training=True), y)
    model.backward(loss.backward())
    grads = model.grads()
    return grads["0.W"], grads["0.b"], grads["2.W"], grads["2.b"]


def _backward_341_variant(X, y, W1, b1, W2, b2, scale=1.0, output_derivative=False,
                          transposed=False, mean_bias=False, derivative_of_a=False):
    """The backward pass with one of the known mistakes switched on."""
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - y) / m * scale
    if output_derivative:
        dz2 = dz2 * a2 * (1 - a2)
    da1 = dz2 @ W2.T
    dz1 = da1 * (sigmoid_derivative(a1) if derivative_of_a else a1 * (1 - a1))
    if transposed:
        dW1, dW2 = dz1.T @ X, dz2.T @ a1
    else:
        dW1, dW2 = X.T @ dz1, a1.T @ dz2
    if mean_bias:
        db1, db2 = dz1.mean(axis=0), dz2.mean(axis=0)
    else:
        db1, db2 = dz1.sum(axis=0), dz2.sum(axis=0)
    return dW1, db1, dW2, db2


backward_341 = Check(
    "backward_341",
    reference=_backward_341,
    cases=[
        *_CASES_341,
        Case((_X, 1 - _y, _W1, np.zeros(4), _W2, np.zeros(1)),
             "a batch of 5 samples with zero biases and the other labels"),
    ],
    mistakes=[
        Mistake(lambda X, y, *p: _backward_341_variant(X, y, *p, transposed=True),
                "a gradient has the shape of its parameter: dW2 = a1.T @ dz2 has shape (4, 1) "
                "like W2, and dW1 = X.T @ dz1 has shape (3, 4) like W1."),
        Mistake(lambda X, y, *p: _backward_341_variant(X, y, *p, output_derivative=True),
                "with a sigmoid output and the cross-entropy loss, dz2 = (a2 - y) / m already "
                "includes the sigmoid's derivative: do not multiply by a2 (1 - a2) again."),
        Mistake(lambda X, y, *p: _backward_341_variant(X, y, *p, derivative_of_a=True),
                "sigma'(z1) = a1 (1 - a1): sigmoid_derivative(a1) computes sigma'(a1), the "
                "derivative at the wrong point."),
        Mistake(lambda X, y, *p: _backward_341_variant(X, y, *p, scale=X.shape[0]),
                "the loss is the mean over the m samples, so dz2 = (a2 - y) / m; the 1/m then "
                "flows into every gradient."),
        Mistake(lambda X, y, *p: _backward_341_variant(X, y, *p, mean_bias=True),
                "db = dz.sum(axis=0): dz already holds the 1/m, so a mean over the rows "
                "divides by m a second time."),
        Mistake(lambda X, y, *p: _backward_341_variant(X, y, *p, scale=-1.0),
                "the sign: dL/dz2 = (a2 - y) / m, prediction minus label, so that gradient "
                "descent lowers the loss."),
    ],
    hint="go backwards through the forward pass one line at a time, as in the chapter's "
         "table: first dz2 for the sigmoid output with the cross-entropy loss (the mean over "
         "the m samples puts a 1/m in it), then each weight gradient from the activations "
         "that entered that layer, each bias gradient as a sum over the samples, and dz1 "
         "through W2 and the sigmoid's derivative. Every gradient has the shape of its "
         "parameter: print the shapes.",
    recipe="m = X.shape[0]; a1 = sigmoid(X @ W1 + b1); a2 = sigmoid(a1 @ W2 + b2); "
           "dz2 = (a2 - y) / m; dW2 = a1.T @ dz2; db2 = dz2.sum(axis=0); "
           "dz1 = (dz2 @ W2.T) * a1 * (1 - a1); dW1 = X.T @ dz1; db1 = dz1.sum(axis=0); "
           "return dW1, db1, dW2, db2",
    returns=("dW1", "db1", "dW2", "db2"),
)


# ------------------------------------------------------------------------- backprop_by_hand
# For each intermediate gradient, in the order backpropagation computes them: the gradient it is
# computed from, and a nudge about that step.
_STEPS = {
    "dz2": (None, "the output's error signal: with a sigmoid output and the cross-entropy loss "
                  "the sigmoid's derivative cancels, and the loss is a mean over the m samples."),
    "dW2": ("dz2", "a weight gradient pairs the layer's input with dz2, and has the shape of W2."),
    "db2": ("dz2", "a bias is added to every sample, so its gradient adds up dz2 over the batch."),
    "da1": ("dz2", "dz2 flows back through the weights W2: think of the shapes, (m, 1) to (m, 4)."),
    "dz1": ("da1", "the activation's derivative, taken at z1 (where the sigmoid was applied)."),
    "dW1": ("dz1", "a weight gradient pairs the layer's input with dz1, and has the shape of W1."),
    "db1": ("dz1", "a bias is added to every sample, so its gradient adds up dz1 over the batch."),
}


def _by_hand(X, y, W1, b1, W2, b2, m_scale=1.0, derivative_of_a=False, mean_bias=False):
    """Every intermediate gradient of the 3-4-1 network under BCELoss (the reference), or with
    one of the known mistakes switched on."""
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - y) / m * m_scale
    da1 = dz2 @ W2.T
    dz1 = da1 * (sigmoid_derivative(a1) if derivative_of_a else a1 * (1 - a1))
    total = np.mean if mean_bias else np.sum
    return {"dz2": dz2, "dW2": a1.T @ dz2, "db2": total(dz2, axis=0), "da1": da1, "dz1": dz1,
            "dW1": X.T @ dz1, "db1": total(dz1, axis=0)}


backprop_by_hand = Check(
    "backprop_by_hand",
    reference=_by_hand,
    cases=[
        *_CASES_341,
    ],
    steps=_STEPS,
    mistakes=[
        Mistake(lambda *p: _by_hand(*p, m_scale=p[0].shape[0]),
                "the loss is a mean over the m samples: the 1/m enters at dz2 and flows into "
                "every gradient after it."),
        Mistake(lambda *p: _by_hand(*p, derivative_of_a=True),
                "the sigmoid's derivative written in terms of its output is a1 (1 - a1); "
                "passing a1 to a function of z takes the derivative at the wrong point."),
        Mistake(lambda *p: _by_hand(*p, mean_bias=True),
                "dz already holds the 1/m: a mean over the rows divides by m a second time."),
    ],
    hint="compute the gradients in the order of the dict, one line each, and print every shape.",
    recipe="dz2 = (a2 - y) / m; dW2 = a1.T @ dz2; db2 = dz2.sum(axis=0); da1 = dz2 @ W2.T; "
           "dz1 = da1 * a1 * (1 - a1); dW1 = X.T @ dz1; db1 = dz1.sum(axis=0).",
)
