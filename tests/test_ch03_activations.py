"""Chapter 3's additions to course_nn.plotting: activation curves and paths on contours."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_nn import activations, plotting  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_activation_curves_draw_each_function_and_its_derivative():
    curves = {"sigmoid": (activations.sigmoid, activations.sigmoid_derivative),
              "ReLU": (activations.relu, activations.relu_derivative)}
    z = np.linspace(-3, 3, 61)
    functions, derivatives = plotting.activation_curves(curves, z=z)
    drawn = [line for line in functions.lines if line.get_label() in curves]
    assert [line.get_label() for line in drawn] == ["sigmoid", "ReLU"]
    np.testing.assert_allclose(drawn[0].get_ydata(), activations.sigmoid(z))
    slopes = [line for line in derivatives.lines if line.get_label() == "ReLU"][0]
    np.testing.assert_allclose(slopes.get_ydata(), activations.relu_derivative(z))
    for ax in (functions, derivatives):
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_activation_curves_on_given_axes():
    _, axes = plt.subplots(1, 2)
    returned = plotting.activation_curves({"tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2)},
                                          axes=axes)
    assert list(returned) == list(axes)


def test_contour_paths_draws_each_path_from_its_start_and_the_optimum():
    path = np.array([[0.0, 0.0], [0.5, 0.2], [1.0, 1.0]])
    ax = plotting.contour_paths(lambda w1, w2: (w1 - 1) ** 2 + (w2 - 1) ** 2, {"GD": path},
                                xlim=(-1, 2), ylim=(-1, 2), optimum=(1.0, 1.0), title="bowl")
    lines = {line.get_label(): line for line in ax.lines}
    np.testing.assert_allclose(lines["GD"].get_xydata(), path)
    assert "minimum" in lines
    assert ax.get_xlim() == (-1, 2) and ax.get_ylim() == (-1, 2)
    assert ax.get_xlabel() == "$w_1$" and ax.get_ylabel() == "$w_2$" and ax.get_title() == "bowl"
