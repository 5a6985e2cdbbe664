"""Tests of course_nn.initializers (chapter 4): shapes, statistics on a 1000 x 1000 draw, seeding."""

import numpy as np
import pytest

import course_nn
from course_nn import initializers as I

RANDOM = ["normal", "xavier_normal", "xavier_uniform", "he_normal", "he_uniform"]
FAN_IN, FAN_OUT = 1000, 1000


def test_public_names():
    for name in RANDOM + ["constant"]:
        assert getattr(course_nn, name) is getattr(I, name)


@pytest.mark.parametrize("name", RANDOM)
@pytest.mark.parametrize("shape", [(1, 1), (3, 7), (10, 2)])
def test_shapes_and_dtype(name, shape):
    W = getattr(I, name)(*shape, rng=np.random.default_rng(0))
    assert W.shape == shape
    assert W.dtype == np.float64


def test_constant():
    np.testing.assert_array_equal(I.constant(3, 2), np.zeros((3, 2)))
    np.testing.assert_array_equal(I.constant(2, 4, value=0.5), np.full((2, 4), 0.5))


@pytest.fixture(scope="module")
def draws():
    """One 1000 x 1000 draw per initializer (computed once for the module)."""
    rng = np.random.default_rng(12345)
    out = {name: getattr(I, name)(FAN_IN, FAN_OUT, rng=rng) for name in RANDOM}
    out["normal_std_0.2"] = I.normal(FAN_IN, FAN_OUT, std=0.2, rng=rng)
    out["xavier_uniform_rect"] = I.xavier_uniform(300, 3000, rng=rng)
    out["he_normal_rect"] = I.he_normal(250, 4000, rng=rng)
    return out


@pytest.mark.parametrize(
    "key,expected_std",
    [
        ("normal", 0.01),
        ("normal_std_0.2", 0.2),
        ("xavier_normal", np.sqrt(2 / (FAN_IN + FAN_OUT))),  # Glorot & Bengio: 2 / (n_in + n_out)
        ("he_normal", np.sqrt(2 / FAN_IN)),  # He et al.: 2 / n_in
        ("he_normal_rect", np.sqrt(2 / 250)),
    ],
)
def test_normal_std_within_2_percent(draws, key, expected_std):
    W = draws[key]
    assert abs(W.std() - expected_std) <= 0.02 * expected_std
    assert abs(W.mean()) <= 0.01 * expected_std
    # a normal (not a uniform) distribution: about 31.7% of the samples lie beyond one std
    assert np.mean(np.abs(W) > expected_std) == pytest.approx(0.3173, abs=0.01)


@pytest.mark.parametrize(
    "key,limit",
    [
        ("xavier_uniform", np.sqrt(6 / (FAN_IN + FAN_OUT))),
        ("xavier_uniform_rect", np.sqrt(6 / (300 + 3000))),
        ("he_uniform", np.sqrt(6 / FAN_IN)),
    ],
)
def test_uniform_bounds_within_2_percent(draws, key, limit):
    W = draws[key]
    assert W.max() <= limit and W.min() >= -limit
    assert W.max() >= 0.98 * limit and W.min() <= -0.98 * limit
    assert abs(W.std() - limit / np.sqrt(3)) <= 0.02 * limit / np.sqrt(3)  # std of U(-a, a) = a / sqrt(3)
    assert abs(W.mean()) <= 0.01 * limit


@pytest.mark.parametrize("name", RANDOM)
def test_same_seed_same_array(name):
    f = getattr(I, name)
    a = f(30, 20, rng=np.random.default_rng(7))
    b = f(30, 20, rng=np.random.default_rng(7))
    c = f(30, 20, rng=np.random.default_rng(8))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("name", RANDOM)
def test_uses_the_given_generator_not_global_state(name):
    f = getattr(I, name)
    np.random.seed(0)
    a = f(5, 5, rng=np.random.default_rng(1))
    np.random.seed(99)
    b = f(5, 5, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    # a shared generator advances: two draws in a row differ
    rng = np.random.default_rng(2)
    assert not np.array_equal(f(5, 5, rng=rng), f(5, 5, rng=rng))


# ---------------------------------------------------------------- exact draws (mutation testing)
@pytest.mark.parametrize(
    "name,draw",
    [
        ("normal", lambda rng, n_in, n_out: rng.normal(0.0, 0.01, (n_in, n_out))),
        ("xavier_normal", lambda rng, n_in, n_out: rng.normal(0.0, np.sqrt(2 / (n_in + n_out)), (n_in, n_out))),
        ("xavier_uniform", lambda rng, n_in, n_out: rng.uniform(-np.sqrt(6 / (n_in + n_out)),
                                                                np.sqrt(6 / (n_in + n_out)), (n_in, n_out))),
        ("he_normal", lambda rng, n_in, n_out: rng.normal(0.0, np.sqrt(2 / n_in), (n_in, n_out))),
        ("he_uniform", lambda rng, n_in, n_out: rng.uniform(-np.sqrt(6 / n_in), np.sqrt(6 / n_in),
                                                            (n_in, n_out))),
    ],
)
def test_exact_draw_for_a_rectangular_shape(name, draw):
    # fan_in != fan_out, so a swapped fan or a wrong constant changes every entry
    W = getattr(I, name)(3, 5, rng=np.random.default_rng(4))
    np.testing.assert_allclose(W, draw(np.random.default_rng(4), 3, 5), rtol=1e-14)
    np.testing.assert_array_equal(getattr(I, name)(3, 5, rng=4), W)  # a seed works like a Generator


def test_initializer_arguments_are_checked():
    with pytest.raises(ValueError, match=r"fan_in must be an integer >= 1, got 0"):
        I.he_uniform(0, 3)
    with pytest.raises(ValueError, match=r"fan_out must be an integer >= 1, got 2\.5"):
        I.normal(2, 2.5)
    with pytest.raises(ValueError, match=r"std must be a finite number > 0, got -1"):
        I.normal(2, 2, std=-1)
    with pytest.raises(ValueError, match=r"^limit must be a finite number > 0, got 0$"):
        I.uniform(2, 2, limit=0)
