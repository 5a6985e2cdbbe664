"""Figures of networks: the layers and their neurons, a computation graph with its values and
gradients, and a gradient check's report."""

import matplotlib.pyplot as plt
import numpy as np

from .base import COLORS, SMALL, new_axes


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
    ax = new_axes(ax, figsize=(1.8 * len(layer_sizes) + 1, 0.6 * max(layer_sizes) + 1.5))
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
    ax = new_axes(ax, figsize=(5.2, 0.75 * len(nodes) + 0.8))
    for k, (name, shapes, error, marked) in enumerate(nodes):
        y = -k
        box = FancyBboxPatch((0, y - 0.3), 1.0, 0.6, boxstyle="round,pad=0.02,rounding_size=0.08",
                             facecolor=cmap(norm(max(error, 1e-10))),
                             edgecolor="black", linewidth=3.0 if marked else 0.8)
        ax.add_patch(box)
        ax.text(0.04, y + 0.08, name, va="center", fontsize=SMALL, weight="bold" if marked else None)
        ax.text(0.04, y - 0.16, f"{shapes}  error {error:.0e}".strip(), va="center", fontsize=SMALL)
        if marked:
            ax.text(1.05, y, "first\nwrong", va="center", fontsize=SMALL, weight="bold",
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
                       fontsize=SMALL)
    ax.set_title(title or "Backward pass, from the loss down", fontsize=SMALL)
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
    ax = new_axes(ax, figsize=(6.4, step * 0.75 * len(chain) + 0.6))
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
        ax.text(0, y, text, ha="center", va="center", fontsize=SMALL, zorder=3,
                bbox={**box, "facecolor": color})
        if i + 1 < len(chain):
            ax.annotate("", xy=(0, y - step + 0.38), xytext=(0, y - 0.38),
                        arrowprops={"arrowstyle": "-|>", "color": "0.3", "lw": 1.2})
            middle = y - step / 2
            ax.text(-0.12, middle, _matrix_text(node["value"], digits), ha="right", va="center",
                    fontsize=SMALL, color=COLORS[0], family="monospace")
            if node.get("grad") is not None:
                ax.text(0.12, middle, _matrix_text(node["grad"], digits), ha="left",
                        va="center", fontsize=SMALL, color=COLORS[5], family="monospace")
        for k, (label, value) in enumerate(node.get("params", [])):
            x, y_param = 2.2, y + 0.35 - 0.7 * k
            ax.text(x, y_param, f"{label}  {np.shape(value)}", ha="center", va="center",
                    fontsize=SMALL, zorder=3, bbox={**box, "facecolor": "white"})
            ax.annotate("", xy=(1.05, y), xytext=(x - 0.55, y_param),
                        arrowprops={"arrowstyle": "-|>", "color": "0.5", "lw": 1})
    ax.text(-0.12, 0.7, "forward: value \u2193", ha="right", color=COLORS[0], fontsize=SMALL)
    if any(node.get("grad") is not None for node in chain):
        ax.text(0.12, 0.7, "\u2191 backward: gradient", ha="left", color=COLORS[5], fontsize=SMALL)
    ax.set_xlim(-2.6, 3.0)
    ax.set_ylim(-step * (len(chain) - 1) - 0.6, 1.0)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
