"""Checks of chapter 7, the capstone: standardizing with the training statistics, the accuracy
of a batch of scores, and the confusion matrix.

The first case of each check tells every listed mistake apart from the right answer and from the
other mistakes.
"""

import numpy as np

from ..plotting.data import confusion_counts
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
# A near-constant feature (5 plus noise of size 1e-6, where an eps added to std shows) and a
# feature of 1e6 plus noise of size 0.01 (where the one-pass variance E[x^2] - E[x]^2 cancels).
_TRAIN_C = np.column_stack([5.0 + 1e-6 * _rng.normal(size=6), 1e6 + 0.01 * _rng.normal(size=6),
                            _rng.normal(size=6)])
_TEST_C = np.column_stack([5.0 + 1e-6 * _rng.normal(size=2), 1e6 + 0.01 * _rng.normal(size=2),
                           _rng.normal(size=2)])
# Integer pixels whose last column is constant too, at 16: constant means std == 0, not "0".
_TRAIN_INT = _TRAIN.astype(np.int64)
_TRAIN_INT[:, 2] = 16


def _standardize_with_train(X_train, X_test):
    """The reference, as the exercise defines it: the training mean and standard deviation
    (ddof=0) of each feature, and 1 where that standard deviation is exactly 0."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


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
        Case((_TRAIN_C, _TEST_C), "a feature of 5 plus noise of size 1e-6 (nearly constant, "
             "but not constant) and one of 1e6 plus noise of size 0.01"),
        Case((_TRAIN_INT, _TEST.astype(np.int64)),
             "integer pixels (dtype int); in the training set the first is always 0 and the "
             "last always 16"),
        Case((_TRAIN_B.astype(np.float32), _TEST_B.astype(np.float32)),
             "float32 inputs: float32 or float64 answers are both fine", rtol=1e-5, atol=1e-6),
    ],
    mistakes=[
        Mistake(lambda X_train, X_test: tuple(
                    (X - X.mean(axis=0)) / _guarded(X.std(axis=0)) for X in (X_train, X_test)),
                "the test set must be scaled with the training set's mean and standard "
                "deviation, never its own: the test set stands for data the model has not seen."),
        Mistake(quiet(lambda X_train, X_test: tuple(
                    (X - X_train.mean(axis=0)) / X_train.std(axis=0) for X in (X_train, X_test))),
                "a pixel that is constant in the training set has standard deviation 0: only "
                "centre it (divide by 1 where std == 0)."),
        Mistake(lambda X_train, X_test: tuple(
                    (X - X_train.mean()) / X_train.std() for X in (X_train, X_test)),
                "compute one mean and one standard deviation per feature (column), with axis=0, "
                "not one for the whole array."),
        Mistake(lambda X_train, X_test: tuple(
                    (X - X_train.mean(axis=0)) / _guarded(X_train.std(axis=0, ddof=1))
                    for X in (X_train, X_test)),
                "use the standard deviation that divides by m, np.std's default (ddof=0), as "
                "course_nn.standardize and scikit-learn's StandardScaler do, not ddof=1."),
        Mistake(lambda X_train, X_test: tuple(
                    (X - X_train.mean(axis=0)) / (X_train.std(axis=0) + 1e-8)
                    for X in (X_train, X_test)),
                "do not add an eps to the standard deviation: a feature with a tiny but "
                "nonzero spread is then scaled wrongly. Divide by 1 only where std is exactly "
                "0."),
    ],
    hint="one mean and one standard deviation per feature (column), both from the training "
         "set only (the standard deviation that divides by m), applied to both sets; where that "
         "standard deviation is exactly 0, divide by 1 instead. Return new arrays, "
         "(train, test), without changing the arguments.",
    recipe="mean = X_train.mean(axis=0); std = X_train.std(axis=0); std = np.where(std > 0, "
           "std, 1.0); return (X_train - mean) / std, (X_test - mean) / std",
    returns=("X_train_standardized", "X_test_standardized"),
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
        Case((np.array([[1.0, 1.0, 0.0], [2.0, 2.0, 2.0], [0.0, 3.0, 3.0], [0.5, 0.5, 0.2],
                        [0.1, 0.9, 0.0]]), np.array([1, 0, 2, 1, 1])),
             "ties: the predicted class is the FIRST index of the largest score, so only the "
             "samples 2 and 5 are right"),
        Case((np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4], [0.8, 0.1, 0.1]]), np.array([1, 2, 1])),
             "3 samples of 3 classes (a square array of probabilities)"),
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
        Mistake(lambda scores, y: float(np.mean(
                    scores.max(axis=1) == scores[np.arange(len(y)), y])),
                "with ties, the predicted class is the FIRST index of the largest score (what "
                "argmax gives): a label that only ties with it is not predicted."),
    ],
    hint="the predicted class of a sample is the index of the largest score in its row (the "
         "first one, when several tie); the accuracy is the fraction of samples whose "
         "predicted class equals the label, a float between 0 and 1.",
    recipe="return float(np.mean(scores.argmax(axis=1) == y))",
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
# 300 samples: 260 of class 0 predicted as 0, so a uint8 (or int8) counter overflows.
_Y_MANY = np.array([0] * 270 + [1] * 20 + [2] * 10)
_SCORES_MANY = _one_hot_scores(np.array([0] * 260 + [1] * 10 + [1] * 15 + [0] * 5 + [2] * 10), 3)


def _confusion_matrix(scores, y):
    """The reference: C[i, j] counts the samples of class i predicted as class j."""
    return confusion_counts(y, scores.argmax(axis=1), n_classes=scores.shape[1])


def _assigned_once(scores, y):
    counts = np.zeros((scores.shape[1],) * 2, dtype=np.int64)
    counts[y, scores.argmax(axis=1)] += 1
    return counts


def _sized_by_labels(scores, y):
    return confusion_counts(y, scores.argmax(axis=1))  # n_classes from the labels seen


confusion_matrix = Check(
    "confusion_matrix",
    reference=_confusion_matrix,
    cases=[
        Case((_SCORES_CM, _Y_CM), "8 samples, 4 classes (class 3 never occurs)"),
        Case((_SCORES_CM2, _Y_CM2), "10 samples, 3 classes"),
        Case((_SCORES_CM[:1], _Y_CM[:1]), "a single sample"),
        Case((np.array([[1.0, 1.0, 0.0], [0.0, 2.0, 2.0], [3.0, 3.0, 3.0], [0.0, 0.0, 1.0]]),
              np.array([1, 2, 0, 2])),
             "ties: the predicted class is the FIRST index of the largest score"),
        Case((_SCORES_MANY, _Y_MANY), "300 samples, 260 of class 0 predicted right: counts over "
             "255 (and over 127)"),
    ],
    mistakes=[
        Mistake(lambda scores, y: _confusion_matrix(scores, y).T,
                "rows are the true classes and columns the predicted ones: C[i, j] counts the "
                "samples of class i predicted as j (yours is transposed)."),
        Mistake(_assigned_once,
                "`C[y, predicted] += 1` adds 1 only once for a (true, predicted) pair that "
                "occurs several times: count every sample, with a loop or an unbuffered add."),
        Mistake(lambda scores, y: _confusion_matrix(scores, y)
                / np.maximum(_confusion_matrix(scores, y).sum(axis=1, keepdims=True), 1),
                "return the counts, not the fraction of each row."),
        Mistake(_sized_by_labels,
                "the matrix has one row and one column per class, scores.shape[1] of them, even "
                "for classes that never occur in y or in the predictions."),
        Mistake(lambda scores, y: _confusion_matrix(scores, y).astype(np.uint8),
                "a uint8 counter wraps around after 255 (256 becomes 0): count with a wide "
                "integer type, such as int (int64)."),
    ],
    hint="one row per true class and one column per predicted class, scores.shape[1] of each "
         "(also for classes that never occur); the predicted class is the first index of the "
         "largest score. Every sample adds 1 to one entry: make sure a pair that occurs "
         "several times is counted every time, with an integer type wide enough for large "
         "counts.",
    recipe="predicted = scores.argmax(axis=1); C = scores.shape[1]; counts = np.zeros((C, C), "
           "dtype=int); for true, pred in zip(y, predicted): counts[true, pred] += 1; "
           "return counts",
)
