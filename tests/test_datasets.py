"""Tests of course_nn.datasets (chapters 5 and 7)."""

import numpy as np
import pytest

import course_nn
from course_nn import datasets as D

TOY = ["make_xor", "make_moons", "make_circles", "make_spirals"]


def test_public_names():
    for name in TOY + ["load_digits", "train_test_split", "standardize", "one_hot", "minibatches"]:
        assert getattr(course_nn, name) is getattr(D, name)


# ---------------------------------------------------------------- toy data sets
@pytest.mark.parametrize("name", TOY)
def test_toy_shapes_dtypes_and_labels(name):
    X, y = getattr(D, name)()
    n = len(X)
    assert n >= 200
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and np.issubdtype(y.dtype, np.integer)
    assert np.all(np.isfinite(X))
    n_classes = 3 if name == "make_spirals" else 2
    assert set(np.unique(y)) == set(range(n_classes))
    counts = np.bincount(y)
    assert counts.min() >= 0.8 * n / n_classes  # roughly balanced


@pytest.mark.parametrize("name", TOY)
@pytest.mark.parametrize("n", [4, 60, 301])
def test_toy_n_samples(name, n):
    X, y = getattr(D, name)(n_samples=n, seed=1)
    assert X.shape == (n, 2) and y.shape == (n,)


@pytest.mark.parametrize("name", TOY)
def test_toy_seeding(name):
    f = getattr(D, name)
    X1, y1 = f(n_samples=100, noise=0.1, seed=3)
    X2, y2 = f(n_samples=100, noise=0.1, seed=3)
    X3, _ = f(n_samples=100, noise=0.1, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", TOY)
def test_toy_does_not_use_global_state(name):
    np.random.seed(0)
    X1, _ = getattr(D, name)(n_samples=50, noise=0.1, seed=2)
    np.random.seed(1)
    X2, _ = getattr(D, name)(n_samples=50, noise=0.1, seed=2)
    np.testing.assert_array_equal(X1, X2)


@pytest.mark.parametrize("name", TOY)
def test_noise_moves_points(name):
    X0, y0 = getattr(D, name)(n_samples=100, noise=0.0, seed=0)
    X1, y1 = getattr(D, name)(n_samples=100, noise=0.3, seed=0)
    assert X0.shape == X1.shape
    assert not np.allclose(X0, X1)


def test_xor_truth_table():
    X, y = D.make_xor(4, noise=0.0)
    rows = {(float(a), float(b)): int(label) for (a, b), label in zip(X, y)}
    assert rows == {(0.0, 0.0): 0, (0.0, 1.0): 1, (1.0, 0.0): 1, (1.0, 1.0): 0}


def test_xor_labels_follow_the_quadrants():
    X, y = D.make_xor(400, noise=0.05, seed=0)
    # Points are noisy copies of the corners: label = XOR of the rounded coordinates.
    corner = (X > 0.5).astype(int)
    assert np.mean((corner[:, 0] ^ corner[:, 1]) == y) > 0.97


def test_circles_inner_and_outer():
    X, y = D.make_circles(200, noise=0.0, seed=0)
    r = np.linalg.norm(X, axis=1)
    # two concentric rings: each class has one radius, and the radii differ
    r0, r1 = r[y == 0], r[y == 1]
    assert np.ptp(r0) < 1e-9 and np.ptp(r1) < 1e-9
    assert abs(r0.mean() - r1.mean()) > 0.1


def test_moons_are_not_linearly_trivial_but_separated():
    X, y = D.make_moons(200, noise=0.0, seed=0)
    # without noise the two moons do not overlap: nearest neighbour of each point has its label
    d = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)
    np.fill_diagonal(d, np.inf)
    assert np.mean(y[d.argmin(axis=1)] == y) == 1.0


# ---------------------------------------------------------------- digits
@pytest.fixture(scope="module")
def digits():
    return D.load_digits()


def test_load_digits(digits):
    X, y = digits
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and np.issubdtype(y.dtype, np.integer)
    assert X.min() == 0.0 and X.max() == 16.0
    np.testing.assert_array_equal(X, np.round(X))  # counts of pixels: integers 0..16
    assert set(np.unique(y)) == set(range(10))
    # class sizes of the 1797-sample UCI optical digits set (the one scikit-learn also ships)
    np.testing.assert_array_equal(np.bincount(y), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])


def test_load_digits_is_fresh_each_call(digits):
    X, _ = digits
    X2, _ = D.load_digits()
    assert X2 is not X
    X2[0, 0] = 99.0
    assert D.load_digits()[0][0, 0] != 99.0


# ---------------------------------------------------------------- train_test_split
def test_train_test_split_partitions():
    X = np.arange(100, dtype=float).reshape(50, 2)
    y = np.arange(50)
    X_tr, X_te, y_tr, y_te = D.train_test_split(X, y, test_size=0.2, seed=0)
    assert len(X_te) == 10 and len(X_tr) == 40
    assert len(y_te) == 10 and len(y_tr) == 40
    # rows stay aligned with their labels
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)
    # a partition: each sample exactly once
    np.testing.assert_array_equal(np.sort(np.concatenate([y_tr, y_te])), y)
    # shuffled, deterministic for a seed
    assert not np.array_equal(y_te, np.arange(40, 50))
    again = D.train_test_split(X, y, test_size=0.2, seed=0)
    np.testing.assert_array_equal(again[3], y_te)
    other = D.train_test_split(X, y, test_size=0.2, seed=1)
    assert not np.array_equal(other[3], y_te)


def test_train_test_split_sizes_round_sensibly(digits):
    X, y = digits
    X_tr, X_te, y_tr, y_te = D.train_test_split(X, y)  # test_size=0.2 by default
    assert len(X_te) in (359, 360) and len(X_tr) + len(X_te) == 1797
    assert X_te.shape[1] == 64 and len(y_te) == len(X_te)


# ---------------------------------------------------------------- standardize
def test_standardize_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    X_tr = rng.standard_normal((50, 3)) * [1.0, 10.0, 0.1] + [5.0, -3.0, 0.0]
    X_te = rng.standard_normal((20, 3))
    X_tr0, X_te0 = X_tr.copy(), X_te.copy()
    out = D.standardize(X_tr, X_te)
    assert isinstance(out, tuple) and len(out) == 2
    S_tr, S_te = out
    np.testing.assert_allclose(S_tr.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(S_tr.std(axis=0), 1.0, rtol=1e-12)
    mu, sd = X_tr0.mean(axis=0), X_tr0.std(axis=0)
    np.testing.assert_allclose(S_te, (X_te0 - mu) / sd, rtol=1e-12)
    # inputs untouched
    np.testing.assert_array_equal(X_tr, X_tr0)
    np.testing.assert_array_equal(X_te, X_te0)


def test_standardize_single_and_many():
    X = np.array([[1.0, 2.0], [3.0, 6.0]])
    single = D.standardize(X)
    assert isinstance(single, np.ndarray)
    np.testing.assert_allclose(single, [[-1.0, -1.0], [1.0, 1.0]])
    three = D.standardize(X, X + 1, X * 2)
    assert isinstance(three, tuple) and len(three) == 3


def test_standardize_constant_feature_is_centred_not_divided_by_zero(digits):
    X = np.array([[1.0, 7.0], [3.0, 7.0], [5.0, 7.0]])
    with np.errstate(all="raise"):
        S, S2 = D.standardize(X, np.array([[0.0, 8.0]]))
    np.testing.assert_array_equal(S[:, 1], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(S2[0, 1], 1.0)  # centred only: 8 - 7
    # digits has constant (always 0) pixels: the result is finite
    Xd, _ = digits
    with np.errstate(all="raise"):
        Sd = D.standardize(Xd)
    assert np.all(np.isfinite(Sd))


# ---------------------------------------------------------------- one_hot
def test_one_hot():
    y = np.array([2, 0, 1, 2])
    Y = D.one_hot(y)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert Y.shape == (4, 3)
    Y5 = D.one_hot(y, n_classes=5)
    assert Y5.shape == (4, 5)
    np.testing.assert_array_equal(Y5.argmax(axis=1), y)
    np.testing.assert_array_equal(Y5.sum(axis=1), 1)


# ---------------------------------------------------------------- minibatches
def collect(X, y, batch_size, rng=None):
    return list(D.minibatches(X, y, batch_size, rng=rng))


def test_minibatches_in_order_without_rng():
    X = np.arange(20, dtype=float).reshape(10, 2)
    y = np.arange(10)
    batches = collect(X, y, 4)
    assert [len(b[1]) for b in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)


@pytest.mark.parametrize("rng", [0, np.random.default_rng(0)])
def test_minibatches_shuffle_with_rng_cover_each_sample_once(rng):
    X = np.arange(46, dtype=float).reshape(23, 2)
    y = np.arange(23)
    batches = collect(X, y, 5, rng=rng)
    assert [len(b[1]) for b in batches] == [5, 5, 5, 5, 3]
    order = np.concatenate([b[1] for b in batches])
    np.testing.assert_array_equal(np.sort(order), y)
    assert not np.array_equal(order, y)
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)


def test_minibatches_deterministic_for_a_seed():
    X, y = np.zeros((30, 1)), np.arange(30)
    a = np.concatenate([b for _, b in collect(X, y, 7, rng=3)])
    b = np.concatenate([b for _, b in collect(X, y, 7, rng=3)])
    c = np.concatenate([b for _, b in collect(X, y, 7, rng=np.random.default_rng(3))])
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, c)
    # a shared generator gives a new order each epoch
    g = np.random.default_rng(5)
    e1 = np.concatenate([b for _, b in collect(X, y, 7, rng=g)])
    e2 = np.concatenate([b for _, b in collect(X, y, 7, rng=g)])
    assert not np.array_equal(e1, e2)


def test_minibatch_larger_than_data():
    X, y = np.ones((3, 2)), np.arange(3)
    batches = collect(X, y, 10)
    assert len(batches) == 1 and len(batches[0][1]) == 3


# ---------------------------------------------------------------- bad input and rounding
def test_standardize_treats_a_rounding_level_deviation_as_zero():
    # Three copies of 0.1 have a standard deviation of 1.4e-17 after rounding: dividing by it would
    # multiply the column by about 7e15. It is only centred instead.
    X = np.column_stack([np.full(3, 0.1), np.arange(3.0)])
    assert 0 < X[:, 0].std() < 1e-16
    S = D.standardize(X)
    np.testing.assert_allclose(S[:, 0], 0.0, atol=1e-15)
    np.testing.assert_allclose(S[:, 1].std(), 1.0)
    S32 = D.standardize(np.full((1797, 1), 7.3, dtype=np.float32))
    assert np.abs(S32).max() < 1e-5


def test_standardize_keeps_small_but_real_variation():
    # The threshold is relative to the column's own scale: tiny columns and big offsets still scale.
    tiny = np.array([[1e-20], [3e-20], [5e-20]])
    np.testing.assert_allclose(D.standardize(tiny)[:, 0], [-np.sqrt(1.5), 0.0, np.sqrt(1.5)])
    offset = np.array([[1e9], [1e9 + 2.0], [1e9 + 4.0]])
    np.testing.assert_allclose(D.standardize(offset)[:, 0], [-np.sqrt(1.5), 0.0, np.sqrt(1.5)])


def test_standardize_takes_lists_and_refuses_bad_shapes():
    np.testing.assert_allclose(D.standardize([[1, 2], [3, 6]]), [[-1.0, -1.0], [1.0, 1.0]])
    _, other = D.standardize([[1.0], [3.0]], [[2.0]])
    np.testing.assert_allclose(other, [[0.0]])
    with pytest.raises(ValueError, match=r"X_train must have shape \(m, n\) with m >= 1, got \(0, 2\)"):
        D.standardize(np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"X_train must have shape \(m, n\) with m >= 1, got \(3,\)"):
        D.standardize(np.zeros(3))
    with pytest.raises(ValueError, match=r"others\[1\] must have shape \(k, 2\) like X_train's columns, "
                                         r"got \(4, 3\)"):
        D.standardize(np.ones((3, 2)), np.ones((1, 2)), np.ones((4, 3)))


def test_one_hot_refuses_bad_labels():
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.2, got -1\.\.1"):
        D.one_hot(np.array([-1, 0, 1]), n_classes=3)
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.1, got 0\.\.2"):
        D.one_hot([0, 2], n_classes=2)
    with pytest.raises(ValueError, match=r"integer labels of shape \(m,\).*y\.astype\(int\)"):
        D.one_hot(np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"integer labels of shape \(m,\), m >= 1"):
        D.one_hot(np.zeros(0, dtype=int))
    with pytest.raises(ValueError, match=r"n_classes must be an integer >= 1, got 2\.0"):
        D.one_hot([0, 1], n_classes=2.0)
    np.testing.assert_array_equal(D.one_hot([1, 0]), [[0, 1], [1, 0]])


def test_minibatches_take_lists_and_check_their_arguments():
    batches = collect([[0.0], [1.0], [2.0]], [0, 1, 2], 2)
    assert [b[1].tolist() for b in batches] == [[0, 1], [2]]
    with pytest.raises(ValueError, match=r"X and y must have the same number of samples, got 3 and 2"):
        collect(np.zeros((3, 1)), np.zeros(2), 2)
    with pytest.raises(ValueError, match=r"batch_size must be an integer >= 1, got 0"):
        collect(np.zeros((3, 1)), np.zeros(3), 0)


def test_train_test_split_checks_its_arguments():
    with pytest.raises(ValueError, match=r"X and y must have the same number of samples, got 4 and 3"):
        D.train_test_split(np.zeros((4, 1)), np.zeros(3))
    for bad in (0, 1, 1.5, -0.2):
        with pytest.raises(ValueError, match=rf"test_size must lie in \(0, 1\), got {bad!r}"):
            D.train_test_split(np.zeros((4, 1)), np.zeros(4), test_size=bad)
    X_tr, X_te, y_tr, y_te = D.train_test_split([[0], [1], [2], [3]], [0, 1, 2, 3], test_size=0.25)
    assert X_te.shape == (1, 1) and len(y_tr) == 3


def test_defaults_are_documented_values():
    np.testing.assert_array_equal(D.make_circles()[0], D.make_circles(200, noise=0.1, seed=0, factor=0.5)[0])
    np.testing.assert_array_equal(D.make_moons()[0], D.make_moons(200, noise=0.1, seed=0)[0])
    np.testing.assert_array_equal(D.make_xor()[0], D.make_xor(200, noise=0.1, seed=0)[0])
    np.testing.assert_array_equal(D.make_spirals()[0], D.make_spirals(300, noise=0.1, seed=0, n_classes=3)[0])
    X = np.arange(20.0).reshape(10, 2)
    default, explicit = D.train_test_split(X, np.arange(10)), D.train_test_split(X, np.arange(10), 0.2, seed=0)
    for a, b in zip(default, explicit):
        np.testing.assert_array_equal(a, b)


def test_circles_radii_and_angles():
    X, y = D.make_circles(400, noise=0.0, seed=0, factor=0.3)
    r = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(r[y == 1], 0.3)
    np.testing.assert_allclose(r[y == 0], 1.0)
    angle = np.arctan2(X[:, 1], X[:, 0])
    for label in (0, 1):  # angles spread over the whole circle, in each of the four quadrants
        quadrant = np.floor((angle[y == label] + np.pi) / (np.pi / 2))
        assert np.bincount(quadrant.astype(int), minlength=4).min() > 30


def test_one_hot_label_at_the_last_class():
    np.testing.assert_array_equal(D.one_hot([2], n_classes=3), [[0, 0, 1]])
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.2, got 3\.\.3"):
        D.one_hot([3], n_classes=3)
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.2, got -1\.\.2"):
        D.one_hot([-1, 2], n_classes=3)


@pytest.mark.parametrize("name", TOY)
@pytest.mark.parametrize("n", [0, -3, 2.5])
def test_toy_n_samples_must_be_a_positive_integer(name, n):
    with pytest.raises(ValueError, match=rf"^n_samples must be an integer >= 1, got {n!r}$"):
        getattr(D, name)(n_samples=n)


def test_spirals_n_classes_must_be_a_positive_integer():
    with pytest.raises(ValueError, match=r"^n_classes must be an integer >= 1, got 0$"):
        D.make_spirals(n_classes=0)


def test_standardize_threshold_is_per_column():
    # A column of small but real variation next to a column of huge values is still scaled.
    X = np.array([[1e9, 0.0], [1e9 + 2, 1e-6], [1e9 + 4, 2e-6]])
    np.testing.assert_allclose(D.standardize(X)[:, 1], [-np.sqrt(1.5), 0.0, np.sqrt(1.5)], rtol=1e-6)


def test_moons_geometry():
    # Without noise: class 0 on the upper unit half circle around (0, 0), class 1 on the lower one
    # around (1, 0.5), the angles spread over the whole half circle.
    X, y = D.make_moons(400, noise=0.0, seed=0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(lower - [1.0, 0.5], axis=1), 1.0)
    assert upper[:, 1].min() >= 0 and lower[:, 1].max() <= 0.5
    for points in (upper, lower):
        assert points[:, 0].max() - points[:, 0].min() > 1.9


def test_xor_is_float64_without_noise():
    X, _ = D.make_xor(8, noise=0.0)
    assert X.dtype == np.float64


def test_spirals_geometry():
    # Without noise, point i of class k sits at radius r in [0.05, 1) and angle 4 r + 2 pi k / C,
    # measured from the y axis: X = r (sin angle, cos angle).
    X, y = D.make_spirals(600, noise=0.0, seed=0, n_classes=3)
    r = np.linalg.norm(X, axis=1)
    assert r.min() >= 0.05 and r.max() < 1.0
    assert r.min() < 0.07 and r.max() > 0.98  # spread over the whole range
    angle = np.arctan2(X[:, 0], X[:, 1])
    expected = 4 * r + 2 * np.pi * y / 3
    np.testing.assert_allclose(np.angle(np.exp(1j * (angle - expected))), 0.0, atol=1e-9)


@pytest.mark.parametrize("name", TOY)
def test_noise_is_independent_gaussian_per_coordinate(name):
    X0, _ = getattr(D, name)(n_samples=2000, noise=0.0, seed=0)
    X1, _ = getattr(D, name)(n_samples=2000, noise=0.3, seed=0)
    delta = X1 - X0
    np.testing.assert_allclose(delta.std(axis=0), 0.3, rtol=0.1)
    np.testing.assert_allclose(delta.mean(axis=0), 0.0, atol=0.03)
