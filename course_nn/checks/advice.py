"""Advice for an exception the learner's function raised: what a ``matmul`` shape error means
in their own code (``checks/core.py`` uses it)."""

import ast
import inspect
import linecache
import re

import numpy as np


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
    tree = ast.parse(line.strip().rstrip("\\"))  # a statement, without its line continuation
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
            values.append(eval(compile(ast.Expression(operand), "<check>", "eval"), namespace))
        if len(values) == 2:
            found.append((ast.unparse(left), ast.unparse(right), *values))
    return found
