"""Argument checks shared by the package: every error names the argument and echoes the bad value."""

import math

import numpy as np


def _is_number(value):
    """True for a real number (int, float or NumPy scalar), False for bools, strings, arrays."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def positive(name, value):
    """Return ``value`` if it is a finite number > 0, else raise ``ValueError``."""
    if not (_is_number(value) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def in_unit_interval(name, value, include_one=False):
    """Return ``value`` if it lies in [0, 1) (or [0, 1] with ``include_one``), else raise."""
    if not (_is_number(value) and 0 <= value and (value <= 1 if include_one else value < 1)):
        interval = "[0, 1]" if include_one else "[0, 1)"
        raise ValueError(f"{name} must lie in {interval}, got {value!r}")
    return value


def positive_int(name, value):
    """Return ``value`` if it is an integer >= 1, else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def float_dtype(name, value):
    """Return ``numpy.dtype(value)`` if it is a floating-point type, else raise ``ValueError``."""
    try:
        dtype = np.dtype(value)
    except TypeError:
        dtype = None
    if dtype is None or dtype.kind != "f":
        raise ValueError(f"{name} must be a floating-point type such as np.float64 or "
                         f"np.float32, got {value!r}")
    return dtype


def choice(name, value, options):
    """Return ``options[value]``; an unknown name raises ``ValueError`` listing the valid ones."""
    if value not in options:
        valid = ", ".join(repr(key) for key in options)
        raise ValueError(f"unknown {name} {value!r}; valid names are: {valid}")
    return options[value]


def as_rng(rng):
    """Turn ``None``, an int seed or a ``numpy.random.Generator`` into a Generator."""
    return rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)


def number(name, value):
    """``value`` as a Python float, else a TypeError naming the argument (a bool is no number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    return float(value)


def instance(name, value, kind, example):
    """Return ``value`` if it is an instance of ``kind``, else raise ``TypeError``: the class
    itself (create one with ``()``, as ``example`` shows) or something else."""
    if isinstance(value, type):
        raise TypeError(f"{name} must be an instance, got the class {value.__name__}: "
                        f"create one with (), such as {example}")
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a course_nn {kind.__name__.lower()} such as {example}, "
                        f"got {value!r}")
    return value
