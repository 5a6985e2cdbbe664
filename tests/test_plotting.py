"""Smoke tests of course_nn.plotting: each figure draws, labels its axes and returns the axes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_nn import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("sizes", [[3, 4, 1], [2, 8, 8, 3], [1, 1]])
def test_network_diagram_draws_every_neuron_and_edge(sizes):
    ax = plotting.network_diagram(sizes)
    neurons = sum(len(c.get_offsets()) for c in ax.collections)
    edges = len(ax.lines)
    assert neurons == sum(sizes)
    assert edges == sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert [t.get_text().split("\n")[0] for t in ax.texts][0] == "input"


def test_decision_boundary_colours_the_plane_by_prediction():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    y = np.array([0, 1, 1])
    ax = plotting.decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, y, resolution=20)
    assert ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]


def test_loss_curves_plot_one_line_per_curve_from_epoch_one():
    ax = plotting.loss_curves({"training": [3, 2, 1], "validation": [3, 2.5, 2]}, log=True)
    assert [list(line.get_xdata()) for line in ax.lines] == [[1, 2, 3], [1, 2, 3]]
    assert ax.get_ylabel() == "loss" and ax.get_yscale() == "log"
