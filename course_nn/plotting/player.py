"""The optimizer-paths player of chapter 5: a PNG of the contours with SVG paths over it, played
by a short script. Its HTML and JavaScript are the templates ``player.html`` and ``player.js``."""

import base64
import io
import json
import re
from html import escape
from pathlib import Path
from string import Template

import matplotlib.pyplot as plt
import numpy as np

from .base import COLORS
from .curves import contour_paths

HERE = Path(__file__).parent


def _template(name):
    """A template file shipped beside this module, without its final newline."""
    return Template((HERE / name).read_text(encoding="utf-8").removesuffix("\n"))


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
    script = _template("player.js").substitute(
        name=name, paths=json.dumps(paths, separators=(",", ":")), panels=json.dumps(owners),
        titles=json.dumps(titles), frames=frames, interval=interval)
    return _template("player.html").substitute(
        name=name, width=width, height=height, png=png, alt=escape(alt), shapes="\n".join(shapes),
        last_frame=frames - 1, caption=escape(caption), script=script)
