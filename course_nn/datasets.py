"""Toy data sets, the UCI digits, and the helpers every training loop needs (chapters 1, 5, 7).

Every generator returns ``X`` of shape (n_samples, 2), float64, and integer labels ``y`` of shape
(n_samples,); the same seed gives the same data.
"""

import gzip
from importlib import resources

import numpy as np

from ._validate import as_rng, positive_int


def _noisy(X, noise, rng):
    """``X`` plus Gaussian noise of standard deviation ``noise`` on every coordinate."""
    return X + noise * rng.standard_normal(X.shape)


def make_xor(n_samples=200, noise=0.1, seed=0):
    """Points around the four corners of the unit square; label 1 where exactly one coordinate is 1.

    ``make_xor(4, noise=0.0)`` is the XOR truth table. No straight line separates the classes.
    See chapter 1.
    """
    rng = as_rng(seed)
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    which = np.arange(positive_int("n_samples", n_samples)) % 4
    y = np.array([0, 1, 1, 0])[which]
    return _noisy(corners[which], noise, rng), y


def make_moons(n_samples=200, noise=0.1, seed=0):
    """Two interleaving half circles. See chapter 1."""
    rng = as_rng(seed)
    n = positive_int("n_samples", n_samples)
    y = np.arange(n) % 2
    angle = np.pi * rng.uniform(size=n)
    X = np.where(y[:, None] == 0,
                 np.column_stack([np.cos(angle), np.sin(angle)]),
                 np.column_stack([1 - np.cos(angle), 0.5 - np.sin(angle)]))
    return _noisy(X, noise, rng), y


def make_circles(n_samples=200, noise=0.1, seed=0, factor=0.5):
    """A circle of radius ``factor`` (label 1) inside a circle of radius 1 (label 0). See chapter 1."""
    rng = as_rng(seed)
    n = positive_int("n_samples", n_samples)
    y = np.arange(n) % 2
    angle = 2 * np.pi * rng.uniform(size=n)
    radius = np.where(y == 1, factor, 1.0)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _noisy(X, noise, rng), y


def make_spirals(n_samples=300, noise=0.1, seed=0, n_classes=3):
    """``n_classes`` spiral arms winding around the origin, one class per arm. See chapter 1."""
    rng = as_rng(seed)
    n = positive_int("n_samples", n_samples)
    y = np.arange(n) % positive_int("n_classes", n_classes)
    radius = rng.uniform(0.05, 1.0, size=n)
    angle = 4 * radius + 2 * np.pi * y / n_classes
    X = radius[:, None] * np.column_stack([np.sin(angle), np.cos(angle)])
    return _noisy(X, noise, rng), y


def load_digits():
    """The UCI optical-recognition handwritten digits: 1797 images of 8 x 8 pixels.

    Shipped inside the package (``course_nn/data/digits.csv.gz``; Alpaydin & Kaynak 1998,
    UCI Machine Learning Repository, doi:10.24432/C50P49, CC BY 4.0), so no network is needed.

    Returns
    -------
    X : ndarray, shape (1797, 64), float64
        Pixel intensities 0..16, row by row; ``X[i].reshape(8, 8)`` is the image.
    y : ndarray, shape (1797,), int
        The digit, 0..9.

    See chapter 8.
    """
    with gzip.open(resources.files("course_nn").joinpath("data/digits.csv.gz"), "rt") as f:
        data = np.loadtxt(f, delimiter=",")
    return data[:, :64], data[:, 64].astype(np.int64)


def train_test_split(X, y, test_size=0.2, seed=0):
    """Shuffle the samples and split them in two.

    Parameters
    ----------
    X : ndarray, shape (m, ...)
    y : ndarray, shape (m, ...)
    test_size : float in (0, 1)
        Fraction of the samples in the test part.
    seed : int or numpy.random.Generator

    Returns
    -------
    X_train, X_test, y_train, y_test
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must lie in (0, 1), got {test_size!r}")
    order = as_rng(seed).permutation(len(X))
    n_test = int(round(test_size * len(X)))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def standardize(X_train, *others):
    """Give every feature mean 0 and standard deviation 1, with the statistics of ``X_train``.

    The same shift and scale are applied to ``others`` (validation and test sets), which must
    never contribute statistics. A feature that is constant in ``X_train`` is only centred: so is
    one whose standard deviation is below 100 machine epsilons of its largest magnitude, since
    that much comes from rounding alone (the standard deviation of three copies of 0.1 is 1.4e-17,
    not 0).

    Parameters
    ----------
    X_train : ndarray or list, shape (m, n)
    *others : ndarray or list, shape (k, n)

    Returns
    -------
    ndarray, or a tuple of ndarrays when ``others`` are given, in the same order
    """
    X_train = np.asarray(X_train)
    if X_train.ndim != 2 or len(X_train) == 0:
        raise ValueError(f"X_train must have shape (m, n) with m >= 1, got {X_train.shape}")
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    rounding = 100 * np.finfo(std.dtype).eps * np.abs(X_train).max(axis=0)
    std = np.where(std > rounding, std, 1.0)
    scaled = []
    for i, X in enumerate((X_train, *others)):
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != X_train.shape[1]:
            raise ValueError(f"others[{i - 1}] must have shape (k, {X_train.shape[1]}) like "
                             f"X_train's columns, got {X.shape}")
        scaled.append((X - mean) / std)
    return tuple(scaled) if others else scaled[0]


def one_hot(y, n_classes=None):
    """Integer labels (m,) -> one-hot rows (m, n_classes), float64."""
    y = np.asarray(y)
    if y.ndim != 1 or y.size == 0 or y.dtype.kind not in "iu":
        raise ValueError(f"y must be integer labels of shape (m,), m >= 1, got {y.dtype} of shape "
                         f"{y.shape}; for labels stored as floats, pass y.astype(int)")
    n_classes = int(y.max()) + 1 if n_classes is None else positive_int("n_classes", n_classes)
    if y.min() < 0 or y.max() >= n_classes:
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {y.min()}..{y.max()}")
    return np.eye(n_classes)[y]


def minibatches(X, y, batch_size, rng=None):
    """Yield ``(X_batch, y_batch)`` pairs that cover every sample exactly once.

    Parameters
    ----------
    X : ndarray or list, shape (m, n)
    y : ndarray or list, shape (m, ...)
    batch_size : int
        The last batch is smaller when ``batch_size`` does not divide m.
    rng : numpy.random.Generator or int or None
        Shuffle with it; None keeps the order.

    See chapter 5.
    """
    batch_size = positive_int("batch_size", batch_size)
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    order = np.arange(len(X)) if rng is None else as_rng(rng).permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]
