"""Tests of course_nn.losses (chapter 1): values, gradients, stability, torch semantics."""

import numpy as np
import pytest

import course_nn
from course_nn import losses
from helpers import STRICT_FP, central_difference, rel_error

LOSS_NAMES = ["MSELoss", "BCELoss", "BCEWithLogitsLoss", "SoftmaxCrossEntropyLoss"]


def test_public_names():
    for name in LOSS_NAMES:
        assert getattr(course_nn, name) is getattr(losses, name)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---------------------------------------------------------------- values against formulas
def test_mse_value_and_gradient():
    y_hat = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, -1.0]])
    y = np.array([[0.0, 2.0], [1.0, 5.0], [0.5, 1.0]])
    loss = losses.MSELoss()
    # squared errors 1, 0, 4, 1, 0.25, 4 -> sum 10.25, mean over all 6 elements
    value = loss.forward(y_hat, y)
    assert isinstance(value, float)
    assert value == pytest.approx(10.25 / 6)
    np.testing.assert_allclose(loss.backward(), 2 * (y_hat - y) / 6)


def test_bce_value_and_gradient():
    p = np.array([[0.9], [0.2], [0.6], [0.5]])
    y = np.array([[1.0], [0.0], [0.0], [1.0]])
    loss = losses.BCELoss()
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    # = -(ln 0.9 + ln 0.8 + ln 0.4 + ln 0.5) / 4
    assert expected == pytest.approx(-(np.log(0.9) + np.log(0.8) + np.log(0.4) + np.log(0.5)) / 4)
    value = loss.forward(p, y)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(loss.backward(), (p - y) / (p * (1 - p)) / 4, rtol=1e-12)


def test_bce_accepts_1d_targets_for_column_outputs():
    p = np.array([[0.9], [0.2], [0.6]])
    y_col = np.array([[1.0], [0.0], [1.0]])
    y_flat = np.array([1, 0, 1])
    a, b = losses.BCELoss(), losses.BCELoss()
    assert a.forward(p, y_flat) == pytest.approx(b.forward(p, y_col), rel=1e-12)
    ga, gb = a.backward(), b.backward()
    assert ga.shape == (3, 1)
    np.testing.assert_allclose(ga, gb, rtol=1e-12)


def test_bce_with_logits_value_and_gradient():
    z = np.array([[2.0], [-1.0], [0.5], [-3.0], [0.0]])
    y = np.array([[1.0], [0.0], [0.0], [1.0], [1.0]])
    loss = losses.BCEWithLogitsLoss()
    p = sigmoid(z)
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    value = loss.forward(z, y)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(loss.backward(), (p - y) / 5, rtol=1e-12)
    # ln 2 at z = 0
    assert losses.BCEWithLogitsLoss().forward(np.zeros((3, 1)), np.ones((3, 1))) == pytest.approx(np.log(2))


def test_softmax_cross_entropy_value_and_gradient():
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 0.0], [1.0, -1.0, 3.0]])
    y = np.array([0, 1, 2, 0])
    loss = losses.SoftmaxCrossEntropyLoss()
    e = np.exp(z)
    s = e / e.sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(s[np.arange(4), y]))
    value = loss.forward(z, y)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-12)
    onehot = np.eye(3)[y]
    np.testing.assert_allclose(loss.backward(), (s - onehot) / 4, rtol=1e-12, atol=1e-15)
    # uniform logits: ln C
    assert losses.SoftmaxCrossEntropyLoss().forward(np.zeros((2, 5)), np.array([1, 4])) == pytest.approx(
        np.log(5))


def test_losses_do_not_modify_inputs():
    rng = np.random.default_rng(0)
    cases = [
        (losses.MSELoss(), rng.standard_normal((4, 2)), rng.standard_normal((4, 2))),
        (losses.BCELoss(), rng.uniform(0.1, 0.9, (4, 1)), rng.integers(0, 2, (4, 1)).astype(float)),
        (losses.BCEWithLogitsLoss(), rng.standard_normal((4, 1)), rng.integers(0, 2, (4, 1)).astype(float)),
        (losses.SoftmaxCrossEntropyLoss(), rng.standard_normal((4, 3)), np.array([0, 2, 1, 1])),
    ]
    for loss, y_hat, y in cases:
        y_hat0, y0 = y_hat.copy(), y.copy()
        loss.forward(y_hat, y)
        g = loss.backward()
        assert g.shape == y_hat.shape
        np.testing.assert_array_equal(y_hat, y_hat0)
        np.testing.assert_array_equal(y, y0)


# ---------------------------------------------------------------- gradient checks (own code)
@pytest.mark.parametrize(
    "name,make",
    [
        ("MSELoss", lambda rng: (rng.standard_normal((5, 3)), rng.standard_normal((5, 3)))),
        ("BCELoss", lambda rng: (rng.uniform(0.05, 0.95, (6, 1)), rng.integers(0, 2, (6, 1)).astype(float))),
        ("BCELoss", lambda rng: (rng.uniform(0.05, 0.95, (6, 2)), rng.uniform(0, 1, (6, 2)))),
        ("BCEWithLogitsLoss", lambda rng: (3 * rng.standard_normal((6, 1)), rng.integers(0, 2, (6, 1)) * 1.0)),
        ("BCEWithLogitsLoss", lambda rng: (3 * rng.standard_normal((6, 2)), rng.uniform(0, 1, (6, 2)))),
        ("SoftmaxCrossEntropyLoss", lambda rng: (2 * rng.standard_normal((7, 4)), rng.integers(0, 4, 7))),
    ],
)
def test_loss_gradient_matches_central_differences(name, make):
    rng = np.random.default_rng(3)
    y_hat, y = make(rng)
    loss = getattr(losses, name)()
    loss.forward(y_hat, y)
    analytic = loss.backward()
    numeric = central_difference(lambda: loss.forward(y_hat, y), y_hat)
    assert rel_error(analytic, numeric) < 1e-7


def test_backward_refers_to_the_last_forward():
    loss = losses.MSELoss()
    loss.forward(np.zeros((2, 1)), np.ones((2, 1)))
    loss.forward(np.full((2, 1), 3.0), np.ones((2, 1)))
    np.testing.assert_allclose(loss.backward(), np.full((2, 1), 2.0))  # 2 * (3 - 1) / 2


# ---------------------------------------------------------------- stability
def test_bce_at_probabilities_zero_and_one_is_finite_like_torch():
    p = np.array([[0.0], [1.0], [0.0], [1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    loss = losses.BCELoss()
    with np.errstate(**STRICT_FP):
        value = loss.forward(p, y)
        grad = loss.backward()
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    # torch clamps log at -100: the two wrong, fully confident predictions cost 100 each.
    assert value == pytest.approx(200 / 4, rel=1e-6)
    # Perfect predictions cost (almost) nothing.
    with np.errstate(**STRICT_FP):
        assert losses.BCELoss().forward(np.array([[0.0], [1.0]]), np.array([[0.0], [1.0]])) == pytest.approx(
            0.0, abs=1e-6)


def test_bce_with_logits_stable_at_1e4():
    z = np.array([[1e4], [-1e4], [1e4], [-1e4]])
    y = np.array([[1.0], [0.0], [0.0], [1.0]])
    loss = losses.BCEWithLogitsLoss()
    with np.errstate(**STRICT_FP):
        value = loss.forward(z, y)
        grad = loss.backward()
    assert value == pytest.approx(2e4 / 4, rel=1e-12)  # exact: log(1 + e^1e4) = 1e4 for the wrong ones
    np.testing.assert_allclose(grad, [[0.0], [0.0], [0.25], [-0.25]], atol=1e-15)


def test_softmax_cross_entropy_stable_at_1e4():
    z = np.array([[1e4, 0.0, -1e4], [1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]])
    y = np.array([0, 2, 1])
    loss = losses.SoftmaxCrossEntropyLoss()
    with np.errstate(**STRICT_FP):
        value = loss.forward(z, y)
        grad = loss.backward()
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    assert value == pytest.approx((0.0 + 2e4 + np.log(3)) / 3, rel=1e-12)
    np.testing.assert_allclose(grad[1], [1 / 3, 0, -1 / 3], atol=1e-15)


def test_mse_large_values_finite():
    with np.errstate(**STRICT_FP):
        loss = losses.MSELoss()
        assert np.isfinite(loss.forward(np.array([[1e4], [-1e4]]), np.array([[0.0], [0.0]])))
        assert np.all(np.isfinite(loss.backward()))


# ---------------------------------------------------------------- float32
@pytest.mark.parametrize(
    "name,y_hat,y",
    [
        ("MSELoss", np.array([[0.5, 1.0]], np.float32), np.array([[0.0, 1.5]], np.float32)),
        ("BCELoss", np.array([[0.3], [0.8]], np.float32), np.array([[0.0], [1.0]], np.float32)),
        ("BCEWithLogitsLoss", np.array([[0.3], [-2.0]], np.float32), np.array([[0.0], [1.0]], np.float32)),
        ("SoftmaxCrossEntropyLoss", np.array([[0.3, 1.0, -1.0]], np.float32), np.array([2])),
    ],
)
def test_float32_backward_stays_float32(name, y_hat, y):
    loss = getattr(losses, name)()
    value = loss.forward(y_hat, y)
    assert np.isfinite(value)
    assert loss.backward().dtype == np.float32


# ---------------------------------------------------------------- bad input: clear errors
ALL_LOSSES = [losses.MSELoss, losses.BCELoss, losses.BCEWithLogitsLoss, losses.SoftmaxCrossEntropyLoss]


@pytest.mark.parametrize("make", ALL_LOSSES)
def test_backward_before_forward_raises(make):
    with pytest.raises(RuntimeError, match=rf"^{make.__name__}\(\): call forward before backward$"):
        make().backward()


@pytest.mark.parametrize("make", [losses.MSELoss, losses.BCELoss, losses.BCEWithLogitsLoss])
def test_shape_mismatch_names_both_shapes(make):
    with pytest.raises(ValueError, match=rf"^{make.__name__}\(\): y_hat has shape \(4, 1\) but y has shape "
                                         r"\(3,\); they must match \(one target per output\)$"):
        make().forward(np.full((4, 1), 0.5), np.zeros(3))
    with pytest.raises(ValueError, match=r"y_hat has shape \(2, 2\) but y has shape \(4,\)"):
        make().forward(np.full((2, 2), 0.5), np.zeros(4))  # same size, but not a (m,) -> (m, 1) fit
    with pytest.raises(ValueError, match=r"shape \(3, 2\) but y has shape \(3, 1\)"):
        make().forward(np.full((3, 2), 0.5), np.zeros((3, 1)))


@pytest.mark.parametrize("make", ALL_LOSSES)
def test_empty_batch_is_refused(make):
    with pytest.raises(ValueError, match=rf"^{make.__name__}\(\): y_hat has no samples \(shape \(0, 2\)\); pass a "
                                         r"non-empty batch, one row per sample$"):
        make().forward(np.zeros((0, 2)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("make", [losses.BCELoss, losses.BCEWithLogitsLoss])
@pytest.mark.parametrize("label", [-1.0, 2.0, 1.5, np.nan])
def test_binary_losses_refuse_targets_outside_zero_one(make, label):
    loss = make()
    with pytest.raises(ValueError, match=rf"^{make.__name__}\(\): targets y must be labels 0 or 1 \(or "
                                         r"probabilities in \[0, 1\]\), got values from .* to .*; for more than "
                                         r"two classes use SoftmaxCrossEntropyLoss with one output per class$"):
        loss.forward(np.full((3, 1), 0.5), np.array([0.0, 1.0, label]))
    with pytest.raises(RuntimeError):  # nothing was cached
        loss.backward()


def test_binary_losses_accept_soft_targets_and_the_bounds():
    for loss in (losses.BCELoss(), losses.BCEWithLogitsLoss()):
        assert np.isfinite(loss.forward(np.full((3, 1), 0.5), np.array([0.0, 0.25, 1.0])))


@pytest.mark.parametrize("bad", [-0.1, 1.5, 3.0])
def test_bce_given_logits_points_to_the_logits_loss(bad):
    loss = losses.BCELoss()
    low, high = min(bad, 0.5), max(bad, 0.5)
    with pytest.raises(ValueError, match=rf"^BCELoss\(\): y_hat must be probabilities in \[0, 1\], got values "
                                         rf"from {low} to {high}; end the model with Sigmoid\(\), or feed these "
                                         r"logits to BCEWithLogitsLoss\(\)$"):
        loss.forward(np.array([[0.5], [bad]]), np.array([0, 1]))
    with pytest.raises(RuntimeError):
        loss.backward()


def test_bce_lets_nan_through_for_train_to_report():
    # A diverged model's NaN output is the training loop's business (it names epoch and step).
    with np.errstate(invalid="ignore"):
        assert np.isnan(losses.BCELoss().forward(np.array([[np.nan], [0.5]]), np.array([0, 1])))


@pytest.mark.parametrize("label", [-1, 3, 7])
def test_softmax_cross_entropy_refuses_labels_out_of_range(label):
    # -1 would index the last class: it must not.
    loss = losses.SoftmaxCrossEntropyLoss()
    with pytest.raises(ValueError, match=rf"labels y must lie in 0\.\.2 .*from {min(label, 0)} to {max(label, 1)}"):
        loss.forward(np.zeros((3, 3)), np.array([0, 1, label]))


@pytest.mark.parametrize("y", [np.array([0.0, 1.0]), np.array([[0], [1]]), np.array([0, 1, 1])])
def test_softmax_cross_entropy_refuses_labels_of_the_wrong_kind(y):
    with pytest.raises(ValueError, match=r"integer labels of shape \(2,\) or probabilities of shape "
                                         r"\(2, 3\).*; for labels stored as floats or as a column, pass "
                                         r"y\.astype\(int\)\.reshape\(-1\)$"):
        losses.SoftmaxCrossEntropyLoss().forward(np.zeros((2, 3)), y)


@pytest.mark.parametrize("shape", [(3,), (2, 3, 1)])
def test_softmax_cross_entropy_refuses_logits_that_are_not_2d(shape):
    with pytest.raises(ValueError, match=rf"logits of shape \(m, C\).*got shape \({shape[0]},"):
        losses.SoftmaxCrossEntropyLoss().forward(np.zeros(shape), np.zeros(shape[0], dtype=int))


def test_softmax_cross_entropy_one_hot_targets_equal_integer_labels():
    rng = np.random.default_rng(1)
    z, y = rng.standard_normal((5, 4)), np.array([3, 0, 1, 1, 2])
    a, b = losses.SoftmaxCrossEntropyLoss(), losses.SoftmaxCrossEntropyLoss()
    assert a.forward(z, np.eye(4)[y]) == b.forward(z, y)
    np.testing.assert_array_equal(a.backward(), b.backward())


def test_softmax_cross_entropy_probability_targets():
    # L = -mean_i sum_k q_ik log softmax(z_i)_k; dL/dz = (softmax(z) - q) / m
    z = np.array([[1.0, 2.0, 0.0], [0.5, -1.0, 0.5]])
    q = np.array([[0.2, 0.7, 0.1], [0.5, 0.0, 0.5]])
    s = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    loss = losses.SoftmaxCrossEntropyLoss()
    assert loss.forward(z, q) == pytest.approx(-np.sum(q * np.log(s)) / 2, rel=1e-12)
    np.testing.assert_allclose(loss.backward(), (s - q) / 2, rtol=1e-12)
    with pytest.raises(ValueError, match=r"target probabilities y must lie in \[0, 1\]"):
        loss.forward(z, np.array([[1.5, 0.0, 0.0], [0.5, 0.0, 0.5]]))
    with pytest.raises(ValueError, match=r"target probabilities y must lie in \[0, 1\], got values from -0\.5"):
        loss.forward(z, np.array([[0.5, 1.0, -0.5], [0.5, 0.0, 0.5]]))


def test_losses_accept_lists_and_integers():
    # Lists and integer outputs become float64 (an integer y_hat must not truncate the targets).
    mse = losses.MSELoss()
    assert mse.forward([[1], [2]], [[1.5], [2.5]]) == pytest.approx(0.25)
    np.testing.assert_allclose(mse.backward(), [[-0.5], [-0.5]])
    assert mse.backward().dtype == np.float64
    assert losses.BCELoss().forward([[0.5], [0.5]], [0, 1]) == pytest.approx(np.log(2))
    assert losses.BCEWithLogitsLoss().forward([[0], [0]], [1, 0]) == pytest.approx(np.log(2))
    sce = losses.SoftmaxCrossEntropyLoss()
    assert sce.forward([[0, 0], [0, 0]], [0, 1]) == pytest.approx(np.log(2))
    assert sce.backward().dtype == np.float64
    with pytest.raises(TypeError, match="y_hat must hold numbers"):
        mse.forward(np.array([["a"]]), np.zeros((1, 1)))


def test_failed_forward_keeps_the_previous_cache():
    loss = losses.SoftmaxCrossEntropyLoss()
    loss.forward(np.zeros((2, 3)), np.array([0, 1]))
    expected = loss.backward()
    with pytest.raises(ValueError):
        loss.forward(np.zeros((2, 3)), np.array([0, 3]))
    np.testing.assert_array_equal(loss.backward(), expected)


def test_float32_logits_with_float64_probability_targets_stay_float32():
    loss = losses.SoftmaxCrossEntropyLoss()
    loss.forward(np.zeros((2, 3), np.float32), np.eye(3)[[0, 2]])  # one-hot rows are float64
    assert loss.backward().dtype == np.float32
    bce = losses.BCEWithLogitsLoss()
    bce.forward(np.zeros((2, 1), np.float32), np.array([0.0, 1.0]))
    assert bce.backward().dtype == np.float32
