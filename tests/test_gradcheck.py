"""Tests of course_nn.gradcheck (chapter 2)."""

import numpy as np
import pytest

import course_nn
from course_nn import gradcheck as GC
from course_nn import layers as L
from course_nn import losses
from course_nn import model as M
from helpers import assert_same_arrays, snapshot


def test_public_names():
    for name in ["numerical_gradient", "relative_error", "check_layer", "check_model"]:
        assert getattr(course_nn, name) is getattr(GC, name)


# ---------------------------------------------------------------- numerical_gradient
def test_numerical_gradient_of_a_cubic_is_central():
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.5]])
    x0 = x.copy()
    f = lambda v: float(np.sum(v**3))  # noqa: E731
    g = GC.numerical_gradient(f, x)
    assert g.shape == x.shape
    np.testing.assert_allclose(g, 3 * x0**2, atol=1e-6)
    # x is restored exactly
    np.testing.assert_array_equal(x, x0)
    # central difference of a cubic: ((x+h)^3 - (x-h)^3) / 2h = 3x^2 + h^2 exactly (a forward
    # difference would give 3x^2 + 3xh + h^2)
    g_big = GC.numerical_gradient(f, x, eps=0.1)
    np.testing.assert_allclose(g_big, 3 * x0**2 + 0.01, rtol=1e-10)
    np.testing.assert_array_equal(x, x0)


def test_numerical_gradient_perturbs_in_place():
    x = np.array([1.0, 2.0])
    seen = []

    def f(v):
        assert v is x or np.shares_memory(v, x)
        seen.append(v.copy())
        return float(v @ np.array([3.0, -4.0]))

    np.testing.assert_allclose(GC.numerical_gradient(f, x), [3.0, -4.0], rtol=1e-8)
    assert len(seen) >= 4  # at least two evaluations per element


def test_relative_error():
    assert GC.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert GC.relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert GC.relative_error(np.array([3.0, 4.0]), np.zeros(2)) == pytest.approx(1.0)
    assert GC.relative_error(np.array([1.0, 0.0]), np.array([0.0, 1.0])) == pytest.approx(np.sqrt(2) / 2)
    # ||a - b|| / (||a|| + ||b||) = ||(0.1, 0)|| / (||(1, 0)|| + ||(1.1, 0)||) = 0.1 / 2.1
    assert GC.relative_error(np.array([1.0, 0.0]), np.array([1.1, 0.0])) == pytest.approx(0.1 / 2.1)
    with np.errstate(all="raise"):
        GC.relative_error(np.zeros((2, 2)), np.zeros((2, 2)))


# ---------------------------------------------------------------- check_layer
@pytest.mark.parametrize(
    "make,keys",
    [
        (lambda: L.Dense(3, 4, rng=0), {"x", "W", "b"}),
        (lambda: L.Sigmoid(), {"x"}),
        (lambda: L.Tanh(), {"x"}),
        (lambda: L.PReLU(), {"x", "alpha"}),
        (lambda: L.BatchNorm(3), {"x", "gamma", "beta"}),
    ],
)
def test_check_layer_passes_correct_layers(make, keys):
    rng = np.random.default_rng(0)
    layer = make()
    x = rng.standard_normal((5, 3))
    x[np.abs(x) < 0.05] = 0.3
    x0 = x.copy()
    errors = GC.check_layer(layer, x)
    assert set(errors) == keys
    for k, err in errors.items():
        assert 0.0 <= err < 1e-7, (k, err)
    np.testing.assert_array_equal(x, x0)


class BrokenDense(L.Dense):
    """A Dense layer whose W gradient is off by a factor of two (a typical learner mistake)."""

    def backward(self, grad_out):
        dx = super().backward(grad_out)
        self.grads["W"] = 2 * self.grads["W"]
        return dx


def test_check_layer_detects_a_wrong_gradient():
    layer = BrokenDense(3, 2, rng=0)
    errors = GC.check_layer(layer, np.random.default_rng(1).standard_normal((4, 3)))
    assert errors["W"] > 0.1
    assert errors["b"] < 1e-7 and errors["x"] < 1e-7


def test_check_layer_does_not_change_the_layer():
    rng = np.random.default_rng(2)
    bn = L.BatchNorm(3)
    bn.params["gamma"][...] = [1.0, 2.0, 0.5]
    before = snapshot(bn.params)
    ids = {k: id(v) for k, v in bn.params.items()}
    rm, rv = bn.running_mean.copy(), bn.running_var.copy()
    GC.check_layer(bn, rng.standard_normal((6, 3)))
    assert_same_arrays(before, bn.params)
    assert {k: id(v) for k, v in bn.params.items()} == ids
    np.testing.assert_array_equal(bn.running_mean, rm)
    np.testing.assert_array_equal(bn.running_var, rv)

    dense = L.Dense(3, 2, rng=0)
    before = snapshot(dense.params)
    GC.check_layer(dense, rng.standard_normal((4, 3)))
    assert_same_arrays(before, dense.params)


# ---------------------------------------------------------------- check_model
def make_model():
    # (no Dense right before the BatchNorm: that bias would have an exactly zero gradient, whose
    # relative error is rounding noise over rounding noise)
    return M.Sequential([L.Dense(3, 5, rng=0), L.Tanh(), L.BatchNorm(5), L.Dense(5, 4, rng=1), L.Sigmoid(),
                         L.Dense(4, 3, rng=2)])


def test_check_model_keys_and_values():
    rng = np.random.default_rng(3)
    model = make_model()
    X, y = rng.standard_normal((8, 3)), rng.integers(0, 3, 8)
    errors = GC.check_model(model, losses.SoftmaxCrossEntropyLoss(), X, y)
    assert set(errors) == set(model.params())
    for k, err in errors.items():
        assert 0.0 <= err < 1e-7, (k, err)


def test_check_model_detects_a_wrong_layer():
    rng = np.random.default_rng(4)
    model = M.Sequential([L.Dense(3, 4, rng=0), L.Tanh(), BrokenDense(4, 1, rng=1)])
    errors = GC.check_model(model, losses.MSELoss(), rng.standard_normal((6, 3)), rng.standard_normal((6, 1)))
    assert errors["2.W"] > 0.1
    assert errors["0.W"] < 1e-7 and errors["2.b"] < 1e-7


def test_check_model_does_not_change_the_model():
    rng = np.random.default_rng(5)
    model = make_model()
    before = snapshot(model.params())
    X, y = rng.standard_normal((8, 3)), rng.integers(0, 3, 8)
    # locate the BatchNorm through params(): its gamma is the model's own array
    gamma = model.params()["2.gamma"]
    GC.check_model(model, losses.SoftmaxCrossEntropyLoss(), X, y)
    assert_same_arrays(before, model.params())
    assert model.params()["2.gamma"] is gamma


def test_check_model_keeps_batchnorm_running_stats():
    rng = np.random.default_rng(6)
    bn = L.BatchNorm(4)
    model = M.Sequential([L.Dense(2, 4, rng=0), bn, L.Tanh(), L.Dense(4, 1, rng=1)])
    GC.check_model(model, losses.BCEWithLogitsLoss(), rng.standard_normal((6, 2)),
                   rng.integers(0, 2, (6, 1)).astype(float))
    np.testing.assert_array_equal(bn.running_mean, np.zeros(4))
    np.testing.assert_array_equal(bn.running_var, np.ones(4))
