"""Layers: the building blocks of a network (chapters 1, 2, 3 and 6).

Every layer maps a batch ``x`` of shape (m, n_in), one sample per row, to an output of shape
(m, n_out). ``forward`` keeps what ``backward`` needs; ``backward(grad_out)`` receives dL/d(output),
fills ``grads`` (same keys as ``params``, overwritten on every call) and returns dL/dx.
"""

import numpy as np

from . import activations
from ._validate import as_rng, choice, float_dtype, in_unit_interval, positive, positive_int
from .initializers import INITIALIZERS


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


class BatchNorm(Layer):
    """Batch normalization (Ioffe & Szegedy 2015) with the semantics of ``torch.nn.BatchNorm1d``.

    Training: x_hat = (x - mean) / sqrt(var + eps) with the batch mean and the biased batch
    variance, output gamma * x_hat + beta; the running statistics move towards the batch ones,
    ``running = (1 - momentum) * running + momentum * batch_stat``, using the unbiased variance.
    Evaluation: the running statistics replace the batch ones.

    Parameters
    ----------
    n_features : int
    momentum : float in [0, 1]
        Weight of the new batch in the running statistics (PyTorch's convention).
    eps : float > 0
        Added to the variance so that a constant feature never divides by 0.
    dtype : numpy dtype

    Attributes
    ----------
    params : dict
        ``gamma`` (ones) and ``beta`` (zeros), shape (n_features,).
    running_mean, running_var : ndarray, shape (n_features,)
        Zeros and ones at the start.

    See chapter 6.
    """

    def __init__(self, n_features, momentum=0.1, eps=1e-5, dtype=np.float64):
        self.n_features = positive_int("n_features", n_features)
        self.momentum = in_unit_interval("momentum", momentum, include_one=True)
        self.eps = positive("eps", eps)
        dtype = float_dtype("dtype", dtype)
        super().__init__(gamma=np.ones(n_features, dtype=dtype), beta=np.zeros(n_features, dtype=dtype))
        self.running_mean = np.zeros(n_features, dtype=dtype)
        self.running_var = np.ones(n_features, dtype=dtype)

    def __repr__(self):
        return f"BatchNorm({self.n_features})"

    def forward(self, x, training=False):
        """gamma * x_hat + beta, shape (m, n_features)."""
        x = self._check_input(x, self.n_features)
        m = x.shape[0]
        if training:
            if m < 2:
                raise ValueError(f"{self!r} needs more than 1 sample per batch in training mode, "
                                 f"got input of shape {x.shape}")
            mean, var = x.mean(axis=0), x.var(axis=0)
            rate = self.momentum
            self.running_mean = (1 - rate) * self.running_mean + rate * mean
            self.running_var = (1 - rate) * self.running_var + rate * var * (m / (m - 1))
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self._cache = (x_hat, inv_std, training)
        self._out_shape = x.shape
        return self.params["gamma"] * x_hat + self.params["beta"]

    def backward(self, grad_out):
        """Gradients of gamma and beta, and dL/dx.

        In training mode the mean and variance depend on x, which gives the compact formula
        dx = inv_std / m * (m * dx_hat - sum(dx_hat) - x_hat * sum(dx_hat * x_hat)),
        with dx_hat = grad_out * gamma and the sums over the batch. In evaluation mode the
        statistics are constants and dx = dx_hat * inv_std.
        """
        grad_out, (x_hat, inv_std, training) = self._cached(grad_out)
        self.grads["gamma"] = np.sum(grad_out * x_hat, axis=0)
        self.grads["beta"] = grad_out.sum(axis=0)
        dx_hat = grad_out * self.params["gamma"]
        if not training:
            return dx_hat * inv_std
        m = grad_out.shape[0]
        return inv_std / m * (m * dx_hat - dx_hat.sum(axis=0)
                              - x_hat * np.sum(dx_hat * x_hat, axis=0))


class LayerNorm(Layer):
    """Layer normalization (Ba, Kiros & Hinton 2016) with the semantics of
    ``torch.nn.LayerNorm(n_features)``.

    Each sample is normalized over its own features: x_hat = (x - mean) / sqrt(var + eps), with
    the mean and the biased variance of the row, then the output is gamma * x_hat + beta. No
    statistic is shared between samples, so there are no running statistics and training and
    evaluation compute the same thing.

    Parameters
    ----------
    n_features : int
    eps : float > 0
        Added to the variance so that a constant row never divides by 0.
    dtype : numpy dtype

    Attributes
    ----------
    params : dict
        ``gamma`` (ones) and ``beta`` (zeros), shape (n_features,).

    See chapter 6.
    """

    def __init__(self, n_features, eps=1e-5, dtype=np.float64):
        self.n_features = positive_int("n_features", n_features)
        self.eps = positive("eps", eps)
        super().__init__(gamma=np.ones(n_features, dtype=dtype),
                         beta=np.zeros(n_features, dtype=dtype))

    def __repr__(self):
        return f"LayerNorm({self.n_features})"

    def forward(self, x, training=False):
        """gamma * x_hat + beta, shape (m, n_features); the same in training and evaluation."""
        x = self._check_input(x, self.n_features)
        mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
        inv_std = 1 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self._cache = (x_hat, inv_std)
        self._out_shape = x.shape
        return self.params["gamma"] * x_hat + self.params["beta"]

    def backward(self, grad_out):
        """Gradients of gamma and beta (sums over the samples), and dL/dx.

        BatchNorm's formula with the roles of the axes swapped: the statistics are taken over
        the n features of each row, so
        dx = inv_std / n * (n * dx_hat - sum(dx_hat) - x_hat * sum(dx_hat * x_hat)),
        with dx_hat = grad_out * gamma and the sums over the features of each row.
        """
        grad_out, (x_hat, inv_std) = self._cached(grad_out)
        self.grads["gamma"] = np.sum(grad_out * x_hat, axis=0)
        self.grads["beta"] = grad_out.sum(axis=0)
        dx_hat = grad_out * self.params["gamma"]
        n = grad_out.shape[1]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=1, keepdims=True)
                              - x_hat * np.sum(dx_hat * x_hat, axis=1, keepdims=True))
