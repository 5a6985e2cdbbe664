"""Inverted dropout (chapter 7)."""

import numpy as np

from .._validate import as_rng
from .base import Layer


class Dropout(Layer):
    """Inverted dropout (Srivastava et al. 2014), like ``torch.nn.Dropout(p)``.

    Training: each entry of x is kept with probability 1 - p and the kept ones are scaled by
    1 / (1 - p), so the expected output is x; backward multiplies by the same mask.
    Evaluation: the identity.

    Parameters
    ----------
    p : float in [0, 1)
        Probability of zeroing an entry; p = 0 is the identity.
    rng : numpy.random.Generator or int or None
        Source of the masks.

    See chapter 7.
    """

    def __init__(self, p=0.5, rng=None):
        if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)) \
                or not 0 <= p < 1:
            raise ValueError(f"p, the probability of dropping a unit, must lie in [0, 1), got {p!r}"
                             " (p = 0 keeps every unit)")
        super().__init__()
        self.p = float(p)
        self.rng = as_rng(rng)

    def __repr__(self):
        return f"Dropout(p={self.p})"

    def forward(self, x, training=False):
        """x * mask / (1 - p) in training, with mask 1 with probability 1 - p; else x."""
        x = np.asarray(x)
        scaled_mask = None
        if training and self.p > 0:
            keep = self.rng.random(x.shape) >= self.p
            scaled_mask = keep.astype(x.dtype) / (1 - self.p)
        self._cache = (scaled_mask,)
        self._out_shape = x.shape
        return x if scaled_mask is None else x * scaled_mask

    def backward(self, grad_out):
        """dL/dx = dL/d(output) * mask / (1 - p), with the mask of the last forward."""
        grad_out, (scaled_mask,) = self._cached(grad_out)
        return grad_out if scaled_mask is None else grad_out * scaled_mask
