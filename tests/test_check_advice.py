"""What a check says when the learner's matrix product fails (course_nn/checks/advice.py).

Each learner function here is written in this file, so that the advice can read its source
line, as it reads a notebook cell's.
"""

import numpy as np
import pytest
from numpy import dot

from course_nn.checks.advice import _advice_for_error, _failing_products, _matmul_advice

A, B = np.ones((2, 3)), np.ones((2, 3))


def raised(function, *args):
    """The ValueError that ``function(*args)`` raises."""
    with pytest.raises(ValueError) as info:
        function(*args)
    return info.value


def product(a, b):
    return a @ b


def test_a_product_names_both_operands_their_shapes_and_each_transpose_that_fits():
    assert _matmul_advice(raised(product, A, B)) == (
        "in `a @ b`, a has shape (2, 3) and b has shape (2, 3): the inner sizes 3 and 2 must be "
        "equal. Consider a transpose: `a.T @ b` has shape (3, 3); `a @ b.T` has shape (2, 2).")


def assigned(a, b):
    c, d = a @ b, 1
    return c, d


def test_an_assignment_of_several_names_is_read_past_the_equals_sign():
    assert _matmul_advice(raised(assigned, A, B)).startswith("in `a @ b`, a has shape (2, 3)")


def test_a_vector_on_the_right_is_matched_on_its_only_axis():
    vector = np.ones(2)
    assert _matmul_advice(raised(product, A, vector)) == (
        "in `a @ b`, a has shape (2, 3) and b has shape (2,): the inner sizes 3 and 2 must be "
        "equal. Consider a transpose: `a.T @ b` has shape (3,).")


def test_a_stack_of_matrices_on_the_right_is_matched_on_its_rows():
    stack = np.ones((5, 2, 4))
    assert _matmul_advice(raised(product, A, stack)).startswith(
        "in `a @ b`, a has shape (2, 3) and b has shape (5, 2, 4): the inner sizes 3 and 2 must "
        "be equal. Consider a transpose: `a.T @ b` has shape (5, 3, 4)")


def test_when_no_transpose_fits_it_asks_which_array_is_not_the_one_meant():
    assert _matmul_advice(raised(product, A, np.ones((4, 5)))) == (
        "in `a @ b`, a has shape (2, 3) and b has shape (4, 5): the inner sizes 3 and 4 must be "
        "equal. Check which of the two is not the array you meant.")


def two_products(a, b, c, d):
    return a @ b + c @ d


def test_of_two_products_on_a_line_the_one_that_fails_is_named():
    message = _matmul_advice(raised(two_products, A, A.T, np.ones((4, 5)), np.ones((4, 5))))
    assert message.startswith("in `c @ d`, c has shape (4, 5) and d has shape (4, 5)")


def with_numpy_functions(a, b):
    return np.matmul(a, b)


def with_dot(a, b):
    return dot(a, b)


def test_np_matmul_and_dot_are_read_like_the_operator():
    for function in (with_numpy_functions, with_dot):
        assert _matmul_advice(raised(function, A, B)).startswith(
            "in `a @ b`, a has shape (2, 3) and b has shape (2, 3): the inner sizes 3 and 2")


def test_np_dot_error_gets_advice_too():
    error = raised(with_dot, A, B)
    assert "not aligned" in str(error) and "matmul" not in str(error)
    assert _advice_for_error(error, check=None) == _matmul_advice(error)


calls = []


def transposed(x):
    calls.append(x)
    return x.T


def through_a_call(a, b):
    return transposed(a) @ b


def test_an_operand_that_calls_a_function_is_never_evaluated_again():
    error = raised(through_a_call, A.T, B)
    calls.clear()
    assert _failing_products(error) == []
    assert calls == []  # the learner's function was not run by the advice
    assert _matmul_advice(error) == (
        "a matrix product A @ B needs A.shape[-1] == B.shape[0] (here 3 and 2): print the shapes "
        "of both operands; one of them may need a transpose (.T).")


def with_a_scalar(a):
    return 2.0 @ a


def test_a_scalar_operand_gets_the_general_advice():
    assert _matmul_advice(raised(with_a_scalar, A)) == (
        "a matrix product A @ B needs A.shape[-1] == B.shape[0]: print the shapes of both "
        "operands; one of them may need a transpose (.T).")


def test_without_the_source_the_general_advice_gives_the_sizes():
    namespace = {}
    exec(compile("def hidden(a, b):\n    return a @ b\n", "<no source>", "exec"), namespace)
    error = raised(namespace["hidden"], A, B)
    assert _matmul_advice(error) == (
        "a matrix product A @ B needs A.shape[-1] == B.shape[0] (here 3 and 2): print the shapes "
        "of both operands; one of them may need a transpose (.T).")


def accumulated(a, b):
    total = np.zeros((2, 2))
    total += a @ b
    return total


def into_a_slice(a, b):
    out = np.zeros((2, 2))
    out[:] = a @ b
    return out


def continued(a, b):
    return a @ b \
        + 1.0


def test_any_statement_is_read_an_augmented_assignment_a_slice_a_continued_line():
    for function in (accumulated, into_a_slice, continued):
        assert _matmul_advice(raised(function, A, B)).startswith(
            "in `a @ b`, a has shape (2, 3) and b has shape (2, 3)"), function.__name__


def scalar_product_read_first(a, b, c):
    return 2.0 @ c if (a @ b).sum() else 0.0


def test_a_scalar_product_read_before_the_failing_one_is_passed_over():
    message = _matmul_advice(raised(scalar_product_read_first, A, B, np.ones(2)))
    assert message.startswith("in `a @ b`, a has shape (2, 3) and b has shape (2, 3)")


def test_a_stack_of_matrices_on_the_left_is_matched_on_its_columns():
    assert _matmul_advice(raised(product, np.ones((5, 2, 3)), np.ones((2, 4)))).startswith(
        "in `a @ b`, a has shape (5, 2, 3) and b has shape (2, 4): the inner sizes 3 and 2 must "
        "be equal.")


def broadcast(a, b):
    return a + b


def test_a_broadcasting_error_is_explained():
    error = raised(broadcast, np.ones((2, 3)), np.ones(2))
    assert _advice_for_error(error, check=None) == (
        "two arrays of these shapes cannot be combined elementwise: an (m,) array lines up with "
        "the LAST axis of an (m, n) one. Print the shapes; keepdims=True in a sum or mean keeps an "
        "axis of size 1 that broadcasts.")


def test_a_wrong_signature_is_answered_with_the_exercises():
    class Exercise:
        name = "leaky"

        @staticmethod
        def reference(z, alpha=0.01):
            return z

    def takes_one(z):
        return z

    with pytest.raises(TypeError) as info:
        takes_one(1, alpha=2)
    assert _advice_for_error(info.value, Exercise) == "the exercise's function is called as leaky(z, alpha=0.01)."

    class Unreadable:
        name, reference = "largest", max  # inspect cannot read max's signature

    assert _advice_for_error(TypeError("f() missing 1 required positional argument"), Unreadable) is None


def test_other_errors_get_no_advice():
    assert _advice_for_error(ValueError("math domain error"), check=None) is None
    assert _advice_for_error(TypeError("matmul could not be broadcast, not aligned"), check=None) is None
    assert _advice_for_error(KeyError("matmul"), check=None) is None


def in_a_condition(a, b):
    if (a @ b).sum() > 0:
        return a
    return b


def test_a_failing_line_that_opens_a_block_gets_the_general_advice():
    assert _matmul_advice(raised(in_a_condition, A, B)) == (
        "a matrix product A @ B needs A.shape[-1] == B.shape[0] (here 3 and 2): print the shapes "
        "of both operands; one of them may need a transpose (.T).")


def weights_times_inputs(W, X):
    return W @ X


def test_an_operand_whose_name_ends_the_line_is_read_whole():
    assert _matmul_advice(raised(weights_times_inputs, A, B)).startswith(
        "in `W @ X`, W has shape (2, 3) and X has shape (2, 3)")
