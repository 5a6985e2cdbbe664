"""Chapter 7's figure helpers: the confusion matrix counts right and the digit grid shows every image."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_nn import plotting  # noqa: E402
from course_nn.checks import confusion_matrix as confusion_check  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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
