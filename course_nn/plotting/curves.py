"""Curves: losses per epoch, one value per layer, activation functions, results per setting,
paths over a contour plot, and histograms of activations."""

import matplotlib.pyplot as plt
import numpy as np

from .base import COLORS, SMALL, label_axes, new_axes


def loss_curves(curves, ax=None, xlabel="epoch", ylabel="loss", log_y=False, title=None,
                markers=None):
    """Plot one or more curves (a loss or an accuracy per epoch) with a legend.

    Parameters
    ----------
    curves : dict of str -> sequence of float
        Label -> values, e.g. ``{"training": history.loss, "validation": history.val_loss}``.
    ax : matplotlib Axes, optional
    log_y : bool
        Logarithmic y axis.
    markers : list of str, optional
        Matplotlib marker styles, used in turn, one per curve.

    Returns
    -------
    matplotlib Axes

    See chapters 1 and 5.
    """
    ax = new_axes(ax)
    for k, (label, values) in enumerate(curves.items()):
        marker = markers[k % len(markers)] if markers else None
        ax.plot(np.arange(1, len(values) + 1), values, marker=marker, label=label)
    return label_axes(ax, xlabel, ylabel, title, log_y=log_y, legend=len(curves) > 1)


def activation_curves(functions, z=None, axes=None):
    """Draw activation functions (left panel) and their derivatives (right panel).

    Parameters
    ----------
    functions : dict of str -> (callable, callable)
        Label -> ``(f, f_prime)``; each maps an array z of shape (k,) to an array of shape (k,),
        e.g. ``{"sigmoid": (sigmoid, sigmoid_derivative)}``.
    z : ndarray, shape (k,), optional
        Where to evaluate them; by default 801 points from -5 to 5.
    axes : sequence of two matplotlib Axes, optional

    Returns
    -------
    ndarray of two matplotlib Axes
        The functions' panel and the derivatives' panel.

    See chapter 3.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 4))
    z = np.linspace(-5, 5, 801) if z is None else np.asarray(z)
    styles = ["-", "--", "-.", ":"]
    for k, (label, (f, f_prime)) in enumerate(functions.items()):
        style = {"color": COLORS[k % len(COLORS)], "linestyle": styles[k % len(styles)],
                 "linewidth": 2, "label": label}
        axes[0].plot(z, f(z), **style)
        axes[1].plot(z, f_prime(z), **style)
    for ax, name, title in zip(axes, ["$g(z)$", "$g'(z)$"], ["functions", "derivatives"]):
        ax.axhline(0, color="0.5", linewidth=0.8)
        ax.axvline(0, color="0.5", linewidth=0.8)
        label_axes(ax, "$z$", name, title)
    axes[0].legend(loc="upper left", framealpha=0.9)
    return np.asarray(axes)


def layer_norms(curves, ax=None, ylabel="gradient norm", log_y=True, title=None):
    """Plot one value per layer (a gradient norm, a standard deviation, ...) for several networks.

    Parameters
    ----------
    curves : dict of str -> sequence of float
        Label -> values for layers 1, ..., D (input side first), e.g. the norms
        ``||dW^[l]||`` of each Dense layer, shape (D,).
    ax : matplotlib Axes, optional
    ylabel : str
    log_y : bool
        Logarithmic y axis, where a constant factor per layer is a straight line.

    Returns
    -------
    matplotlib Axes

    See chapters 2 and 4.
    """
    ax = loss_curves(curves, ax=ax, xlabel="layer $l$", ylabel=ylabel, log_y=log_y, title=title,
                     markers=["o", "s", "^", "D"])
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    return ax


def contour_paths(f, paths, xlim, ylim, ax=None, levels=15, optimum=None,
                  xlabel="$w_1$", ylabel="$w_2$", title=None):
    """Draw the contour lines of a function of two variables and paths taken over it.

    Parameters
    ----------
    f : callable
        ``f(w1, w2)``, evaluated elementwise on two arrays of the same shape (a grid).
    paths : dict of str -> ndarray, shape (steps + 1, 2)
        Label -> the successive points (w1, w2) of a path, starting point first.
    xlim, ylim : (float, float)
        The ranges of w1 and w2 shown.
    ax : matplotlib Axes, optional
    levels : int or sequence of float
        Contour levels, as ``matplotlib.axes.Axes.contour`` takes them.
    optimum : (float, float), optional
        A point marked with a star, such as the minimum.

    Returns
    -------
    matplotlib Axes

    See chapters 3 and 5.
    """
    ax = new_axes(ax)
    w1, w2 = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    ax.contour(w1, w2, f(w1, w2), levels=levels, colors="0.6", linewidths=0.8)
    for k, (label, path) in enumerate(paths.items()):
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], marker="o", markersize=3, linewidth=1.2,
                color=COLORS[k % len(COLORS)], label=label)
        ax.plot(*path[0], marker="s", markersize=7, color=COLORS[k % len(COLORS)])
    if optimum is not None:
        ax.plot(*optimum, marker="*", markersize=14, color="black", linestyle="none",
                label="minimum")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.grid(False)
    return label_axes(ax, xlabel, ylabel, title, legend={"loc": "best", "framealpha": 0.9})


def sweep(x, curves, ax=None, xlabel="setting", ylabel="final loss", log_x=True, log_y=False,
          reference=None, title=None):
    """Plot one result per setting (a final loss per learning rate, ...) for several variants.

    A run that diverged is given as NaN: it is drawn as a cross on the top edge of the axes, so
    that a missing point is visibly a failure rather than a gap.

    Parameters
    ----------
    x : sequence of float, shape (k,)
        The settings tried, e.g. learning rates.
    curves : dict of str -> sequence of float, each of shape (k,)
        Variant label -> its result for each setting; NaN marks a run that diverged.
    ax : matplotlib Axes, optional
    xlabel, ylabel : str
    log_x, log_y : bool
        Logarithmic axes.
    reference : (float, str), optional
        A horizontal dashed line and its label, e.g. ``(np.log(3), "chance")``.
    title : str, optional

    Returns
    -------
    matplotlib Axes

    See chapter 6.
    """
    ax = new_axes(ax)
    x = np.asarray(x, dtype=float)
    markers = ["o", "s", "^", "D"]
    diverged_label = "diverged"
    for k, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        color = COLORS[k % len(COLORS)]
        ax.plot(x, values, marker=markers[k % len(markers)], color=color, label=label)
        failed = ~np.isfinite(values)
        if failed.any():
            ax.plot(x[failed], np.full(failed.sum(), 0.97), linestyle="none", marker="x",
                    markersize=10, markeredgewidth=2, color=color,
                    transform=ax.get_xaxis_transform(), clip_on=False,
                    label=f"{label}: {diverged_label}")
    if reference is not None:
        value, label = reference
        ax.axhline(value, color="0.4", linestyle="--", linewidth=1, label=label)
    label_axes(ax, xlabel, ylabel, title, log_x=log_x, log_y=log_y,
               legend={"loc": "best", "framealpha": 0.9})
    if not log_y and any(not np.isfinite(np.asarray(v, dtype=float)).all()
                         for v in curves.values()):
        low, high = ax.get_ylim()  # room for the crosses above the highest point
        ax.set_ylim(low, high + 0.12 * (high - low))
    return ax


def activation_histograms(cases, bins=40, value_range=None, figsize=None):
    """Histograms of a deep network's activations: one row per case, one panel per layer.

    Parameters
    ----------
    cases : dict of str -> list of ndarray
        Case label -> the activations of layers 1, ..., D, each an array of any shape, e.g.
        ``{"N(0, 0.01²)": [a1, a2, ...]}`` with ``a1`` of shape (m, n_1). Every case has D layers.
    bins : int
        Number of bins of each histogram.
    value_range : (float, float), optional
        The range of every histogram; by default from the smallest to the largest value of all
        cases.
    figsize : (float, float), optional
        By default 10 inches wide and 1.3 inches per row.

    Returns
    -------
    ndarray of matplotlib Axes, shape (len(cases), D)
        Each panel's height is scaled to its own tallest bar: compare the spread, not the heights.
        The values of the shared x axis are written under the first panel of the last row.

    See chapter 4.
    """
    labels = list(cases)
    depth = len(cases[labels[0]])
    if value_range is None:
        value_range = (min(float(np.min(a)) for label in labels for a in cases[label]),
                       max(float(np.max(a)) for label in labels for a in cases[label]))
    fig, axes = plt.subplots(len(labels), depth, squeeze=False, sharex=True,
                             figsize=figsize or (10, 0.9 + 1.3 * len(labels)))
    for row, label in enumerate(labels):
        for column, values in enumerate(cases[label]):
            ax = axes[row, column]
            counts, edges = np.histogram(values, bins=bins, range=value_range)
            ax.stairs(counts / max(np.size(values), 1), edges, fill=True,
                      color=COLORS[row % len(COLORS)])
            ax.set_yticks([])
            ax.grid(False)
            ax.spines["left"].set_visible(False)
            last_row = row == len(labels) - 1
            ax.tick_params(axis="x", labelbottom=last_row and column == 0)
            if row == 0:
                ax.set_title(f"layer {column + 1}", fontsize=SMALL)
        axes[row, 0].set_ylabel(label, fontsize=SMALL)
    axes[0, 0].set_xlim(value_range)
    fig.supxlabel("activation value")
    fig.subplots_adjust(left=0.04, right=0.99, bottom=0.5 / fig.get_figheight(),
                        top=1 - 0.35 / fig.get_figheight(), wspace=0.15, hspace=0.25)
    return axes
