"""Activation functions and their derivatives (chapter 3).

Each function maps an array ``z`` of any shape to an array of the same shape and dtype.
``<name>_derivative(z)`` returns f'(z) elementwise, computed from ``z``. All of them are stable
for any finite input: no overflow for |z| up to 1e4 and beyond.
"""

import numpy as np


def _as_float(z):
    """``z`` as an array, with float64 replacing any non-float dtype (float32 stays float32)."""
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), computed without overflow.

    Parameters
    ----------
    z : ndarray, any shape

    Returns
    -------
    ndarray, same shape as ``z``, values in [0, 1]

    See chapter 3.
    """
    z = _as_float(z)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)); at most 1/4, reached at z = 0. See chapter 2."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    """Hyperbolic tangent, values in [-1, 1]. See chapter 3."""
    return np.tanh(_as_float(z))


def tanh_derivative(z):
    """tanh'(z) = 1 - tanh(z)^2. See chapter 3."""
    return 1 - np.tanh(_as_float(z)) ** 2


def relu(z):
    """Rectified linear unit max(0, z). See chapter 3."""
    return np.maximum(_as_float(z), 0)


def relu_derivative(z):
    """1 where z > 0, else 0 (the value at z = 0 is taken as 0, as PyTorch does). See chapter 3."""
    z = _as_float(z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z, alpha=0.01):
    """Leaky ReLU: z where z > 0, else alpha * z. See chapter 3."""
    z = _as_float(z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z, alpha=0.01):
    """1 where z > 0, else alpha (alpha at z = 0, as PyTorch does). See chapter 3."""
    z = _as_float(z)
    return np.where(z > 0, 1, alpha).astype(z.dtype)


def elu(z, alpha=1.0):
    """Exponential linear unit (Clevert et al. 2016): z where z > 0, else alpha (e^z - 1).

    Parameters
    ----------
    z : ndarray, any shape
    alpha : float
        The value the function approaches as z goes to minus infinity is -alpha.

    Returns
    -------
    ndarray, same shape as ``z``

    See chapter 3.
    """
    z = _as_float(z)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


def elu_derivative(z, alpha=1.0):
    """1 where z > 0, else alpha e^z (equal to elu(z) + alpha there). See chapter 3."""
    z = _as_float(z)
    return np.where(z > 0, 1, alpha * np.exp(np.minimum(z, 0))).astype(z.dtype)


def softmax(z, axis=-1):
    """Softmax along ``axis``: exp(z_k) / sum_j exp(z_j).

    The maximum along ``axis`` is subtracted first. Softmax does not change when a constant
    is added to every entry, and after the shift every exponent is <= 0, so exp never overflows
    and the largest term is exactly 1, so the sum is never 0.

    Parameters
    ----------
    z : ndarray, shape (m, C) (any shape works)
    axis : int

    Returns
    -------
    ndarray, same shape as ``z``; entries in [0, 1] summing to 1 along ``axis``

    See chapter 1.
    """
    z = _as_float(z)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def identity(z):
    """The identity, the output activation of regression. See chapter 1."""
    return _as_float(z)


def identity_derivative(z):
    """The derivative of the identity: ones. See chapter 1."""
    return np.ones_like(_as_float(z))
