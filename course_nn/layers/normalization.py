"""Batch normalization and layer normalization (chapter 6)."""

import numpy as np

from .._validate import float_dtype, in_unit_interval, positive, positive_int
from .base import Layer


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
