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


# ---------------------------------------------------------------- gaps found by mutation testing
def test_relative_error_of_small_gradients():
    # The formula has no absolute floor: tiny gradients compare like big ones.
    a, b = np.array([1e-8, 0.0]), np.array([1.1e-8, 0.0])
    assert GC.relative_error(a, b) == pytest.approx(0.1 / 2.1)
    assert GC.relative_error(np.array([0.3, -0.4]), np.array([-0.3, 0.4])) == pytest.approx(1.0)
    assert GC.relative_error(np.array([1e-100]), np.array([0.0])) == pytest.approx(1.0)
    assert isinstance(GC.relative_error([0.5, 0.5], [0.5, 0.5]), float)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_relative_error_of_a_non_finite_gradient_is_inf(bad):
    good = np.array([1.0, 2.0])
    broken = np.array([1.0, bad])
    assert GC.relative_error(broken, good) == np.inf
    assert GC.relative_error(good, broken) == np.inf
    assert GC.relative_error(broken, broken) == np.inf
    assert GC.relative_error(np.array([bad]), np.zeros(1)) == np.inf


def test_relative_error_refuses_arrays_of_different_shapes():
    with pytest.raises(ValueError, match=r"^a and b must have the same shape, got \(2, 3\) and \(3, 2\): "
                                         r"compare a gradient with the gradient of the same array$"):
        GC.relative_error(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="same shape"):
        GC.relative_error(np.ones(3), np.ones((1, 3)))  # would broadcast silently


class NaNInputGradient(L.Dense):
    """A Dense layer whose backward returns NaN for the input gradient."""

    def backward(self, grad_out):
        return np.full_like(super().backward(grad_out), np.nan)


def test_check_layer_reports_a_nan_input_gradient_as_inf():
    errors = GC.check_layer(NaNInputGradient(3, 2, rng=0), np.ones((4, 3)))
    assert errors["x"] == np.inf
    assert errors["W"] < 1e-7 and errors["b"] < 1e-7


class HalfInputGradient(L.Dense):
    """A Dense layer whose input gradient is off by a factor of two."""

    def backward(self, grad_out):
        return 0.5 * super().backward(grad_out)


def test_check_layer_detects_a_wrong_input_gradient():
    errors = GC.check_layer(HalfInputGradient(3, 2, rng=0), np.random.default_rng(1).standard_normal((4, 3)))
    assert errors["x"] == pytest.approx(1 / 3)  # ||g/2 - g|| / (||g/2|| + ||g||)
    assert errors["W"] < 1e-7


class NaNWeightGradient(L.Dense):
    def backward(self, grad_out):
        dx = super().backward(grad_out)
        self.grads["W"] = np.full_like(self.grads["W"], np.nan)
        return dx


def test_check_model_reports_a_nan_gradient_as_inf():
    rng = np.random.default_rng(4)
    model = M.Sequential([L.Dense(3, 4, rng=0), L.Tanh(), NaNWeightGradient(4, 1, rng=1)])
    errors = GC.check_model(model, losses.MSELoss(), rng.standard_normal((6, 3)), rng.standard_normal((6, 1)))
    assert errors["2.W"] == np.inf
    assert errors["0.W"] < 1e-7 and errors["2.b"] < 1e-7


class Cube(L.Layer):
    """x -> x^3 elementwise; every forward pass records its mode in the class's ``modes``."""

    modes = []  # a class attribute: shared by the copies that check_layer and check_model make

    def forward(self, x, training=False):
        Cube.modes.append(training)
        self._cache, self._out_shape = x, x.shape
        return x ** 3

    def backward(self, grad_out):
        grad_out, x = self._cached(grad_out)
        return grad_out * 3 * x ** 2


def test_check_layer_passes_eps_on():
    # Central differences of x^3 with step h give 3x^2 + h^2 exactly: h = 0.1 shows, 1e-6 does not.
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    R = np.random.default_rng(12345).standard_normal(x.shape)
    expected = GC.relative_error(3 * x ** 2 * R, (3 * x ** 2 + 0.01) * R)
    assert expected > 1e-4
    assert GC.check_layer(Cube(), x, eps=0.1)["x"] == pytest.approx(expected, rel=1e-6)
    assert GC.check_layer(Cube(), x)["x"] < 1e-8


def test_check_model_passes_eps_on():
    rng = np.random.default_rng(7)
    model = M.Sequential([L.Dense(2, 2, rng=0), Cube()])
    X, y = rng.standard_normal((4, 2)), rng.standard_normal((4, 2))
    assert max(GC.check_model(model, losses.MSELoss(), X, y, eps=0.1).values()) > 1e-3
    assert max(GC.check_model(model, losses.MSELoss(), X, y).values()) < 1e-7


@pytest.mark.parametrize("training", [False, True])
def test_check_layer_and_check_model_pass_the_mode_on(training):
    Cube.modes.clear()
    GC.check_layer(Cube(), np.ones((2, 2)), training=training)
    assert Cube.modes and set(Cube.modes) == {training}
    Cube.modes.clear()
    model = M.Sequential([L.Dense(2, 2, rng=0), Cube()])
    GC.check_model(model, losses.MSELoss(), np.ones((3, 2)), np.zeros((3, 2)), training=training)
    assert Cube.modes and set(Cube.modes) == {training}


def test_check_layer_and_check_model_leave_the_callers_grads_alone():
    # A shallow copy would share the grads dicts: backward on the copy would overwrite them.
    rng = np.random.default_rng(8)
    dense = L.Dense(3, 2, rng=0)
    dense.forward(rng.standard_normal((4, 3)))
    dense.backward(rng.standard_normal((4, 2)))
    before, ids = snapshot(dense.grads), {k: id(v) for k, v in dense.grads.items()}
    GC.check_layer(dense, rng.standard_normal((5, 3)))
    assert_same_arrays(before, dense.grads)
    assert {k: id(v) for k, v in dense.grads.items()} == ids

    model = M.Sequential([L.Dense(3, 2, rng=0), L.Tanh(), L.Dense(2, 1, rng=1)])
    loss = losses.MSELoss()
    X, y = rng.standard_normal((4, 3)), rng.standard_normal((4, 1))
    loss.forward(model.forward(X), y)
    model.backward(loss.backward())
    before = snapshot(model.grads())
    GC.check_model(model, loss, rng.standard_normal((6, 3)), rng.standard_normal((6, 1)))
    assert_same_arrays(before, model.grads())
    np.testing.assert_array_equal(loss.backward(), 2 * (model.forward(X) - y) / 4)  # loss's cache kept


class CubedScale(L.Layer):
    """x -> a^3 x with a learned scalar a: the parameter enters nonlinearly."""

    def __init__(self):
        super().__init__(a=np.array([1.5]))

    def forward(self, x, training=False):
        self._cache, self._out_shape = x, x.shape
        return self.params["a"] ** 3 * x

    def backward(self, grad_out):
        grad_out, x = self._cached(grad_out)
        a = self.params["a"]
        self.grads["a"] = np.sum(grad_out * x * 3 * a ** 2).reshape(1)
        return grad_out * a ** 3


def test_check_layer_passes_eps_on_for_parameters_too():
    x = np.random.default_rng(0).standard_normal((3, 2))
    # d(a^3)/da by central differences with step h is 3a^2 + h^2: relative error h^2 / (6a^2 + h^2)
    assert GC.check_layer(CubedScale(), x, eps=0.1)["a"] == pytest.approx(0.01 / (6 * 1.5 ** 2 + 0.01), rel=1e-6)
    assert GC.check_layer(CubedScale(), x)["a"] < 1e-8


def test_check_layer_defaults_to_training_mode_and_takes_integer_lists():
    Cube.modes.clear()
    errors = GC.check_layer(Cube(), [[1, -2], [3, 1]])  # integers: perturbing them must not truncate
    assert set(Cube.modes) == {True}
    assert errors["x"] < 1e-8


def test_relative_error_computes_in_float64():
    # In float32, ||(3e20, 4e20)|| overflows: the norms must be taken in float64.
    big = np.array([3e20, 4e20], dtype=np.float32)
    assert GC.relative_error(big, np.zeros(2, dtype=np.float32)) == pytest.approx(1.0)
    assert GC.relative_error(np.zeros(2), big) == pytest.approx(1.0)
    assert GC.relative_error(big, big) == 0.0


def test_check_model_defaults_to_training_mode():
    Cube.modes.clear()
    GC.check_model(M.Sequential([L.Dense(2, 2, rng=0), Cube()]), losses.MSELoss(), np.ones((3, 2)),
                   np.zeros((3, 2)))
    assert set(Cube.modes) == {True}
