"""The book's figures, in one consistent style (every chapter).

Each function draws on ``ax`` (one axes) or ``axes`` (several) when given, so that figures can be
combined, or on a new figure; it labels its axes and returns what it drew on. The style (a
colour-blind-safe palette, readable font sizes, light grids) is the style sheet
``course.mplstyle``: ``use_style()`` applies it for the session, ``with style():`` for one block;
importing the package changes nothing.

``base``: the style and the shared helpers; ``networks``: network diagrams and graphs; ``curves``:
curves per epoch, per layer, per setting, over contours; ``data``: data and predictions;
``player``: chapter 5's optimizer-paths player.
"""

from .base import COLORS, SMALL, STYLE, label_axes, new_axes, style, use_style
from .curves import (
                     activation_curves,
                     activation_histograms,
                     contour_paths,
                     layer_norms,
                     loss_curves,
                     sweep,
)
from .data import confusion_counts, confusion_matrix, decision_boundary, digits_grid
from .networks import computation_graph, gradient_graph, network_diagram
from .player import optimizer_paths_animation

__all__ = ["COLORS", "SMALL", "STYLE", "activation_curves", "activation_histograms",
           "computation_graph", "confusion_counts", "confusion_matrix", "contour_paths",
           "decision_boundary", "digits_grid", "gradient_graph", "label_axes", "layer_norms",
           "loss_curves", "network_diagram", "new_axes", "optimizer_paths_animation", "style",
           "sweep", "use_style"]
