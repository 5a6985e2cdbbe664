"""What went wrong in a learner's answer: comparing it with the expected one, describing both in
a sentence, finding the listed mistake it matches (``checks/core.py`` uses these)."""

import contextlib
import copy
import inspect
import io
import types

import numpy as np


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
    hidden = len(lines) - 5
    more = f"\n    ... ({hidden} more line{'s' if hidden > 1 else ''})" if hidden > 0 else ""
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
            return _argument_name(key, names)
    return None


def _generator_left_behind(args, kwargs, reference_args, reference_kwargs, names=()):
    """Name of the first random generator among the arguments that the learner's call left in
    another state than the reference's call left its copy (it drew from a copy, from another
    generator, or a different number of values), or None."""
    theirs = dict(enumerate(reference_args)) | reference_kwargs
    for key, mine in list(enumerate(args)) + list(kwargs.items()):
        if isinstance(mine, np.random.Generator) and (
                mine.bit_generator.state != theirs[key].bit_generator.state):
            return _argument_name(key, names)
    return None


def _argument_name(key, names):
    """"number 3 `rng`" for the third positional argument, "`rng`" for a keyword."""
    if isinstance(key, int):
        return f"number {key + 1}" + (f" `{names[key]}`" if key < len(names) else "")
    return f"`{key}`"


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
    if _is_lazy(value) or isinstance(value, range):
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
    if isinstance(answer, tuple) and len(answer) == 1 and isinstance(answer[0], np.ndarray):
        return (f"Expected {wanted}, got a tuple holding one array, as np.where(condition) and "
                "np.nonzero return: return the array itself, the tuple's item [0].")
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
        expected_text, got_text = _show(want), _show(got)
        text = f"Wrong values.\n  expected: {expected_text}\n  got:      {got_text}"
        return text if got_text != expected_text else f"{text}\n  {_unseen(got, want)}"
    return None


def _unseen(got, want):
    """Where two arrays that print alike differ most: beyond the digits shown, or in entries a
    long array's printout leaves out."""
    got, want = got.astype(np.float64), want.astype(np.float64)
    with np.errstate(all="ignore"):
        gap = np.abs(got - want)
        where = np.unravel_index(np.nanargmax(gap), gap.shape)  # () for a single number
        share = gap[where] / abs(want[where])
    at = f" at index {tuple(int(i) for i in where)}" if where else ""
    text = f"They print alike, but differ where the printout does not show: by {gap[where]:.2g}{at}"
    if share < 1e-3:
        return (f"{text}, {share:.2g} of the value. A difference this small comes from float32 "
                "arithmetic, a tiny extra term, or eps in the wrong place.")
    return text + "."


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


def _compare_tuple(answer, expected, rtol, atol, names, inner=False):
    """``_compare`` of a tuple, value by value; ``inner`` for a tuple inside the returned one
    (its values are then called items: "Value 1 (dWs) of the returned tuple: Item 2: ...")."""
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
        text = (f"Expected {wanted}, got a {type(answer).__name__} of {len(answer)} "
                f"value{'s' if len(answer) != 1 else ''}.")
        if len(answer) < len(expected) and len(missing) == len(expected) - len(answer):
            listed = ", ".join(f"the {_ordinal(i + 1)}{label(i)}" for i in missing)
            text += f" Missing: {listed}."
        elif len(answer) > len(expected):
            text += " Return only the values the exercise asks for, in its order."
        return text
    for position, (a, e) in enumerate(zip(answer, expected)):
        problem = (_compare_tuple(a, e, rtol, atol, None, inner=True) if isinstance(e, tuple)
                   and a is not None else _compare(a, e, rtol, atol))
        if problem is not None:
            others = [i for i in range(len(expected)) if i != position
                      and _compare(a, expected[i], rtol, atol) is None]
            if others and _is_reordering(answer, expected, rtol, atol):
                order = f" ({', '.join(names)})" if names and len(names) == len(expected) else ""
                kind = "item" if inner else "value"
                problem += (f"\n  It is the expected {_ordinal(others[0] + 1)} {kind}"
                            f"{label(others[0])}: return the {kind}s in the exercise's "
                            f"order{order}.")
            where = "Item" if inner else "Value"
            return (f"{where} {position + 1}{label(position)}"
                    f"{'' if inner else ' of the returned tuple'}: {problem}")
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


def _is_reordering(answer, expected, rtol, atol):
    """True when every item of ``answer`` equals a different item of ``expected``: the right
    values in another order (not one value that happens to equal another expected one)."""
    unused = list(range(len(expected)))
    for item in answer:
        same = [i for i in unused if _compare(item, expected[i], rtol, atol) is None]
        if not same:
            return False
        unused.remove(same[0])
    return True


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


def _hint_for(answer, case, check, rtol, atol, learner=None):
    """The hint of the first known mistake that gives ``answer``, if any.

    ``answer`` is what the learner's function returned on ``case``, or the exception it raised: a
    mistake matches an exception when it raises the same type with the same message. With the
    ``learner``'s function, the mistake must also give what it gives on every other case: a
    value that only happens to equal a mistake's on one case gets no hint that blames it.
    """
    elsewhere = None  # the learner's answers on the other cases, run once, when first needed
    for mistake in check.mistakes:
        if not _gives(mistake.compute, answer, case, check, rtol, atol):
            continue
        if learner is None:
            return mistake.hint
        if elsewhere is None:
            elsewhere = [(other, _answer_of(learner, other, check))
                         for other in check.cases if other is not case]
        if all(_gives(mistake.compute, given, other, check, *_tolerances(check, other))
               for other, given in elsewhere):
            return mistake.hint
    return None


def _gives(compute, answer, case, check, rtol, atol):
    """True when ``compute`` on ``case`` gives ``answer`` (a value, or the exception raised)."""
    try:
        with np.errstate(all="ignore"):
            wrong = check.normalize(
                compute(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)))
    except Exception as error:  # this mistake crashes on this case
        return isinstance(answer, BaseException) and (
            (type(error), str(error)) == (type(answer), str(answer)))
    if isinstance(answer, BaseException):
        return False
    try:
        return _compare(answer, wrong, rtol, atol) is None
    except Exception:  # noqa: BLE001, an answer the comparison cannot read
        return False


def _answer_of(learner, case, check):
    """What the learner's function gives on ``case``, normalized, or the exception it raises;
    what it prints is dropped."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
            return _normalized(check, learner(*copy.deepcopy(case.args),
                                              **copy.deepcopy(case.kwargs)))
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001, learner code may raise anything
        return error


def _tolerances(check, case):
    """``(rtol, atol)`` of ``case``: its own, or the check's."""
    return (check.rtol if case.rtol is None else case.rtol,
            check.atol if case.atol is None else case.atol)


def _show(value):
    """A short, stable rendering of a value for messages."""
    try:
        array = np.asarray(value)
        if array.ndim == 0 and array.dtype.kind in "fiu":
            return f"{array.item():.6g}"
        finite = np.abs(array[np.isfinite(array)]).astype(np.float64)
        tiny = finite.size and 0 < np.min(finite[finite > 0], initial=np.inf) < 1e-3
        with np.printoptions(precision=4, suppress=not tiny, threshold=12):
            return np.array2string(array, separator=", ").replace("\n", " ")
    except Exception:  # noqa: BLE001
        return _describe(value)
