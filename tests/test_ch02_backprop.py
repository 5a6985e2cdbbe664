"""Chapter 2's additions to course_nn.plotting: the per-layer norms figure."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_nn import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_layer_norms_plots_one_line_per_network_from_layer_one():
    ax = plotting.layer_norms({"a": [1e-6, 1e-3, 1.0], "b": [10.0, 3.0, 1.0]},
                              ylabel="norm", title="t")
    assert [list(line.get_xdata()) for line in ax.lines] == [[1, 2, 3], [1, 2, 3]]
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() and ax.get_ylabel() == "norm" and ax.get_title() == "t"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_layer_norms_linear_scale_and_single_curve_without_legend():
    ax = plotting.layer_norms({"only": [0.5, 0.25]}, log=False)
    assert ax.get_yscale() == "linear" and ax.get_legend() is None
