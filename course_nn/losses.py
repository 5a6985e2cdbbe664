"""Loss functions (chapter 1): ``forward(y_hat, y) -> float``, the mean over samples, and
``backward() -> dL/dy_hat`` with the shape of ``y_hat``. Each follows its PyTorch namesake.

``forward`` takes arrays or lists (integer outputs become float64) and refuses, with a message that
names the fix, an empty batch, targets whose shape does not fit ``y_hat``, and targets the loss
cannot mean: labels outside 0..C-1, binary targets outside [0, 1], BCELoss outputs outside [0, 1].
A refused call keeps the previous ``backward``. ``predict_labels(y_hat)`` says how a loss's outputs
become class labels (for the accuracy ``train`` records).
"""

import numpy as np

from .activations import sigmoid


def predicted_classes(y_hat, threshold):
    """The class each sample's outputs predict: the argmax of a row of C > 1 scores, else 1 where
    the single output exceeds ``threshold`` (0.5 for probabilities, 0 for logits).

    Parameters
    ----------
    y_hat : ndarray, shape (m, C), (m, 1) or (m,)
    threshold : float

    Returns
    -------
    ndarray of int, shape (m,)

    See chapter 1.
    """
    y_hat = np.asarray(y_hat)
    if y_hat.ndim == 2 and y_hat.shape[1] > 1:
        return y_hat.argmax(axis=1)
    return (y_hat.reshape(-1) > threshold).astype(int)


class Loss:
    """Base class of the losses; subclasses implement ``forward`` and ``backward``, and a loss
    for classification also ``predict_labels``.
    """

    def __repr__(self):
        return f"{type(self).__name__}()"

    def predict_labels(self, y_hat):
        """The class labels that the outputs ``y_hat`` predict, shape (m,) of int, or None.

        None means the loss has no classes (regression, e.g. ``MSELoss``): ``train`` then records
        no accuracy. A loss of your own inherits this None until it defines the method, so that
        no accuracy is made up from a guess of what its outputs mean.
        """
        return None  # noqa: RET501 (said explicitly: no labels)

    def check_targets(self, y_hat, y):
        """Raise unless ``y`` holds targets this loss can compare with outputs shaped like
        ``y_hat`` (their shape, labels in range). ``train`` asks once, for all its targets.

        The built-in losses check without computing the loss; this default computes it.
        """
        self.forward(y_hat, y)

    def _outputs(self, y_hat):
        """``y_hat`` as a float array with at least one sample (integers become float64)."""
        y_hat = np.asarray(y_hat)
        if y_hat.dtype.kind not in "fiub":
            raise TypeError(f"{self!r}: y_hat must hold numbers, got dtype {y_hat.dtype}")
        if y_hat.ndim == 0 or len(y_hat) == 0:
            raise ValueError(f"{self!r}: y_hat has no samples (shape {y_hat.shape}); pass a "
                             "non-empty batch, one row per sample")
        return y_hat if y_hat.dtype.kind == "f" else y_hat.astype(np.float64)

    def _targets_like(self, y_hat, y):
        """``y`` reshaped to the shape of ``y_hat``: a (m,) target fits a (m, 1) output."""
        y_hat, y = self._outputs(y_hat), np.asarray(y)
        if y.shape != y_hat.shape and not (y_hat.shape == (y.size, 1) and y.ndim == 1):
            raise ValueError(f"{self!r}: y_hat has shape {y_hat.shape} but y has shape {y.shape}; "
                             "they must match (one target per output)")
        return y_hat, y.reshape(y_hat.shape).astype(y_hat.dtype, copy=False)

    def _binary_targets(self, y_hat, y):
        """``_targets_like``, and a ValueError unless every target lies in [0, 1]."""
        y_hat, y = self._targets_like(y_hat, y)
        if not ((y >= 0) & (y <= 1)).all():
            raise ValueError(
                f"{self!r}: targets y must be labels 0 or 1 (or probabilities in [0, 1]), got "
                f"values from {y.min()} to {y.max()}; for more than two classes use "
                "SoftmaxCrossEntropyLoss with one output per class")
        return y_hat, y

    def _cached(self):
        if getattr(self, "_cache", None) is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        return self._cache


class MSELoss(Loss):
    """Mean squared error, averaged over all elements (``torch.nn.MSELoss``).

    L = mean((y_hat - y)^2); dL/dy_hat = 2 (y_hat - y) / (number of elements).
    See chapter 1.
    """

    def forward(self, y_hat, y):
        y_hat, y = self._targets_like(y_hat, y)
        diff = y_hat - y
        self._cache = diff
        return float(np.mean(diff ** 2))

    def backward(self):
        diff = self._cached()
        return 2 * diff / diff.size

    def check_targets(self, y_hat, y):
        self._targets_like(y_hat, y)


class BCELoss(Loss):
    """Binary cross-entropy on probabilities (``torch.nn.BCELoss``).

    L = -mean(y log p + (1 - y) log(1 - p)). As in PyTorch, each log is clamped at -100, so
    p = 0 or p = 1 gives a large but finite loss, and the gradient's denominator p (1 - p) is
    kept away from 0. Targets y lie in [0, 1] (labels 0 and 1, or probabilities); outputs
    outside [0, 1] are logits, refused with a pointer to ``BCEWithLogitsLoss``.

    See chapters 1 and 2.
    """

    def forward(self, y_hat, y):
        p, y = self._binary_targets(y_hat, y)
        if (p < 0).any() or (p > 1).any():  # NaN passes: train reports a non-finite loss
            raise ValueError(
                f"{self!r}: y_hat must be probabilities in [0, 1], got values from {np.nanmin(p)} "
                f"to {np.nanmax(p)}; end the model with Sigmoid(), or feed these logits to "
                "BCEWithLogitsLoss()")
        with np.errstate(divide="ignore"):  # log(0) = -inf is clamped on the next line
            log_p, log_1mp = np.log(p), np.log1p(-p)
        self._cache = (p, y)
        return float(-np.mean(y * np.maximum(log_p, -100) + (1 - y) * np.maximum(log_1mp, -100)))

    def predict_labels(self, y_hat):
        """Class 1 where the probability exceeds 0.5."""
        return predicted_classes(y_hat, threshold=0.5)

    def backward(self):
        p, y = self._cached()
        return (p - y) / np.maximum(p * (1 - p), 1e-12) / p.size

    def check_targets(self, y_hat, y):
        self._binary_targets(y_hat, y)


class BCEWithLogitsLoss(Loss):
    """Sigmoid followed by binary cross-entropy, in one stable step (``torch.nn.BCEWithLogitsLoss``).

    With logits z: L = mean(max(z, 0) - z y + log(1 + exp(-|z|))), which never overflows;
    dL/dz = (sigmoid(z) - y) / (number of elements).

    See chapters 1 and 2.
    """

    def forward(self, y_hat, y):
        z, y = self._binary_targets(y_hat, y)
        self._cache = (z, y)
        return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))

    def predict_labels(self, y_hat):
        """Class 1 where the logit exceeds 0, i.e. where sigmoid(logit) exceeds 0.5."""
        return predicted_classes(y_hat, threshold=0.0)

    def backward(self):
        z, y = self._cached()
        return (sigmoid(z) - y) / z.size

    def check_targets(self, y_hat, y):
        self._binary_targets(y_hat, y)


class SoftmaxCrossEntropyLoss(Loss):
    """Softmax followed by cross-entropy (``torch.nn.CrossEntropyLoss``).

    Logits ``y_hat`` of shape (m, C); targets ``y`` are integer labels of shape (m,), or class
    probabilities of shape (m, C) such as one-hot rows. L = -mean over samples of
    sum_k y_k log softmax(z)_k, with log softmax computed stably as z - max - log(sum exp(z - max));
    dL/dz = (softmax(z) - onehot(y)) / m.

    See chapter 1.
    """

    def forward(self, y_hat, y):
        z = self._logits(y_hat)
        y = self._targets(z, np.asarray(y))
        shifted = z - z.max(axis=1, keepdims=True)
        exps = np.exp(shifted)
        sums = exps.sum(axis=1, keepdims=True)
        log_probs = shifted - np.log(sums)
        self._cache = (exps / sums, y)  # softmax(z), kept for backward
        if y.ndim == 1:  # labels: of the sum over k, only the label's term is not 0
            return float(-log_probs[np.arange(len(y)), y].sum() / len(y))
        return float(-np.sum(y * log_probs) / len(y))

    def predict_labels(self, y_hat):
        """The class of the largest logit of each row."""
        return np.asarray(y_hat).argmax(axis=1)

    def backward(self):
        """dL/dz = (softmax(z) - onehot(y)) / m, shape (m, C)."""
        probs, y = self._cached()
        if y.ndim == 1:  # labels: subtract the one-hot rows without building them
            grad = probs.copy()
            grad[np.arange(len(y)), y] -= 1
            return grad / len(y)
        return (probs - y) / len(y)

    def check_targets(self, y_hat, y):
        self._targets(self._logits(y_hat), np.asarray(y))

    def _logits(self, y_hat):
        """``y_hat`` as an array of logits of shape (m, C)."""
        z = self._outputs(y_hat)
        if z.ndim != 2:
            raise ValueError(f"{self!r}: y_hat must be logits of shape (m, C), one row per "
                             f"sample, got shape {z.shape}")
        return z

    def _targets(self, z, y):
        """``y`` checked against the logits ``z``: labels (m,) or probabilities (m, C)."""
        m, n_classes = z.shape
        if y.shape == z.shape:
            if not ((y >= 0) & (y <= 1)).all():
                raise ValueError(f"{self!r}: target probabilities y must lie in [0, 1], got "
                                 f"values from {y.min()} to {y.max()}")
            return y.astype(z.dtype, copy=False)
        if y.shape != (m,) or y.dtype.kind not in "iu":
            raise ValueError(
                f"{self!r}: y must be integer labels of shape ({m},) or probabilities of shape "
                f"{z.shape}, got {y.dtype} of shape {y.shape}; for labels stored as floats or as "
                "a column, pass y.astype(int).reshape(-1)")
        if y.min() < 0 or y.max() >= n_classes:
            raise ValueError(f"{self!r}: labels y must lie in 0..{n_classes - 1} (one per output "
                             f"column), got values from {y.min()} to {y.max()}")
        return y
