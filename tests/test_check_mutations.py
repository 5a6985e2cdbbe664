"""The mutation test of the exercise checks (issue 13).

For every check in ``checks.REGISTRY``:

- the hand-written variants of ``tests/check_variants/chNN_*.py`` (at least 8 plausible wrong
  answers and 2 correct alternatives per check, a minimum enforced here for checks added later
  too): every wrong one must be rejected, every right one accepted;
- generated mutants: single-site AST transforms of the reference's source (or of the
  ``course_nn`` code it runs): a comparison swapped, a constant such as eps changed, an axis,
  ``ddof`` or ``keepdims`` changed, an operator swapped, a term or a call dropped. A mutant that
  gives the reference's answer (within the check's tolerance) on every case of the check and on
  perturbed copies of them is equivalent and discarded; every other one must be rejected by
  the checks listed in ``STRICT`` (the checks of issue 13); for a check added later a survivor
  is reported as a warning, since its cases were chosen against its own hand-written variants.

The kill rates are printed at the end of the run (a terminal summary line).
"""

import ast
import copy
import warnings
import importlib.util
import inspect
import textwrap
from pathlib import Path

import numpy as np
import pytest

from course_nn import activations, gradcheck, initializers, layers, losses, optimizers
from course_nn.checks import REGISTRY
from course_nn.checks.core import _compare

VARIANTS_DIR = Path(__file__).parent / "check_variants"


def _load_variants():
    variants = {}
    for path in sorted(VARIANTS_DIR.glob("ch*.py")):
        spec = importlib.util.spec_from_file_location(f"check_variants_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, entry in module.VARIANTS.items():
            merged = variants.setdefault(name, {"wrong": [], "right": []})
            merged["wrong"] += list(entry.get("wrong", []))
            merged["right"] += list(entry.get("right", []))
    return variants


VARIANTS = _load_variants()
CHECKS = [REGISTRY[name] for name in sorted(REGISTRY)]
STATS = {"wrong": [0, 0], "right": [0, 0], "generated": [0, 0, 0]}
STRICT = {"forward_341", "stable_softmax", "softmax_cross_entropy", "backward_341",
          "numerical_gradient", "relative_error", "tanh_derivative", "relu_derivative", "elu",
          "elu_derivative", "xavier_normal_init", "he_uniform_init", "variance_through_layers",
          "momentum_step", "nesterov_step", "adam_step", "batchnorm_forward",
          "batchnorm_backward", "running_update", "standardize_with_train",
          "accuracy_from_scores", "confusion_matrix"}


def judge(check, function):
    """``check.evaluate(function)`` with NumPy's warnings silenced (the variants overflow)."""
    with np.errstate(all="ignore"):
        return check.evaluate(function)


def over(checks):
    return pytest.mark.parametrize("check", checks, ids=[check.name for check in checks])


class _KillRateSummary:
    """A plugin registered by this module: the kill rates in pytest's terminal summary."""

    def pytest_terminal_summary(self, terminalreporter):
        wrong, right, generated = STATS["wrong"], STATS["right"], STATS["generated"]
        if not (wrong[0] or right[0] or generated[0]):
            return
        terminalreporter.write_line(
            f"check mutation test: hand-written wrong variants killed {wrong[1]}/{wrong[0]}, "
            f"right variants accepted {right[1]}/{right[0]}; generated mutants: "
            f"{generated[0]} generated, {generated[0] - generated[1]} equivalent discarded, "
            f"killed {generated[2]}/{generated[1]}")


@pytest.fixture(scope="module", autouse=True)
def kill_rate_summary(request):
    manager = request.config.pluginmanager
    if not manager.has_plugin("check-kill-rate"):
        manager.register(_KillRateSummary(), "check-kill-rate")


def _label(function):
    name = getattr(function, "__name__", repr(function))
    doc = (inspect.getdoc(function) or "").split("\n")[0]
    return f"{name}: {doc}" if doc else name


@over(CHECKS)
def test_every_check_has_enough_variants(check):
    entry = VARIANTS.get(check.name, {"wrong": [], "right": []})
    assert len(entry["wrong"]) >= 8, (
        f"{check.name}: {len(entry['wrong'])} wrong variants in tests/check_variants, need 8")
    assert len(entry["right"]) >= 2, (
        f"{check.name}: {len(entry['right'])} right variants in tests/check_variants, need 2")


@over(CHECKS)
def test_hand_written_wrong_variants_are_rejected(check):
    survivors = []
    for variant in VARIANTS.get(check.name, {}).get("wrong", []):
        passed, _ = judge(check, variant)
        STATS["wrong"][0] += 1
        STATS["wrong"][1] += not passed
        if passed:
            survivors.append(_label(variant))
    assert not survivors, f"{check.name} accepts wrong variants: {survivors}"


@over(CHECKS)
def test_hand_written_right_variants_are_accepted(check):
    rejected = []
    for variant in VARIANTS.get(check.name, {}).get("right", []):
        passed, message = judge(check, variant)
        STATS["right"][0] += 1
        STATS["right"][1] += passed
        if not passed:
            rejected.append(f"{_label(variant)}\n{message}")
    assert not rejected, f"{check.name} rejects right variants:\n" + "\n".join(rejected)


# ---------------------------------------------------------------------------- generated mutants
# The code each check's reference runs, when the reference is a thin wrapper around course_nn.
TARGETS = {
    "stable_softmax": [(activations, "softmax")],
    "softmax_cross_entropy": [(losses.SoftmaxCrossEntropyLoss, "forward")],
    "backward_341": [(layers.Dense, "backward"), (losses.BCELoss, "backward"),
                     (activations, "sigmoid_derivative")],
    "numerical_gradient": [(gradcheck, "numerical_gradient")],
    "relative_error": [(gradcheck, "relative_error")],
    "tanh_derivative": [(activations, "tanh_derivative")],
    "relu_derivative": [(activations, "relu_derivative")],
    "elu": [(activations, "elu")],
    "elu_derivative": [(activations, "elu_derivative")],
    "xavier_normal_init": [(initializers, "xavier_normal")],
    "he_uniform_init": [(initializers, "he_uniform")],
    "momentum_step": [(optimizers.Momentum, "update")],
    "nesterov_step": [(optimizers.Nesterov, "update")],
    "adam_step": [(optimizers.Adam, "update")],
    "batchnorm_forward": [(layers.BatchNorm, "forward")],
    "batchnorm_backward": [(layers.BatchNorm, "backward")],
    "running_update": [(layers.BatchNorm, "forward")],
}

_SWAPS = {ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Eq: ast.NotEq,
          ast.NotEq: ast.Eq, ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div,
          ast.Div: ast.Mult}
_RENAMES = {"sum": "mean", "mean": "sum", "max": "min", "min": "max", "maximum": "minimum",
            "minimum": "maximum", "exp": "expm1", "expm1": "exp"}


def _mutations(tree):
    """Every single-site mutation of ``tree``: (description, mutated tree)."""
    nodes = list(ast.walk(tree))
    for index, node in enumerate(nodes):
        for description, change in _site_mutations(node):
            mutated = copy.deepcopy(tree)
            target = list(ast.walk(mutated))[index]
            if change(target) is not False:
                yield f"line {getattr(node, 'lineno', '?')}: {description}", mutated


def _site_mutations(node):
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _SWAPS:
        yield (f"{type(node.ops[0]).__name__} -> {_SWAPS[type(node.ops[0])].__name__}",
               lambda n: n.ops.__setitem__(0, _SWAPS[type(n.ops[0])]()))
    if isinstance(node, ast.BinOp):
        if type(node.op) in _SWAPS:
            yield (f"{type(node.op).__name__} -> {_SWAPS[type(node.op)].__name__}",
                   lambda n: setattr(n, "op", _SWAPS[type(n.op)]()))
        if isinstance(node.op, (ast.Add, ast.Sub)):
            yield "drop the right term", lambda n: _replace(n, n.left)
            yield "keep only the right term", lambda n: _replace(n, n.right)
        if isinstance(node.op, ast.Pow):
            yield "power -> product", lambda n: setattr(n, "op", ast.Mult())
    if isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(
            node.value, bool):
        value = node.value
        if value != 0:
            yield f"{value!r} -> 0", lambda n: setattr(n, "value", type(n.value)(0))
        yield f"{value!r} -> {value!r} + 1", lambda n: setattr(n, "value", n.value + 1)
        if isinstance(value, float) and 0 < abs(value) < 1e-3:
            yield f"{value!r} -> 1e-3", lambda n: setattr(n, "value", 1e-3)
    if isinstance(node, ast.keyword):
        if node.arg == "axis" and isinstance(node.value, ast.Constant):
            yield "another axis", lambda n: setattr(n.value, "value", 0 if n.value.value else 1)
        if node.arg == "ddof" and isinstance(node.value, ast.Constant):
            yield "another ddof", lambda n: setattr(n.value, "value", 1 - n.value.value)
        if node.arg == "keepdims":
            yield "keepdims=False", lambda n: setattr(n, "value", ast.Constant(False))
    if isinstance(node, ast.Call):
        name = getattr(node.func, "attr", None)
        if name in _RENAMES:
            yield f".{name} -> .{_RENAMES[name]}", lambda n: setattr(n.func, "attr",
                                                                    _RENAMES[n.func.attr])
        if name in ("var", "std") and not any(k.arg == "ddof" for k in node.keywords):
            yield f".{name} with ddof=1", lambda n: n.keywords.append(
                ast.keyword("ddof", ast.Constant(1)))
        if name in ("sqrt", "exp", "abs") and len(node.args) == 1:
            yield f"drop the {name}", lambda n: _replace(n, n.args[0])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _is_eps(node.right):
        root = next((sub for sub in ast.walk(node.left) if _is_call(sub, "sqrt")), None)
        if root is not None:
            yield "move eps inside the square root", lambda n: _eps_inside(n)
    if _is_call(node, "sqrt") and isinstance(node.args[0], ast.BinOp) and isinstance(
            node.args[0].op, ast.Add) and _is_eps(node.args[0].right):
        yield "move eps out of the square root", lambda n: _replace(n, ast.BinOp(
            ast.Call(n.func, [n.args[0].left], []), ast.Add(), n.args[0].right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield "drop a minus sign", lambda n: _replace(n, n.operand)
    if isinstance(node, ast.AugAssign) and type(node.op) in _SWAPS:
        yield (f"{type(node.op).__name__}= -> {_SWAPS[type(node.op)].__name__}=",
               lambda n: setattr(n, "op", _SWAPS[type(n.op)]()))


def _is_eps(node):
    return "eps" in ast.unparse(node)


def _is_call(node, name):
    return (isinstance(node, ast.Call) and len(node.args) == 1
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == name)


def _eps_inside(node):
    """``f(sqrt(a)) + eps`` becomes ``f(sqrt(a + eps))``."""
    eps = node.right
    root = next(sub for sub in ast.walk(node.left) if _is_call(sub, "sqrt"))
    root.args[0] = ast.BinOp(root.args[0], ast.Add(), eps)
    _replace(node, node.left)


def _replace(node, other):
    """Turn ``node`` into a copy of ``other`` in place (keeping its place in the tree)."""
    other = copy.deepcopy(other)
    node.__class__ = other.__class__
    node.__dict__.clear()
    node.__dict__.update(other.__dict__)


def _compile(function, tree):
    """The function defined by ``tree`` (a mutant of ``function``'s source)."""
    definition = tree.body[0]
    definition.decorator_list = []
    namespace = dict(function.__globals__)
    code = compile(ast.fix_missing_locations(tree), inspect.getsourcefile(function), "exec")
    exec(code, namespace)  # noqa: S102
    return namespace[definition.name]


def _as_learner(check, owner, attribute, mutant):
    """A learner's function that runs the reference with ``owner.attribute`` mutated."""
    original = inspect.getattr_static(owner, attribute)
    if original is check.reference:
        return mutant

    def learner(*args, **kwargs):
        setattr(owner, attribute, mutant)
        try:
            return check.reference(*args, **kwargs)
        finally:
            setattr(owner, attribute, original)
    return learner


def _perturbed(case, rng):
    """The arguments of ``case`` with every float array multiplied by factors in [0.5, 1.5]."""
    def perturb(value):
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            return value * rng.uniform(0.5, 1.5, size=value.shape).astype(value.dtype)
        return copy.deepcopy(value)
    return tuple(perturb(arg) for arg in case.args), copy.deepcopy(case.kwargs)


def _differs(check, learner):
    """Whether ``learner`` differs from the reference on a case or a perturbed copy of one."""
    rng = np.random.default_rng(0)
    inputs = [(copy.deepcopy(c.args), copy.deepcopy(c.kwargs)) for c in check.cases]
    inputs += [_perturbed(c, rng) for c in check.cases for _ in range(2)]
    for args, kwargs in inputs:
        try:
            with np.errstate(all="ignore"):
                expected = check.normalize(
                    check.reference(*copy.deepcopy(args), **copy.deepcopy(kwargs)))
        except Exception:  # noqa: BLE001, a perturbed input outside the exercise's domain
            continue
        try:
            with np.errstate(all="ignore"):
                got = check.normalize(learner(*copy.deepcopy(args), **copy.deepcopy(kwargs)))
        except Exception:  # noqa: BLE001
            return True
        if _compare(got, expected, check.rtol, check.atol) is not None:
            return True
    return False


def _targets(check):
    if check.name in TARGETS:
        return TARGETS[check.name]
    if check.reference.__name__ == "<lambda>":  # a one-line formula: the variants cover it
        return []
    module = inspect.getmodule(check.reference)
    return [(module, check.reference.__name__)]


@over(CHECKS)
def test_generated_mutants_are_rejected(check):
    survivors = []
    for owner, attribute in _targets(check):
        function = inspect.getattr_static(owner, attribute)
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
        except (OSError, TypeError):
            continue
        for description, mutated in _mutations(tree):
            try:
                mutant = _compile(function, mutated)
            except Exception:  # noqa: BLE001, a mutation that does not compile
                continue
            learner = _as_learner(check, owner, attribute, mutant)
            STATS["generated"][0] += 1
            if not _differs(check, learner):
                continue
            STATS["generated"][1] += 1
            passed, _ = judge(check, learner)
            STATS["generated"][2] += not passed
            if passed:
                survivors.append(f"{getattr(owner, '__name__', owner)}.{attribute} {description}")
    if check.name in STRICT:
        assert not survivors, f"{check.name} accepts generated mutants: {survivors}"
    elif survivors:
        warnings.warn(f"{check.name} accepts generated mutants: {survivors}", stacklevel=1)
