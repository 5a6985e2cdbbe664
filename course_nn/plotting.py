"""The book's figures, in one consistent style (every chapter).

Importing this module sets matplotlib's style for the whole session: a colour-blind-safe palette
(Okabe & Ito), readable font sizes, light grids. Each function draws on ``ax`` when given (so
figures can be combined) or on a new figure, labels its axes, and returns the axes.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
"""The Okabe-Ito palette, distinguishable with any colour vision."""

plt.rcParams.update({
    "figure.figsize": (6.4, 4.0), "figure.dpi": 100, "savefig.dpi": 100,
    "font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11, "legend.fontsize": 10,
    "axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False,
    "axes.prop_cycle": plt.cycler(color=COLORS), "image.cmap": "viridis",
})


def _axes(ax, figsize=None):
    return ax if ax is not None else plt.figure(figsize=figsize).add_subplot()


def network_diagram(layer_sizes, ax=None, layer_names=None):
    """Draw a fully connected network: one column of neurons per layer, every edge between them.

    Parameters
    ----------
    layer_sizes : list of int
        Units per layer, input layer first, e.g. [3, 4, 1].
    ax : matplotlib Axes, optional
    layer_names : list of str, optional
        Written under each column; by default "input", "hidden 1", ..., "output".

    Returns
    -------
    matplotlib Axes

    See chapter 1.
    """
    ax = _axes(ax, figsize=(1.8 * len(layer_sizes) + 1, 0.6 * max(layer_sizes) + 1.5))
    if layer_names is None:
        hidden = [f"hidden {i}" for i in range(1, len(layer_sizes) - 1)]
        layer_names = ["input", *hidden, "output"]
    height = max(layer_sizes)
    centres = [[(x, (height - 1) / 2 - k + (n - 1) / 2) for k in range(n)]
               for x, n in enumerate(layer_sizes)]
    for left, right in zip(centres, centres[1:]):
        for (x0, y0) in left:
            for (x1, y1) in right:
                ax.plot([x0, x1], [y0, y1], color="0.6", linewidth=0.8, zorder=1)
    for column, (layer, name) in enumerate(zip(centres, layer_names)):
        color = COLORS[0] if column == 0 else COLORS[2] if column == len(centres) - 1 else COLORS[1]
        xs, ys = zip(*layer)
        ax.scatter(xs, ys, s=600, color=color, edgecolor="black", zorder=2)
        ax.text(column, -0.6, f"{name}\n({len(layer)})", ha="center", va="top")
    ax.set_xlim(-0.5, len(layer_sizes) - 0.5)
    ax.set_ylim(-1.6, height - 0.4)
    ax.set_axis_off()
    return ax


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
    ax = _axes(ax)
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
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best", framealpha=0.8)
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def loss_curves(curves, ax=None, xlabel="epoch", ylabel="loss", log=False, title=None):
    """Plot one or more curves (a loss or an accuracy per epoch) with a legend.

    Parameters
    ----------
    curves : dict of str -> sequence of float
        Label -> values, e.g. ``{"training": history.loss, "validation": history.val_loss}``.
    ax : matplotlib Axes, optional
    log : bool
        Logarithmic y axis.

    Returns
    -------
    matplotlib Axes

    See chapters 1 and 5.
    """
    ax = _axes(ax)
    for label, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    if len(curves) > 1:
        ax.legend()
    if title:
        ax.set_title(title)
    return ax
