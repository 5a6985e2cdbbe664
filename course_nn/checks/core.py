"""The machinery of the exercise checks (DESIGN section 5).

A check calls the learner's function on several cases and compares each answer with the
reference. It never raises, whatever the learner's function does or returns: a stub, an
exception of any type (``KeyboardInterrupt`` excepted, so that the learner can stop an endless
loop; ``SystemExit`` is reported like any other exception), ``None``, a list, a ragged sequence,
a tuple of the wrong length, a generator, a dict, a string, an object, complex numbers, a wrong
shape or dtype, NaN or inf, printing, or changing an argument (array, list or dict) in place.
Each gets a sentence that says which case failed, what came back and what was expected.

Hints come in stages: the first failure gives the hint of the listed mistake that the answer
matches, or else a code-free nudge (``hint=``); the full recipe (``recipe=``) is shown only when
the same check fails again in the session, or on request (``checks.<name>.hint()``).
"""

import ast
import contextlib
import copy
import inspect
import io
import linecache
import re
import sys
import types
from dataclasses import dataclass, field

import numpy as np

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
        _register(self, sys._getframe(1).f_globals)

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
        rtol = check.rtol if case.rtol is None else case.rtol
        atol = check.atol if case.atol is None else case.atol
        where = f"{name}: case {number} of {len(cases)} failed ({case.label})"
        with np.errstate(all="ignore"):
            expected = check.normalize(
                check.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)))
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
            advice = (_hint_for(error, case, check, rtol, atol)
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
            advice = _hint_for(answer, case, check, rtol, atol) or check.nudge
            text = f"{where}.\n  {problem}"
            return False, text + (f"\n  hint: {advice}" if advice else "") + _printed(printed)
    return True, f"{name}: all {len(cases)} checks passed"


def quiet(function):
    """``function`` with NumPy's floating-point warnings silenced: a mistake that overflows is
    meant to return inf or NaN, not to fill the test log with warnings."""
    def silenced(*args, **kwargs):
        with np.errstate(all="ignore"):
            return function(*args, **kwargs)
    return silenced


# ------------------------------------------------------------------------- what went wrong
def _parameter_names(function):
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return []


def _printed(buffer):
    lines = buffer.getvalue().splitlines()
    if not lines:
        return ""
    shown = "\n    ".join(line[:100] for line in lines[:5])
    more = f"\n    ... ({len(lines) - 5} more lines)" if len(lines) > 5 else ""
    return f"\n  Your function printed on this case:\n    {shown}{more}"


def _short(error):
    text = str(error)
    return text if len(text) <= 300 else text[:300] + " ..."


def _same(before, after):
    """Whether an argument is unchanged: arrays, lists, tuples and dicts by value."""
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and before.shape == after.shape
                and before.dtype == after.dtype and np.array_equal(before, after, equal_nan=True))
    if isinstance(before, (list, tuple)):
        return (type(after) is type(before) and len(before) == len(after)
                and all(_same(b, a) for b, a in zip(before, after)))
    if isinstance(before, dict):
        return (isinstance(after, dict) and before.keys() == after.keys()
                and all(_same(before[key], after[key]) for key in before))
    if isinstance(before, (int, float, complex, str, bytes, np.number, np.bool_)):
        return type(after) is type(before) and (before == after or before != before)
    return True  # generators (a random generator is meant to advance) and functions


def _mutated_argument(case, args, kwargs, names=()):
    """Name of the first argument the learner's call changed, or None."""
    originals = list(enumerate(case.args)) + list(case.kwargs.items())
    after = dict(enumerate(args)) | kwargs
    for key, before in originals:
        if not _same(before, after[key]):
            if isinstance(key, int):
                name = f" `{names[key]}`" if key < len(names) else ""
                return f"number {key + 1}{name}"
            return f"`{key}`"
    return None


def _describe(value):
    """What a value is, in a few words: 'a list of 3 items', 'an array of shape (2, 3)'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return (f"a number (a 0-d array of dtype {value.dtype})" if value.ndim == 0
                else f"an array of shape {value.shape} and dtype {value.dtype}")
    if isinstance(value, (bool, np.bool_)):
        return f"the boolean {value}"
    if isinstance(value, (int, float, complex, np.number)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, (list, tuple)):
        kind = type(value).__name__
        return f"a {kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return f"a dict with keys {list(value)[:5]}"
    if isinstance(value, (types.GeneratorType, map, filter, zip, range)) or (
            hasattr(value, "__next__") and hasattr(value, "__iter__")):
        return f"a {type(value).__name__} (lazy: it is not a list or an array)"
    if callable(value):
        return f"a function ({getattr(value, '__name__', type(value).__name__)})"
    return f"an object of type {type(value).__name__}"


def _what(expected, names=None):
    """What the exercise returns, for messages."""
    if isinstance(expected, tuple):
        listed = f" ({', '.join(names)})" if names and len(names) == len(expected) else ""
        return f"a tuple of {len(expected)} values{listed}"
    try:
        want = np.asarray(expected)
    except ValueError:  # a ragged sequence
        return f"a sequence of {len(expected)} values"
    if want.ndim == 0:
        return "a single number"
    return f"an array of shape {want.shape}"


def _ordinal(n):
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _normalized(check, answer):
    """``check.normalize(answer)``, or the answer itself when it cannot be normalized."""
    try:
        return check.normalize(answer)
    except Exception:  # noqa: BLE001, an answer of another kind: _compare says what it is
        return answer


def _compare(answer, expected, rtol, atol, names=None):
    """None if ``answer`` matches ``expected``, else a sentence saying what is wrong."""
    if answer is None:
        return "Your function returned None: did you forget the `return` statement?"
    if isinstance(expected, tuple):
        return _compare_tuple(answer, expected, rtol, atol, names)
    if isinstance(expected, dict):
        return _compare_dict(answer, expected, rtol, atol, names or {})
    if isinstance(expected, str):
        return None if answer == expected else f"Expected {expected!r}, got {_describe(answer)}."
    wanted = _what(expected)
    if isinstance(answer, (str, bytes, dict, set, frozenset)) or _is_lazy(answer) or (
            callable(answer) and not isinstance(answer, np.ndarray)):
        hint = " Build a list or an array from it, e.g. np.array([...])." if _is_lazy(answer) else ""
        return f"Expected {wanted}, got {_describe(answer)}.{hint}"
    if isinstance(answer, tuple) and not np.isscalar(expected) and len(answer) > 1 and all(
            isinstance(item, np.ndarray) for item in answer):
        return (f"Expected {wanted}, got a tuple of {len(answer)} arrays: return only the "
                "array the exercise asks for.")
    try:
        got = np.asarray(answer)
    except ValueError:  # a ragged sequence
        return (f"Expected {wanted}, got {_describe(answer)} whose items have different "
                "lengths or shapes (a ragged sequence), which is not an array.")
    want = np.asarray(expected)
    if got.dtype.kind == "O":
        return f"Expected {wanted}, got {_describe(answer)}, which is not made of numbers."
    if got.dtype.kind == "c" and want.dtype.kind != "c":
        return (f"Expected real numbers, got complex numbers: {_show(got)}. A power such as "
                "x ** 0.5 of a negative number, or np.emath, makes complex numbers.")
    if got.dtype.kind not in "fiu":
        return (f"Expected numbers, got an array of dtype {got.dtype}."
                + (" Convert booleans with `.astype(float)`." if got.dtype.kind == "b" else ""))
    if got.shape != want.shape:
        return f"Expected {wanted}, got {_describe_shape(got, want)}."
    if np.isnan(got).any() and not np.isnan(want).any():
        return (f"Your answer contains NaN: {_show(got)}.\n  Look for 0/0, inf - inf, or the "
                "log or sqrt of a negative number; large inputs make exp() overflow to inf.")
    if np.isinf(got).any() and not np.isinf(want).any():
        return (f"Your answer contains inf: {_show(got)}.\n  Look for an exp() that overflows "
                "(exp(710) is inf), a log(0), or a division by 0.")
    with np.errstate(all="ignore"):
        close = np.allclose(got.astype(np.float64), want.astype(np.float64), rtol=rtol,
                            atol=atol, equal_nan=True)
    if not close:
        return f"Wrong values.\n  expected: {_show(want)}\n  got:      {_show(got)}"
    return None


def _is_lazy(value):
    return isinstance(value, (types.GeneratorType, map, filter, zip)) or (
        hasattr(value, "__next__") and hasattr(value, "__iter__"))


def _describe_shape(got, want):
    if got.ndim == 0:
        return f"a single number ({got.item()!r})"
    text = f"shape {got.shape}"
    if want.ndim == 0:
        return text + ": reduce it to one number (a mean or a sum?)"
    if got.shape == want.shape[::-1]:
        return text + ", the transpose of the expected shape"
    if got.size == want.size:
        return text + ", with the right number of entries but another shape (keepdims?)"
    return text


def _compare_tuple(answer, expected, rtol, atol, names):
    wanted = _what(expected, names)
    label = (lambda i: f" ({names[i]})") if names and len(names) == len(expected) else (
        lambda i: "")
    if not isinstance(answer, (tuple, list)):
        if _is_lazy(answer):
            return f"Expected {wanted}, got {_describe(answer)}: return a tuple, `return a, b`."
        return f"Expected {wanted}, got {_describe(answer)}."
    if len(answer) != len(expected):
        matched = _match(answer, expected, rtol, atol)
        missing = [i for i in range(len(expected)) if i not in matched]
        text = f"Expected {wanted}, got a {type(answer).__name__} of {len(answer)}."
        if len(answer) < len(expected) and len(missing) == len(expected) - len(answer):
            listed = ", ".join(f"the {_ordinal(i + 1)}{label(i)}" for i in missing)
            text += f" Missing: {listed}."
        elif len(answer) > len(expected):
            text += " Return only the values the exercise asks for, in its order."
        return text
    for position, (a, e) in enumerate(zip(answer, expected)):
        problem = _compare(a, e, rtol, atol)
        if problem is not None:
            others = [i for i in range(len(expected)) if i != position
                      and _compare(a, expected[i], rtol, atol) is None]
            if others:
                order = f" ({', '.join(names)})" if names and len(names) == len(expected) else ""
                problem += (f" It is the expected {_ordinal(others[0] + 1)} value"
                            f"{label(others[0])}: return the values in the exercise's "
                            f"order{order}.")
            return f"Value {position + 1}{label(position)} of the returned tuple: {problem}"
    return None


def _compare_dict(answer, expected, rtol, atol, steps):
    """Compare a dict entry by entry, in the expected order; name the first wrong entry and, when
    ``steps`` says which entry it is computed from (right, since it came first), that step."""
    keys = ", ".join(expected)
    if not isinstance(answer, dict):
        return f"Expected a dict with the keys {keys}; got {_describe(answer)}."
    missing = [key for key in expected if key not in answer]
    if missing:
        return f"Expected a dict with the keys {keys}; yours has no {', '.join(missing)}."
    for key, wanted in expected.items():
        problem = _compare(answer[key], wanted, rtol, atol)
        if problem is not None:
            source, step = steps.get(key, (None, ""))
            told = (f"`{key}` is wrong" if source is None else
                    f"`{key}` is wrong; `{source}` before it is right, so the mistake is in the "
                    f"step from {source} to {key}")
            return f"{told}{': ' + step if step else '.'}\n  {problem}"
    return None


def _match(answer, expected, rtol, atol):
    """Indices of ``expected`` that the items of ``answer`` equal, in order."""
    matched, start = set(), 0
    for item in answer:
        for index in range(start, len(expected)):
            try:
                if _compare(item, expected[index], rtol, atol) is None:
                    matched.add(index)
                    start = index + 1
                    break
            except Exception:  # noqa: BLE001
                continue
    return matched


def _hint_for(answer, case, check, rtol, atol):
    """The hint of the first known mistake that gives ``answer``, if any.

    ``answer`` is what the learner's function returned, or the exception it raised: a mistake
    matches an exception when it raises the same type with the same message.
    """
    for mistake in check.mistakes:
        try:
            with np.errstate(all="ignore"):
                wrong = check.normalize(
                    mistake.compute(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)))
        except Exception as error:  # this mistake crashes on this case
            if isinstance(answer, BaseException) and (
                    (type(error), str(error)) == (type(answer), str(answer))):
                return mistake.hint
            continue
        if isinstance(answer, BaseException):
            continue
        try:
            if _compare(answer, wrong, rtol, atol) is None:
                return mistake.hint
        except Exception:  # noqa: BLE001, an answer the comparison cannot read
            continue
    return None


def _show(value):
    """A short, stable rendering of a value for messages."""
    try:
        array = np.asarray(value)
        if array.ndim == 0 and array.dtype.kind in "fiu":
            return f"{array.item():.6g}"
        finite = np.abs(array[np.isfinite(array)]).astype(np.float64)
        tiny = finite.size and 0 < np.min(finite[finite > 0], initial=np.inf) < 1e-3
        with np.printoptions(precision=4, suppress=not tiny, threshold=12, edgeitems=3):
            return np.array2string(array, separator=", ").replace("\n", " ")
    except Exception:  # noqa: BLE001
        return _describe(value)


# --------------------------------------------------------------- advice for an exception
def _advice_for_error(error, check):
    """Advice for common exceptions: a shape error of a matrix product, a wrong signature."""
    if isinstance(error, ValueError) and ("matmul" in str(error) or "not aligned" in str(error)):
        return _matmul_advice(error)
    if isinstance(error, ValueError) and "could not be broadcast" in str(error):
        return ("two arrays of these shapes cannot be combined elementwise: an (m,) array lines "
                "up with the LAST axis of an (m, n) one. Print the shapes; keepdims=True in a "
                "sum or mean keeps an axis of size 1 that broadcasts.")
    if isinstance(error, TypeError) and re.search(r"positional argument|keyword argument",
                                                  str(error)):
        try:
            signature = inspect.signature(check.reference)
        except (TypeError, ValueError):
            return None
        return f"the exercise's function is called as {check.name}{signature}."
    return None


_SAFE_NODES = (ast.Expression, ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.Slice,
               ast.Tuple, ast.Load, ast.UnaryOp, ast.USub, ast.BinOp, ast.Add, ast.Sub, ast.Mult,
               ast.Div, ast.Pow, ast.MatMult)


def _matmul_advice(error):
    """Name the two operands of the failing matrix product, their shapes and a transpose."""
    sizes = re.search(r"size (\d+) is different from (\d+)", str(error))
    generic = ("a matrix product A @ B needs A.shape[-1] == B.shape[0]"
               + (f" (here {sizes.group(2)} and {sizes.group(1)})" if sizes else "")
               + ": print the shapes of both operands; one of them may need a transpose (.T).")
    try:
        pairs = _failing_products(error)
    except Exception:  # noqa: BLE001, the source is not available: say what we know
        pairs = []
    for left, right, a, b in pairs:
        a_shape, b_shape = np.shape(a), np.shape(b)
        if len(a_shape) == 0 or len(b_shape) == 0:
            continue
        inner_a = a_shape[-1]
        inner_b = b_shape[0] if len(b_shape) < 2 else b_shape[-2]
        if inner_a == inner_b:
            continue
        options = []
        for text, x, y in ((f"{left}.T @ {right}", np.transpose(a), b),
                           (f"{left} @ {right}.T", a, np.transpose(b))):
            try:
                options.append(f"`{text}` has shape {np.shape(x @ y)}")
            except Exception:  # noqa: BLE001
                continue
        advice = (f"in `{left} @ {right}`, {left} has shape {a_shape} and {right} has shape "
                  f"{b_shape}: the inner sizes {inner_a} and {inner_b} must be equal.")
        if options:
            advice += " Consider a transpose: " + "; ".join(options) + "."
        else:
            advice += " Check which of the two is not the array you meant."
        return advice
    return generic


def _failing_products(error):
    """(left source, right source, left value, right value) of the matrix products on the line
    where ``error`` was raised, found in the learner's own frame."""
    tb = error.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    frame, line = tb.tb_frame, linecache.getline(tb.tb_frame.f_code.co_filename, tb.tb_lineno)
    text = line.strip()
    text = text.removeprefix("return ")
    text = re.sub(r"^[\w\s,\[\]\.]+=(?!=)", "", text).strip()  # drop `a, b = `
    tree = ast.parse(text.rstrip(",;\\"), mode="eval")
    namespace = {**frame.f_globals, **frame.f_locals}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            left, right = node.left, node.right
        elif (isinstance(node, ast.Call) and len(node.args) == 2
              and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("dot", "matmul")):
            left, right = node.args
        else:
            continue
        values = []
        for operand in (left, right):
            if not all(isinstance(sub, _SAFE_NODES) for sub in ast.walk(operand)):
                break  # never evaluate a call: it could have side effects
            values.append(eval(compile(ast.Expression(operand), "<check>", "eval"),
                               {"__builtins__": {}}, namespace))
        if len(values) == 2:
            found.append((ast.unparse(left), ast.unparse(right), *values))
    return found
