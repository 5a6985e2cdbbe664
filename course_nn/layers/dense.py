"""The fully connected layer, z = x W + b (chapters 1 and 2)."""

import numpy as np

from .._validate import as_rng, choice, float_dtype, positive_int
from ..initializers import INITIALIZERS
from .base import Layer


class Dense(Layer):
    """Fully connected layer: z = x W + b.

    Parameters
    ----------
    n_in, n_out : int
        Number of input features and of units.
    init : str or callable
        A name from ``course_nn.initializers.INITIALIZERS`` or a function
        ``(fan_in, fan_out, rng=...) -> ndarray (fan_in, fan_out)``.
    rng : numpy.random.Generator or int or None
        Source of the initial weights.
    dtype : numpy dtype
        float64 (default) or float32: the dtype of the parameters and of everything the layer
        computes. Inputs of another dtype (float64 data, integers, lists) are cast to it, so a
        float32 model stays float32 end to end even when fed float64 data; PyTorch refuses
        mixed dtypes instead.

    Attributes
    ----------
    params : dict
        ``W`` of shape (n_in, n_out) and ``b`` of shape (n_out,), zeros at the start.

    See chapters 1 and 2.
    """

    def __init__(self, n_in, n_out, init="xavier_uniform", rng=None, dtype=np.float64):
        n_in, n_out = positive_int("n_in", n_in), positive_int("n_out", n_out)
        dtype = float_dtype("dtype", dtype)
        initializer = init if callable(init) else choice("init", init, INITIALIZERS)
        W = np.asarray(initializer(n_in, n_out, rng=as_rng(rng)), dtype=dtype)
        if W.shape != (n_in, n_out):
            raise ValueError(f"init must return an array of shape (n_in, n_out) = {(n_in, n_out)}, "
                             f"got {W.shape}")
        super().__init__(W=W, b=np.zeros(n_out, dtype=dtype))
        self.n_in, self.n_out = n_in, n_out

    def __repr__(self):
        return f"Dense({self.n_in}, {self.n_out})"

    def forward(self, x, training=False):
        """z = x W + b: (m, n_in) -> (m, n_out)."""
        x = self._check_input(x, self.n_in)
        self._cache = x
        self._out_shape = (x.shape[0], self.n_out)
        z = x @ self.params["W"]
        z += self.params["b"]  # in place: no second (m, n_out) array
        return z

    can_skip_input_grad = True

    def backward(self, grad_out, input_grad=True):
        """dW = x^T dz (n_in, n_out), db = column sums of dz (n_out,); returns dx = dz W^T (m, n_in).

        With ``input_grad=False`` (a first layer in training: nothing needs dL/dX) it skips dx,
        its largest product, and returns None.
        """
        grad_out, x = self._cached(grad_out)
        self.grads["W"] = x.T @ grad_out
        self.grads["b"] = grad_out.sum(axis=0)
        if input_grad:
            return grad_out @ self.params["W"].T
        return None
