"""Activation layers: an elementwise function and its derivative (chapter 3), and PReLU, whose
slope is learned."""

import numpy as np

from .. import activations
from .._validate import float_dtype
from .base import Layer


class Activation(Layer):
    """A layer applying an elementwise function f, whose backward multiplies by f'(z).

    A subclass names ``function`` and ``derivative``; its settings, such as Leaky ReLU's
    ``alpha``, are passed to both as keyword arguments.

    See chapter 3.
    """

    function = staticmethod(activations.identity)
    derivative = staticmethod(activations.identity_derivative)

    def __init__(self, **settings):
        super().__init__()
        self.settings = settings

    def __repr__(self):
        settings = ", ".join(f"{name}={value}" for name, value in self.settings.items())
        return f"{type(self).__name__}({settings})"

    def forward(self, x, training=False):
        """a = f(x), same shape as ``x``."""
        x = np.asarray(x)
        self._cache = x
        self._out_shape = x.shape
        return self.function(x, **self.settings)

    def backward(self, grad_out):
        """dL/dx = dL/da * f'(x), elementwise."""
        grad_out, x = self._cached(grad_out)
        return grad_out * self.derivative(x, **self.settings)


class Sigmoid(Activation):
    """Logistic sigmoid layer. See chapter 3."""

    function = staticmethod(activations.sigmoid)
    derivative = staticmethod(activations.sigmoid_derivative)


class Tanh(Activation):
    """tanh layer. See chapter 3."""

    function = staticmethod(activations.tanh)
    derivative = staticmethod(activations.tanh_derivative)


class ReLU(Activation):
    """ReLU layer. See chapter 3."""

    function = staticmethod(activations.relu)
    derivative = staticmethod(activations.relu_derivative)


class LeakyReLU(Activation):
    """Leaky ReLU layer with a fixed slope ``alpha`` for negative inputs. See chapter 3."""

    function = staticmethod(activations.leaky_relu)
    derivative = staticmethod(activations.leaky_relu_derivative)

    def __init__(self, alpha=0.01):
        super().__init__(alpha=alpha)


class ELU(Activation):
    """ELU layer (Clevert et al. 2016) with scale ``alpha`` for negative inputs. See chapter 3."""

    function = staticmethod(activations.elu)
    derivative = staticmethod(activations.elu_derivative)

    def __init__(self, alpha=1.0):
        super().__init__(alpha=alpha)


class PReLU(Layer):
    """Parametric ReLU (He et al. 2015): x where x > 0, else alpha * x, with alpha learned.

    Parameters
    ----------
    alpha : float
        Initial slope for negative inputs.
    dtype : numpy dtype

    Attributes
    ----------
    params : dict
        ``alpha`` of shape (1,), one slope shared by all units (like ``torch.nn.PReLU()``).

    See chapter 3.
    """

    def __init__(self, alpha=0.25, dtype=np.float64):
        super().__init__(alpha=np.full(1, alpha, dtype=float_dtype("dtype", dtype)))

    def __repr__(self):
        return f"PReLU(alpha={self.params['alpha'][0]:g})"

    def forward(self, x, training=False):
        """x where x > 0, else alpha * x."""
        x = self._as_param_dtype(np.asarray(x))
        self._cache = x
        self._out_shape = x.shape
        return activations.leaky_relu(x, self.params["alpha"])

    def backward(self, grad_out):
        """d alpha = sum of dL/da * x over the entries where x <= 0; dL/dx as for Leaky ReLU."""
        grad_out, x = self._cached(grad_out)
        alpha = self.params["alpha"]
        self.grads["alpha"] = np.sum(grad_out * np.minimum(x, 0)).reshape(1)
        return grad_out * activations.leaky_relu_derivative(x, alpha)
