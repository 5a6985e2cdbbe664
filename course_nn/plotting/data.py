"""Figures of data and predictions: a classifier's regions, small images, a confusion matrix."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from .base import COLORS, SMALL, label_axes, new_axes


def decision_boundary(predict, X, y, ax=None, resolution=200, title=None):
    """Colour the plane by predicted class and overlay the labelled points.

    Parameters
    ----------
    predict : callable
        Maps points of shape (k, 2) to class labels of shape (k,).
    X : ndarray, shape (m, 2)
    y : ndarray of int, shape (m,)
    ax : matplotlib Axes, optional
    resolution : int
        Grid points per axis.

    Returns
    -------
    matplotlib Axes

    See chapter 1.
    """
    ax = new_axes(ax)
    margin = 0.5
    (x_min, y_min), (x_max, y_max) = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    labels = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()]))).reshape(gx.shape)
    n_classes = int(max(labels.max(), y.max())) + 1
    cmap = ListedColormap(COLORS[:n_classes])
    ax.contourf(gx, gy, labels, levels=np.arange(n_classes + 1) - 0.5, cmap=cmap, alpha=0.25)
    for label in range(n_classes):
        points = X[y == label]
        ax.scatter(points[:, 0], points[:, 1], s=18, color=COLORS[label], edgecolor="black",
                   linewidth=0.4, label=f"class {label}")
    ax.grid(False)
    return label_axes(ax, "$x_1$", "$x_2$", title, legend={"loc": "best", "framealpha": 0.8})


def digits_grid(images, titles=None, n_cols=10, size=1.0, axes=None):
    """Show small grey-scale images, such as the 8 x 8 digits, in a grid, each with a title.

    Parameters
    ----------
    images : ndarray, shape (k, 64) or (k, h, w)
        One image per row; a flat row of 64 pixels is shown as 8 x 8. Dark means a high value.
    titles : list of str, optional
        One title per image, e.g. ``"true 3\\npred 8"``.
    n_cols : int
        Images per row of the grid.
    size : float
        Width and height of one image, in inches.
    axes : ndarray of matplotlib Axes, optional
        At least k axes to draw into; by default a new figure.

    Returns
    -------
    ndarray of matplotlib Axes, shape (rows, n_cols)

    See chapter 8.
    """
    images = np.asarray(images, dtype=float)
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        images = images.reshape(len(images), side, side)
    n_rows = max(1, -(-len(images) // n_cols))
    if axes is None:
        extra = 0.35 if titles is not None else 0.0
        _, axes = plt.subplots(n_rows, n_cols, squeeze=False,
                               figsize=(n_cols * size, n_rows * (size + extra)))
    axes = np.asarray(axes).reshape(n_rows, -1)
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k < len(images):
            ax.imshow(images[k], cmap="gray_r", interpolation="nearest")
            if titles is not None:
                ax.set_title(titles[k], fontsize=SMALL)
    return axes


def confusion_counts(y_true, y_pred, n_classes=None):
    """The confusion matrix's counts: C[i, j] is the number of samples of class i predicted as j.

    Parameters
    ----------
    y_true : ndarray of int, shape (m,)
        The labels, 0 .. n_classes - 1.
    y_pred : ndarray of int, shape (m,)
        The predicted classes.
    n_classes : int, optional
        Number of classes; by default one more than the largest label seen.

    Returns
    -------
    ndarray of int64, shape (n_classes, n_classes)

    See chapter 8.
    """
    y_true, y_pred = np.asarray(y_true).reshape(-1), np.asarray(y_pred).reshape(-1)
    if n_classes is None:
        n_classes = int(max(y_true.max(), y_pred.max())) + 1
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)  # a pair that occurs k times adds k
    return counts


def confusion_matrix(y_true, y_pred, n_classes=None, ax=None, title=None):
    """Draw the confusion matrix: how often each class (row) is predicted as each class (column).

    Each cell shows its count; the diagonal holds the right predictions. The shade follows the
    square root of the count, so that the few errors stand out next to the large diagonal.

    Parameters
    ----------
    y_true, y_pred, n_classes
        As ``confusion_counts`` takes them.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes

    See chapter 8.
    """
    counts = confusion_counts(y_true, y_pred, n_classes)
    n_classes = len(counts)
    ax = new_axes(ax, figsize=(0.45 * n_classes + 1.5, 0.45 * n_classes + 1.2))
    shade = np.sqrt(counts / max(counts.max(), 1))
    ax.imshow(shade, cmap="Blues", vmin=0, vmax=1)
    for i in range(n_classes):
        for j in range(n_classes):
            if counts[i, j]:
                ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=SMALL,
                        color="white" if shade[i, j] > 0.6 else "black")
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.grid(False)
    ax.spines[["top", "right"]].set_visible(True)
    return label_axes(ax, "predicted class", "true class", title)
