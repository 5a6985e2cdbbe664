"""The exact text of the reports a learner reads: ``GradientReport`` (``gradcheck.diagnose``) and
what a check says about an answer (``checks/compare.py``)."""

import copy
import functools
import io
import warnings

import numpy as np
import pytest

from course_nn.checks.compare import (
    _compare,
    _compare_dict,
    _describe,
    _describe_shape,
    _generator_left_behind,
    _hint_for,
    _match,
    _mutated_argument,
    _ordinal,
    _printed,
    _same,
    _short,
    _show,
    _what,
)
from course_nn.checks.core import Case, Check, Mistake, _evaluate
from course_nn.gradcheck import GradientReport


def row(index, layer, shapes, errors, problem=None):
    return {"index": index, "layer": layer, "input_shape": shapes[0], "output_shape": shapes[1],
            "errors": errors, "problem": problem}


def test_a_report_of_short_names_keeps_its_columns_under_their_headings():
    report = GradientReport([row(0, "A", ((2,), (2,)), {"x": 1e-8, "W": 0.5}),
                             row(1, "B", ((2,), (2,)), {"x": np.nan},
                                 problem="backward raised ValueError: bad")],
                            loss_error=1e-6, tol=1e-6)
    assert str(report) == "\n".join([
        "layer  input -> output  relative error",
        "loss                    dy_hat 1.0e-06",  # exactly at tol: not marked wrong
        " 1 B   (2,) -> (2,)     dx nan",
        "       (backward raised ValueError: bad)",
        " 0 A   (2,) -> (2,)     dx 1.0e-08  dW 5.0e-01  <- first wrong",  # 1e-8 is shown
        "layer 0 is the first wrong one walking back from the loss:",
        "the mistake is in its backward (relative error above 1e-06)"])


def test_an_error_exactly_at_tol_is_not_wrong():
    report = GradientReport([row(0, "A", ((2,), (2,)), {"x": 1e-6})], loss_error=0.0, tol=1e-6)
    assert report.first_wrong is None and not report.is_wrong(report.rows[0])


def test_a_report_without_layers_judges_the_loss_alone():
    assert str(GradientReport([], loss_error=2e-6, tol=1e-6)) == "\n".join([
        "layer  input -> output  relative error",
        "loss                    dy_hat 2.0e-06  <- loss's backward is wrong",
        "every backward pass agrees with central differences (within 1e-06)"])


def test_ordinals():
    assert [_ordinal(n) for n in (1, 2, 3, 4, 11)] == ["1st", "2nd", "3rd", "4th", "11th"]


def test_a_dict_answer_is_judged_entry_by_entry_in_the_expected_order():
    expected = {"dz": np.ones(2), "dW": np.ones(2)}
    assert _compare_dict([1], expected, 1e-6, 0, {}) == (
        "Expected a dict with the keys dz, dW; got a list of 1 item.")
    assert _compare_dict({"dz": 1}, expected, 1e-6, 0, {}) == (
        "Expected a dict with the keys dz, dW; yours has no dW.")
    assert _compare_dict({"dz": np.ones(2), "dW": np.ones(2)}, expected, 1e-6, 0, {}) is None
    answer = {"dz": np.ones(2), "dW": np.zeros(2)}
    without_steps = _compare_dict(answer, expected, 1e-6, 0, {})
    assert without_steps.startswith("`dW` is wrong.\n  ")
    first_step = _compare_dict(answer, expected, 1e-6, 0, {"dW": (None, "look at the inputs")})
    assert first_step.startswith("`dW` is wrong: look at the inputs\n  ")
    later_step = _compare_dict(answer, expected, 1e-6, 0, {"dW": ("dz", "")})
    assert later_step.startswith("`dW` is wrong; `dz` before it is right, so the mistake is in the "
                                 "step from dz to dW.\n  ")
    assert without_steps.split("\n", 1)[1] == later_step.split("\n", 1)[1]  # the same comparison


def test_an_error_message_is_cut_after_300_characters():
    assert _short(ValueError("x" * 300)) == "x" * 300
    assert _short(ValueError("x" * 301)) == "x" * 300 + " ..."


class _NoArray:
    """A value that cannot become an array: comparing anything with it raises."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array")


def test_the_values_of_a_tuple_are_matched_in_order_passing_over_what_cannot_be_compared():
    assert _match([1.0, 2.0], [1.0, 2.0, 3.0], 1e-6, 0) == {0, 1}
    assert _match([2.0, 1.0], [1.0, 2.0], 1e-6, 0) == {1}  # in order: 1.0 would come before 2.0
    assert _match([3.0, 3.0], [3.0, 3.0], 1e-6, 0) == {0, 1}  # each expected value once
    assert _match([2.0], [_NoArray(), 2.0], 1e-6, 0) == {1}


class _Countdown:
    """An iterator of one's own: lazy, like a generator."""

    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration


def test_what_came_back_is_described_in_a_few_exact_words():
    described = [
        (None, "None"),
        (np.array(2.0), "a number (a 0-d array of dtype float64)"),
        (np.zeros(1), "an array of shape (1,) and dtype float64"),
        (np.zeros((2, 3), np.float32), "an array of shape (2, 3) and dtype float32"),
        (True, "the boolean True"),
        (2.5, "the number 2.5"),
        ("abcdefghij" * 5, "the string 'abcdefghijabcdefghijabcdefghijabcdefghij'"),
        ((1,), "a tuple of 1 item"),
        ([1, 2], "a list of 2 items"),
        (dict.fromkeys(range(7)), "a dict with keys [0, 1, 2, 3, 4]"),
        (range(3), "a range (lazy: it is not a list or an array)"),
        (_Countdown(), "a _Countdown (lazy: it is not a list or an array)"),
        ({1, 2}, "an object of type set"),
        (np.mean, "a function (mean)"),
        (functools.partial(np.add, 1), "a function (partial)"),
    ]
    for value, words in described:
        assert _describe(value) == words


def test_a_wrong_shape_is_described_with_what_it_suggests():
    assert _describe_shape(np.array(3.0), np.zeros(2)) == "a single number (3.0)"
    assert _describe_shape(np.zeros(2), np.array(1.0)) == (
        "shape (2,): reduce it to one number (a mean or a sum?)")
    assert _describe_shape(np.zeros((3, 2)), np.zeros((2, 3))) == (
        "shape (3, 2), the transpose of the expected shape")
    assert _describe_shape(np.zeros((2, 3, 4)), np.zeros((4, 2, 3))) == (
        "shape (2, 3, 4), with the right number of entries but another shape (keepdims?)")
    assert _describe_shape(np.zeros((2, 3, 4)), np.zeros((4, 3, 2))) == (
        "shape (2, 3, 4), the transpose of the expected shape")
    assert _describe_shape(np.zeros(3), np.zeros(2)) == "shape (3,)"
    assert _describe_shape(np.zeros((1, 3)), np.zeros(3)) == (
        "shape (1, 3), with the right number of entries but another shape (keepdims?)")


def _generator():
    yield from range(2)


# (what the learner returned, what was expected, the names of a tuple's values) -> the message
COMPARED = {
    'none': (None, np.zeros(2), None,
        'Your function returned None: did you forget the `return` statement?'),
    'string expected ok': ("(2, 3)", "(2, 3)", None,
        None),
    'string expected wrong': ((2, 3), "(2, 3)", None,
        "Expected '(2, 3)', got a tuple of 2 items."),
    'a string answer': ("1.0", 1.0, None,
        "Expected a single number, got the string '1.0'."),
    'a dict answer': ({"a": 1}, np.zeros(2), None,
        "Expected an array of shape (2,), got a dict with keys ['a']."),
    'a generator': (_generator(), np.zeros(2), None,
        'Expected an array of shape (2,), got a generator (lazy: it is not a list or an array). Build a list or an array from it, e.g. np.array([...]).'),
    'a function': (np.mean, np.zeros(2), None,
        'Expected an array of shape (2,), got a function (mean).'),
    'tuple of arrays': ((np.zeros(2), np.ones(2)), np.zeros(2), None,
        'Expected an array of shape (2,), got a tuple of 2 arrays: return only the array the exercise asks for.'),
    'ragged': ([[1, 2], [3]], np.zeros(2), None,
        'Expected an array of shape (2,), got a list of 2 items whose items have different lengths or shapes (a ragged sequence), which is not an array.'),
    'objects': ([object(), object()], np.zeros(2), None,
        'Expected an array of shape (2,), got a list of 2 items, which is not made of numbers.'),
    'complex': (np.array([1j, 2]), np.zeros(2), None,
        'Expected real numbers, got complex numbers: [0.+1.j, 2.+0.j]. A power such as x ** 0.5 of a negative number, or np.emath, makes complex numbers.'),
    'booleans': (np.array([True, False]), np.zeros(2), None,
        'Expected numbers, got an array of dtype bool. Convert booleans with `.astype(float)`.'),
    'strings array': (np.array(["a", "b"]), np.zeros(2), None,
        'Expected numbers, got an array of dtype <U1.'),
    'shape': (np.zeros(3), np.zeros(2), None,
        'Expected an array of shape (2,), got shape (3,).'),
    'nan': (np.array([np.nan, 1.0]), np.zeros(2), None,
        'Your answer contains NaN: [nan,  1.].\n  Look for 0/0, inf - inf, or the log or sqrt of a negative number; large inputs make exp() overflow to inf.'),
    'inf': (np.array([np.inf, 1.0]), np.zeros(2), None,
        'Your answer contains inf: [inf,  1.].\n  Look for an exp() that overflows (exp(710) is inf), a log(0), or a division by 0.'),
    'values': (np.array([1.0, 2.0]), np.array([1.0, 2.5]), None,
        'Wrong values.\n  expected: [1. , 2.5]\n  got:      [1., 2.]'),
    'close': (np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), None,
        None),
    'number for tuple': (1.0, (1.0, 2.0), ("w", "m"),
        'Expected a tuple of 2 values (w, m), got the number 1.0.'),
    'generator for tuple': (_generator(), (1.0, 2.0), ("w", "m"),
        'Expected a tuple of 2 values (w, m), got a generator (lazy: it is not a list or an array): return a tuple, `return a, b`.'),
    'short tuple, named': ((2.0,), (1.0, 2.0, 3.0), ("w", "m", "v"),
        'Expected a tuple of 3 values (w, m, v), got a tuple of 1 value. Missing: the 1st (w), the 3rd (v).'),
    'short tuple, unnamed': ((2.0,), (1.0, 2.0, 3.0), None,
        'Expected a tuple of 3 values, got a tuple of 1 value. Missing: the 1st, the 3rd.'),
    'short tuple, names of another length': ((2.0,), (1.0, 2.0, 3.0), ("w",),
        'Expected a tuple of 3 values, got a tuple of 1 value. Missing: the 1st, the 3rd.'),
    'short tuple of wrong values': ((9.0,), (1.0, 2.0), None,
        'Expected a tuple of 2 values, got a tuple of 1 value.'),
    'long tuple': ((1.0, 2.0, 3.0), (1.0, 2.0), None,
        'Expected a tuple of 2 values, got a tuple of 3 values. Return only the values the exercise asks for, in its order.'),
    'list for tuple': ([1.0, 2.0], (1.0, 2.0), None,
        None),
    'swapped, named': ((2.0, 1.0), (1.0, 2.0), ("w", "m"),
        "Value 1 (w) of the returned tuple: Wrong values.\n  expected: 1\n  got:      2\n  It is the expected 2nd value (m): return the values in the exercise's order (w, m)."),
    'swapped, unnamed': ((2.0, 1.0), (1.0, 2.0), None,
        "Value 1 of the returned tuple: Wrong values.\n  expected: 1\n  got:      2\n  It is the expected 2nd value: return the values in the exercise's order."),
    'second wrong': ((1.0, 5.0), (1.0, 2.0), ("w", "m"),
        'Value 2 (m) of the returned tuple: Wrong values.\n  expected: 2\n  got:      5'),
    'second wrong, unnamed': ((1.0, 5.0), (1.0, 2.0), None,
        'Value 2 of the returned tuple: Wrong values.\n  expected: 2\n  got:      5'),
}


@pytest.mark.parametrize("label", COMPARED)
def test_each_way_an_answer_differs_gets_its_exact_sentence(label):
    answer, expected, names, message = COMPARED[label]
    if label in ("a generator", "generator for tuple"):
        answer = _generator()  # a fresh one: each test run consumes it
    assert _compare(answer, expected, 1e-6, 1e-9, names) == message


@pytest.mark.parametrize("n_lines, shown", [
    (0, ""),
    (1, "\n  Your function printed on this case:\n    line 0"),
    (5, "\n  Your function printed on this case:\n    line 0\n    line 1\n    line 2\n    line 3\n    line 4"),
    (6, "\n  Your function printed on this case:\n    line 0\n    line 1\n    line 2\n    line 3\n    line 4"
        "\n    ... (1 more line)"),
    (7, "\n  Your function printed on this case:\n    line 0\n    line 1\n    line 2\n    line 3\n    line 4"
        "\n    ... (2 more lines)"),
    (8, "\n  Your function printed on this case:\n    line 0\n    line 1\n    line 2\n    line 3\n    line 4"
        "\n    ... (3 more lines)"),
])
def test_what_the_function_printed_is_shown_five_lines_at_most(n_lines, shown):
    assert _printed(io.StringIO("".join(f"line {i}\n" for i in range(n_lines)))) == shown


def test_a_printed_line_is_cut_at_100_characters():
    assert _printed(io.StringIO("x" * 120 + "\n")).endswith("\n    " + "x" * 100)


def test_what_an_exercise_returns_is_named():
    assert [_what((1, 2), ("a", "b")), _what((1, 2), ("a",)), _what(3.0), _what([[1], [2, 3]]),
            _what(np.zeros((2, 3)))] == ["a tuple of 2 values (a, b)", "a tuple of 2 values",
                                         "a single number", "a sequence of 2 values",
                                         "an array of shape (2, 3)"]


@pytest.mark.parametrize("value, shown", [
    (3.0, "3"),
    (np.float32(2.5), "2.5"),
    (7, "7"),
    (np.array(True), "True"),
    (np.array([1.0, 2.0]), "[1., 2.]"),
    (np.array([1000.5, 2.25]), "[1000.5 ,    2.25]"),
    (np.array([1e-5, 2.0]), "[1.e-05, 2.e+00]"),  # a tiny entry: no rounding it away to 0
    (np.array([1e-5, 0.0]), "[1.e-05, 0.e+00]"),
    (np.array([1e-3, 5.0]), "[0.001, 5.   ]"),
    (np.array([0.0, 0.0]), "[0., 0.]"),
    (np.array([np.nan, np.inf, 1.0]), "[nan, inf,  1.]"),
    (np.arange(12.0), "[ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11.]"),
    (np.arange(13.0), "[ 0.,  1.,  2., ..., 10., 11., 12.]"),
    (np.arange(20.0), "[ 0.,  1.,  2., ..., 17., 18., 19.]"),
    (np.arange(6.0).reshape(2, 3), "[[0., 1., 2.],  [3., 4., 5.]]"),  # on one line
    ("text", "the string 'text'"),
])
def test_values_in_messages_are_short_and_stable(value, shown):
    assert _show(value) == shown


def test_a_value_that_is_not_an_array_is_described():
    assert _show(_NoArray()) == "an object of type _NoArray"


def test_infinities_on_both_sides_compare_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _compare(np.array([np.inf, 1.0]), np.array([np.inf, 1.0]), 1e-6, 1e-9) is None


@pytest.mark.parametrize("answer, expected, message", [
    (np.array([1 + 2j]), np.array([1 + 2j]),  # no exercise expects complex numbers
     "Expected numbers, got an array of dtype complex128."),
    (_Countdown(), np.zeros(2), "Expected an array of shape (2,), got a _Countdown (lazy: it is "
                                "not a list or an array). Build a list or an array from it, e.g. "
                                "np.array([...])."),
    ((np.zeros(2), np.zeros(2)), 1.0, "Expected a single number, got shape (2, 2): reduce it to "
                                      "one number (a mean or a sum?)."),
    ((np.zeros(2),), np.zeros(2), "Expected an array of shape (2,), got a tuple holding one "
                                  "array, as np.where(condition) and np.nonzero return: return "
                                  "the array itself, the tuple's item [0]."),
])
def test_more_answers_get_their_exact_sentence(answer, expected, message):
    assert _compare(answer, expected, 1e-6, 1e-9) == message


def test_an_unchanged_argument_is_told_apart_from_a_changed_one():
    assert _same(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]))  # NaN stays NaN: unchanged
    assert not _same(np.zeros(2), np.zeros(2, np.float32))
    assert _same([1, np.zeros(1)], [1, np.zeros(1)]) and not _same([1, 2], [2, 2])
    assert not _same([1, 2], (1, 2)) and not _same([1, 2], [1, 2, 3])
    assert _same({"a": [1]}, {"a": [1]}) and not _same({"a": [1]}, {"a": [2]})
    assert not _same({"a": 1}, {"b": 1}) and not _same({"a": 1}, [1])
    assert _same(float("nan"), float("nan")) and not _same(1.0, 2.0) and not _same(1, 1.0)


def test_a_changed_argument_is_named_by_its_number_and_its_name_when_known():
    case = Case((np.zeros(1), np.zeros(1), np.zeros(1)), "three arrays")
    changed = (np.zeros(1), np.zeros(1), np.ones(1))
    assert _mutated_argument(case, changed, {}, names=["a", "b", "c"]) == "number 3 `c`"
    assert _mutated_argument(case, changed, {}, names=["a", "b"]) == "number 3"
    assert _mutated_argument(case, case.args, {}, names=[]) is None


def test_the_hint_of_a_mistake_that_raises_goes_only_to_the_same_exception():
    def raises_value_error(x):
        raise ValueError("no")

    check = Check.__new__(Check)
    check.mistakes = [Mistake(raises_value_error, "the raising mistake")]
    check.normalize = lambda answer: answer
    case = Case((1.0,), "one")
    assert _hint_for(ValueError("no"), case, check, 1e-6, 0) == "the raising mistake"
    assert _hint_for(TypeError("no"), case, check, 1e-6, 0) is None
    assert _hint_for(ValueError("other"), case, check, 1e-6, 0) is None


def test_a_mistake_whose_value_cannot_be_compared_is_passed_over_for_the_next():
    check = Check.__new__(Check)
    check.mistakes = [Mistake(lambda x: _NoArray(), "unreadable"),
                      Mistake(lambda x: np.minimum(np.exp(x), 2.0), "the second mistake")]
    check.normalize = lambda answer: answer
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the overflow in exp is judged, not warned about
        assert _hint_for(2.0, Case((1000.0,), "large"), check, 1e-6, 0) == "the second mistake"


def test_a_mistake_that_changes_its_keyword_argument_does_not_change_the_case():
    def grows(x, *, v):
        v += 1
        return x + v

    check = Check.__new__(Check)
    check.mistakes = [Mistake(grows, "grows")]
    check.normalize = lambda answer: answer
    case = Case((1.0,), "v", {"v": np.ones(1)})
    for _ in range(2):
        assert _hint_for(np.array([3.0]), case, check, 1e-6, 0) == "grows"
    assert case.kwargs["v"].tolist() == [1.0]


def _two_case_check(mistake):
    """A bare check of f(x) with cases x = 1 and x = 2 and one listed mistake."""
    return _bare_check(None, [Case((1.0,), "one"), Case((2.0,), "two")],
                       [Mistake(mistake, "the listed mistake")])


def test_a_mistake_hint_needs_the_learner_to_agree_with_it_on_every_case():
    check = _two_case_check(lambda x: x * x)  # the mistake; the learner fails on case 2
    second = check.cases[1]
    assert _hint_for(4.0, second, check, 1e-6, 0, learner=lambda x: x * x) == "the listed mistake"
    assert _hint_for(4.0, second, check, 1e-6, 0, learner=lambda x: x + 2) is None  # 3 at x = 1
    assert _hint_for(4.0, second, check, 1e-6, 0) == "the listed mistake"  # no learner: this case


def test_a_learner_that_raises_on_another_case_does_not_match_a_mistake_that_does_not():
    check = _two_case_check(lambda x: x * x)

    def squares_but_not_one(x):
        if x == 1.0:
            raise ValueError("one")
        return x * x

    second = check.cases[1]
    assert _hint_for(4.0, second, check, 1e-6, 0, learner=squares_but_not_one) is None


def test_a_learner_that_prints_while_the_hint_is_sought_prints_nothing(capsys):
    check = _two_case_check(lambda x: x * x)

    def chatty(x):
        print("computing")
        return x * x

    assert _hint_for(4.0, check.cases[1], check, 1e-6, 0, learner=chatty) == "the listed mistake"
    assert capsys.readouterr().out == ""


def test_a_case_keeps_its_own_tolerances_when_the_learner_is_compared_on_it():
    check = _two_case_check(lambda x: x * x)
    check.cases[0] = Case((1.0,), "one, loosely", rtol=0.1)
    assert _hint_for(4.0, check.cases[1], check, 1e-6, 0,
                     learner=lambda x: x * x * 1.05 if x == 1.0 else x * x) == "the listed mistake"


def test_one_value_equal_to_another_expected_one_is_not_called_a_wrong_order():
    problem = _compare((3, 1), (6, 3), 1e-6, 0)
    assert problem.startswith("Value 1 of the returned tuple")
    assert "order" not in problem


def test_values_in_another_order_are_called_a_wrong_order():
    assert "It is the expected 2nd value" in _compare((3, 6), (6, 3), 1e-6, 0)
    assert "It is the expected 2nd value" in _compare((2, 3, 1), (1, 2, 3), 1e-6, 0)
    assert "It is the expected 3rd value" in _compare((3, 1, 2), (1, 2, 3), 1e-6, 0)
    assert "order" not in _compare((2, 2, 1), (1, 2, 3), 1e-6, 0)  # 2 twice: not a reordering


def test_values_that_print_alike_say_where_and_by_how_much_they_differ():
    problem = _compare(np.array([[1.0, 2.0], [3.0, 4.00002]]), np.array([[1.0, 2.0], [3.0, 4.0]]),
                       1e-7, 0)
    assert problem == (
        "Wrong values.\n  expected: [[1., 2.],  [3., 4.]]\n  got:      [[1., 2.],  [3., 4.]]\n"
        "  They print alike, but differ where the printout does not show: by 2e-05 at index "
        "(1, 1), 5e-06 of the value. A difference this small comes from float32 arithmetic, a "
        "tiny extra term, or eps in the wrong place.")


def test_a_number_that_prints_alike_gets_no_index():
    assert _compare(np.float32(1 / 3), 1 / 3, 1e-9, 0).endswith(
        "differ where the printout does not show: by 9.9e-09, 3e-08 of the value. A difference "
        "this small comes from float32 arithmetic, a tiny extra term, or eps in the wrong place.")


def test_a_long_array_differing_in_an_entry_its_printout_leaves_out_says_which():
    zeros, answer = np.zeros(20), np.zeros(20)
    answer[10] = 5.0
    assert _compare(answer, zeros, 1e-6, 0).endswith(
        "  got:      [0., 0., 0., ..., 0., 0., 0.]\n"
        "  They print alike, but differ where the printout does not show: by 5 at index (10,).")
    steps = np.arange(20.0)
    answer = steps.copy()
    answer[10] = 10.5
    assert _compare(answer, steps, 1e-6, 0).endswith("by 0.5 at index (10,).")
    thousands = np.full(20, 1000.0)
    answer = thousands.copy()
    answer[10] = 1001.0  # off by exactly 1e-3 of the value: no longer "this small"
    assert _compare(answer, thousands, 1e-6, 0).endswith("by 1 at index (10,).")


def test_infinities_in_the_same_places_do_not_disturb_the_difference():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # inf - inf is NaN, silently
        assert "by 1e-05 at index (1,)" in _compare(np.array([np.inf, 1.00001]),
                                                    np.array([np.inf, 1.0]), 1e-7, 0)


def test_values_that_print_differently_get_no_such_line():
    assert _compare(np.array([1.0, 2.5]), np.array([1.0, 2.0]), 1e-7, 0) == (
        "Wrong values.\n  expected: [1., 2.]\n  got:      [1. , 2.5]")


def test_a_tuple_inside_the_returned_one_names_its_items():
    expected = ((np.zeros((3, 4)), np.zeros((4, 1))), (np.zeros(4), np.zeros(1)))
    swapped = ((np.zeros((4, 1)), np.zeros((3, 4))), (np.zeros(4), np.zeros(1)))
    assert _compare(swapped, expected, 1e-6, 0, ("dWs", "dbs")) == (
        "Value 1 (dWs) of the returned tuple: Item 1: Expected an array of shape (3, 4), got "
        "shape (4, 1).\n  It is the expected 2nd item: return the items in the exercise's order.")


def test_a_generator_left_in_another_state_than_the_references_is_named():
    mine, theirs = np.random.default_rng(0), np.random.default_rng(0)
    theirs.random(3)
    assert _generator_left_behind((2, mine), {}, (2, theirs), {}, ["n", "rng"]) == "number 2 `rng`"
    mine.random(3)
    assert _generator_left_behind((2, mine), {}, (2, theirs), {}, ["n", "rng"]) is None
    late = np.random.default_rng(1)
    assert _generator_left_behind((), {"rng": late}, (), {"rng": theirs}) == "`rng`"


def _bare_check(reference, cases, mistakes, normalize=None):
    """A check that is not registered (no name clash with the book's), judged by ``_evaluate``."""
    check = Check.__new__(Check)
    check.name, check.reference, check.cases = "f", reference, cases
    check.mistakes, check.nudge, check.recipe = mistakes, "the nudge", None
    check.rtol, check.atol, check.returns, check.steps, check.mutation_hint = 1e-6, 0, None, None, None
    check.normalize = normalize or (lambda answer: answer)
    return check


def test_a_learner_who_matches_a_mistake_on_the_failing_case_only_gets_the_nudge():
    check = _bare_check(lambda x: 2 * x, [Case((1.0,), "one"), Case((3.0,), "three")],
                        [Mistake(lambda x: x * x, "the listed mistake")])
    _, coincidence = _evaluate(check, lambda x: 2 * x if x == 1.0 else 9.0 if x == 3.0 else 0.0)
    assert "hint: the nudge" in coincidence
    _, same = _evaluate(check, lambda x: x * x)
    assert "hint: the listed mistake" in same


def test_a_learner_who_raises_a_mistakes_exception_on_one_case_only_gets_no_mistake_hint():
    def raises_on_three(x):
        if x == 3.0:
            raise ValueError("bad")
        return x * x

    def right_but_raises_on_three(x):
        if x == 3.0:
            raise ValueError("bad")
        return 2 * x

    check = _bare_check(lambda x: 2 * x, [Case((1.0,), "one"), Case((3.0,), "three")],
                        [Mistake(raises_on_three, "the raising mistake")])
    _, message = _evaluate(check, right_but_raises_on_three)
    assert "raised ValueError" in message and "the raising mistake" not in message
    _, message = _evaluate(check, raises_on_three)
    assert "hint: the raising mistake" in message


def test_the_learner_is_run_on_the_other_cases_as_the_check_runs_it():
    """Silently, with keyword arguments, on copies of the arguments, its answer normalized."""
    def mistake(x, *, scale):
        return np.array([x, 1 / (x - 1.0)]) * scale  # 1 / 0 on the first case

    def learner(x, *, scale):
        print("working")
        result = (np.array([x, 1 / (x - 1.0)]) * scale)[::-1].tolist()  # another order
        x += 100  # changes its arguments: the cases must not see it
        scale += 100
        return result

    cases = [Case((np.array(1.0),), "one", {"scale": np.array(2.0)}),
             Case((np.array(3.0),), "three", {"scale": np.array(2.0)})]
    check = _bare_check(lambda x, *, scale: np.zeros(2), cases,
                        [Mistake(mistake, "the listed mistake")],
                        normalize=lambda answer: np.sort(np.asarray(answer, dtype=float)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 1 / 0 in the learner's code is judged, not warned about
        assert _hint_for(np.array([1.0, 6.0]), cases[1], check, 1e-6, 0,
                         learner=learner) == "the listed mistake"
    assert cases[0].args[0] == 1.0 and cases[1].args[0] == 3.0
    assert cases[0].kwargs["scale"] == 2.0 and cases[1].kwargs["scale"] == 2.0


def test_a_mistake_that_changes_its_positional_argument_does_not_change_the_case():
    def grows(x):
        x += 1
        return x * 1.0

    check = _two_case_check(grows)
    case = Case((np.ones(1),), "ones")
    check.cases = [case]
    for _ in range(2):
        assert _hint_for(np.array([2.0]), case, check, 1e-6, 0) == "the listed mistake"
    assert case.args[0].tolist() == [1.0]


def test_a_case_keeps_its_own_absolute_tolerance_when_the_learner_is_compared_on_it():
    check = _two_case_check(lambda x: x * x)
    check.cases[0] = Case((1.0,), "one, loosely", atol=0.1)
    assert _hint_for(4.0, check.cases[1], check, 1e-6, 0,
                     learner=lambda x: x * x + 0.05 if x == 1.0 else x * x) == "the listed mistake"


def test_right_values_drawn_from_a_copy_of_the_generator_are_told_so():
    def draw(n, rng):
        return rng.normal(size=n)

    def from_a_copy(n, rng):
        return draw(n, copy.deepcopy(rng))

    check = _bare_check(draw, [Case((3, np.random.default_rng(0)), "three draws")], [])
    passed, message = _evaluate(check, from_a_copy)
    assert not passed
    assert message == (
        "f: case 1 of 1 failed (three draws).\n  The values are right, but the random generator, "
        "argument number 2 `rng`, is not where the exercise's draws leave it.\n  hint: draw from "
        "the generator you are given (not from a copy or a new one), exactly the values the "
        "answer needs: the next call must get new numbers, or two layers start with the same "
        "weights.")
    assert _evaluate(check, draw) == (True, "f: all 1 checks passed")


def test_what_a_learner_printed_comes_with_the_generator_message():
    def chatty_copy(n, rng):
        print("drawing")
        return copy.deepcopy(rng).normal(size=n)

    check = _bare_check(lambda n, rng: rng.normal(size=n),
                        [Case((3, np.random.default_rng(0)), "three draws")], [])
    assert "drawing" in _evaluate(check, chatty_copy)[1]
