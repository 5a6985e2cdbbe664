"""The machinery of the exercise checks (DESIGN section 5).

A check calls the learner's function on several cases and compares each answer with the
reference. It never raises, whatever the learner's function does or returns: a stub, an
exception of any type (``KeyboardInterrupt`` excepted, so that the learner can stop an endless
loop; ``SystemExit`` is reported like any other exception), ``None``, a list, a ragged sequence,
a tuple of the wrong length, a generator, a dict, a string, an object, complex numbers, a wrong
shape or dtype, NaN or inf, printing, or changing an argument (array, list or dict) in place.
Each gets a sentence that says which case failed, what came back and what was expected.

Hints come in stages: the first failure gives the hint of the listed mistake that the learner's
function matches on every case, or else a code-free nudge (``hint=``); the full recipe (``recipe=``) is shown only when
the same check fails again in the session, or on request (``checks.<name>.hint()``).
"""

import contextlib
import copy
import io
import sys
from dataclasses import dataclass, field

import numpy as np

from .advice import _advice_for_error
from .compare import (
    _compare,
    _describe,
    _generator_left_behind,
    _hint_for,
    _mutated_argument,
    _normalized,
    _parameter_names,
    _printed,
    _short,
    _tolerances,
)
from .progress import record_pass

NOT_IMPLEMENTED = "not implemented yet"
NOT_CALLABLE = "Pass the function itself, without ()"


@dataclass
class Case:
    """One call of the learner's function: its arguments and how to describe them.

    ``rtol`` and ``atol``, when given, replace the check's tolerances for this case (a float32
    input, whose answer is right to float32 precision only).
    """

    args: tuple
    label: str
    kwargs: dict = field(default_factory=dict)
    rtol: float = None
    atol: float = None


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
    returns : tuple of str, optional
        The names of the values of a returned tuple, e.g. ``("w_new", "m_new")``, for messages.
    mutation_hint : str, optional
        What to say when the function changes an argument in place, if not the generic advice.
    steps : dict, optional
        For a reference that returns a dict of intermediate results, compared in the dict's
        order: for each key, ``(the key it is computed from, or None; a code-free nudge about
        that step)``. The message names the first wrong entry and the step that made it.
    normalize : callable, optional
        Applied to every answer (the learner's, the reference's, each mistake's) before they are
        compared, e.g. to compare shapes as text or lists as tuples. It must leave an answer it
        cannot read unchanged.
    """

    def __init__(self, name, reference, cases, mistakes=(), hint="", recipe="", rtol=1e-6,
                 atol=1e-9, returns=None, mutation_hint=None, steps=None, normalize=None):
        self.name, self.reference, self.cases = name, reference, list(cases)
        self.mistakes, self.nudge, self.recipe = list(mistakes), hint, recipe
        self.rtol, self.atol = rtol, atol
        self.returns, self.mutation_hint, self.steps = returns, mutation_hint, steps
        self.normalize = normalize or (lambda answer: answer)
        self.failures = 0
        caller = sys._getframe(1)
        while caller.f_globals.get("__name__", "").startswith("mutmut."):  # mutation testing
            caller = caller.f_back  # calls through its trampoline: the module is further up
        _register(self, caller.f_globals)

    def __repr__(self):
        return f"<check of the exercise {self.name!r}: {len(self.cases)} cases>"

    def hint(self):
        """Print the full recipe of this exercise (or the nudge, if it has no recipe)."""
        print(f"{self.name}: {self.recipe or self.nudge}")

    def __call__(self, learner):
        """Print ``<name>: all N checks passed``, or what failed and how to fix it.

        This is the one place where a check passes or fails in a session: a pass is recorded
        (``checks.progress()``), the first failure gives a hint, a later failure of the same check
        adds the full recipe.
        """
        passed, message = self.evaluate(learner)
        if passed:
            record_pass(self.name)
        else:
            self.failures += 1
            if self.failures > 1 and self.recipe:
                message += f"\n  recipe (second failure): {self.recipe}"
        print(message)

    def evaluate(self, learner):
        """``(passed, message)`` for the learner's function, as at a first failure."""
        try:
            return _evaluate(self, learner)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # noqa: BLE001, a bug of the check itself: never crash
            return False, (f"{self.name}: the check could not judge your answer "
                           f"({type(error).__name__}: {error}). Make your function return what "
                           "the exercise asks for.")


REGISTRY = {}
"""Every Check by name, so that the tests can try each one with right and wrong answers."""


def _register(check, module_globals):
    """Put ``check`` in ``REGISTRY``, ``module_globals`` being those of the module defining it.

    ``importlib.reload`` runs a module again with a new ``__spec__``: its checks then replace
    the ones its previous run defined. Any other second check of the same name is an error.
    """
    module, spec = module_globals.get("__name__"), module_globals.get("__spec__")
    previous = REGISTRY.get(check.name)
    rerun = previous is not None and previous._module == module and spec is not None \
        and previous._spec is not spec
    if previous is not None and not rerun:
        raise ValueError(f"two exercise checks are named {check.name!r} (in {previous._module} "
                         f"and {module})")
    check._module, check._spec = module, spec
    REGISTRY[check.name] = check


def _evaluate(check, learner):
    name, cases = check.name, check.cases
    if not callable(learner):
        return False, (f"{name}: {NOT_CALLABLE}: `checks.{name}({name})`, not "
                       f"`checks.{name}({name}(...))`. You passed {_describe(learner)}.")
    names = _parameter_names(check.reference)
    for number, case in enumerate(cases, start=1):
        rtol, atol = _tolerances(check, case)
        where = f"{name}: case {number} of {len(cases)} failed ({case.label})"
        reference_args, reference_kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
        with np.errstate(all="ignore"):
            expected = check.normalize(check.reference(*reference_args, **reference_kwargs))
        args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed), np.errstate(all="ignore"):
                answer = learner(*args, **kwargs)  # NaN and inf are reported, not warned
        except NotImplementedError:
            return False, (f"{name}: {NOT_IMPLEMENTED}. Replace `raise NotImplementedError` "
                           "with your code, run that cell, then run this check again.")
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # learner code may raise anything: report it
            advice = (_hint_for(error, case, check, rtol, atol, learner)
                      or _advice_for_error(error, check)
                      or "run it on these inputs yourself and read the traceback.")
            return False, (f"{where}.\n  Your function raised {type(error).__name__}: "
                           f"{_short(error)}\n  hint: {advice}" + _printed(printed))
        changed = _mutated_argument(case, args, kwargs, names)
        if changed is not None:
            advice = check.mutation_hint or (
                "compute new arrays or lists (e.g. `z * 2`, `z.copy()`, `list(values)`) instead "
                "of assigning into an argument (`z[...] = ...`, `z *= ...`, `values.append`).")
            return False, (f"{where}.\n  Your function changed its input, argument "
                           f"{changed}, in place.\n  hint: {advice}" + _printed(printed))
        answer = _normalized(check, answer)
        problem = _compare(answer, expected, rtol, atol,
                           check.steps if isinstance(expected, dict) else check.returns)
        if problem is not None:
            advice = _hint_for(answer, case, check, rtol, atol, learner) or check.nudge
            text = f"{where}.\n  {problem}"
            return False, text + (f"\n  hint: {advice}" if advice else "") + _printed(printed)
        behind = _generator_left_behind(args, kwargs, reference_args, reference_kwargs, names)
        if behind is not None:
            return False, (f"{where}.\n  The values are right, but the random generator, "
                           f"argument {behind}, is not where the exercise's draws leave it.\n"
                           "  hint: draw from the generator you are given (not from a copy or "
                           "a new one), exactly the values the answer needs: the next call "
                           "must get new numbers, or two layers start with the same weights."
                           + _printed(printed))
    return True, f"{name}: all {len(cases)} checks passed"


def quiet(function):
    """``function`` with NumPy's floating-point warnings silenced: a mistake that overflows is
    meant to return inf or NaN, not to fill the test log with warnings."""
    def silenced(*args, **kwargs):
        with np.errstate(all="ignore"):
            return function(*args, **kwargs)
    return silenced
