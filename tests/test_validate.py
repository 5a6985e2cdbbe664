"""Tests of course_nn._validate: the argument checks whose messages name the argument and the value."""

import re

import numpy as np
import pytest

from course_nn import _validate as V


@pytest.mark.parametrize("value", [1e-12, 3, 2.5, np.float32(0.1), np.int64(4)])
def test_positive_accepts_finite_positive_numbers(value):
    assert V.positive("lr", value) is value


@pytest.mark.parametrize("value", [0, -1e-12, np.inf, np.nan, True, "0.1", None, [0.1], np.array(0.1)])
def test_positive_refuses(value):
    with pytest.raises(ValueError, match=rf"^lr must be a finite number > 0, got {re.escape(repr(value))}$"):
        V.positive("lr", value)


def test_in_unit_interval_excludes_one_unless_asked():
    assert V.in_unit_interval("p", 0) == 0 and V.in_unit_interval("p", 0.999) == 0.999
    with pytest.raises(ValueError, match=r"^p must lie in \[0, 1\), got 1$"):
        V.in_unit_interval("p", 1)
    assert V.in_unit_interval("momentum", 1, include_one=True) == 1
    with pytest.raises(ValueError, match=r"^momentum must lie in \[0, 1\], got 1\.01$"):
        V.in_unit_interval("momentum", 1.01, include_one=True)
    for bad in (-1e-9, np.nan, "0.5", False, None):
        with pytest.raises(ValueError, match=r"^p must lie in \[0, 1\), got "):
            V.in_unit_interval("p", bad)


def test_positive_int():
    assert V.positive_int("epochs", 1) == 1
    value = V.positive_int("epochs", np.int64(3))
    assert value == 3 and type(value) is int
    for bad in (0, -2, 2.0, 2.5, True, "3", None):
        with pytest.raises(ValueError, match=rf"^epochs must be an integer >= 1, got {re.escape(repr(bad))}$"):
            V.positive_int("epochs", bad)


def test_float_dtype():
    assert V.float_dtype("dtype", np.float32) == np.dtype(np.float32)
    assert V.float_dtype("dtype", "float64") == np.dtype(np.float64)
    for bad in (np.int32, "int8", complex, "no such type", object):
        with pytest.raises(ValueError, match=r"^dtype must be a floating-point type such as np\.float64 or "
                                             r"np\.float32, got "):
            V.float_dtype("dtype", bad)


def test_choice_lists_the_valid_names():
    assert V.choice("init", "b", {"a": 1, "b": 2}) == 2
    with pytest.raises(ValueError, match=r"^unknown init 'c'; valid names are: 'a', 'b'$"):
        V.choice("init", "c", {"a": 1, "b": 2})


def test_as_rng():
    g = np.random.default_rng(0)
    assert V.as_rng(g) is g
    assert V.as_rng(3).random() == np.random.default_rng(3).random()
    assert isinstance(V.as_rng(None), np.random.Generator)
