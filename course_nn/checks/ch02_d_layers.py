"""Checks of chapter 2, backpropagation (second part, the recursion for D layers): the backward
pass of a Dense layer and of a network of D Dense layers.

Each check lists the mistakes a learner is likely to make, in an order such that the first case
on which a mistake fails tells it apart from the right answer and from every other mistake.
"""

import numpy as np

from ..activations import sigmoid, sigmoid_derivative
from ..layers import Activation, Dense
from ..losses import BCEWithLogitsLoss
from ..model import Sequential
from .core import Case, Check, Mistake

__all__ = ["dense_backward", "network_backward"]


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
    returns=("dx", "dW", "db"),
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
