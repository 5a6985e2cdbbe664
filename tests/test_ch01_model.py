"""Chapter 1 beyond the generic check tests: the network diagram's labels, and the claims the
chapter makes about its checks' references."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_nn import Dense, Sequential, Sigmoid, SoftmaxCrossEntropyLoss, plotting
from course_nn.checks import forward_341, softmax_cross_entropy


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [text.get_text() for text in ax.texts]


def test_network_diagram_writes_node_and_weight_labels():
    ax = plotting.network_diagram([3, 4, 1], node_labels=[["x1", "x2", "x3"], None, ["y"]],
                                  weight_labels=["W1", "W2"])
    shown = texts(ax)
    assert {"x1", "x2", "x3", "y", "W1", "W2"} <= set(shown)
    assert "input\n(3)" in shown and "output\n(1)" in shown


def test_network_diagram_without_labels_is_unchanged():
    ax = plotting.network_diagram([3, 4, 1])
    assert texts(ax) == ["input\n(3)", "hidden 1\n(4)", "output\n(1)"]


@pytest.mark.parametrize("kwargs, name", [
    ({"node_labels": [["x1", "x2", "x3"], None]}, "node_labels"),
    ({"node_labels": [["x1", "x2"], None, ["y"]]}, "node_labels"),
    ({"weight_labels": ["W1"]}, "weight_labels"),
])
def test_network_diagram_rejects_labels_that_do_not_fit(kwargs, name):
    with pytest.raises(ValueError, match=name):
        plotting.network_diagram([3, 4, 1], **kwargs)


def test_forward_341_reference_is_a_sequential_of_dense_and_sigmoid():
    """The chapter shows that Sequential([Dense, Sigmoid, Dense, Sigmoid]) computes forward_341."""
    rng = np.random.default_rng(3)
    X, W1, b1 = rng.normal(size=(6, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    W2, b2 = rng.normal(size=(4, 1)), rng.normal(size=1)
    model = Sequential([Dense(3, 4, rng=0), Sigmoid(), Dense(4, 1, rng=1), Sigmoid()])
    model.layers[0].params.update(W=W1, b=b1)
    model.layers[2].params.update(W=W2, b=b2)
    np.testing.assert_allclose(model.forward(X), forward_341.reference(X, W1, b1, W2, b2),
                               rtol=1e-12)


def test_softmax_cross_entropy_cases_match_the_numbers_in_the_chapter():
    """ln 3 for equal logits; 1000 and 0 for the large logits of the last case."""
    first, *_, last = softmax_cross_entropy.cases
    assert softmax_cross_entropy.reference(*first.args) == pytest.approx(np.log(3))
    z, y = last.args
    losses = [SoftmaxCrossEntropyLoss().forward(z[[i]], y[[i]]) for i in range(len(y))]
    assert losses == pytest.approx([1000.0, 0.0])
