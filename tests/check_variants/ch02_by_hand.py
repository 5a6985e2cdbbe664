"""Variants of the "backprop by hand" exercise (chapter 2): every intermediate gradient of the
3-4-1 network in a dict."""

import numpy as np

from course_nn.activations import sigmoid, sigmoid_derivative


def _gradients(X, y, W1, b1, W2, b2, bug=None):
    m = X.shape[0]
    z1 = X @ W1 + b1
    a1 = sigmoid(z1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - y) / (1 if bug == "no 1/m" else m)
    if bug == "sigmoid derivative applied again":
        dz2 = dz2 * a2 * (1 - a2)
    dW2 = dz2.T @ a1 if bug == "dW2 transposed" else a1.T @ dz2
    db2 = dz2.mean(axis=0) if bug == "db2 mean" else dz2.sum(axis=0)
    da1 = dz2 @ W2.T
    if bug == "dz1 at a1":
        dz1 = da1 * sigmoid_derivative(a1)
    elif bug == "dz1 without (1 - a1)":
        dz1 = da1 * a1
    elif bug == "dz1 skipped":
        dz1 = da1
    elif bug == "dz1 at z1 with tanh":
        dz1 = da1 * (1 - np.tanh(z1) ** 2)
    else:
        dz1 = da1 * a1 * (1 - a1)
    dW1 = X.T @ (da1 if bug == "dW1 from da1" else dz1)
    db1 = dz1.sum(axis=1) if bug == "db1 over the wrong axis" else dz1.sum(axis=0)
    grads = {"dz2": dz2, "dW2": dW2, "db2": db2, "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1}
    if bug == "tuple instead of dict":
        return tuple(grads.values())
    if bug == "db1 forgotten":
        del grads["db1"]
    return grads


def _wrong(bug):
    def variant(*args):
        return _gradients(*args, bug=bug)
    variant.__name__ = bug.replace(" ", "_")
    return variant


def _with_einsum(X, y, W1, b1, W2, b2):
    m = X.shape[0]
    a1 = 1 / (1 + np.exp(-(np.einsum("mi,ij->mj", X, W1) + b1)))
    a2 = 1 / (1 + np.exp(-(a1 @ W2 + b2)))
    dz2 = (a2 - y) / m
    da1 = np.einsum("mk,jk->mj", dz2, W2)
    dz1 = da1 * a1 * (1 - a1)
    return {"dz2": dz2, "dW2": np.einsum("mj,mk->jk", a1, dz2), "db2": np.einsum("mk->k", dz2),
            "da1": da1, "dz1": dz1, "dW1": np.einsum("mi,mj->ij", X, dz1),
            "db1": np.einsum("mj->j", dz1)}


def _sample_by_sample(X, y, W1, b1, W2, b2):
    m = X.shape[0]
    grads = {key: [] for key in ("dz2", "da1", "dz1")}
    dW1, db1, dW2, db2 = (np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2),
                          np.zeros_like(b2))
    for x, t in zip(X, y):
        a1 = sigmoid(x @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        dz2 = (a2 - t) / m
        da1 = W2 @ dz2
        dz1 = da1 * a1 * (1 - a1)
        dW2 += np.outer(a1, dz2)
        db2 += dz2
        dW1 += np.outer(x, dz1)
        db1 += dz1
        for key, value in (("dz2", dz2), ("da1", da1), ("dz1", dz1)):
            grads[key].append(value)
    return {"dz2": np.array(grads["dz2"]), "dW2": dW2, "db2": db2, "da1": np.array(grads["da1"]),
            "dz1": np.array(grads["dz1"]), "dW1": dW1, "db1": db1}


VARIANTS = {
    "backprop_by_hand": {
        "wrong": [_wrong(bug) for bug in (
            "no 1/m", "sigmoid derivative applied again", "dW2 transposed", "db2 mean",
            "dz1 at a1", "dz1 without (1 - a1)", "dz1 skipped", "dz1 at z1 with tanh",
            "dW1 from da1", "db1 over the wrong axis", "tuple instead of dict", "db1 forgotten")],
        "right": [_with_einsum, _sample_by_sample],
    },
}
