"""Checks of chapter 2, backpropagation: the backward pass of the 3-4-1 network, a numerical
gradient by central differences, and the relative error of a gradient check.

Each check lists the mistakes a learner is likely to make, in an order such that the first case
on which a mistake fails tells it apart from the right answer and from every other mistake.
"""

import numpy as np

from .. import gradcheck
from ..activations import sigmoid, sigmoid_derivative
from ..layers import Activation, Dense, Sigmoid
from ..losses import BCELoss, BCEWithLogitsLoss, SoftmaxCrossEntropyLoss
from ..model import Sequential
from .core import Case, Check, Mistake, quiet

__all__ = ["backward_341", "numerical_gradient", "relative_error", "backprop_by_hand",
           "softmax_cross_entropy_backward", "dense_backward", "network_backward",
           "scale_from_relative_error"]


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


# ------------------------------------------------------------------------ numerical_gradient
def _cube_sum(x):
    """f(x) = sum(x^3), whose gradient is 3 x^2."""
    return float(np.sum(x ** 3))


def _sin_sum(x):
    """f(x) = sum(sin(x)), whose gradient is cos(x)."""
    return float(np.sum(np.sin(x)))


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
        Case((_sin_sum, np.array([[0.0, 1.0, 2.0], [-1.0, 3.0, 0.5]])),
             "f(x) = sum(sin(x)) for x of shape (2, 3)"),
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


# The softmax cross-entropy gradient, a Dense layer's backward pass, the backward pass of a
# D-layer network, and reading a gradient check.


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


# ---------------------------------------------------------------------------- dense_backward
def _dense_backward(x, W, dout):
    """The reference: course_nn's Dense layer with weights W, forward then backward."""
    layer = Dense(*W.shape, init="constant")
    layer.params["W"] = np.asarray(W, dtype=np.float64)
    layer.forward(np.asarray(x, dtype=np.float64), training=True)
    dx = layer.backward(np.asarray(dout, dtype=np.float64))
    return dx, layer.grads["W"], layer.grads["b"]


_rng_dense = np.random.default_rng(22)
dense_backward = Check(
    "dense_backward",
    reference=_dense_backward,
    cases=[
        Case((_rng_dense.normal(size=(1, 3)), _rng_dense.normal(size=(3, 2)),
              _rng_dense.normal(size=(1, 2))), "one sample, x (1, 3), W (3, 2)"),
        Case((_rng_dense.normal(size=(5, 3)), _rng_dense.normal(size=(3, 4)),
              _rng_dense.normal(size=(5, 4))), "a batch of 5 samples, x (5, 3), W (3, 4)"),
        Case((_rng_dense.normal(size=(4, 3)), _rng_dense.normal(size=(3, 3)),
              _rng_dense.normal(size=(4, 3))), "a square W (3, 3), so a transpose fits"),
    ],
    mistakes=[
        Mistake(lambda x, W, dout: (dout @ W.T, dout.T @ x, dout.sum(axis=0)),
                "dW has the shape of W, (n_in, n_out): the input's transpose comes first."),
        Mistake(lambda x, W, dout: (dout @ W, x.T @ dout, dout.sum(axis=0)),
                "dx has the shape of x and comes from dout times the transpose of W."),
        Mistake(lambda x, W, dout: (dout @ W.T, x.T @ dout, dout.mean(axis=0)),
                "db is the sum of the rows of dout, not their mean: dout already holds the "
                "loss's 1/m."),
        Mistake(lambda x, W, dout: (dout @ W.T, x.T @ dout / x.shape[0], dout.sum(axis=0)),
                "do not divide dW by m: dout already holds the loss's 1/m."),
        Mistake(lambda x, W, dout: (x.T @ dout, dout.sum(axis=0), dout @ W.T),
                "return the three gradients in the order (dx, dW, db)."),
    ],
    hint="each gradient has the shape of what it differentiates; the products contract over the "
         "samples, and the bias collects one contribution per sample.",
    recipe="dx = dout @ W.T (m, n_in); dW = x.T @ dout (n_in, n_out); db = dout.sum(axis=0) "
           "(n_out,); return dx, dW, db.",
)


# --------------------------------------------------------------------------- network_backward
def _activation_layer(g, g_prime):
    """An Activation layer computing g, whose backward multiplies by g_prime."""
    return type("G", (Activation,), {"function": staticmethod(g),
                                     "derivative": staticmethod(g_prime)})()


def _network_backward(X, y, weights, biases, g, g_prime):
    """The reference: a course_nn Sequential of Dense layers with g between them, BCE on logits."""
    layers = []
    for l, (W, b) in enumerate(zip(weights, biases)):
        dense = Dense(*W.shape, init="constant")
        dense.params.update(W=np.asarray(W, dtype=np.float64), b=np.asarray(b, dtype=np.float64))
        layers += [dense] if l == len(weights) - 1 else [dense, _activation_layer(g, g_prime)]
    model = Sequential(layers)
    loss = BCEWithLogitsLoss()
    loss.forward(model.forward(X, training=True), y)
    model.backward(loss.backward())
    dense_layers = [layer for layer in layers if isinstance(layer, Dense)]
    return ([layer.grads["W"] for layer in dense_layers],
            [layer.grads["b"] for layer in dense_layers])


def _network_backward_variant(X, y, weights, biases, g, g_prime, derivative_at_a=False,
                              output_derivative=False, scale=1.0):
    """The backward pass of the D-layer network with one known mistake switched on."""
    a, zs, inputs = X, [], []
    for W, b in zip(weights, biases):
        inputs.append(a)
        zs.append(a @ W + b)
        a = g(zs[-1])
    dz = (sigmoid(zs[-1]) - y) / X.shape[0] * scale
    if output_derivative:
        dz = dz * g_prime(zs[-1])
    dWs, dbs = [], []
    for l in reversed(range(len(weights))):
        dWs.insert(0, inputs[l].T @ dz)
        dbs.insert(0, dz.sum(axis=0))
        if l > 0:
            da = dz @ weights[l].T
            dz = da * (g_prime(inputs[l]) if derivative_at_a else g_prime(zs[l - 1]))
    return dWs, dbs


def _as_tuples(answer):
    """(dWs, dbs) with the lists made tuples, so the checks compare them entry by entry."""
    if isinstance(answer, (tuple, list)):
        return tuple(tuple(part) if isinstance(part, list) else part for part in answer)
    return answer


def _network_case(sizes, m, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, sizes[0]))
    y = rng.integers(0, 2, size=(m, 1)).astype(float)
    weights = [rng.normal(size=(n_in, n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(size=n_out) for n_out in sizes[1:]]
    return X, y, weights, biases


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_prime(z):
    return (z > 0).astype(float)


def _tanh_prime(z):
    return 1 - np.tanh(z) ** 2


network_backward = Check(
    "network_backward",
    reference=_network_backward,
    cases=[
        Case((*_network_case([3, 4, 1], 5, 23), sigmoid, sigmoid_derivative),
             "the 3-4-1 network with sigmoid, a batch of 5"),
        Case((*_network_case([2, 5, 3, 1], 6, 24), np.tanh, _tanh_prime),
             "a 2-5-3-1 network with tanh, a batch of 6"),
        Case((*_network_case([4, 6, 6, 3, 1], 7, 25), _relu, _relu_prime),
             "a 4-6-6-3-1 network with ReLU, a batch of 7"),
        Case((*_network_case([3, 2, 1], 1, 26), np.tanh, _tanh_prime),
             "a 3-2-1 network with tanh, one sample"),
    ],
    mistakes=[
        Mistake(lambda *args: _network_backward_variant(*args, output_derivative=True),
                "the output layer is linear: the loss's dz = (sigmoid(z) - y) / m goes straight "
                "into the last Dense layer, with no g' in between."),
        Mistake(lambda *args: _network_backward_variant(*args, derivative_at_a=True),
                "g' is evaluated at the pre-activation z of the layer, not at its output a."),
        Mistake(lambda *args: _network_backward_variant(*args, scale=args[0].shape[0]),
                "the loss is the mean over the m samples, so the first dz carries a factor 1/m."),
    ],
    hint="run the forward pass and keep each layer's input and pre-activation; the loss starts "
         "the chain at the output's logits; then, from the last layer to the first, each Dense "
         "layer gives its two gradients and passes a gradient down, and each activation "
         "multiplies it by g' at its own pre-activation.",
    recipe="inputs, zs, a = [], [], X; for W, b in zip(weights, biases): inputs.append(a); "
           "zs.append(a @ W + b); a = g(zs[-1]). Then dz = (sigmoid(zs[-1]) - y) / len(X); for "
           "l from D-1 down to 0: dWs[l] = inputs[l].T @ dz, dbs[l] = dz.sum(axis=0), and if "
           "l > 0: dz = (dz @ weights[l].T) * g_prime(zs[l - 1]). Return dWs, dbs (layer 1 "
           "first).",
    returns=("dWs", "dbs"),
    normalize=_as_tuples,
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
