"""The machinery of the exercise checks (DESIGN section 5).

A check calls the learner's function on several cases and compares each answer with the
reference. It never crashes on bad learner code: a stub, an exception, ``None``, a wrong shape or
dtype, NaN, a mutated input or a wrong value each get a message that says which case failed,
what was expected, what came back, and a hint. Known mistakes get their own hint: when the answer
equals what a listed mistake computes, the learner is told what that mistake is.
"""

import copy
from dataclasses import dataclass, field

import numpy as np

from .progress import record_pass

NOT_IMPLEMENTED = "not implemented yet"


@dataclass
class Case:
    """One call of the learner's function: its arguments and how to describe them."""

    args: tuple
    label: str
    kwargs: dict = field(default_factory=dict)


@dataclass
class Mistake:
    """A plausible wrong answer: a function computing it, and what to tell the learner."""

    compute: callable
    hint: str


class Check:
    """The check of one exercise: call it with the learner's function to print a verdict.

    Parameters
    ----------
    name : str
        The exercise's function name, as the learner sees it.
    reference : callable
        The correct solution, with the signature the exercise asks for.
    cases : list of Case
    mistakes : list of Mistake
        Plausible wrong answers, each with its own hint.
    hint : str
        A nudge toward the idea (which equation, which shape), with no code: shown with a wrong
        value that matches no known mistake.
    recipe : str
        The full recipe, code allowed: shown only when the learner asks (``check.hint()``) or
        fails the same check again.
    rtol, atol : float
        Tolerances of ``numpy.allclose``.
    """

    def __init__(self, name, reference, cases, mistakes=(), hint="", recipe="", rtol=1e-6,
                 atol=1e-9):
        self.name, self.reference, self.cases = name, reference, list(cases)
        self.mistakes, self.nudge, self.recipe = list(mistakes), hint, recipe
        self.rtol, self.atol = rtol, atol
        if name in REGISTRY:
            raise ValueError(f"two exercise checks are named {name!r}")
        REGISTRY[name] = self

    def __repr__(self):
        return f"<check of the exercise {self.name!r}: {len(self.cases)} cases>"

    def hint(self):
        """Print the full recipe of this exercise (or the nudge, if it has no recipe)."""
        print(f"{self.name}: {self.recipe or self.nudge}")

    def __call__(self, learner):
        """Print ``<name>: all N checks passed``, or what failed and how to fix it."""
        passed, message = self.evaluate(learner)
        if passed:
            record_pass(self.name)
        print(message)

    def evaluate(self, learner):
        """``(passed, message)`` for the learner's function."""
        return evaluate(self.name, learner, self.reference, self.cases, self.mistakes,
                        self.nudge, self.rtol, self.atol)


REGISTRY = {}
"""Every Check by name, so that the tests can try each one with right and wrong answers."""


def evaluate(name, learner, reference, cases, mistakes=(), hint="", rtol=1e-6, atol=1e-9):
    """Run ``learner`` on every case and compare with ``reference``: ``(passed, message)``."""
    for number, case in enumerate(cases, start=1):
        where = f"{name}: case {number} of {len(cases)} failed ({case.label})"
        expected = reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
        try:
            answer = learner(*args, **kwargs)
        except NotImplementedError:
            return False, (f"{name}: {NOT_IMPLEMENTED}. Replace `raise NotImplementedError` "
                           "with your code, run that cell, then run this check again.")
        except Exception as error:  # learner code may raise anything: report it, never crash
            advice = (_hint_for(error, case, mistakes, rtol, atol)
                      or "run it on these inputs yourself and read the traceback.")
            return False, (f"{where}.\n  Your function raised {type(error).__name__}: {error}\n"
                           f"  hint: {advice}")
        changed = _mutated_argument(case, args, kwargs)
        if changed is not None:
            return False, (f"{where}.\n  Your function changed its input {changed} in place.\n"
                           "  hint: compute a new array (e.g. `z * 2` or `z.copy()`) instead of "
                           "assigning into the argument (`z[...] = ...`, `z *= ...`).")
        problem = _compare(answer, expected, rtol, atol)
        if problem is not None:
            advice = _hint_for(answer, case, mistakes, rtol, atol) or hint
            text = f"{where}.\n  {problem}"
            return False, text + (f"\n  hint: {advice}" if advice else "")
    return True, f"{name}: all {len(cases)} checks passed"


def quiet(function):
    """``function`` with NumPy's floating-point warnings silenced: a mistake that overflows is
    meant to return inf or NaN, not to fill the test log with warnings."""
    def silenced(*args, **kwargs):
        with np.errstate(all="ignore"):
            return function(*args, **kwargs)
    return silenced


def _mutated_argument(case, args, kwargs):
    """Name of the first argument the learner's call changed, or None."""
    originals = list(enumerate(case.args)) + list(case.kwargs.items())
    after = dict(enumerate(args)) | kwargs
    for key, before in originals:
        if isinstance(before, np.ndarray) and not np.array_equal(before, after[key], equal_nan=True):
            return f"number {key + 1}" if isinstance(key, int) else f"`{key}`"
    return None


def _compare(answer, expected, rtol, atol):
    """None if ``answer`` matches ``expected``, else a sentence saying what is wrong."""
    if answer is None:
        return "Your function returned None: did you forget the `return` statement?"
    if isinstance(expected, tuple):
        if not isinstance(answer, tuple) or len(answer) != len(expected):
            return (f"Expected a tuple of {len(expected)} values, got "
                    f"{type(answer).__name__}: {_show(answer)}.")
        for position, (a, e) in enumerate(zip(answer, expected), start=1):
            problem = _compare(a, e, rtol, atol)
            if problem is not None:
                return f"Value {position} of the returned tuple: {problem}"
        return None
    if isinstance(expected, str):
        return None if answer == expected else f"Expected {expected!r}, got {answer!r}."
    try:
        got = np.asarray(answer)
    except Exception:  # an object NumPy cannot read
        return f"Expected an array, got {type(answer).__name__}."
    want = np.asarray(expected)
    if got.dtype.kind not in "fiuc":
        return (f"Expected numbers, got an array of dtype {got.dtype}."
                + (" Convert booleans with `.astype(float)`." if got.dtype.kind == "b" else ""))
    if got.shape != want.shape:
        return f"Expected shape {want.shape}, got shape {got.shape}."
    if np.isnan(got).any() and not np.isnan(want).any():
        return (f"Your answer contains NaN: {_show(got)}.\n  Look for 0/0, inf - inf, or the "
                "log or sqrt of a negative number; large inputs make exp() overflow to inf.")
    if not np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True):
        return f"Wrong values.\n  expected: {_show(want)}\n  got:      {_show(got)}"
    return None


def _hint_for(answer, case, mistakes, rtol, atol):
    """The hint of the first known mistake that gives ``answer``, if any.

    ``answer`` is what the learner's function returned, or the exception it raised: a mistake
    matches an exception when it raises the same type with the same message.
    """
    for mistake in mistakes:
        try:
            with np.errstate(all="ignore"):
                wrong = mistake.compute(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        except Exception as error:  # this mistake crashes on this case
            if isinstance(answer, Exception) and (type(error), str(error)) == (type(answer), str(answer)):
                return mistake.hint
            continue
        if not isinstance(answer, Exception) and _compare(answer, wrong, rtol, atol) is None:
            return mistake.hint
    return None


def _show(value):
    """A short, stable rendering of a value for messages."""
    with np.printoptions(precision=4, suppress=True, threshold=12, edgeitems=3):
        return np.array2string(np.asarray(value), separator=", ").replace("\n", " ")
