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
    assert "case 1 of 5 failed (one row" in message
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
