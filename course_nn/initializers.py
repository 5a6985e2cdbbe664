"""Weight initializers (chapter 4).

Each initializer has the call form ``init(fan_in, fan_out, rng=None)`` and returns a float64
array of shape (fan_in, fan_out): the weight matrix W of a layer with ``fan_in`` inputs and
``fan_out`` units. ``rng`` is a ``numpy.random.Generator`` or an int seed (None: fresh entropy).
"""

import numpy as np

from ._validate import as_rng, positive, positive_int


def _shape(fan_in, fan_out):
    return positive_int("fan_in", fan_in), positive_int("fan_out", fan_out)


def constant(fan_in, fan_out, value=0.0, rng=None):
    """Every weight equal to ``value``: the symmetric start that never breaks symmetry.

    ``rng`` is accepted and ignored, so that every initializer has the same call form.

    Returns
    -------
    ndarray, shape (fan_in, fan_out)

    See chapter 4.
    """
    return np.full(_shape(fan_in, fan_out), float(value))


def normal(fan_in, fan_out, std=0.01, rng=None):
    """Weights drawn from N(0, std^2); ``std`` is the standard deviation, not the variance.

    Returns
    -------
    ndarray, shape (fan_in, fan_out)

    See chapter 4.
    """
    positive("std", std)
    return as_rng(rng).normal(0.0, std, size=_shape(fan_in, fan_out))


def uniform(fan_in, fan_out, limit, rng=None):
    """Weights drawn from U(-limit, limit), whose variance is limit^2 / 3.

    Returns
    -------
    ndarray, shape (fan_in, fan_out)

    See chapter 4.
    """
    positive("limit", limit)
    return as_rng(rng).uniform(-limit, limit, size=_shape(fan_in, fan_out))


def xavier_normal(fan_in, fan_out, rng=None):
    """Glorot & Bengio (2010): N(0, std^2) with std = sqrt(2 / (fan_in + fan_out)). See chapter 4."""
    fan_in, fan_out = _shape(fan_in, fan_out)
    return normal(fan_in, fan_out, std=np.sqrt(2 / (fan_in + fan_out)), rng=rng)


def xavier_uniform(fan_in, fan_out, rng=None):
    """Glorot & Bengio (2010): U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)).

    The variance limit^2 / 3 = 2 / (fan_in + fan_out) equals that of ``xavier_normal``.
    See chapter 4.
    """
    fan_in, fan_out = _shape(fan_in, fan_out)
    return uniform(fan_in, fan_out, limit=np.sqrt(6 / (fan_in + fan_out)), rng=rng)


def he_normal(fan_in, fan_out, rng=None):
    """He et al. (2015), for ReLU layers: N(0, std^2) with std = sqrt(2 / fan_in). See chapter 4."""
    fan_in, fan_out = _shape(fan_in, fan_out)
    return normal(fan_in, fan_out, std=np.sqrt(2 / fan_in), rng=rng)


def he_uniform(fan_in, fan_out, rng=None):
    """He et al. (2015): U(-limit, limit) with limit = sqrt(6 / fan_in), variance 2 / fan_in.

    See chapter 4.
    """
    fan_in, fan_out = _shape(fan_in, fan_out)
    return uniform(fan_in, fan_out, limit=np.sqrt(6 / fan_in), rng=rng)


INITIALIZERS = {
    "constant": constant,
    "normal": normal,
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
}
"""The initializers by name, as ``Dense(init=...)`` accepts them."""
