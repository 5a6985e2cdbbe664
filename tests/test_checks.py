"""Every exercise check passes its reference, rejects a stub and every known mistake (with that
mistake's hint), and survives learner code that raises, returns None, the wrong shape, NaN, or
mutates its input, with a message that says what to fix (DESIGN section 5)."""

import numpy as np
import pytest

from course_nn import Dense, Sequential, Sigmoid, SoftmaxCrossEntropyLoss, checks
from course_nn.checks.core import NOT_IMPLEMENTED, REGISTRY

def has_array_output(check):
    return isinstance(check.reference(*check.cases[0].args, **check.cases[0].kwargs), np.ndarray)


def takes_an_array(check):
    return any(isinstance(arg, np.ndarray) for arg in check.cases[0].args)


def over(checks):
    return pytest.mark.parametrize("check", checks, ids=[check.name for check in checks])


CHECKS = [REGISTRY[name] for name in sorted(REGISTRY)]
by_name = over(CHECKS)
returning_arrays = over([check for check in CHECKS if has_array_output(check)])
taking_arrays = over([check for check in CHECKS if takes_an_array(check)])


def test_every_check_is_reachable_from_the_package():
    for name in REGISTRY:
        assert getattr(checks, name) is REGISTRY[name]


@by_name
def test_reference_passes(check, capsys):
    check(check.reference)
    assert capsys.readouterr().out == f"{check.name}: all {len(check.cases)} checks passed\n"


@by_name
def test_stub_is_reported_as_not_implemented(check):
    def stub(*args, **kwargs):
        # YOUR CODE HERE
        raise NotImplementedError

    passed, message = check.evaluate(stub)
    assert not passed and NOT_IMPLEMENTED in message


@by_name
def test_known_mistakes_are_rejected_with_their_own_hint(check):
    assert len(check.mistakes) >= 2, "every check needs at least two plausible mistakes"
    for mistake in check.mistakes:
        passed, message = check.evaluate(mistake.compute)
        assert not passed, f"{check.name} accepts the mistake: {mistake.hint}"
        assert mistake.hint in message


@by_name
def test_learner_code_that_raises(check):
    passed, message = check.evaluate(lambda *args, **kwargs: {}["missing"])
    assert not passed
    assert "raised KeyError" in message and "case 1" in message


@by_name
def test_learner_code_that_returns_none(check):
    passed, message = check.evaluate(lambda *args, **kwargs: None)
    assert not passed and "`return`" in message


@returning_arrays
def test_learner_code_with_the_wrong_shape(check):
    passed, message = check.evaluate(lambda *a, **k: check.reference(*a, **k)[..., None])
    assert not passed and "of shape" in message and "got shape" in message


@returning_arrays
def test_learner_code_that_returns_nan(check):
    passed, message = check.evaluate(
        lambda *a, **k: np.full(np.shape(check.reference(*a, **k)), np.nan))
    assert not passed and "NaN" in message


@taking_arrays
def test_learner_code_that_mutates_its_input(check):

    def mutating(*args, **kwargs):
        result = check.reference(*args, **kwargs)
        next(arg for arg in args if isinstance(arg, np.ndarray))[...] += 1.0
        return result

    passed, message = check.evaluate(mutating)
    assert not passed and "changed its input" in message


def test_messages_show_the_case_expected_and_got():
    passed, message = checks.stable_softmax.evaluate(lambda z: np.ones_like(z) / 2)
    assert not passed
    assert "case 1 of 6 failed (one row" in message
    assert "expected: [[0.09  , 0.2447, 0.6652]]" in message
    assert "got:      [[0.5, 0.5, 0.5]]" in message
    assert "hint:" in message


def test_boolean_answers_get_a_dtype_hint():
    passed, message = checks.stable_softmax.evaluate(lambda z: z > 0)
    assert not passed and ".astype(float)" in message


def test_forward_341_reference_is_a_sequential_of_dense_and_sigmoid():
    """The chapter shows that Sequential([Dense, Sigmoid, Dense, Sigmoid]) computes forward_341."""
    rng = np.random.default_rng(3)
    X, W1, b1 = rng.normal(size=(6, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    W2, b2 = rng.normal(size=(4, 1)), rng.normal(size=1)
    model = Sequential([Dense(3, 4, rng=0), Sigmoid(), Dense(4, 1, rng=1), Sigmoid()])
    model.layers[0].params.update(W=W1, b=b1)
    model.layers[2].params.update(W=W2, b=b2)
    np.testing.assert_allclose(model.forward(X), checks.forward_341.reference(X, W1, b1, W2, b2),
                               rtol=1e-12)


def test_softmax_cross_entropy_cases_match_the_numbers_in_the_chapter():
    """ln 3 for equal logits; 1000 and 0 for the large logits of the last case."""
    first, large = checks.softmax_cross_entropy.cases[0], checks.softmax_cross_entropy.cases[3]
    assert checks.softmax_cross_entropy.reference(*first.args) == pytest.approx(np.log(3))
    z, y = large.args
    losses = [SoftmaxCrossEntropyLoss().forward(z[[i]], y[[i]]) for i in range(len(y))]
    assert losses == pytest.approx([1000.0, 0.0])


# ------------------------------------------------------------------- a check never raises
class _Opaque:
    """An object NumPy cannot read as numbers."""


class _CustomBaseException(BaseException):
    """Not an Exception: learner code may still raise it."""


def _ragged(*args, **kwargs):
    return [np.ones(3), np.ones(1)]


def _generator(*args, **kwargs):
    return (value for value in [1.0, 2.0])


def _raises_base_exception(*args, **kwargs):
    raise _CustomBaseException("odd")


def _exits(*args, **kwargs):
    raise SystemExit(3)


def _prints_then_returns_none(*args, **kwargs):
    print("debugging: got", len(args), "arguments")


STRANGE_ANSWERS = {
    "a ragged list": (_ragged, ("ragged", "got a list of 2", "Value 1")),
    "a generator": (_generator, "generator"),
    "a dict": (lambda *a, **k: {"w": 1}, "dict"),
    "a string": (lambda *a, **k: "0.5", "string"),
    "an object": (lambda *a, **k: _Opaque(), "_Opaque"),
    "a complex number": (lambda *a, **k: 1 + 2j, ("complex", "(1+2j)")),
    "a 0-d array": (lambda *a, **k: np.array(7.0), "case 1"),
    "a tuple of one": (lambda *a, **k: (np.zeros(2),), "case 1"),
    "a long tuple": (lambda *a, **k: tuple(np.zeros(2) for _ in range(5)), "case 1"),
    "a BaseException": (_raises_base_exception, "raised _CustomBaseException: odd"),
    "SystemExit": (_exits, "raised SystemExit"),
    "printing and None": (_prints_then_returns_none, "debugging: got"),
    "a function": (lambda *a, **k: np.mean, "function"),
}


@by_name
@pytest.mark.parametrize("answer", STRANGE_ANSWERS, ids=list(STRANGE_ANSWERS))
def test_strange_answers_get_a_sentence_never_a_traceback(check, answer, capsys):
    learner, expected_words = STRANGE_ANSWERS[answer]
    passed, message = check.evaluate(learner)
    assert not passed and message.startswith(f"{check.name}: case 1 of ")
    words = (expected_words,) if isinstance(expected_words, str) else expected_words
    assert any(word in message for word in words), message
    check(learner)  # prints, never raises
    assert capsys.readouterr().out.startswith(f"{check.name}: case 1 of ")


@by_name
def test_keyboard_interrupt_still_stops_a_check(check):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check.evaluate(interrupted)


@by_name
def test_the_result_instead_of_the_function(check, capsys):
    assert not check.evaluate(np.zeros(3))[0]
    check(np.zeros(3))
    out = capsys.readouterr().out
    assert "Pass the function itself, without ()" in out and f"checks.{check.name}(" in out


@by_name
def test_printing_does_not_disturb_a_passing_check(check, capsys):
    def chatty(*args, **kwargs):
        print("hello from the learner")
        return check.reference(*args, **kwargs)

    check(chatty)
    assert capsys.readouterr().out == f"{check.name}: all {len(check.cases)} checks passed\n"


def test_a_ragged_answer_says_what_came_back():
    passed, message = checks.relu_derivative.evaluate(_ragged)
    assert "a list of 2 items whose items have different lengths" in message


def test_a_tuple_with_a_missing_value_names_it():
    def forgets_db2(*args):
        return checks.backward_341.reference(*args)[:3]

    passed, message = checks.backward_341.evaluate(forgets_db2)
    assert not passed
    assert "Expected a tuple of 4 values (dW1, db1, dW2, db2), got a tuple of 3 values." in message
    assert "Missing: the 4th (db2)." in message


def test_a_tuple_in_the_wrong_order_is_told_so():
    def swapped(*args):
        w, m = checks.momentum_step.reference(*args)
        return m, w

    passed, message = checks.momentum_step.evaluate(swapped)
    assert not passed and "Value 1 (w_new)" in message
    assert "It is the expected 2nd value (m_new)" in message


def test_a_list_of_the_right_values_is_accepted_for_a_tuple():
    passed, _ = checks.backward_341.evaluate(lambda *a: list(checks.backward_341.reference(*a)))
    assert passed


def test_a_complex_answer_says_real_numbers_were_expected():
    passed, message = checks.relu_derivative.evaluate(lambda z: z.astype(complex))
    assert not passed and "Expected real numbers, got complex numbers" in message


def test_a_shape_error_of_a_matrix_product_names_the_shapes_and_a_transpose():
    def backward(X, y, W1, b1, W2, b2):
        a1 = 1 / (1 + np.exp(-(X @ W1 + b1)))
        dz2 = (1 / (1 + np.exp(-(a1 @ W2 + b2))) - y) / len(X)
        dz1 = (dz2 @ W2) * a1 * (1 - a1)
        return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)

    passed, message = checks.backward_341.evaluate(backward)
    assert not passed
    assert "in `dz2 @ W2`, dz2 has shape (1, 1) and W2 has shape (4, 1)" in message
    assert "`dz2 @ W2.T` has shape (1, 4)" in message


def test_a_wrong_signature_gets_the_exercises_signature():
    passed, message = checks.elu.evaluate(lambda: 0)
    assert not passed and "elu(z, alpha=1.0)" in message


def test_a_mutated_list_argument_is_detected():
    def mutating(var_x, fan_ins, var_ws, relu):
        result = checks.variance_through_layers.reference(var_x, fan_ins, var_ws, relu)
        var_ws.append(0.0)
        return result

    passed, message = checks.variance_through_layers.evaluate(mutating)
    assert not passed and "changed its input, argument number 3 `var_ws`, in place" in message


def test_numerical_gradient_mutation_hint_follows_the_exercise():
    from check_variants.ch02_backprop import numgrad_not_restored_exactly

    passed, message = checks.numerical_gradient.evaluate(numgrad_not_restored_exactly)
    assert not passed and "save x[i]" in message and "assign the saved value back" in message
    assert "instead of assigning into" not in message


# --------------------------------------------------------------------------- hints in stages
CODE_MARKERS = ("np.", "rng.", "axis=", "keepdims=", "ddof=", ".sum(", ".mean(", ".astype(", " @ ",
                ".T ", "return np", "return (", "for i in")


@by_name
def test_nudges_hold_no_code_and_recipes_exist(check):
    assert check.nudge and check.recipe, f"{check.name} needs a hint= and a recipe="
    leaks = [marker for marker in CODE_MARKERS if marker in check.nudge]
    assert not leaks, f"{check.name}'s hint= contains code {leaks}: move it to recipe="


@by_name
def test_the_recipe_comes_only_with_a_second_failure(check, capsys, monkeypatch):
    monkeypatch.setattr(check, "failures", 0)
    wrong = check.mistakes[0].compute
    check(wrong)
    first = capsys.readouterr().out
    assert check.mistakes[0].hint in first and check.recipe not in first
    check(wrong)
    second = capsys.readouterr().out
    assert check.recipe in second and "recipe" in second
    check.hint()
    assert check.recipe in capsys.readouterr().out


@by_name
def test_a_wrong_value_without_a_known_mistake_gets_the_nudge(check):
    def shifted(answer):
        if isinstance(answer, (tuple, list)):
            return type(answer)(shifted(value) for value in answer)
        if isinstance(answer, dict):
            return {key: shifted(value) for key, value in answer.items()}
        return np.asarray(answer) * 1.5 + 0.25

    def off(*args, **kwargs):
        return shifted(check.reference(*args, **kwargs))

    passed, message = check.evaluate(off)
    assert not passed and check.nudge in message and check.recipe not in message


def test_a_dict_of_gradients_is_judged_in_backprop_order_naming_the_first_wrong_step():
    check = checks.backprop_by_hand

    def wrong_dz1(X, y, W1, b1, W2, b2):
        grads = check.reference(X, y, W1, b1, W2, b2)
        grads["dz1"] = grads["da1"]  # forgot the activation's derivative
        grads["dW1"] = X.T @ grads["dz1"]
        return grads

    passed, message = check.evaluate(wrong_dz1)
    assert not passed
    assert ("`dz1` is wrong; `da1` before it is right, so the mistake is in the step from da1 "
            "to dz1: the activation's derivative") in message
    assert "dW1" not in message.split("\n")[1]  # the later, consequential error is not blamed
    passed, message = check.evaluate(lambda *args: {"dz2": 0})
    assert not passed and "yours has no dW2, db2, da1, dz1, dW1, db1" in message


def test_a_reloaded_check_module_replaces_its_checks_and_a_second_name_still_raises():
    import subprocess
    import sys

    code = """
import importlib
from course_nn.checks import REGISTRY, Check, Case, ch03_activations
old = REGISTRY["elu"]
importlib.reload(ch03_activations)
assert REGISTRY["elu"] is ch03_activations.elu and REGISTRY["elu"] is not old
Check("twice", reference=abs, cases=[Case((1,), "one")])
try:
    Check("twice", reference=abs, cases=[Case((2,), "two")])
except ValueError as error:
    print(error)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert "two exercise checks are named 'twice'" in out.stdout
