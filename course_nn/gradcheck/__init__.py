"""Gradient checking: compare backpropagation with central differences (chapter 2).

``numerical``: ``numerical_gradient``, ``relative_error``, ``check_layer`` and ``check_model``;
``diagnosis``: ``diagnose``, which finds the first wrong layer, and its ``GradientReport``.
"""

from .diagnosis import GradientReport, diagnose
from .numerical import check_layer, check_model, numerical_gradient, relative_error

__all__ = ["numerical_gradient", "relative_error", "check_layer", "check_model", "diagnose",
           "GradientReport"]
