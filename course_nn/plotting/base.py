"""The book's figure style, and what every figure function shares.

The style (a colour-blind-safe palette, readable font sizes, light grids) lives in the style
sheet ``course.mplstyle`` beside this file. Nothing changes on import: ``use_style()`` applies it
for the session (each chapter's first cell calls it, so that plain ``plt.subplots`` figures match),
and ``with style():`` applies it for one block.
"""

from contextlib import contextmanager
from pathlib import Path

import matplotlib.pyplot as plt

STYLE = Path(__file__).with_name("course.mplstyle")
"""The style sheet of the book's figures."""

COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
"""The Okabe-Ito palette, distinguishable with any colour vision (the style's colour cycle)."""

SMALL = 11
"""The smallest text of every figure (legends, ticks, labels in a plot), in points. At 100 dpi,
a figure drawn at 0.52 of its width in pixels (524 px for 10 inches) shows it 8 px tall, the
least a phone can be read at: the site lets narrower screens scroll wider figures sideways."""


def use_style():
    """Apply the book's style to every figure drawn from now on in this session.

    See chapter 1.
    """
    plt.style.use(STYLE)


@contextmanager
def style():
    """Apply the book's style inside a ``with`` block only; the previous style comes back after.

    Draw and save (or show) the figure inside the block: matplotlib reads some settings, such as
    tick sizes, only when it draws.
    """
    with plt.style.context(STYLE):
        yield


def new_axes(ax, figsize=None):
    """``ax`` itself, or the axes of a new figure of size ``figsize`` (inches) when it is None."""
    return ax if ax is not None else plt.figure(figsize=figsize).add_subplot()


def label_axes(ax, xlabel=None, ylabel=None, title=None, log_x=False, log_y=False, legend=False):
    """The tail every figure shares: axis labels, logarithmic axes, a legend and a title.

    Parameters
    ----------
    ax : matplotlib Axes
    xlabel, ylabel, title : str, optional
        Left unchanged when None (or empty, for the title).
    log_x, log_y : bool
        Logarithmic x or y axis.
    legend : bool or dict
        Draw a legend; a dict is passed on to ``ax.legend``.

    Returns
    -------
    matplotlib Axes
    """
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if log_x:
        ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    if legend:
        ax.legend(**(legend if isinstance(legend, dict) else {}))
    if title:
        ax.set_title(title)
    return ax
