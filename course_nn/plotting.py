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

SMALL = 11
"""The smallest text of every figure (legends, ticks, labels in a plot), in points. At 100 dpi,
a figure drawn at 0.52 of its width in pixels (524 px for 10 inches) shows it 8 px tall, the
least a phone can be read at: the site lets narrower screens scroll wider figures sideways."""

plt.rcParams.update({
    "figure.figsize": (6.4, 4.0), "figure.dpi": 100, "savefig.dpi": 100,
    "font.size": 12, "axes.titlesize": 12, "axes.labelsize": 12, "legend.fontsize": SMALL,
    "xtick.labelsize": SMALL, "ytick.labelsize": SMALL, "figure.titlesize": 12,
    "figure.labelsize": 12,
    "axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False,
    "axes.prop_cycle": plt.cycler(color=COLORS), "image.cmap": "viridis",
})


def _axes(ax, figsize=None):
    return ax if ax is not None else plt.figure(figsize=figsize).add_subplot()


def network_diagram(layer_sizes, ax=None, layer_names=None, node_labels=None, weight_labels=None):
    """Draw a fully connected network: one column of neurons per layer, every edge between them.

    Parameters
    ----------
    layer_sizes : list of int
        Units per layer, input layer first, e.g. [3, 4, 1].
    ax : matplotlib Axes, optional
    layer_names : list of str, optional
        Written under each column; by default "input", "hidden 1", ..., "output".
    node_labels : list of (list of str or None), optional
        One entry per layer: the labels of its neurons, top to bottom, written inside the
        circles (e.g. ``["$x_1$", "$x_2$", "$x_3$"]``), or None to leave that layer unlabelled.
    weight_labels : list of str, optional
        One label per pair of adjacent layers (``len(layer_sizes) - 1`` of them), written above
        the edges between them, e.g. ``["$W^{[1]}$", "$W^{[2]}$"]``.

    Returns
    -------
    matplotlib Axes

    See chapter 1.
    """
    ax = _axes(ax, figsize=(1.8 * len(layer_sizes) + 1, 0.6 * max(layer_sizes) + 1.5))
    if layer_names is None:
        hidden = [f"hidden {i}" for i in range(1, len(layer_sizes) - 1)]
        layer_names = ["input", *hidden, "output"]
    if node_labels is not None and (
            len(node_labels) != len(layer_sizes)
            or any(labels is not None and len(labels) != n
                   for labels, n in zip(node_labels, layer_sizes))):
        raise ValueError(f"node_labels must hold one list (or None) per layer, with one label per "
                         f"neuron, for layer_sizes {list(layer_sizes)}; got {node_labels!r}")
    if weight_labels is not None and len(weight_labels) != len(layer_sizes) - 1:
        raise ValueError(f"weight_labels must hold {len(layer_sizes) - 1} labels, one per pair "
                         f"of adjacent layers, got {weight_labels!r}")
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
        labels = node_labels[column] if node_labels is not None else None
        for (x, y), label in zip(layer, labels or []):
            ax.text(x, y, label, ha="center", va="center", fontsize=SMALL, zorder=3,
                    color="white" if column == 0 else "black")
    for column, label in enumerate(weight_labels or []):
        ax.text(column + 0.5, height - 0.55, label, ha="center", va="bottom", zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xlim(-0.5, len(layer_sizes) - 0.5)
    ax.set_ylim(-1.6, height + (0.1 if weight_labels else -0.4))
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


def loss_curves(curves, ax=None, xlabel="epoch", ylabel="loss", log=False, title=None,
                markers=None):
    """Plot one or more curves (a loss or an accuracy per epoch) with a legend.

    Parameters
    ----------
    curves : dict of str -> sequence of float
        Label -> values, e.g. ``{"training": history.loss, "validation": history.val_loss}``.
    ax : matplotlib Axes, optional
    log : bool
        Logarithmic y axis.
    markers : list of str, optional
        Matplotlib marker styles, used in turn, one per curve.

    Returns
    -------
    matplotlib Axes

    See chapters 1 and 5.
    """
    ax = _axes(ax)
    for k, (label, values) in enumerate(curves.items()):
        marker = markers[k % len(markers)] if markers else None
        ax.plot(np.arange(1, len(values) + 1), values, marker=marker, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    if len(curves) > 1:
        ax.legend()
    if title:
        ax.set_title(title)
    return ax


def activation_curves(curves, z=None, axes=None):
    """Draw activation functions (left panel) and their derivatives (right panel).

    Parameters
    ----------
    curves : dict of str -> (callable, callable)
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
    for k, (label, (f, f_prime)) in enumerate(curves.items()):
        style = {"color": COLORS[k % len(COLORS)], "linestyle": styles[k % len(styles)],
                 "linewidth": 2, "label": label}
        axes[0].plot(z, f(z), **style)
        axes[1].plot(z, f_prime(z), **style)
    for ax, name, title in zip(axes, ["$g(z)$", "$g'(z)$"], ["functions", "derivatives"]):
        ax.axhline(0, color="0.5", linewidth=0.8)
        ax.axvline(0, color="0.5", linewidth=0.8)
        ax.set_xlabel("$z$")
        ax.set_ylabel(name)
        ax.set_title(title)
    axes[0].legend(loc="upper left", framealpha=0.9)
    return np.asarray(axes)


def layer_norms(curves, ax=None, ylabel="gradient norm", log=True, title=None):
    """Plot one value per layer (a gradient norm, a standard deviation, ...) for several networks.

    Parameters
    ----------
    curves : dict of str -> sequence of float
        Label -> values for layers 1, ..., D (input side first), e.g. the norms
        ``||dW^[l]||`` of each Dense layer, shape (D,).
    ax : matplotlib Axes, optional
    ylabel : str
    log : bool
        Logarithmic y axis, where a constant factor per layer is a straight line.

    Returns
    -------
    matplotlib Axes

    See chapters 2 and 4.
    """
    ax = loss_curves(curves, ax=ax, xlabel="layer $l$", ylabel=ylabel, log=log, title=title,
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
    ax = _axes(ax)
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
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(False)
    ax.legend(loc="best", framealpha=0.9)
    if title:
        ax.set_title(title)
    return ax


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
    ax = _axes(ax)
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
    if log_x:
        ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    elif any(not np.isfinite(np.asarray(v, dtype=float)).all() for v in curves.values()):
        low, high = ax.get_ylim()  # room for the crosses above the highest point
        ax.set_ylim(low, high + 0.12 * (high - low))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="best", framealpha=0.9)
    if title:
        ax.set_title(title)
    return ax


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


def confusion_matrix(y_true, y_pred, n_classes=None, ax=None, title=None):
    """Draw the confusion matrix: how often each class (row) is predicted as each class (column).

    Each cell shows its count; the diagonal holds the right predictions. The shade follows the
    square root of the count, so that the few errors stand out next to the large diagonal.

    Parameters
    ----------
    y_true : ndarray of int, shape (m,)
        The labels, 0 .. n_classes - 1.
    y_pred : ndarray of int, shape (m,)
        The predicted classes.
    n_classes : int, optional
        Number of classes; by default one more than the largest label seen.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes

    See chapter 8.
    """
    y_true, y_pred = np.asarray(y_true).reshape(-1), np.asarray(y_pred).reshape(-1)
    if n_classes is None:
        n_classes = int(max(y_true.max(), y_pred.max())) + 1
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    ax = _axes(ax, figsize=(0.45 * n_classes + 1.5, 0.45 * n_classes + 1.2))
    shade = np.sqrt(counts / max(counts.max(), 1))
    ax.imshow(shade, cmap="Blues", vmin=0, vmax=1)
    for i in range(n_classes):
        for j in range(n_classes):
            if counts[i, j]:
                ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=SMALL,
                        color="white" if shade[i, j] > 0.6 else "black")
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.grid(False)
    ax.spines[["top", "right"]].set_visible(True)
    if title:
        ax.set_title(title)
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


_PLAYER_SCRIPT = """<script>
(function () {
  var root = document.getElementById("%(name)s");
  var paths = %(paths)s, panels = %(panels)s, titles = %(titles)s;
  var frames = %(frames)d, interval = %(interval)d, frame = 0, timer = null;
  var lines = root.querySelectorAll("polyline"), dots = root.querySelectorAll("circle");
  var buttons = root.querySelectorAll("button"), slider = root.querySelector("input");
  var counter = root.querySelector("output"), play = buttons[1];
  function show(k) {
    frame = k;
    slider.value = k;
    var steps = titles.map(function () { return 0; });
    for (var i = 0; i < paths.length; i++) {
      var xy = paths[i], last = Math.round(k * (xy.length - 1) / (frames - 1));
      lines[i].setAttribute("points", xy.slice(0, last + 1).join(" "));
      dots[i].setAttribute("cx", xy[last][0]);
      dots[i].setAttribute("cy", xy[last][1]);
      steps[panels[i]] = Math.max(steps[panels[i]], last);
    }
    counter.textContent = titles.map(function (t, j) { return t + "step " + steps[j]; }).join(", ");
  }
  function stop() {
    clearInterval(timer);
    timer = null;
    play.innerHTML = "&#9654; play";
    play.setAttribute("aria-label", "Play");
  }
  function start() {
    if (frame >= frames - 1) { show(0); }
    play.innerHTML = "&#10074;&#10074; pause";
    play.setAttribute("aria-label", "Pause");
    timer = setInterval(function () {
      if (frame >= frames - 1) { stop(); } else { show(frame + 1); }
    }, interval);
  }
  buttons[0].onclick = function () { stop(); show(0); };
  play.onclick = function () { if (timer === null) { start(); } else { stop(); } };
  buttons[2].onclick = function () { stop(); show(frames - 1); };
  slider.oninput = function () { stop(); show(parseInt(slider.value, 10)); };
  show(0);
})();
</script>"""


def optimizer_paths_animation(panels, name, alt, caption, frames=120, interval=50,
                              figsize=(9, 3.6), dpi=100):
    """An animation of optimizer paths, as self-contained HTML that plays with no network.

    The contour lines, axes and legend are drawn once by ``contour_paths`` and embedded as a
    PNG image; the paths are drawn over it as SVG lines, which a short inline script lengthens
    frame by frame. Frame k shows every path up to the fraction k / (frames - 1) of its steps.
    The player has buttons (first, play or pause, last) and a slider. The HTML is the same from
    run to run, so that nbval can compare it.

    Parameters
    ----------
    panels : list of dict
        One dict per panel with the keys ``f``, ``paths``, ``xlim``, ``ylim`` and optionally
        ``levels``, ``optimum``, ``title``, as ``contour_paths`` takes them; each path is an
        ndarray of shape (T + 1, 2). The paths of a panel are coloured as ``contour_paths``
        colours them, and the legend of the last panel is drawn on its right.
    name : str
        The id of the player, unique on its page: letters, digits, ``-`` and ``_``.
    alt : str
        Alternative text of the image, for screen readers.
    caption : str
        Shown under the player.
    frames : int
        Number of frames, at least 2.
    interval : int
        Milliseconds between frames.
    figsize : (float, float)
        Size of the image in inches.
    dpi : int
        Pixels per inch of the image.

    Returns
    -------
    str
        The HTML of the player; display it with ``IPython.display.HTML``.

    See chapter 5.
    """
    import base64
    import io
    import json
    import re
    from html import escape

    if not re.fullmatch(r"[A-Za-z][\w-]*", name):
        raise ValueError(f"name must start with a letter and hold only letters, digits, - and _, "
                         f"got {name!r}")
    if frames < 2:
        raise ValueError(f"frames must be at least 2, got {frames!r}")
    fig, axes = plt.subplots(1, len(panels), figsize=figsize, dpi=dpi, squeeze=False)
    for ax, panel in zip(axes[0], panels):
        starts = {label: np.asarray(path)[:1] for label, path in panel["paths"].items()}
        contour_paths(panel["f"], starts, panel["xlim"], panel["ylim"], ax=ax,
                      levels=panel.get("levels", 15), optimum=panel.get("optimum"),
                      title=panel.get("title"))
        ax.get_legend().remove()
    axes[0, -1].legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.tight_layout()
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    image = io.BytesIO()
    with plt.rc_context({"savefig.bbox": "standard"}):
        fig.savefig(image, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)

    def pixels(ax, points):
        x, y = ax.transData.transform(np.asarray(points, dtype=float)).T
        return np.round(np.column_stack([x, height - y]), 1).tolist()

    paths, owners, shapes = [], [], []
    for index, (ax, panel) in enumerate(zip(axes[0], panels)):
        x0, y0, x1, y1 = ax.get_window_extent().extents
        shapes.append(f'<clipPath id="{name}-clip-{index}"><rect x="{x0:.1f}" '
                      f'y="{height - y1:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"/>'
                      '</clipPath>')
        for k, path in enumerate(panel["paths"].values()):
            colour = COLORS[k % len(COLORS)]
            paths.append(pixels(ax, path))
            owners.append(index)
            shapes.append(f'<g clip-path="url(#{name}-clip-{index})"><polyline fill="none" '
                          f'stroke="{colour}" stroke-width="1.8" points=""/><circle r="4" '
                          f'fill="{colour}" stroke="black" stroke-width="0.5" cx="0" cy="0"/></g>')
    titles = [f"{panel['title']}: " if panel.get("title") else "" for panel in panels]
    png = base64.b64encode(image.getvalue()).decode("ascii")
    script = _PLAYER_SCRIPT % {"name": name, "paths": json.dumps(paths, separators=(",", ":")),
                               "panels": json.dumps(owners), "titles": json.dumps(titles),
                               "frames": frames, "interval": interval}
    return "\n".join([
        f'<figure id="{name}" style="max-width: {width}px; margin: 1em auto;">',
        '<div style="position: relative;">',
        f'<img src="data:image/png;base64,{png}" alt="{escape(alt)}" '
        'style="display: block; width: 100%; height: auto;">',
        f'<svg viewBox="0 0 {width} {height}" aria-hidden="true" '
        'style="position: absolute; left: 0; top: 0; width: 100%; height: 100%;">',
        *shapes,
        '</svg>',
        '</div>',
        '<div style="display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em; '
        'margin-top: 0.3em;">',
        '<button type="button" aria-label="First step" title="First step">|&#9664;</button>',
        '<button type="button" aria-label="Play" title="Play or pause">&#9654; play</button>',
        '<button type="button" aria-label="Last step" title="Last step">&#9654;|</button>',
        f'<input type="range" min="0" max="{frames - 1}" value="0" aria-label="Frame" '
        'style="flex: 1;">',
        '<output style="font-size: 0.85em;"></output>',
        '</div>',
        f'<figcaption>{escape(caption)}</figcaption>',
        '</figure>',
        script,
    ])


def gradient_graph(report, ax=None, title=None):
    """Draw a ``gradcheck.diagnose`` report: the network as a chain of nodes, loss at the top.

    Backpropagation runs from the top down. Each layer is a box with its shapes, coloured by its
    worst relative error on a log scale (green: agrees with central differences; red: wrong);
    the first wrong layer from the loss has a thick outline and a label.

    Parameters
    ----------
    report : GradientReport
        What ``course_nn.gradcheck.diagnose`` returned.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes

    See chapter 2.
    """
    from matplotlib.colors import LinearSegmentedColormap, LogNorm
    from matplotlib.patches import FancyBboxPatch

    cmap = LinearSegmentedColormap.from_list("agreement", ["#009E73", "#F0E442", "#D55E00"])
    norm = LogNorm(vmin=1e-10, vmax=1e-1, clip=True)
    nodes = [("loss", "", report.loss_error, report.loss_error > report.tol)]
    for row in reversed(report.rows):
        worst = max((e for e in row["errors"].values() if not np.isnan(e)), default=0.0)
        shapes = f"{row['input_shape']} → {row['output_shape']}"
        nodes.append((f"{row['index']}  {row['layer']}", shapes, worst,
                      row["index"] == report.first_wrong))
    ax = _axes(ax, figsize=(5.2, 0.75 * len(nodes) + 0.8))
    for k, (name, shapes, error, marked) in enumerate(nodes):
        y = -k
        box = FancyBboxPatch((0, y - 0.3), 1.0, 0.6, boxstyle="round,pad=0.02,rounding_size=0.08",
                             facecolor=cmap(norm(max(error, 1e-10))),
                             edgecolor="black", linewidth=3.0 if marked else 0.8)
        ax.add_patch(box)
        ax.text(0.04, y + 0.08, name, va="center", fontsize=10, weight="bold" if marked else None)
        ax.text(0.04, y - 0.16, f"{shapes}  error {error:.0e}".strip(), va="center", fontsize=9)
        if marked:
            ax.text(1.05, y, "first\nwrong", va="center", fontsize=10, weight="bold",
                    color="#D55E00")
        if k:
            ax.annotate("", xy=(0.5, y + 0.3), xytext=(0.5, y + 0.7),
                        arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.set_xlim(-0.05, 1.35)
    ax.set_ylim(-len(nodes) + 0.5, 0.5)
    ax.axis("off")
    colorbar = plt.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax,
                            orientation="horizontal", fraction=0.05, pad=0.02, aspect=30)
    colorbar.ax.axvline(report.tol, color="black", linewidth=1.5)
    colorbar.set_label(f"relative error of the layer's backward (wrong above {report.tol:g})",
                       fontsize=9)
    ax.set_title(title or "Backward pass, from the loss down", fontsize=11)
    return ax


def _matrix_text(value, digits=2):
    """A small array as text, one row per line: ``[0.12, -0.5]``."""
    rows = np.atleast_2d(np.asarray(value, dtype=float))
    return "\n".join("[" + ", ".join(f"{v:.{digits}f}" for v in row) + "]" for row in rows)


def computation_graph(chain, ax=None, title=None, digits=2):
    """Draw a computation graph as a column of nodes, forward values and gradients on the edges.

    The main chain runs from top (the input) to bottom (the loss). Every edge between two nodes
    of the chain carries the upper node's value (blue, on the left, the forward pass) and the
    gradient of the loss with respect to it (vermillion, on the right, the backward pass). A node
    may have side inputs, its parameters, drawn as boxes on its right with their shapes (their
    values and gradients are too many to print legibly). Every node shows its shape; the last
    node, such as the loss, also shows its value.

    Parameters
    ----------
    chain : list of dict
        One dict per node, input first, with keys ``label`` (str, e.g. ``"$z^{[1]}$"``),
        ``value`` (ndarray, the forward value), ``grad`` (ndarray or None, dL/d(value)),
        optional ``op`` (str, how the node is computed, written under its label) and optional
        ``params``, a list of ``(label, value, grad)`` triples.
    ax : matplotlib Axes, optional
    title : str, optional
    digits : int
        Decimals of the printed numbers.

    Returns
    -------
    matplotlib Axes

    See chapters 1 and 2.
    """
    if len(chain) < 2:
        raise ValueError(f"chain must hold at least two nodes, got {len(chain)}")
    step = 1.6
    ax = _axes(ax, figsize=(6.4, step * 0.75 * len(chain) + 0.6))
    box = {"boxstyle": "round,pad=0.35", "edgecolor": "black", "linewidth": 1}
    for i, node in enumerate(chain):
        y = -i * step
        shape = np.shape(node["value"])
        text = f"{node['label']}  {shape}" + (f"\n{node['op']}" if node.get("op") else "")
        if i == len(chain) - 1:  # no edge leaves the last node: its value goes in its box
            value = np.asarray(node["value"])
            text += "\n= " + (f"{float(value.item()):.{digits}f}" if value.size == 1
                              else _matrix_text(value, digits))
        color = COLORS[4] if i == 0 else COLORS[6] if i == len(chain) - 1 else "#DDEEFF"
        ax.text(0, y, text, ha="center", va="center", fontsize=11, zorder=3,
                bbox={**box, "facecolor": color})
        if i + 1 < len(chain):
            ax.annotate("", xy=(0, y - step + 0.38), xytext=(0, y - 0.38),
                        arrowprops={"arrowstyle": "-|>", "color": "0.3", "lw": 1.2})
            middle = y - step / 2
            ax.text(-0.12, middle, _matrix_text(node["value"], digits), ha="right", va="center",
                    fontsize=10, color=COLORS[0], family="monospace")
            if node.get("grad") is not None:
                ax.text(0.12, middle, _matrix_text(node["grad"], digits), ha="left",
                        va="center", fontsize=10, color=COLORS[5], family="monospace")
        for k, (label, value) in enumerate(node.get("params", [])):
            x, y_param = 2.2, y + 0.35 - 0.7 * k
            ax.text(x, y_param, f"{label}  {np.shape(value)}", ha="center", va="center",
                    fontsize=10, zorder=3, bbox={**box, "facecolor": "white"})
            ax.annotate("", xy=(1.05, y), xytext=(x - 0.55, y_param),
                        arrowprops={"arrowstyle": "-|>", "color": "0.5", "lw": 1})
    ax.text(-0.12, 0.7, "forward: value \u2193", ha="right", color=COLORS[0], fontsize=10)
    if any(node.get("grad") is not None for node in chain):
        ax.text(0.12, 0.7, "\u2191 backward: gradient", ha="left", color=COLORS[5], fontsize=10)
    ax.set_xlim(-2.6, 3.0)
    ax.set_ylim(-step * (len(chain) - 1) - 0.6, 1.0)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
