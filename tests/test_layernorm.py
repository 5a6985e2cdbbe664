"""Tests of course_nn.LayerNorm (chapter 6): the semantics of torch.nn.LayerNorm(n_features),
its backward pass against central differences, and its errors."""

import numpy as np
import pytest

import course_nn
from course_nn import BatchNorm, Dense, LayerNorm, ReLU, Sequential, layers
from course_nn.gradcheck import check_layer, check_model
from course_nn.losses import BCEWithLogitsLoss
from helpers import STRICT_FP, assert_same_arrays, snapshot

X = np.array([[1.0, 2.0, 3.0, 6.0], [-1.0, 0.5, 0.0, 2.5], [10.0, 10.0, 10.0, 10.0]])

# torch.nn.LayerNorm(4) in float64 with gamma = (0.5, 1, 1.5, 2) and beta = (0, 0.1, -0.2, 0.3)
# on X, computed with torch 2.13.0 (the tests do not need torch)
TORCH_OUTPUT = np.array([
    [-0.5345217202229368, -0.4345217202229368, -0.2, 3.5071303213376206],
    [-0.5883465951201213, 0.10000000000000005, -0.7883465951201213, 3.4378485073073137],
    [0.0, 0.1, -0.2, 0.3],
])


def test_public_name_and_initial_state():
    assert course_nn.LayerNorm is layers.LayerNorm
    norm = LayerNorm(4)
    assert repr(norm) == "LayerNorm(4)" and norm.eps == 1e-5
    np.testing.assert_array_equal(norm.params["gamma"], np.ones(4))
    np.testing.assert_array_equal(norm.params["beta"], np.zeros(4))
    assert set(norm.grads) == {"gamma", "beta"}
    assert not hasattr(norm, "running_mean") and not hasattr(norm, "running_var")


def test_forward_normalizes_each_row_with_the_biased_variance():
    out = LayerNorm(4).forward(X, training=True)
    # row 1 by hand: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5
    np.testing.assert_allclose(out[0], (X[0] - 3) / np.sqrt(3.5 + 1e-5), rtol=1e-12)
    np.testing.assert_allclose(out[:2].mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(out[:2].var(axis=1), 1, rtol=1e-4)
    np.testing.assert_array_equal(out[2], np.zeros(4))  # a constant row: 0 / sqrt(eps), no NaN


def test_gamma_and_beta_scale_and_shift_every_row():
    norm = LayerNorm(4)
    norm.params["gamma"][...] = [0.5, 1.0, 1.5, 2.0]
    norm.params["beta"][...] = [0.0, 0.1, -0.2, 0.3]
    x_hat = LayerNorm(4).forward(X)
    expected = x_hat * [0.5, 1.0, 1.5, 2.0] + [0.0, 0.1, -0.2, 0.3]
    np.testing.assert_allclose(norm.forward(X), expected, rtol=1e-12)
    np.testing.assert_allclose(norm.forward(X), TORCH_OUTPUT, rtol=1e-12, atol=1e-12)


def test_same_in_training_and_evaluation_and_independent_of_the_batch():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, 5))
    norm = LayerNorm(5)
    train_out, eval_out = norm.forward(x, training=True), norm.forward(x, training=False)
    np.testing.assert_array_equal(train_out, eval_out)
    # each sample is normalized on its own: a batch of one gives the same row
    np.testing.assert_allclose(norm.forward(x[2:3], training=True)[0], train_out[2], rtol=1e-12)


@pytest.mark.parametrize("training", [True, False])
def test_gradients_match_central_differences(training):
    rng = np.random.default_rng(1)
    norm = LayerNorm(5)
    norm.params["gamma"][...] = rng.uniform(0.5, 2.0, 5)
    norm.params["beta"][...] = rng.normal(size=5)
    with np.errstate(**STRICT_FP):
        errors = check_layer(norm, rng.normal(size=(4, 5)) * 2, training=training)
    assert set(errors) == {"x", "gamma", "beta"}
    assert max(errors.values()) < 1e-7, errors


def test_gradients_in_a_model():
    rng = np.random.default_rng(2)
    model = Sequential([Dense(3, 6, rng=0), LayerNorm(6), ReLU(), Dense(6, 1, rng=1)])
    X_model = rng.normal(size=(8, 3))
    y = rng.integers(0, 2, size=(8, 1)).astype(float)
    errors = check_model(model, BCEWithLogitsLoss(), X_model, y)
    assert max(errors.values()) < 1e-7, errors


def test_backward_formula_and_gradients_of_gamma_and_beta():
    rng = np.random.default_rng(3)
    x, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    norm = LayerNorm(4)
    norm.params["gamma"][...] = [1.0, 2.0, 0.5, -1.0]
    x_hat = LayerNorm(4).forward(x)
    norm.forward(x, training=True)
    dx = norm.backward(g)
    np.testing.assert_allclose(norm.grads["gamma"], (g * x_hat).sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(norm.grads["beta"], g.sum(axis=0), rtol=1e-12)
    # the rows of dx sum to 0: shifting a row does not change the output
    np.testing.assert_allclose(dx.sum(axis=1), 0, atol=1e-12)


def test_float32_stays_float32():
    x = np.random.default_rng(4).normal(size=(3, 4)).astype(np.float32)
    norm = LayerNorm(4, dtype=np.float32)
    out = norm.forward(x, training=True)
    assert out.dtype == np.float32
    assert norm.backward(np.ones_like(out)).dtype == np.float32
    assert norm.grads["gamma"].dtype == np.float32


@pytest.mark.parametrize("n_features", [0, -3, 2.5])
def test_bad_n_features(n_features):
    with pytest.raises(ValueError, match=rf"^n_features must be an integer >= 1, got {n_features!r}$"):
        LayerNorm(n_features)


@pytest.mark.parametrize("eps", [0.0, -1e-5])
def test_bad_eps(eps):
    with pytest.raises(ValueError, match=rf"^eps must be a finite number > 0, got {eps!r}$"):
        LayerNorm(4, eps=eps)


def test_shape_mismatch_names_the_layer_and_changes_nothing():
    norm = LayerNorm(4)
    before = snapshot(norm.params)
    with pytest.raises(ValueError, match=r"LayerNorm\(4\).*\(m, 4\).*\(2, 3\)"):
        norm.forward(np.zeros((2, 3)))
    assert_same_arrays(before, snapshot(norm.params))


def test_layernorm_is_not_batchnorm():
    """The two normalize over different axes: on a batch they disagree, transposed they agree."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4, 4))
    ln = LayerNorm(4).forward(x, training=True)
    bn = BatchNorm(4).forward(x.T, training=True).T
    np.testing.assert_allclose(ln, bn, rtol=1e-12)
    assert not np.allclose(ln, BatchNorm(4).forward(x, training=True))
