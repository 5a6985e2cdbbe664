"""Chapter 4's figure: the histograms of activations per layer (course_nn.plotting)."""

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


def test_activation_histograms_draw_one_row_per_case_and_one_panel_per_layer():
    rng = np.random.default_rng(0)
    cases = {"small": [rng.normal(0, 0.1, size=(50, 8)) for _ in range(4)],
             "large": [np.tanh(rng.normal(0, 5, size=(50, 8))) for _ in range(4)]}
    axes = plotting.activation_histograms(cases, bins=10, value_range=(-1, 1))
    assert axes.shape == (2, 4)
    assert [ax.get_title() for ax in axes[0]] == [f"layer {l}" for l in range(1, 5)]
    assert [axes[row, 0].get_ylabel() for row in range(2)] == ["small", "large"]
    assert axes[0, 0].get_xlim() == (-1, 1)


def test_activation_histograms_show_the_fraction_of_values_per_bin():
    values = np.array([0.1, 0.1, 0.1, 0.9])
    axes = plotting.activation_histograms({"case": [values]}, bins=2, value_range=(0, 1))
    (stairs,) = axes[0, 0].patches
    np.testing.assert_allclose(stairs.get_data().values, [0.75, 0.25])


def test_activation_histograms_default_range_covers_every_value():
    axes = plotting.activation_histograms({"a": [np.array([-2.0, 0.0])], "b": [np.array([3.0])]})
    assert axes[0, 0].get_xlim() == (-2.0, 3.0)
