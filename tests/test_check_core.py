"""The machinery of the checks, run at test time: building a Check, its registry, ``quiet``.

tests/test_checks.py judges the book's checks, which are built when their modules are imported;
these tests build their own, so that a change to the machinery cannot hide behind the import.
"""

import warnings

import numpy as np
import pytest

from course_nn.checks.core import REGISTRY, Case, Check, Mistake, _register, quiet


@pytest.fixture
def registry():
    """The registry, restored after the test (which adds checks of its own)."""
    saved = dict(REGISTRY)
    yield REGISTRY
    REGISTRY.clear()
    REGISTRY.update(saved)


def double(x):
    return 2 * x


def test_a_check_keeps_every_setting_and_registers_under_its_name(registry):
    cases = (Case((1.0,), "one"), Case((2.0,), "two"))
    mistakes = (Mistake(lambda x: x, "multiply by two"),)
    steps = {"y": (None, "twice x")}

    def normalize(answer):
        return answer

    check = Check("double_it", double, cases, mistakes, hint="think of doubling", recipe="2 * x",
                  rtol=0.5, atol=0.25, returns=("y",), mutation_hint="copy first", steps=steps,
                  normalize=normalize)
    assert (check.name, check.reference, check.cases, check.mistakes) == (
        "double_it", double, list(cases), list(mistakes))
    assert (check.nudge, check.recipe, check.rtol, check.atol) == ("think of doubling", "2 * x", 0.5, 0.25)
    assert (check.returns, check.mutation_hint, check.steps) == (("y",), "copy first", steps)
    assert check.normalize is normalize and check.failures == 0
    assert type(check.cases) is list and type(check.mistakes) is list
    assert registry["double_it"] is check
    assert check._module == __name__ and check._spec is globals()["__spec__"]
    assert repr(check) == "<check of the exercise 'double_it': 2 cases>"


def test_a_check_has_documented_defaults(registry):
    check = Check("double_plain", double, [Case((1.0,), "one")])
    assert (check.mistakes, check.nudge, check.recipe, check.rtol, check.atol) == ([], "", "", 1e-6, 1e-9)
    assert (check.returns, check.mutation_hint, check.steps) == (None, None, None)
    answer = object()
    assert check.normalize(answer) is answer
    assert check.evaluate(double) == (True, "double_plain: all 1 checks passed")
    # the default tolerances: 1e-6 relative and 1e-9 absolute, no more
    assert check.evaluate(lambda x: 2 * x * (1 + 5e-7))[0]
    assert not check.evaluate(lambda x: 2 * x * (1 + 5e-6))[0]
    near_zero = Check("near_zero", lambda: 0.0, [Case((), "zero")])
    assert near_zero.evaluate(lambda: 5e-10)[0] and not near_zero.evaluate(lambda: 5e-9)[0]


def test_tolerances_given_to_a_check_are_used(registry):
    loose = Check("double_loose", double, [Case((1.0,), "one")], rtol=0.1, atol=0.0)
    assert loose.evaluate(lambda x: 2.1)[0] and not loose.evaluate(lambda x: 2.3)[0]


def test_a_second_check_of_the_same_name_is_refused_naming_both_modules(registry):
    Check("double_once", double, [Case((1.0,), "one")])
    with pytest.raises(ValueError, match=rf"^two exercise checks are named 'double_once' \(in "
                                         rf"{__name__} and {__name__}\)$"):
        Check("double_once", double, [Case((2.0,), "two")])


def test_a_module_run_again_replaces_its_checks_and_nothing_else_may(registry):
    first_run, second_run = object(), object()  # the __spec__ of each run of a module
    old, new = Check.__new__(Check), Check.__new__(Check)
    old.name = new.name = "double_reloaded"
    _register(old, {"__name__": "chapter", "__spec__": first_run})
    assert registry["double_reloaded"] is old
    _register(new, {"__name__": "chapter", "__spec__": second_run})  # importlib.reload
    assert registry["double_reloaded"] is new and (new._module, new._spec) == ("chapter", second_run)
    for module_globals in ({"__name__": "chapter", "__spec__": second_run},  # the same run
                           {"__name__": "chapter", "__spec__": None},  # code without a spec
                           {"__name__": "another", "__spec__": object()},
                           {}):
        twin = Check.__new__(Check)
        twin.name = "double_reloaded"
        with pytest.raises(ValueError, match=r"^two exercise checks are named 'double_reloaded' "
                                             r"\(in chapter and "):
            _register(twin, module_globals)
        assert registry["double_reloaded"] is new


def test_quiet_passes_arguments_returns_the_value_and_silences_only_inside():
    def scaled_exp(x, scale=1.0):
        return np.exp(x) * scale

    before = np.geterr()
    with np.errstate(all="raise"):
        assert quiet(scaled_exp)(np.float64(1000.0), scale=2.0) == np.inf
        assert quiet(scaled_exp)(np.float64(1.0), 3.0) == pytest.approx(3 * np.e)
        assert quiet(scaled_exp)(np.float64(1.0), scale=3.0) == pytest.approx(3 * np.e)
        with pytest.raises(FloatingPointError):
            scaled_exp(np.float64(1000.0))
    assert np.geterr() == before


def test_a_check_made_by_code_without_a_module_is_registered_too(registry):
    namespace = {"Check": Check, "Case": Case, "double": double}  # no __name__, as in exec
    exec("made = Check('double_exec', double, [Case((1.0,), 'one')])", namespace)
    assert registry["double_exec"] is namespace["made"] and namespace["made"]._module is None


def test_the_result_instead_of_the_function_fails_and_says_what_was_passed(registry):
    check = Check("double_call", double, [Case((1.0,), "one")])
    assert check.evaluate(np.zeros(3)) == (False, (
        "double_call: Pass the function itself, without (): `checks.double_call(double_call)`, "
        "not `checks.double_call(double_call(...))`. You passed an array of shape (3,) and dtype "
        "float64."))


def test_a_stub_is_told_how_to_go_on(registry):
    def stub(x):
        raise NotImplementedError

    assert Check("double_stub", double, [Case((1.0,), "one")]).evaluate(stub) == (False, (
        "double_stub: not implemented yet. Replace `raise NotImplementedError` with your code, run "
        "that cell, then run this check again."))


def test_a_check_that_breaks_itself_fails_with_a_sentence(registry):
    check = Check("broken_reference", lambda x: 1 / x, [Case((0,), "zero")])
    assert check.evaluate(double) == (False, (
        "broken_reference: the check could not judge your answer (ZeroDivisionError: division by "
        "zero). Make your function return what the exercise asks for."))


def test_a_case_may_set_its_own_tolerances(registry):
    relative = Check("double_rtol", double, [Case((1.0,), "loose", rtol=0.1, atol=0.0)])
    assert relative.evaluate(lambda x: 2 * x * 1.05)[0]
    assert not relative.evaluate(lambda x: 2 * x * 1.2)[0]
    absolute = Check("double_atol", double, [Case((0.0,), "near zero", rtol=0.0, atol=0.5)])
    assert absolute.evaluate(lambda x: 2 * x + 0.4)[0]
    assert not absolute.evaluate(lambda x: 2 * x + 0.6)[0]


def test_overflow_in_the_reference_or_the_answer_is_judged_without_a_warning(registry):
    check = Check("exp_large", np.exp, [Case((np.array([1000.0]),), "a large z")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check.evaluate(np.exp) == (True, "exp_large: all 1 checks passed")
        passed, message = check.evaluate(lambda z: np.exp(z) - np.exp(z))  # inf - inf = nan
        assert not passed and "RuntimeWarning" not in message


def add_to_v(x, *, v):
    return x + v


def test_keyword_arguments_are_copied_for_the_reference_and_checked_for_the_learner(registry):
    def reference_that_changes_v(x, *, v):
        v += 1
        return x + v

    check = Check("add_v", reference_that_changes_v, [Case((1.0,), "x = 1", {"v": np.ones(2)})])
    for _ in range(2):  # the case's v is never changed: the same verdict every time
        assert check.evaluate(lambda x, *, v: x + v + 1)[0]

    def learner_that_changes_v(x, *, v):
        v += 1
        return x + v

    passed, message = check.evaluate(learner_that_changes_v)
    assert not passed and "Your function changed its input, argument `v`, in place." in message


def test_an_error_without_advice_asks_to_run_the_inputs(registry):
    def looks_up(x):
        return {}[x]

    passed, message = Check("double_lookup", double, [Case((1.0,), "one")]).evaluate(looks_up)
    assert not passed and message == (
        "double_lookup: case 1 of 1 failed (one).\n  Your function raised KeyError: 1.0\n"
        "  hint: run it on these inputs yourself and read the traceback.")


def test_changing_an_input_gets_the_general_advice_when_the_check_has_none(registry):
    def doubles_in_place(x):
        x *= 2
        return x

    check = Check("double_array", double, [Case((np.ones(2),), "ones")])
    assert check.evaluate(doubles_in_place) == (False, (
        "double_array: case 1 of 1 failed (ones).\n  Your function changed its input, argument "
        "number 1 `x`, in place.\n  hint: compute new arrays or lists (e.g. `z * 2`, `z.copy()`, "
        "`list(values)`) instead of assigning into an argument (`z[...] = ...`, `z *= ...`, "
        "`values.append`)."))


def test_a_wrong_value_without_a_nudge_gets_no_empty_hint(registry):
    passed, message = Check("double_quiet", double, [Case((1.0,), "one")]).evaluate(lambda x: 3 * x)
    assert not passed and message == (
        "double_quiet: case 1 of 1 failed (one).\n  Wrong values.\n  expected: 2\n  got:      3")
