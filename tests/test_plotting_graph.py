"""Smoke test of course_nn.plotting.computation_graph: one box per node and per parameter, the
forward values and the gradients written on the edges, shapes on the nodes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_nn import plotting  # noqa: E402


def test_computation_graph_writes_values_gradients_and_shapes():
    chain = [
        {"label": "$x$", "value": np.array([[0.5, -1.0]]), "grad": np.array([[0.25, 0.75]])},
        {"label": "$z$", "op": "$x W$", "value": np.array([[2.0]]), "grad": np.array([[-3.0]]),
         "params": [("$W$", np.ones((2, 1)))]},
        {"label": "$L$", "value": np.array(1.5), "grad": None},
    ]
    ax = plotting.computation_graph(chain, title="a graph")
    texts = [t.get_text() for t in ax.texts]
    assert "[0.50, -1.00]" in texts and "[0.25, 0.75]" in texts
    assert "[2.00]" in texts and "[-3.00]" in texts
    assert "$x$  (1, 2)" in texts and "$W$  (2, 1)" in texts
    assert any(t.startswith("$L$  ()") and t.endswith("= 1.50") for t in texts)
    assert ax.get_title() == "a graph"
    plt.close("all")


def test_computation_graph_needs_two_nodes():
    with pytest.raises(ValueError, match="at least two nodes"):
        plotting.computation_graph([{"label": "$x$", "value": np.zeros(2), "grad": None}])


def test_forward_only_graph_has_no_gradient_legend_and_shows_the_output():
    chain = [{"label": "$x$", "value": np.array([[1.0, 2.0]]), "grad": None},
             {"label": r"$\hat{y}$", "value": np.array([[0.25]]), "grad": None}]
    texts = [t.get_text() for t in plotting.computation_graph(chain).texts]
    assert not any("backward" in t for t in texts)
    assert any(t.endswith("= 0.25") for t in texts)
    plt.close("all")
