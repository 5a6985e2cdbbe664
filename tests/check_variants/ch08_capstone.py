"""Variants of the capstone's exercises: standardize_with_train, accuracy_from_scores,
confusion_matrix."""

import numpy as np


# ---------------------------------------------------------------------- standardize_with_train
def _guard(std):
    return np.where(std > 0, std, 1.0)


def std_own_statistics(X_train, X_test):
    """Scales the test set with its own statistics."""
    return tuple((X - X.mean(axis=0)) / _guard(X.std(axis=0)) for X in (X_train, X_test))


def std_no_guard(X_train, X_test):
    """No guard: a constant feature divides by 0."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def std_global(X_train, X_test):
    """One mean and one std for the whole array."""
    mean, std = X_train.mean(), X_train.std()
    return (X_train - mean) / std, (X_test - mean) / std


def std_unbiased(X_train, X_test):
    """ddof=1."""
    mean, std = X_train.mean(axis=0), _guard(X_train.std(axis=0, ddof=1))
    return (X_train - mean) / std, (X_test - mean) / std


def std_eps(X_train, X_test):
    """std + 1e-8 instead of a guard."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-8
    return (X_train - mean) / std, (X_test - mean) / std


def std_one_pass(X_train, X_test):
    """The one-pass variance E[x^2] - E[x]^2."""
    mean = X_train.mean(axis=0)
    var = np.maximum((X_train ** 2).mean(axis=0) - mean ** 2, 0.0)
    std = _guard(np.sqrt(var))
    return (X_train - mean) / std, (X_test - mean) / std


def std_in_place(X_train, X_test):
    """Centres and scales the arguments in place."""
    mean, std = X_train.mean(axis=0), _guard(X_train.std(axis=0))
    X_test -= mean
    X_test /= std
    X_train -= mean
    X_train /= std
    return X_train, X_test


def std_only_test(X_train, X_test):
    """Returns only the test set."""
    mean, std = X_train.mean(axis=0), _guard(X_train.std(axis=0))
    return (X_test - mean) / std


def std_into_empty_like(X_train, X_test):
    """Fills np.empty_like: integer inputs truncate."""
    mean, std = X_train.mean(axis=0), _guard(X_train.std(axis=0))
    train, test = np.empty_like(X_train), np.empty_like(X_test)
    train[...] = (X_train - mean) / std
    test[...] = (X_test - mean) / std
    return train, test


def std_divides_by_variance(X_train, X_test):
    """Divides by the variance."""
    mean, var = X_train.mean(axis=0), _guard(X_train.var(axis=0))
    return (X_train - mean) / var, (X_test - mean) / var


def std_test_std_mixed(X_train, X_test):
    """The training mean with the test set's std."""
    mean = X_train.mean(axis=0)
    return (X_train - mean) / _guard(X_train.std(axis=0)), (X_test - mean) / _guard(
        X_test.std(axis=0))


def std_guard_zero(X_train, X_test):
    """Sets a zero std's feature to 0 after dividing (NaN / inf replaced by 0)."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    with np.errstate(all="ignore"):
        return tuple(np.nan_to_num((X - mean) / std, nan=0.0, posinf=0.0, neginf=0.0)
                     for X in (X_train, X_test))


def std_reference(X_train, X_test):
    """The exercise's recipe."""
    mean, std = X_train.mean(axis=0), _guard(X_train.std(axis=0))
    return (X_train - mean) / std, (X_test - mean) / std


def std_list_and_mask(X_train, X_test):
    """std + (std == 0) as the guard; returns a list."""
    mean = np.mean(X_train, axis=0)
    std = np.sqrt(np.mean((X_train - mean) ** 2, axis=0))
    std = std + (std == 0)
    return [(X_train - mean) / std, (X_test - mean) / std]


def std_column_loop(X_train, X_test):
    """A loop over the columns."""
    train = np.array(X_train, dtype=float)
    test = np.array(X_test, dtype=float)
    for j in range(train.shape[1]):
        mu, sigma = train[:, j].mean(), train[:, j].std()
        sigma = sigma if sigma != 0 else 1.0
        train[:, j] = (train[:, j] - mu) / sigma
        test[:, j] = (test[:, j] - mu) / sigma
    return train, test


# ------------------------------------------------------------------------ accuracy_from_scores
def acc_count(scores, y):
    """The number of right predictions."""
    return float(np.sum(scores.argmax(axis=1) == y))


def acc_percent(scores, y):
    """A percentage."""
    return float(np.mean(scores.argmax(axis=1) == y) * 100)


def acc_error_rate(scores, y):
    """The error rate."""
    return float(np.mean(scores.argmax(axis=1) != y))


def acc_axis_zero(scores, y):
    """argmax over axis 0."""
    return float(np.mean(scores.argmax(axis=0) == y[:scores.shape[1]]))


def acc_ties_count(scores, y):
    """A label that ties with the maximum counts as right."""
    return float(np.mean(scores[np.arange(len(y)), y] == scores.max(axis=1)))


def acc_integer_division(scores, y):
    """Integer division: 0 unless every sample is right."""
    return np.sum(scores.argmax(axis=1) == y) // len(y)


def acc_column_labels(scores, y):
    """Compares with y[:, None]: an (m, m) table."""
    return float(np.mean(scores.argmax(axis=1) == y[:, None]))


def acc_threshold(scores, y):
    """Thresholds the first column at 0.5, as for binary outputs."""
    return float(np.mean((scores[:, 0] > 0.5).astype(int) == y))


def acc_argmin(scores, y):
    """argmin."""
    return float(np.mean(scores.argmin(axis=1) == y))


def acc_last_of_ties(scores, y):
    """Breaks ties towards the LAST index."""
    C = scores.shape[1]
    return float(np.mean(C - 1 - scores[:, ::-1].argmax(axis=1) == y))


def acc_reference(scores, y):
    """argmax of each row."""
    return float(np.mean(scores.argmax(axis=1) == y))


def acc_loop(scores, y):
    """A loop with list.index of the max."""
    right = sum(list(row).index(max(row)) == label for row, label in zip(scores, y))
    return right / len(y)


def acc_softmax_first(scores, y):
    """Softmax first (argmax unchanged), count_nonzero."""
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return np.count_nonzero(np.argmax(p, axis=-1) == y) / len(y)


# ---------------------------------------------------------------------------- confusion_matrix
def _counts(y, predicted, C, dtype=np.int64):
    counts = np.zeros((C, C), dtype=dtype)
    for t, p in zip(y, predicted):
        counts[t, p] += 1
    return counts


def cm_transposed(scores, y):
    """Rows are the predictions."""
    return _counts(y, scores.argmax(axis=1), scores.shape[1]).T


def cm_assigned_once(scores, y):
    """counts[y, predicted] += 1: a repeated pair counts once."""
    counts = np.zeros((scores.shape[1],) * 2, dtype=int)
    counts[y, scores.argmax(axis=1)] += 1
    return counts


def cm_row_fractions(scores, y):
    """Each row divided by its sum."""
    counts = _counts(y, scores.argmax(axis=1), scores.shape[1])
    return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)


def cm_sized_by_labels(scores, y):
    """Size from the largest label or prediction."""
    predicted = scores.argmax(axis=1)
    return _counts(y, predicted, int(max(y.max(), predicted.max())) + 1)


def cm_uint8(scores, y):
    """A uint8 counter: wraps after 255."""
    return _counts(y, scores.argmax(axis=1), scores.shape[1], dtype=np.uint8)


def cm_int8(scores, y):
    """An int8 counter: wraps after 127."""
    return _counts(y, scores.argmax(axis=1), scores.shape[1], dtype=np.int8)


def cm_argsort_last(scores, y):
    """The last column of argsort: ties go to another index."""
    return _counts(y, scores.argsort(axis=1)[:, -1], scores.shape[1])


def cm_histogram_without_range(scores, y):
    """np.histogram2d without range: the bins follow the data."""
    counts, _, _ = np.histogram2d(y, scores.argmax(axis=1), bins=scores.shape[1])
    return counts.astype(int)



def cm_classes_from_labels(scores, y):
    """C = the number of distinct labels."""
    return _counts(y, scores.argmax(axis=1), len(np.unique(y)))


def cm_sorts_scores(scores, y):
    """Sorts each row of scores in place to find the largest."""
    order = np.argsort(-scores, axis=1, kind="stable")[:, 0]
    scores.sort(axis=1)
    return _counts(y, order, scores.shape[1])


def cm_fraction_of_all(scores, y):
    """Counts divided by the number of samples."""
    return _counts(y, scores.argmax(axis=1), scores.shape[1]) / len(y)


def cm_reference(scores, y):
    """A loop over the samples."""
    return _counts(y, scores.argmax(axis=1), scores.shape[1])


def cm_add_at(scores, y):
    """np.add.at."""
    C = scores.shape[1]
    counts = np.zeros((C, C), dtype=int)
    np.add.at(counts, (y, scores.argmax(axis=1)), 1)
    return counts


def cm_bincount(scores, y):
    """np.bincount with minlength."""
    C = scores.shape[1]
    return np.bincount(y * C + scores.argmax(axis=1), minlength=C * C).reshape(C, C)


def cm_histogram(scores, y):
    """np.histogram2d with the range of the classes (float counts)."""
    C = scores.shape[1]
    counts, _, _ = np.histogram2d(y, scores.argmax(axis=1), bins=C, range=[[0, C], [0, C]])
    return counts


VARIANTS = {
    "standardize_with_train": {
        "wrong": [std_own_statistics, std_no_guard, std_global, std_unbiased, std_eps,
                  std_one_pass, std_in_place, std_only_test, std_into_empty_like,
                  std_divides_by_variance, std_test_std_mixed, std_guard_zero],
        "right": [std_reference, std_list_and_mask, std_column_loop],
    },
    "accuracy_from_scores": {
        "wrong": [acc_count, acc_percent, acc_error_rate, acc_axis_zero, acc_ties_count,
                  acc_integer_division, acc_column_labels, acc_threshold, acc_argmin,
                  acc_last_of_ties],
        "right": [acc_reference, acc_loop, acc_softmax_first],
    },
    "confusion_matrix": {
        "wrong": [cm_transposed, cm_assigned_once, cm_row_fractions, cm_sized_by_labels,
                  cm_uint8, cm_int8, cm_argsort_last, cm_histogram_without_range,
                  cm_classes_from_labels, cm_sorts_scores, cm_fraction_of_all],
        "right": [cm_reference, cm_add_at, cm_bincount, cm_histogram],
    },
}
