"""Checks of chapter 7, the capstone: standardizing with the training statistics, the accuracy
of a batch of scores, and the confusion matrix.

The first case of each check tells every listed mistake apart from the right answer and from the
other mistakes.
"""

import numpy as np

from ..datasets import standardize
from ..training import accuracy
from .core import Case, Check, Mistake, quiet

__all__ = ["standardize_with_train", "accuracy_from_scores", "confusion_matrix"]


_rng = np.random.default_rng(7)

# ------------------------------------------------------------------------ standardize_with_train
# Pixel-like data: integers 0..16; the first column is constant (0) in the training set, as the
# border pixels of the digits are, but not in the test set.
_TRAIN = _rng.integers(0, 17, size=(6, 3)).astype(float)
_TRAIN[:, 0] = 0.0
_TEST = _rng.integers(0, 17, size=(4, 3)).astype(float)
_TRAIN_B = _rng.normal(5.0, 3.0, size=(8, 2))
_TEST_B = _rng.normal(5.0, 3.0, size=(3, 2))


def _standardize_with_train(X_train, X_test):
    """The reference: course_nn.standardize with the training statistics."""
    return standardize(X_train, X_test)


def _guarded(std):
    return np.where(std > 0, std, 1.0)


standardize_with_train = Check(
    "standardize_with_train",
    reference=_standardize_with_train,
    cases=[
        Case((_TRAIN, _TEST), "6 training and 4 test images of 3 pixels; the first pixel is "
                              "always 0 in the training set"),
        Case((_TRAIN_B, _TEST_B), "8 training and 3 test samples, 2 features, no constant one"),
        Case((_TRAIN_B[:2], _TRAIN_B), "only 2 training samples; the test set is larger"),
    ],
    mistakes=[
        Mistake(lambda X_train, X_test: tuple(
                    (X - X.mean(axis=0)) / _guarded(X.std(axis=0)) for X in (X_train, X_test)),
                "the test set must be scaled with the training set's mean and standard "
                "deviation, never its own: the test set stands for data the model has not seen."),
        Mistake(quiet(lambda X_train, X_test: tuple(
                    (X - X_train.mean(axis=0)) / X_train.std(axis=0) for X in (X_train, X_test))),
                "a pixel that is constant in the training set has standard deviation 0: only "
                "centre it (divide by 1 where std == 0, e.g. np.where(std > 0, std, 1.0))."),
        Mistake(lambda X_train, X_test: tuple(
                    (X - X_train.mean()) / X_train.std() for X in (X_train, X_test)),
                "compute one mean and one standard deviation per feature (column), with axis=0, "
                "not one for the whole array."),
        Mistake(lambda X_train, X_test: tuple(
                    (X - X_train.mean(axis=0)) / _guarded(X_train.std(axis=0, ddof=1))
                    for X in (X_train, X_test)),
                "use the standard deviation that divides by m, np.std's default (ddof=0), as "
                "course_nn.standardize and scikit-learn's StandardScaler do, not ddof=1."),
    ],
    hint="mean = X_train.mean(axis=0) and std = X_train.std(axis=0), with 1 where std is 0; "
         "return ((X_train - mean) / std, (X_test - mean) / std).",
)


# -------------------------------------------------------------------------- accuracy_from_scores
_SCORES5 = np.array([[2.0, 0.1, -1.0], [0.2, 0.3, 0.1], [-1.0, 2.0, 0.5],
                     [0.0, 0.1, 3.0], [1.0, 0.5, 0.9]])
_Y5 = np.array([0, 2, 1, 2, 1])
_SCORES8 = _rng.normal(size=(8, 10))
_Y8 = _rng.integers(0, 10, size=8)
_Y8[:3] = _SCORES8[:3].argmax(axis=1)


def _accuracy_from_scores(scores, y):
    """The reference: course_nn.accuracy (argmax of each row)."""
    return accuracy(scores, y)


accuracy_from_scores = Check(
    "accuracy_from_scores",
    reference=_accuracy_from_scores,
    cases=[
        Case((_SCORES5, _Y5), "5 samples, 3 classes, 3 of them right"),
        Case((_SCORES8, _Y8), "8 samples, 10 classes"),
        Case((_SCORES5[:1], _Y5[:1]), "a single sample, predicted right"),
    ],
    mistakes=[
        Mistake(lambda scores, y: float(np.sum(scores.argmax(axis=1) == y)),
                "return the fraction of right predictions (divide by the number of samples), "
                "not their count."),
        Mistake(lambda scores, y: float(np.mean(scores.argmax(axis=1) == y) * 100),
                "return a fraction in [0, 1], not a percentage."),
        Mistake(lambda scores, y: float(np.mean(scores.argmax(axis=1) != y)),
                "this is the error rate: count the samples whose predicted class EQUALS the "
                "label."),
    ],
    hint="the predicted class of a sample is the index of its largest score, "
         "scores.argmax(axis=1); return the mean of (predicted == y).",
)


# ------------------------------------------------------------------------------ confusion_matrix
def _one_hot_scores(predicted, n_classes):
    """Scores whose argmax is ``predicted``: 1 at the predicted class, small noise elsewhere."""
    rng = np.random.default_rng(len(predicted))
    scores = rng.uniform(-1, 0.5, size=(len(predicted), n_classes))
    scores[np.arange(len(predicted)), predicted] = 1.0
    return scores


# Case 1: 4 classes, class 3 never occurs, a (true, predicted) pair that repeats, and an
# asymmetric matrix (two 0s predicted as 1, no 1 predicted as 0).
_Y_CM = np.array([0, 0, 0, 1, 1, 2, 2, 2])
_SCORES_CM = _one_hot_scores(np.array([0, 1, 1, 1, 1, 2, 2, 0]), 4)
_Y_CM2 = _rng.integers(0, 3, size=10)
_SCORES_CM2 = _rng.normal(size=(10, 3))


def _confusion_matrix(scores, y):
    """The reference: C[i, j] counts the samples of class i predicted as class j."""
    n_classes = scores.shape[1]
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (y, scores.argmax(axis=1)), 1)
    return counts


def _assigned_once(scores, y):
    counts = np.zeros((scores.shape[1],) * 2, dtype=np.int64)
    counts[y, scores.argmax(axis=1)] += 1
    return counts


def _sized_by_labels(scores, y):
    predicted = scores.argmax(axis=1)
    n = int(max(y.max(), predicted.max())) + 1
    counts = np.zeros((n, n), dtype=np.int64)
    np.add.at(counts, (y, predicted), 1)
    return counts


confusion_matrix = Check(
    "confusion_matrix",
    reference=_confusion_matrix,
    cases=[
        Case((_SCORES_CM, _Y_CM), "8 samples, 4 classes (class 3 never occurs)"),
        Case((_SCORES_CM2, _Y_CM2), "10 samples, 3 classes"),
        Case((_SCORES_CM[:1], _Y_CM[:1]), "a single sample"),
    ],
    mistakes=[
        Mistake(lambda scores, y: _confusion_matrix(scores, y).T,
                "rows are the true classes and columns the predicted ones: C[i, j] counts the "
                "samples of class i predicted as j (yours is transposed)."),
        Mistake(_assigned_once,
                "`C[y, predicted] += 1` adds 1 only once for a (true, predicted) pair that "
                "occurs several times: use np.add.at(C, (y, predicted), 1), or a loop."),
        Mistake(lambda scores, y: _confusion_matrix(scores, y)
                / np.maximum(_confusion_matrix(scores, y).sum(axis=1, keepdims=True), 1),
                "return the counts, not the fraction of each row."),
        Mistake(_sized_by_labels,
                "the matrix has one row and one column per class, scores.shape[1] of them, even "
                "for classes that never occur in y or in the predictions."),
    ],
    hint="predicted = scores.argmax(axis=1); start from np.zeros((C, C), dtype=int) with "
         "C = scores.shape[1], and add 1 at [y[i], predicted[i]] for every sample i.",
)
