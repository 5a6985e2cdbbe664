"""``Layer``, the base class of every layer: its parameters, their gradients, and the checks of
the shapes that every layer's forward and backward pass share (chapters 1 and 2)."""

import numpy as np


class Layer:
    """Base class: a layer holds its parameters in ``params`` and their gradients in ``grads``.

    ``Layer(**params)`` stores the given arrays as ``params`` and zeros of the same shapes as
    ``grads``, so both dicts have the same keys from the start.
    """

    can_skip_input_grad = False
    """True when ``backward(grad_out, input_grad=False)`` may skip dL/dx (see ``Dense``)."""

    def __init__(self, **params):
        self.params = params
        self.grads = {name: np.zeros_like(value) for name, value in params.items()}
        self._cache = None

    def forward(self, x, training=False):
        """Output of the layer for a batch ``x`` of shape (m, n_in)."""
        raise NotImplementedError

    def backward(self, grad_out):
        """Fill ``grads`` from dL/d(output), shape (m, n_out), and return dL/dx, shape (m, n_in)."""
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"

    def _cached(self, grad_out):
        """What forward kept, after checking that ``grad_out`` has the shape of the output."""
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        grad_out = self._as_param_dtype(np.asarray(grad_out))
        if grad_out.shape != self._out_shape:
            raise ValueError(f"{self!r}.backward expects grad_out of shape {self._out_shape} "
                             f"(the shape of its output), got {grad_out.shape}")
        return grad_out, self._cache

    def _check_input(self, x, n_features):
        """``x`` as an array of shape (m, n_features), m >= 1, in the dtype of the parameters."""
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != n_features:
            fix = "; for one sample, pass x.reshape(1, -1)" if x.shape == (n_features,) else ""
            raise ValueError(f"{self!r} expects input of shape (m, {n_features}), got "
                             f"{x.shape}{fix}")
        if x.shape[0] == 0:
            raise ValueError(f"{self!r} got an empty batch (shape {x.shape}): pass at least one "
                             "sample")
        return self._as_param_dtype(x)

    def _as_param_dtype(self, x):
        """``x`` cast to the dtype of the parameters (the dtype policy: see ``Dense``)."""
        if not self.params:
            return x
        return x.astype(next(iter(self.params.values())).dtype, copy=False)
