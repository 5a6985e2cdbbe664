"""Tests of course_nn.activations (chapter 3): values, derivatives, stability, properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course_nn
from course_nn import activations as A
from helpers import STRICT_FP, central_difference, rel_error

NAMES = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "identity"]

# Reference implementations written from the textbook formulas (evaluated on moderate z only).
REFERENCE = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
    "elu": (lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
            lambda z: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0)))),
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
}

# Avoid the kink at 0 of relu / leaky_relu / elu.
Z = np.array([-6.0, -2.5, -1.0, -0.3, -0.01, 0.02, 0.4, 1.0, 3.0, 7.5])
SETTINGS = settings(derandomize=True, max_examples=30, deadline=None)


def test_public_names_importable_from_top_level_and_submodule():
    for name in NAMES + ["softmax"]:
        assert callable(getattr(A, name))
        assert getattr(course_nn, name) is getattr(A, name)
    for name in NAMES:
        deriv = name + "_derivative"
        assert callable(getattr(A, deriv))
        assert getattr(course_nn, deriv) is getattr(A, deriv)


@pytest.mark.parametrize("name", NAMES)
def test_values_and_derivatives_match_formulas(name):
    f, df = getattr(A, name), getattr(A, name + "_derivative")
    ref_f, ref_df = REFERENCE[name]
    np.testing.assert_allclose(f(Z), ref_f(Z), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(df(Z), ref_df(Z), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences(name):
    f, df = getattr(A, name), getattr(A, name + "_derivative")
    z = Z.copy()
    numeric = central_difference(lambda: float(np.sum(f(z))), z)  # f elementwise: d sum / dz_i = f'(z_i)
    assert rel_error(df(Z), numeric) < 1e-7


def test_known_values():
    assert A.sigmoid(np.array(0.0)) == pytest.approx(0.5)
    assert A.sigmoid_derivative(np.array(0.0)) == pytest.approx(0.25)
    assert A.tanh_derivative(np.array(0.0)) == pytest.approx(1.0)
    np.testing.assert_allclose(A.sigmoid(np.array([np.log(3.0)])), [0.75])
    np.testing.assert_allclose(A.elu(np.array([-np.log(2.0)])), [-0.5])


def test_alpha_parameters():
    z = np.array([-2.0, -0.5, 1.5])
    np.testing.assert_allclose(A.leaky_relu(z, alpha=0.2), [-0.4, -0.1, 1.5])
    np.testing.assert_allclose(A.leaky_relu_derivative(z, alpha=0.2), [0.2, 0.2, 1.0])
    np.testing.assert_allclose(A.elu(z, alpha=2.0), [2.0 * np.expm1(-2.0), 2.0 * np.expm1(-0.5), 1.5])
    np.testing.assert_allclose(A.elu_derivative(z, alpha=2.0),
                               [2.0 * np.exp(-2.0), 2.0 * np.exp(-0.5), 1.0])
    # Default alphas: leaky_relu 0.01, elu 1.0.
    np.testing.assert_allclose(A.leaky_relu(z), [-0.02, -0.005, 1.5])
    np.testing.assert_allclose(A.elu(z), [np.expm1(-2.0), np.expm1(-0.5), 1.5])


def test_derivatives_at_zero_follow_torch_convention():
    zero = np.array([0.0])
    assert A.relu_derivative(zero)[0] == 0.0
    assert A.leaky_relu_derivative(zero)[0] == pytest.approx(0.01)
    assert A.leaky_relu_derivative(zero, alpha=0.3)[0] == pytest.approx(0.3)
    assert A.elu_derivative(zero)[0] == pytest.approx(1.0)  # both one-sided limits are 1 when alpha=1
    assert A.relu(zero)[0] == 0.0


def test_softmax_values():
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(A.softmax(z), [e / e.sum(), [1 / 3] * 3], rtol=1e-12)


def test_softmax_axis():
    z = np.array([[1.0, 5.0], [2.0, -1.0], [0.5, 0.5]])
    s0 = A.softmax(z, axis=0)
    np.testing.assert_allclose(s0.sum(axis=0), [1.0, 1.0])
    np.testing.assert_allclose(s0, A.softmax(z.T, axis=-1).T, rtol=1e-12)
    np.testing.assert_allclose(A.softmax(z), A.softmax(z, axis=1))


def test_functions_do_not_modify_their_input():
    z = Z.copy()
    for name in NAMES:
        getattr(A, name)(z)
        getattr(A, name + "_derivative")(z)
    zz = np.array([[1.0, -2.0, 3.0]])
    A.softmax(zz)
    np.testing.assert_array_equal(z, Z)
    np.testing.assert_array_equal(zz, [[1.0, -2.0, 3.0]])


# ---------------------------------------------------------------- stability at |z| = 1e4
BIG = np.array([-1e4, -1e3, -50.0, 0.0, 50.0, 1e3, 1e4])


@pytest.mark.parametrize("name", NAMES)
def test_stable_for_huge_inputs(name):
    with np.errstate(**STRICT_FP):
        y = getattr(A, name)(BIG)
        dy = getattr(A, name + "_derivative")(BIG)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dy))


def test_stable_limits():
    with np.errstate(**STRICT_FP):
        np.testing.assert_allclose(A.sigmoid(np.array([-1e4, 1e4])), [0.0, 1.0])
        np.testing.assert_allclose(A.sigmoid_derivative(np.array([-1e4, 1e4])), [0.0, 0.0])
        np.testing.assert_allclose(A.tanh(np.array([-1e4, 1e4])), [-1.0, 1.0])
        np.testing.assert_allclose(A.elu(np.array([-1e4, 1e4])), [-1.0, 1e4])
        np.testing.assert_allclose(A.elu_derivative(np.array([-1e4, 1e4])), [0.0, 1.0])


def test_softmax_stable_for_huge_inputs():
    z = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4, 0.0]])
    with np.errstate(**STRICT_FP):
        s = A.softmax(z)
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0]], atol=1e-15)


def test_float32_stable_for_huge_inputs():
    z = BIG.astype(np.float32)
    with np.errstate(**STRICT_FP):
        for name in NAMES:
            assert np.all(np.isfinite(getattr(A, name)(z)))
            assert np.all(np.isfinite(getattr(A, name + "_derivative")(z)))
        assert np.all(np.isfinite(A.softmax(z[None, :])))


# ---------------------------------------------------------------- hypothesis properties
finite = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)
matrices = hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=6), elements=finite)


@SETTINGS
@given(z=matrices, c=st.floats(-100, 100))
def test_softmax_rows_sum_to_one_and_shift_invariant(z, c):
    with np.errstate(**STRICT_FP):
        s = A.softmax(z)
        s_shift = A.softmax(z + c)
    assert s.shape == z.shape
    assert np.all(s >= 0) and np.all(s <= 1)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(s_shift, s, atol=1e-12)


@SETTINGS
@given(
    dtype=st.sampled_from([np.float32, np.float64]),
    shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
    data=st.data(),
)
def test_activations_preserve_shape_and_dtype(dtype, shape, data):
    z = data.draw(hnp.arrays(dtype, shape, elements=st.floats(-1e4, 1e4, width=32)))
    with np.errstate(**STRICT_FP):
        for name in NAMES:
            for fn in (getattr(A, name), getattr(A, name + "_derivative")):
                out = fn(z)
                assert out.shape == z.shape, (name, fn)
                assert out.dtype == dtype, (fn.__name__, out.dtype)
                assert np.all(np.isfinite(out))
        s = A.softmax(z)
        assert s.shape == z.shape and s.dtype == dtype


@SETTINGS
@given(z=hnp.arrays(np.float64, st.integers(1, 20), elements=finite))
def test_range_properties(z):
    with np.errstate(**STRICT_FP):
        s = A.sigmoid(z)
        t = A.tanh(z)
        r = A.relu(z)
        e = A.elu(z)
    assert np.all((s >= 0) & (s <= 1))
    assert np.all((t >= -1) & (t <= 1))
    assert np.all(r >= 0) and np.all(r >= z)
    assert np.all(e >= -1.0)
    np.testing.assert_allclose(A.sigmoid(-z), 1 - s, atol=1e-12)  # symmetry
    assert np.all(A.sigmoid_derivative(z) <= 0.25 + 1e-15)


# ---------------------------------------------------------------- gaps found by mutation testing
def test_integer_inputs_give_float64():
    z = np.array([-2, 0, 3])
    expected = {
        "sigmoid": 1 / (1 + np.exp(-z.astype(float))), "tanh": np.tanh(z.astype(float)),
        "relu": [0.0, 0.0, 3.0], "leaky_relu": [-0.02, 0.0, 3.0], "elu": [np.expm1(-2.0), 0.0, 3.0],
        "identity": [-2.0, 0.0, 3.0],
    }
    derivatives = {"relu": [0.0, 0.0, 1.0], "leaky_relu": [0.01, 0.01, 1.0], "elu": [np.exp(-2.0), 1.0, 1.0],
                   "identity": [1.0, 1.0, 1.0]}
    for name, values in expected.items():
        out = getattr(A, name)(z)
        assert out.dtype == np.float64, name
        np.testing.assert_allclose(out, values, rtol=1e-12)
        d = getattr(A, name + "_derivative")(z)
        assert d.dtype == np.float64, name
        if name in derivatives:
            np.testing.assert_allclose(d, derivatives[name], rtol=1e-12)
    s = A.softmax(np.array([[1, 1]]))
    assert s.dtype == np.float64
    np.testing.assert_allclose(s, [[0.5, 0.5]])
    np.testing.assert_allclose(A.relu([-1, 2]), [0.0, 2.0])  # lists too


def test_elu_derivative_at_zero_is_alpha():
    # ELU is not differentiable at 0 when alpha != 1; like PyTorch, the left branch (alpha e^0) holds.
    assert A.elu_derivative(np.array([0.0]), alpha=2.0)[0] == 2.0
    assert A.elu_derivative(np.array([0.0]), alpha=0.5)[0] == 0.5
    assert A.elu(np.array([0.0]), alpha=2.0)[0] == 0.0
    assert A.leaky_relu_derivative(np.array([0.0, 1e-300]), alpha=0.3).tolist() == [0.3, 1.0]
    assert A.relu_derivative(np.array([0.0, 1e-300])).tolist() == [0.0, 1.0]


def test_float32_derivatives_keep_their_dtype_at_the_kinks():
    z = np.array([-1.0, 0.0, 2.0], dtype=np.float32)
    for fn in (A.relu_derivative, A.leaky_relu_derivative, A.elu_derivative, A.identity_derivative):
        assert fn(z).dtype == np.float32, fn.__name__
