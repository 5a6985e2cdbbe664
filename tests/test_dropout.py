"""Tests of course_nn.layers.Dropout (chapter 7): inverted dropout, like torch.nn.Dropout."""

import numpy as np
import pytest

import course_nn
from course_nn import layers as L
from course_nn import model as M


def test_public_name():
    assert course_nn.Dropout is L.Dropout


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_training_mask_keeps_with_probability_one_minus_p_and_scales(p):
    x = np.random.default_rng(0).uniform(1, 2, size=(400, 250))  # no zeros in x
    out = L.Dropout(p, rng=1).forward(x, training=True)
    kept = out != 0
    # each entry is either 0 or x times 1 / (1 - p), exactly (torch's order of operations)
    np.testing.assert_array_equal(out[kept], x[kept] * (1 / (1 - p)))
    # 100,000 Bernoulli(1 - p) draws: the fraction kept is within 5 standard deviations of 1 - p
    assert abs(kept.mean() - (1 - p)) < 5 * np.sqrt(p * (1 - p) / x.size)
    # inverted dropout keeps the mean: E[out] = x
    assert abs(out.mean() / x.mean() - 1) < 0.02


def test_mask_by_hand_with_a_fixed_generator():
    # rng.random gives the draws; an entry is kept when its draw is >= p
    draws = np.random.default_rng(7).random((2, 3))
    x = np.arange(1.0, 7.0).reshape(2, 3)
    out = L.Dropout(0.4, rng=np.random.default_rng(7)).forward(x, training=True)
    np.testing.assert_array_equal(out, np.where(draws >= 0.4, x * (1 / 0.6), 0.0))


def test_backward_uses_the_same_mask():
    rng = np.random.default_rng(2)
    x, dout = rng.standard_normal((30, 20)), rng.standard_normal((30, 20))
    layer = L.Dropout(0.3, rng=3)
    out = layer.forward(x, training=True)
    dx = layer.backward(dout)
    scaled_mask = out / x
    np.testing.assert_allclose(dx, dout * scaled_mask, rtol=1e-15)
    assert np.array_equal(dx == 0, out == 0)
    # a second backward after the same forward gives the same gradient (the mask is kept)
    np.testing.assert_array_equal(layer.backward(dout), dx)


def test_backward_is_the_gradient_of_forward_for_a_fixed_mask():
    # with the mask fixed, out = x * s is linear in x: d(sum(out * c))/dx = c * s
    rng = np.random.default_rng(4)
    x, c = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    layer = L.Dropout(0.5, rng=0)
    out = layer.forward(x, training=True)
    scaled = np.where(out != 0, 2.0, 0.0)
    np.testing.assert_allclose(layer.backward(c), c * scaled, rtol=1e-15)


@pytest.mark.parametrize("p", [0.0, 0.5, 0.99])
def test_eval_mode_is_the_identity(p):
    x = np.random.default_rng(0).standard_normal((8, 5))
    layer = L.Dropout(p, rng=0)
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.forward(x, training=False), x)
    dout = np.ones_like(x)
    np.testing.assert_array_equal(layer.backward(dout), dout)


def test_p_zero_is_the_identity_in_training_too():
    x = np.random.default_rng(0).standard_normal((8, 5))
    generator = np.random.default_rng(0)
    state = generator.bit_generator.state
    layer = L.Dropout(0.0, rng=generator)
    np.testing.assert_array_equal(layer.forward(x, training=True), x)
    np.testing.assert_array_equal(layer.backward(2 * x), 2 * x)
    assert generator.bit_generator.state == state  # no mask drawn: the random numbers stay unused


def test_masks_are_fresh_each_forward_and_reproducible_with_a_seed():
    x = np.ones((10, 10))
    a, b = L.Dropout(0.5, rng=5), L.Dropout(0.5, rng=5)
    first, second = a.forward(x, training=True), a.forward(x, training=True)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(b.forward(x, training=True), first)


def test_float32_stays_float32():
    x = np.random.default_rng(0).standard_normal((6, 4)).astype(np.float32)
    layer = L.Dropout(0.3, rng=0)
    assert layer.forward(x, training=True).dtype == np.float32
    assert layer.backward(np.ones_like(x)).dtype == np.float32


def test_no_parameters_and_works_in_sequential():
    layer = L.Dropout(0.5)
    assert layer.params == {} and layer.grads == {}
    net = M.Sequential([L.Dense(3, 4, rng=0), L.ReLU(), L.Dropout(0.5, rng=0), L.Dense(4, 2, rng=1)])
    assert set(net.params()) == {"0.W", "0.b", "3.W", "3.b"}
    X = np.random.default_rng(1).standard_normal((5, 3))
    np.testing.assert_array_equal(net.predict(X), net.predict(X))  # eval: deterministic


@pytest.mark.parametrize("p", [1.0, 1.5, -0.1, float("nan"), "0.5", None, True])
def test_bad_p_is_refused_with_the_value(p):
    with pytest.raises(ValueError, match=r"^p, the probability of dropping a unit, must lie in \[0, 1\), got "
                       + repr(p).replace(".", r"\.") + r" \(p = 0 keeps every unit\)$"):
        L.Dropout(p)


def test_the_default_p_is_one_half():
    assert L.Dropout().p == 0.5


def test_backward_before_forward_and_wrong_shape():
    layer = L.Dropout(0.5, rng=0)
    with pytest.raises(RuntimeError, match="call forward before backward"):
        layer.backward(np.ones((2, 2)))
    layer.forward(np.ones((2, 2)), training=True)
    with pytest.raises(ValueError, match=r"expects grad_out of shape \(2, 2\)"):
        layer.backward(np.ones((2, 3)))


def test_repr():
    assert repr(L.Dropout(0.25)) == "Dropout(p=0.25)"
