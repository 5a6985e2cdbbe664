"""Tests of course_nn.layers: Dense, the activation layers, PReLU and BatchNorm (chapters 1-3, 6)."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course_nn
from course_nn import activations as A
from course_nn import initializers as I
from course_nn import layers as L
from helpers import STRICT_FP, assert_same_arrays, layer_gradient_errors, snapshot

SETTINGS = settings(derandomize=True, max_examples=25, deadline=None)
INIT_NAMES = ["constant", "normal", "xavier_normal", "xavier_uniform", "he_normal", "he_uniform"]


def away_from_zero(rng, shape, low=0.05):
    """Random values with |x| >= low, so that no element sits on a kink at 0."""
    x = rng.standard_normal(shape)
    return np.where(np.abs(x) < low, np.sign(x + 1e-300) * low + x, x)


def make_layer(name):
    return {
        "Sigmoid": lambda: L.Sigmoid(),
        "Tanh": lambda: L.Tanh(),
        "ReLU": lambda: L.ReLU(),
        "LeakyReLU": lambda: L.LeakyReLU(alpha=0.1),
        "ELU": lambda: L.ELU(alpha=1.5),
        "PReLU": lambda: L.PReLU(alpha=0.25),
        "Dense": lambda: L.Dense(3, 4, rng=0),
        "BatchNorm": lambda: L.BatchNorm(3),
    }[name]()


ALL_LAYERS = ["Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "PReLU", "BatchNorm"]


# ---------------------------------------------------------------- public names
def test_public_names():
    for name in ALL_LAYERS + ["Layer"]:
        assert getattr(course_nn, name) is getattr(L, name)
    for name in ALL_LAYERS:
        layer = make_layer(name)
        assert isinstance(layer, L.Layer)


@pytest.mark.parametrize("name", ALL_LAYERS)
def test_params_and_grads_have_the_same_keys_from_construction(name):
    # DESIGN 3: a Layer "holds params and grads dicts with the same keys".
    layer = make_layer(name)
    assert set(layer.params) == set(layer.grads)
    for k in layer.params:
        assert layer.grads[k].shape == layer.params[k].shape


@pytest.mark.parametrize("name", ["Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU"])
def test_activation_layers_have_no_params(name):
    layer = make_layer(name)
    assert layer.params == {} and layer.grads == {}


# ---------------------------------------------------------------- Dense
def test_dense_shapes_and_initial_values():
    layer = L.Dense(5, 3, rng=0)
    assert layer.params["W"].shape == (5, 3)
    assert layer.params["b"].shape == (3,)
    assert layer.params["W"].dtype == np.float64
    np.testing.assert_array_equal(layer.params["b"], np.zeros(3))
    limit = np.sqrt(6 / (5 + 3))  # default init: xavier_uniform
    assert np.all(np.abs(layer.params["W"]) <= limit)
    assert np.std(layer.params["W"]) > 0


def test_dense_forward_backward_formulas():
    rng = np.random.default_rng(1)
    layer = L.Dense(4, 3, rng=rng)
    W, b = layer.params["W"], layer.params["b"]
    b[...] = [0.1, -0.2, 0.3]
    x = rng.standard_normal((6, 4))
    out = layer.forward(x)
    np.testing.assert_allclose(out, x @ W + b, rtol=1e-13)
    g = rng.standard_normal((6, 3))
    dx = layer.backward(g)
    np.testing.assert_allclose(dx, g @ W.T, rtol=1e-13)  # dL/dx = g W^T
    np.testing.assert_allclose(layer.grads["W"], x.T @ g, rtol=1e-13)  # dL/dW = x^T g (sum over batch)
    np.testing.assert_allclose(layer.grads["b"], g.sum(axis=0), rtol=1e-13)
    assert layer.grads["W"].shape == W.shape and layer.grads["b"].shape == b.shape


def test_dense_backward_overwrites_grads():
    rng = np.random.default_rng(2)
    layer = L.Dense(3, 2, rng=0)
    x, g = rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    layer.forward(x, training=True)
    layer.backward(g)
    first = snapshot(layer.grads)
    layer.backward(g)
    assert_same_arrays(first, layer.grads)  # not accumulated


def test_dense_rng_seed_and_generator_agree():
    a = L.Dense(4, 5, rng=3).params["W"]
    b = L.Dense(4, 5, rng=3).params["W"]
    c = L.Dense(4, 5, rng=np.random.default_rng(3)).params["W"]
    d = L.Dense(4, 5, rng=4).params["W"]
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, c)
    assert not np.array_equal(a, d)


@pytest.mark.parametrize("init", INIT_NAMES)
def test_dense_init_by_name(init):
    layer = L.Dense(20, 30, init=init, rng=7)
    expected = getattr(I, init)(20, 30, rng=np.random.default_rng(7)) if init != "constant" else (
        I.constant(20, 30))
    assert layer.params["W"].shape == (20, 30)
    np.testing.assert_allclose(layer.params["W"], expected)


def test_dense_init_callable():
    calls = []

    def my_init(fan_in, fan_out, rng=None):
        calls.append((fan_in, fan_out))
        return np.full((fan_in, fan_out), 0.5)

    layer = L.Dense(2, 3, init=my_init, rng=0)
    assert calls == [(2, 3)]
    np.testing.assert_array_equal(layer.params["W"], np.full((2, 3), 0.5))


def test_dense_unknown_init_lists_valid_names():
    valid = ", ".join(repr(name) for name in I.INITIALIZERS)
    with pytest.raises(ValueError, match=rf"^unknown init 'glorot'; valid names are: {re.escape(valid)}$") as exc:
        L.Dense(2, 3, init="glorot")
    msg = str(exc.value)
    assert "glorot" in msg
    for name in INIT_NAMES:
        assert name in msg


@pytest.mark.parametrize("n_in,n_out", [(0, 3), (-1, 3), (3, 0), (2, -5)])
def test_dense_bad_sizes(n_in, n_out):
    with pytest.raises(ValueError):
        L.Dense(n_in, n_out)


def test_dense_shape_mismatch_names_layer_and_shapes_and_changes_nothing():
    rng = np.random.default_rng(0)
    layer = L.Dense(3, 4, rng=0)
    x_good = rng.standard_normal((5, 3))
    layer.forward(x_good, training=True)
    before = snapshot(layer.params)
    with pytest.raises(ValueError) as exc:
        layer.forward(np.ones((5, 2)), training=True)
    msg = str(exc.value)
    assert "Dense" in msg and "(5, 2)" in msg and "3" in msg
    assert_same_arrays(before, layer.params)
    # The cache of the last good forward pass is intact: backward still refers to x_good.
    g = rng.standard_normal((5, 4))
    layer.backward(g)
    np.testing.assert_allclose(layer.grads["W"], x_good.T @ g)


def test_dense_bad_grad_shape_raises():
    layer = L.Dense(3, 4, rng=0)
    layer.forward(np.ones((5, 3)), training=True)
    with pytest.raises(ValueError):
        layer.backward(np.ones((5, 3)))


@pytest.mark.parametrize("name", ALL_LAYERS)
def test_backward_before_forward_raises(name):
    layer = make_layer(name)
    with pytest.raises(RuntimeError):
        layer.backward(np.ones((4, 4 if name == "Dense" else 3)))


@SETTINGS
@given(m=st.integers(1, 8), n_in=st.integers(1, 6), n_out=st.integers(1, 6))
def test_dense_output_shape(m, n_in, n_out):
    layer = L.Dense(n_in, n_out, rng=0)
    out = layer.forward(np.ones((m, n_in)))
    assert out.shape == (m, n_out)
    assert layer.backward(np.ones((m, n_out))).shape == (m, n_in)


# ---------------------------------------------------------------- gradient checks (own code)
GRADCHECK_TOL = 1e-7


@pytest.mark.parametrize("name", ALL_LAYERS)
def test_gradients_match_central_differences(name):
    rng = np.random.default_rng(42)
    layer = make_layer(name)
    if name == "Dense":
        layer.params["b"][...] = rng.standard_normal(4)
    if name == "BatchNorm":
        layer.params["gamma"][...] = rng.uniform(0.5, 2.0, 3)
        layer.params["beta"][...] = rng.standard_normal(3)
    x = away_from_zero(rng, (5, 3)) * 1.5
    errors = layer_gradient_errors(layer, x, rng, training=True)
    expected_keys = {"x"} | set(layer.params)
    assert set(errors) == expected_keys
    for key, err in errors.items():
        assert err < GRADCHECK_TOL, (name, key, err)


def test_prelu_alpha_gradient_is_checked_on_negative_inputs():
    rng = np.random.default_rng(3)
    layer = L.PReLU(alpha=0.3)
    x = -np.abs(away_from_zero(rng, (4, 3)))  # all negative: alpha matters everywhere
    errors = layer_gradient_errors(layer, x, rng)
    assert errors["alpha"] < GRADCHECK_TOL and errors["x"] < GRADCHECK_TOL


def test_batchnorm_eval_mode_gradients():
    rng = np.random.default_rng(4)
    bn = L.BatchNorm(3)
    for _ in range(3):
        bn.forward(rng.standard_normal((8, 3)) * 2 + 1, training=True)
    bn.params["gamma"][...] = [1.5, 0.5, -1.0]
    errors = layer_gradient_errors(bn, rng.standard_normal((4, 3)), rng, training=False)
    for key, err in errors.items():
        assert err < GRADCHECK_TOL, (key, err)


# ---------------------------------------------------------------- activation layers
@pytest.mark.parametrize(
    "name,fn,dfn,kw",
    [
        ("Sigmoid", A.sigmoid, A.sigmoid_derivative, {}),
        ("Tanh", A.tanh, A.tanh_derivative, {}),
        ("ReLU", A.relu, A.relu_derivative, {}),
        ("LeakyReLU", A.leaky_relu, A.leaky_relu_derivative, {"alpha": 0.1}),
        ("ELU", A.elu, A.elu_derivative, {"alpha": 1.5}),
    ],
)
def test_activation_layers_use_the_functions(name, fn, dfn, kw):
    rng = np.random.default_rng(5)
    layer = make_layer(name)
    z = rng.standard_normal((4, 3)) * 3
    np.testing.assert_allclose(layer.forward(z), fn(z, **kw), rtol=1e-14)
    g = rng.standard_normal((4, 3))
    np.testing.assert_allclose(layer.backward(g), g * dfn(z, **kw), rtol=1e-14)


def test_activation_layer_defaults():
    z = np.array([[-2.0, 3.0]])
    np.testing.assert_allclose(L.LeakyReLU().forward(z), [[-0.02, 3.0]])
    np.testing.assert_allclose(L.ELU().forward(z), [[np.expm1(-2.0), 3.0]])


@pytest.mark.parametrize("name", ["Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "PReLU"])
def test_activation_layers_stable_at_huge_inputs(name):
    layer = make_layer(name)
    z = np.array([[-1e4, -1e3, 0.5, 1e3, 1e4]])
    with np.errstate(**STRICT_FP):
        out = layer.forward(z, training=True)
        dz = layer.backward(np.ones_like(z))
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(dz))


# ---------------------------------------------------------------- PReLU
def test_prelu_param_and_formulas():
    layer = L.PReLU()
    assert layer.params["alpha"].shape == (1,)
    assert layer.params["alpha"][0] == pytest.approx(0.25)
    x = np.array([[-2.0, 1.0], [3.0, -0.5]])
    np.testing.assert_allclose(layer.forward(x, training=True), [[-0.5, 1.0], [3.0, -0.125]])
    g = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(layer.backward(g), [[0.25, 2.0], [3.0, 1.0]])
    # dL/dalpha = sum over negative inputs of g * x = 1*(-2) + 4*(-0.5) = -4
    assert layer.grads["alpha"].shape == (1,)
    np.testing.assert_allclose(layer.grads["alpha"], [-4.0])
    assert L.PReLU(alpha=0.1).params["alpha"][0] == pytest.approx(0.1)


# ---------------------------------------------------------------- BatchNorm
def test_batchnorm_initial_state():
    bn = L.BatchNorm(4)
    np.testing.assert_array_equal(bn.params["gamma"], np.ones(4))
    np.testing.assert_array_equal(bn.params["beta"], np.zeros(4))
    np.testing.assert_array_equal(bn.running_mean, np.zeros(4))
    np.testing.assert_array_equal(bn.running_var, np.ones(4))
    assert set(bn.params) == {"gamma", "beta"}


def test_batchnorm_training_forward_uses_batch_stats_biased_variance():
    rng = np.random.default_rng(6)
    bn = L.BatchNorm(3, eps=1e-5)
    bn.params["gamma"][...] = [2.0, 0.5, 1.0]
    bn.params["beta"][...] = [0.0, 1.0, -1.0]
    x = rng.standard_normal((10, 3)) * [1.0, 3.0, 0.1] + [0.0, 5.0, -2.0]
    out = bn.forward(x, training=True)
    mu, var = x.mean(axis=0), x.var(axis=0)  # biased (ddof=0)
    expected = bn.params["gamma"] * (x - mu) / np.sqrt(var + 1e-5) + bn.params["beta"]
    np.testing.assert_allclose(out, expected, rtol=1e-12)


def test_batchnorm_running_statistics_over_several_batches():
    rng = np.random.default_rng(7)
    momentum = 0.1
    bn = L.BatchNorm(2, momentum=momentum)
    rm, rv = np.zeros(2), np.ones(2)
    for k in range(5):
        x = rng.standard_normal((8, 2)) * [2.0, 0.5] + [k, -k]
        bn.forward(x, training=True)
        rm = (1 - momentum) * rm + momentum * x.mean(axis=0)
        rv = (1 - momentum) * rv + momentum * x.var(axis=0, ddof=1)  # unbiased for running_var
    np.testing.assert_allclose(bn.running_mean, rm, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, rv, rtol=1e-12)


def test_batchnorm_two_batches_by_hand():
    bn = L.BatchNorm(1, momentum=0.5)
    bn.forward(np.array([[1.0], [3.0]]), training=True)
    # mean 2, unbiased var ((1-2)^2 + (3-2)^2) / 1 = 2
    # running_mean = 0.5*0 + 0.5*2 = 1 ; running_var = 0.5*1 + 0.5*2 = 1.5
    np.testing.assert_allclose(bn.running_mean, [1.0])
    np.testing.assert_allclose(bn.running_var, [1.5])
    out = bn.forward(np.array([[0.0], [4.0], [8.0]]), training=True)
    # mean 4, biased var 32/3 normalizes: (x - 4) / sqrt(32/3 + 1e-5)
    np.testing.assert_allclose(out[:, 0], np.array([-4.0, 0.0, 4.0]) / np.sqrt(32 / 3 + 1e-5))
    # unbiased var 32/2 = 16: running_mean = 0.5*1 + 0.5*4 = 2.5 ; running_var = 0.5*1.5 + 0.5*16 = 8.75
    np.testing.assert_allclose(bn.running_mean, [2.5])
    np.testing.assert_allclose(bn.running_var, [8.75])


def test_batchnorm_eval_uses_running_stats_and_does_not_update_them():
    rng = np.random.default_rng(8)
    bn = L.BatchNorm(3)
    for _ in range(4):
        bn.forward(rng.standard_normal((16, 3)) * 3 + 2, training=True)
    bn.params["gamma"][...] = [1.0, 2.0, 3.0]
    bn.params["beta"][...] = [0.5, 0.0, -0.5]
    rm, rv = bn.running_mean.copy(), bn.running_var.copy()
    x = rng.standard_normal((5, 3))
    out = bn.forward(x, training=False)
    expected = bn.params["gamma"] * (x - rm) / np.sqrt(rv + 1e-5) + bn.params["beta"]
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    np.testing.assert_array_equal(bn.running_mean, rm)
    np.testing.assert_array_equal(bn.running_var, rv)
    # The default of forward is eval mode.
    np.testing.assert_allclose(bn.forward(x), expected, rtol=1e-12)
    # A single sample is fine in eval mode.
    np.testing.assert_allclose(bn.forward(x[:1], training=False), expected[:1], rtol=1e-12)
    # Train and eval differ.
    assert not np.allclose(bn.forward(x, training=True), expected)


def test_batchnorm_fresh_eval_is_affine_identity():
    bn = L.BatchNorm(2)
    x = np.array([[1.0, -2.0], [3.0, 4.0]])
    np.testing.assert_allclose(bn.forward(x, training=False), x / np.sqrt(1 + 1e-5))


def test_batchnorm_batch_of_one_in_training_raises_and_changes_nothing():
    bn = L.BatchNorm(3)
    with pytest.raises(ValueError):
        bn.forward(np.ones((1, 3)), training=True)
    np.testing.assert_array_equal(bn.running_mean, np.zeros(3))
    np.testing.assert_array_equal(bn.running_var, np.ones(3))


def test_batchnorm_constant_feature_is_finite():
    bn = L.BatchNorm(2)
    x = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    with np.errstate(**STRICT_FP):
        out = bn.forward(x, training=True)
        dx = bn.backward(np.ones_like(x))
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(dx))
    np.testing.assert_allclose(out[:, 1], 0.0)  # (x - mu) / sqrt(0 + eps) with x == mu


def test_batchnorm_shape_mismatch():
    bn = L.BatchNorm(3)
    bn.forward(np.random.default_rng(0).standard_normal((4, 3)), training=True)
    before = snapshot(bn.params)
    rm, rv = bn.running_mean.copy(), bn.running_var.copy()
    with pytest.raises(ValueError) as exc:
        bn.forward(np.ones((5, 2)), training=True)
    msg = str(exc.value)
    assert "BatchNorm" in msg and "(5, 2)" in msg and "3" in msg
    assert_same_arrays(before, bn.params)
    np.testing.assert_array_equal(bn.running_mean, rm)
    np.testing.assert_array_equal(bn.running_var, rv)


def test_batchnorm_backward_formula():
    # Closed form of the BN input gradient (Ioffe & Szegedy 2015):
    # dx = gamma / (m * sqrt(var + eps)) * (m g - sum(g) - xhat * sum(g * xhat))
    rng = np.random.default_rng(9)
    bn = L.BatchNorm(3)
    bn.params["gamma"][...] = [0.5, 1.0, 2.0]
    x = rng.standard_normal((6, 3))
    g = rng.standard_normal((6, 3))
    bn.forward(x, training=True)
    dx = bn.backward(g)
    m, var = 6, x.var(axis=0)
    xhat = (x - x.mean(axis=0)) / np.sqrt(var + 1e-5)
    expected = bn.params["gamma"] / (m * np.sqrt(var + 1e-5)) * (
        m * g - g.sum(axis=0) - xhat * (g * xhat).sum(axis=0))
    np.testing.assert_allclose(dx, expected, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(bn.grads["gamma"], (g * xhat).sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(bn.grads["beta"], g.sum(axis=0), rtol=1e-12)


# ---------------------------------------------------------------- float32
def test_float32_layers_stay_float32():
    rng = np.random.default_rng(10)
    x = rng.standard_normal((6, 3)).astype(np.float32)
    dense = L.Dense(3, 4, rng=0, dtype=np.float32)
    assert dense.params["W"].dtype == np.float32 and dense.params["b"].dtype == np.float32
    bn = L.BatchNorm(4, dtype=np.float32)
    assert bn.params["gamma"].dtype == np.float32 and bn.params["beta"].dtype == np.float32
    layers = [dense, bn, L.Sigmoid(), L.Tanh(), L.ReLU(), L.LeakyReLU(), L.ELU(), L.PReLU(dtype=np.float32)]
    h = x
    for layer in layers:
        h = layer.forward(h, training=True)
        assert h.dtype == np.float32, type(layer).__name__
    g = np.ones_like(h)
    for layer in reversed(layers):
        g = layer.backward(g)
        assert g.dtype == np.float32, type(layer).__name__
    for layer in (dense, bn, layers[-1]):
        for name, grad in layer.grads.items():
            assert grad.dtype == np.float32, (type(layer).__name__, name)
    assert bn.running_mean.dtype == np.float32 and bn.running_var.dtype == np.float32


# ---------------------------------------------------------------- gaps found by mutation testing
def test_dense_default_init_is_xavier_uniform():
    W = L.Dense(20, 30, rng=7).params["W"]
    np.testing.assert_array_equal(W, I.xavier_uniform(20, 30, rng=np.random.default_rng(7)))


def test_dense_and_activation_layers_take_integer_and_list_inputs():
    dense = L.Dense(2, 1, init="constant")
    dense.params["W"][...] = [[0.5], [0.25]]
    out = dense.forward(np.array([[1, 2], [3, 4]]))
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, [[1.0], [2.5]])
    np.testing.assert_allclose(dense.backward([[1], [1]]), [[0.5, 0.25], [0.5, 0.25]])
    np.testing.assert_allclose(dense.grads["W"], [[4.0], [6.0]])
    for layer in (L.Sigmoid(), L.ReLU(), L.ELU(alpha=2.0), L.PReLU()):
        out = layer.forward([[-1, 0, 2]])
        assert out.dtype == np.float64, layer
        assert layer.backward([[1, 1, 1]]).dtype == np.float64, layer
    np.testing.assert_allclose(L.ELU(alpha=2.0).forward(np.array([[-1, 0, 2]])), [[2 * np.expm1(-1), 0, 2]])


@pytest.mark.parametrize("make", [lambda: L.Dense(3, 2, rng=0, dtype=np.float32),
                                  lambda: L.BatchNorm(3, dtype=np.float32),
                                  lambda: L.PReLU(dtype=np.float32)],
                         ids=["Dense", "BatchNorm", "PReLU"])
def test_dtype_policy_a_float32_layer_casts_its_input(make):
    layer = make()
    x = np.random.default_rng(0).standard_normal((4, 3))  # float64
    out = layer.forward(x, training=True)
    assert out.dtype == np.float32
    dx = layer.backward(np.ones(out.shape))  # float64 gradient, cast as well
    assert dx.dtype == np.float32
    for name, grad in layer.grads.items():
        assert grad.dtype == np.float32, name
    assert layer.forward(x.astype(int), training=True).dtype == np.float32


@pytest.mark.parametrize("dtype", [np.int64, "int32", bool, "text", None.__class__])
def test_layers_refuse_a_dtype_that_is_not_floating_point(dtype):
    for make in (lambda: L.Dense(2, 2, dtype=dtype), lambda: L.BatchNorm(2, dtype=dtype),
                 lambda: L.PReLU(dtype=dtype)):
        with pytest.raises(ValueError, match=r"dtype must be a floating-point type such as np\.float64"):
            make()


def test_dense_refuses_an_empty_batch_and_hints_at_one_sample():
    layer = L.Dense(3, 2, rng=0)
    with pytest.raises(ValueError, match=r"^Dense\(3, 2\) got an empty batch \(shape \(0, 3\)\): pass at least "
                                         r"one sample$"):
        layer.forward(np.zeros((0, 3)))
    with pytest.raises(ValueError, match=r"got \(3,\); for one sample, pass x\.reshape\(1, -1\)"):
        layer.forward(np.zeros(3))
    with pytest.raises(ValueError, match=r"expects input of shape \(m, 3\), got \(4,\)$"):
        layer.forward(np.zeros(4))


def test_dense_refuses_an_init_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"init must return an array of shape \(n_in, n_out\) = \(2, 3\), "
                                         r"got \(3, 2\)"):
        L.Dense(2, 3, init=lambda fan_in, fan_out, rng=None: np.zeros((fan_out, fan_in)))


@pytest.mark.parametrize("n_in,n_out", [(2.0, 3), (3, "4"), (True, 3)])
def test_dense_sizes_must_be_integers(n_in, n_out):
    with pytest.raises(ValueError, match=r"(n_in|n_out) must be an integer >= 1"):
        L.Dense(n_in, n_out)


def test_batchnorm_momentum_one_keeps_only_the_last_batch():
    bn = L.BatchNorm(2, momentum=1.0)
    bn.forward(np.array([[0.0, 1.0], [4.0, 1.0], [8.0, 4.0]]), training=True)
    x = np.array([[1.0, 2.0], [3.0, 6.0]])
    bn.forward(x, training=True)
    np.testing.assert_allclose(bn.running_mean, [2.0, 4.0])
    np.testing.assert_allclose(bn.running_var, [2.0, 8.0])  # unbiased: (1 + 1) / 1, (4 + 4) / 1
    assert L.BatchNorm(2, momentum=0.0).momentum == 0.0


def test_batchnorm_eps_is_used():
    bn = L.BatchNorm(1, eps=0.5)
    out = bn.forward(np.array([[1.0], [3.0]]), training=True)  # mean 2, biased var 1
    np.testing.assert_allclose(out[:, 0], [-1 / np.sqrt(1.5), 1 / np.sqrt(1.5)])
    np.testing.assert_allclose(L.BatchNorm(1, eps=0.5).forward(np.array([[3.0]])), [[3 / np.sqrt(1.5)]])


@pytest.mark.parametrize("momentum", [-0.1, 1.5, np.nan, "0.1", None, True])
def test_batchnorm_refuses_bad_momentum(momentum):
    with pytest.raises(ValueError, match=rf"momentum must lie in \[0, 1\], got {re.escape(repr(momentum))}"):
        L.BatchNorm(3, momentum=momentum)


@pytest.mark.parametrize("eps", [0, -1e-5, np.nan, np.inf, "1e-5"])
def test_batchnorm_refuses_bad_eps(eps):
    with pytest.raises(ValueError, match=rf"eps must be a finite number > 0, got {re.escape(repr(eps))}"):
        L.BatchNorm(3, eps=eps)


@pytest.mark.parametrize("n", [0, -2, 2.5])
def test_batchnorm_refuses_bad_n_features(n):
    with pytest.raises(ValueError, match=rf"n_features must be an integer >= 1, got {n!r}"):
        L.BatchNorm(n)


def test_batchnorm_training_needs_two_samples_and_says_so():
    with pytest.raises(ValueError, match=r"more than 1 sample per batch in training mode"):
        L.BatchNorm(3).forward(np.ones((1, 3)), training=True)
    with pytest.raises(ValueError, match=r"empty batch"):
        L.BatchNorm(3).forward(np.ones((0, 3)))


def test_backward_errors_name_the_layer_and_shapes():
    layer = L.Dense(3, 4, rng=0)
    with pytest.raises(RuntimeError, match=r"Dense\(3, 4\): call forward before backward"):
        layer.backward(np.ones((2, 4)))
    layer.forward(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"Dense\(3, 4\)\.backward expects grad_out of shape \(5, 4\) "
                                         r"\(the shape of its output\), got \(5, 3\)"):
        layer.backward(np.ones((5, 3)))


def test_a_layer_of_ones_own_is_shown_by_its_class_name():
    class Doubling(L.Layer):
        pass

    assert (repr(L.Layer()), repr(Doubling())) == ("Layer()", "Doubling()")


def test_an_activation_with_several_settings_shows_each():
    assert repr(L.Activation(alpha=0.1, beta=2)) == "Activation(alpha=0.1, beta=2)"
