"""Layers: the building blocks of a network (chapters 1, 2, 3, 6 and 7).

Every layer maps a batch ``x`` of shape (m, n_in), one sample per row, to an output of shape
(m, n_out). ``forward`` keeps what ``backward`` needs; ``backward(grad_out)`` receives dL/d(output),
fills ``grads`` (same keys as ``params``, overwritten on every call) and returns dL/dx.

One module per kind of layer: ``base`` (``Layer``), ``dense`` (chapters 1 and 2), ``activation``
(chapter 3), ``normalization`` (chapter 6), ``dropout`` (chapter 7).
"""

from .activation import ELU, Activation, LeakyReLU, PReLU, ReLU, Sigmoid, Tanh
from .base import Layer
from .dense import Dense
from .dropout import Dropout
from .normalization import BatchNorm, LayerNorm

__all__ = ["Layer", "Dense", "Activation", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "PReLU",
           "BatchNorm", "LayerNorm", "Dropout"]
