"""Tests of course_nn.plotting: each figure draws what it should, labels its axes and returns
the axes; chapter 5's animation is self-contained and reproducible."""

import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_nn import SGD, Adam, activations, plotting  # noqa: E402
from course_nn.checks import confusion_matrix as confusion_check  # noqa: E402


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
    ax = plotting.loss_curves({"training": [3, 2, 1], "validation": [3, 2.5, 2]}, log_y=True)
    assert [list(line.get_xdata()) for line in ax.lines] == [[1, 2, 3], [1, 2, 3]]
    assert ax.get_ylabel() == "loss" and ax.get_yscale() == "log"


# ch01_model

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


# ch02_backprop

def test_layer_norms_plots_one_line_per_network_from_layer_one():
    ax = plotting.layer_norms({"a": [1e-6, 1e-3, 1.0], "b": [10.0, 3.0, 1.0]},
                              ylabel="norm", title="t")
    assert [list(line.get_xdata()) for line in ax.lines] == [[1, 2, 3], [1, 2, 3]]
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() and ax.get_ylabel() == "norm" and ax.get_title() == "t"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_layer_norms_linear_scale_and_single_curve_without_legend():
    ax = plotting.layer_norms({"only": [0.5, 0.25]}, log_y=False)
    assert ax.get_yscale() == "linear" and ax.get_legend() is None


# ch03_activations

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


# ch04_initialization

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


# ch05_optimization

def bowl(w1, w2):
    return w1**2 + 4 * w2**2


def run(optimizer, steps=12):
    point, path = {"w": np.array([-2.0, 1.0])}, [np.array([-2.0, 1.0])]
    for _ in range(steps):
        optimizer.step(point, {"w": np.array([2 * point["w"][0], 8 * point["w"][1]])})
        path.append(point["w"].copy())
    return np.array(path)


def animation(**kwargs):
    panel = {"f": bowl, "paths": {"SGD": run(SGD(0.1)), "Adam": run(Adam(0.3))},
             "xlim": (-2.5, 1), "ylim": (-1.5, 1.5), "optimum": (0, 0), "title": "bowl"}
    settings = {"name": "paths", "alt": "two paths & a bowl", "caption": "A <caption>.", "frames": 5}
    return plotting.optimizer_paths_animation([panel, dict(panel, title="again")],
                                              **(settings | kwargs))


def test_the_html_is_the_same_from_run_to_run_and_closes_its_figure():
    before = plt.get_fignums()
    assert animation() == animation()
    assert plt.get_fignums() == before


def test_the_html_loads_nothing_from_another_host():
    html = animation()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html and "font-awesome" not in html
    assert html.count('src="data:image/png;base64,') == 1


def test_one_line_and_one_dot_per_path_and_panel_and_an_inline_player():
    html = animation()
    assert html.count("<polyline") == 4 and html.count("<circle") == 4
    assert html.count('<clipPath id="paths-clip-') == 2
    assert 'id="paths"' in html and 'getElementById("paths")' in html
    assert 'max="4"' in html  # frames 0..4
    paths = json.loads(re.search(r"var paths = (\[.*?\]), panels", html).group(1))
    assert [len(path) for path in paths] == [13] * 4  # every point of every path, in pixels


def test_alt_text_and_caption_are_escaped():
    html = animation()
    assert 'alt="two paths &amp; a bowl"' in html
    assert "<figcaption>A &lt;caption&gt;.</figcaption>" in html


@pytest.mark.parametrize("name", ["", "1paths", "my paths", 'x"y'])
def test_a_name_that_is_not_a_safe_id_is_refused(name):
    with pytest.raises(ValueError, match="name"):
        animation(name=name)


def test_fewer_than_two_frames_is_refused():
    with pytest.raises(ValueError, match="frames"):
        animation(frames=1)


# ch06_batchnorm

def test_sweep_draws_each_variant_and_marks_diverged_runs():
    ax = plotting.sweep([0.1, 1.0, 10.0], {"without BN": [1.1, 0.4, np.nan],
                                          "with BN": [0.3, 0.2, 0.25]},
                        xlabel="scale", ylabel="loss", reference=(np.log(3), "chance"))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["without BN", "without BN: diverged", "with BN", "chance"]
    crosses = next(line for line in ax.lines if line.get_label() == "without BN: diverged")
    assert list(crosses.get_xdata()) == [10.0]
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "scale" and ax.get_ylabel() == "loss"
    plt.close("all")


def test_sweep_without_failures_has_no_cross():
    ax = plotting.sweep([1, 2], {"a": [1.0, 2.0]}, log_x=False)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a"]
    plt.close("all")


# ch08_capstone

def test_confusion_matrix_counts_every_pair_with_repeats():
    y_true = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 1, 1, 2, 2, 0])
    ax = plotting.confusion_matrix(y_true, y_pred, n_classes=4)
    shown = {(round(t.get_position()[1]), round(t.get_position()[0])): int(t.get_text())
             for t in ax.texts}
    assert shown == {(0, 0): 1, (0, 1): 2, (1, 1): 2, (2, 0): 1, (2, 2): 2}
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert ax.images[0].get_array().shape == (4, 4)


def test_confusion_matrix_agrees_with_the_exercise_reference():
    rng = np.random.default_rng(0)
    scores, y = rng.normal(size=(50, 5)), rng.integers(0, 5, size=50)
    ax = plotting.confusion_matrix(y, scores.argmax(axis=1), n_classes=5)
    counts = np.zeros((5, 5), dtype=int)
    for t in ax.texts:
        x, row = t.get_position()
        counts[round(row), round(x)] = int(t.get_text())
    np.testing.assert_array_equal(counts, confusion_check.reference(scores, y))


def test_digits_grid_shows_every_image_with_its_title():
    images = np.arange(5 * 64, dtype=float).reshape(5, 64)
    axes = plotting.digits_grid(images, titles=[f"d{k}" for k in range(5)], n_cols=3)
    assert axes.shape == (2, 3)
    shown = [ax for ax in axes.flat if ax.images]
    assert len(shown) == 5
    assert [ax.get_title() for ax in shown] == ["d0", "d1", "d2", "d3", "d4"]
    np.testing.assert_array_equal(shown[1].images[0].get_array(), images[1].reshape(8, 8))


def test_gradient_graph_draws_a_node_per_layer_and_marks_the_first_wrong():
    from course_nn import Dense, Sequential, SoftmaxCrossEntropyLoss, Tanh
    from course_nn.gradcheck import diagnose

    class WrongSignTanh(Tanh):
        def backward(self, grad_out):
            return -super().backward(grad_out)

    rng = np.random.default_rng(0)
    model = Sequential([Dense(3, 4, rng=0), WrongSignTanh(), Dense(4, 2, rng=1)])
    report = diagnose(model, SoftmaxCrossEntropyLoss(), rng.normal(size=(4, 3)),
                      np.array([0, 1, 1, 0]), verbose=False)
    ax = plotting.gradient_graph(report)
    shown = " ".join(texts(ax))
    assert len(ax.patches) == 4  # the loss and three layers
    assert "1  WrongSignTanh()" in shown and "(4, 4) → (4, 4)" in shown
    assert shown.count("first\nwrong") == 1
    outlines = [patch.get_linewidth() for patch in ax.patches]
    assert outlines.count(max(outlines)) == 1 and outlines[2] == max(outlines)  # loss, 2, 1, 0


# the style

def test_importing_plotting_changes_no_setting():
    import subprocess
    import sys

    code = ("import matplotlib; before = dict(matplotlib.rcParams); "
            "from course_nn import plotting; print(before == dict(matplotlib.rcParams))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_the_style_sheet_applies_the_palette_and_the_smallest_size_in_a_block_only():
    before = dict(matplotlib.rcParams)
    with plotting.style():
        rc = matplotlib.rcParams
        assert [c["color"] for c in rc["axes.prop_cycle"]] == plotting.COLORS
        assert rc["legend.fontsize"] == rc["xtick.labelsize"] == plotting.SMALL
        assert rc["axes.grid"] and not rc["axes.spines.top"]
    assert dict(matplotlib.rcParams) == before


def test_the_templates_and_the_style_sheet_ship_with_the_package():
    from importlib.resources import files

    folder = files("course_nn.plotting")
    for name in ["course.mplstyle", "player.js", "player.html"]:
        assert folder.joinpath(name).is_file(), name
