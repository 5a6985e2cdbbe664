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
