"""Checks of chapter 4, weight initialization."""

import numpy as np

from ..initializers import he_uniform, xavier_normal
from .core import Case, Check, Mistake

__all__ = ["xavier_normal_init", "he_uniform_init", "variance_through_layers", "backward_variances"]


def _rng(seed):
    """A fresh generator: each call of a check gets a copy of it, so draws can be compared."""
    return np.random.default_rng(seed)


def _normal(std):
    """A wrong initializer drawing N(0, std(fan_in, fan_out)^2) as the exercise asks to draw."""
    def draw(fan_in, fan_out, rng):
        return rng.normal(0.0, std(fan_in, fan_out), size=(fan_in, fan_out))
    return draw


def _uniform(limit):
    """A wrong initializer drawing U(-limit, limit) as the exercise asks to draw."""
    def draw(fan_in, fan_out, rng):
        r = limit(fan_in, fan_out)
        return rng.uniform(-r, r, size=(fan_in, fan_out))
    return draw


xavier_normal_init = Check(
    "xavier_normal_init",
    reference=xavier_normal,
    cases=[
        Case((3, 2, _rng(0)), "fan_in=3, fan_out=2"),
        Case((2, 5, _rng(1)), "fan_in=2, fan_out=5"),
        Case((4, 4, _rng(2)), "a square layer, fan_in=fan_out=4"),
        Case((64, 10, _rng(3)), "fan_in=64, fan_out=10"),
    ],
    mistakes=[
        Mistake(_normal(lambda n_in, n_out: 2 / (n_in + n_out)),
                "2 / (fan_in + fan_out) is the variance; the standard deviation that rng.normal "
                "takes is its square root."),
        Mistake(_normal(lambda n_in, n_out: np.sqrt(2 / (n_in + n_in))),
                "the denominator is fan_in + fan_out. With fan_in + fan_in (the notes' typo) you "
                "get 1 / fan_in, the forward condition alone."),
        Mistake(lambda fan_in, fan_out, rng: rng.normal(0.0, np.sqrt(2 / (fan_in + fan_out)),
                                                        size=(fan_out, fan_in)).T,
                "draw the array with size=(fan_in, fan_out) directly; drawing (fan_out, fan_in) "
                "and transposing puts the same numbers in other places."),
        Mistake(_normal(lambda n_in, n_out: np.sqrt(2 / n_in)),
                "that is He's standard deviation, sqrt(2 / fan_in); Xavier's variance is "
                "2 / (fan_in + fan_out), which depends on both fans."),
        Mistake(lambda fan_in, fan_out, rng: rng.normal(np.sqrt(2 / (fan_in + fan_out)),
                                                        size=(fan_in, fan_out)),
                "the first argument of rng.normal is the mean (0 here), the second the "
                "standard deviation."),
    ],
    hint="the exercise gives the variance, 2 / (fan_in + fan_out); the generator's normal() "
         "takes a mean and a standard deviation. Draw all the weights in one call with the "
         "generator you are given, in the shape (fan_in, fan_out).",
    recipe="return rng.normal(0.0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))",
)


he_uniform_init = Check(
    "he_uniform_init",
    reference=he_uniform,
    cases=[
        Case((3, 2, _rng(0)), "fan_in=3, fan_out=2"),
        Case((2, 5, _rng(1)), "fan_in=2, fan_out=5"),
        Case((64, 10, _rng(3)), "fan_in=64, fan_out=10"),
    ],
    mistakes=[
        Mistake(_uniform(lambda n_in, n_out: np.sqrt(2 / n_in)),
                "sqrt(2 / fan_in) is He's standard deviation; the variance of U(-r, r) is r^2 / 3, "
                "so r = sqrt(6 / fan_in)."),
        Mistake(_uniform(lambda n_in, n_out: np.sqrt(6 / (n_in + n_out))),
                "that is Xavier's limit; He's variance 2 / fan_in depends on the fan-in only: "
                "r = sqrt(6 / fan_in)."),
        Mistake(_uniform(lambda n_in, n_out: np.sqrt(3 / n_in)),
                "this gives the variance 1 / fan_in: He doubles it to 2 / fan_in to make up for "
                "the half that ReLU zeroes, so r = sqrt(6 / fan_in)."),
        Mistake(lambda fan_in, fan_out, rng: rng.uniform(0.0, np.sqrt(6 / fan_in),
                                                         size=(fan_in, fan_out)),
                "the interval is symmetric around zero: rng.uniform(-r, r, ...), not (0, r)."),
        Mistake(_uniform(lambda n_in, n_out: np.sqrt(6 / n_out)),
                "He's variance 2 / fan_in depends on the fan-IN, the number of inputs of a "
                "unit: r = sqrt(6 / fan_in)."),
    ],
    hint="the variance of U(-r, r) is r^2 / 3: choose r so that it equals 2 / fan_in. Draw "
         "all the weights in one call of the generator's uniform(), in the shape "
         "(fan_in, fan_out).",
    recipe="r = np.sqrt(6 / fan_in); return rng.uniform(-r, r, size=(fan_in, fan_out))",
)


def _variance_through_layers(var_x, fan_ins, var_ws, relu):
    second_moment = var_x
    variances = []
    for fan_in, var_w in zip(fan_ins, var_ws):
        var_z = fan_in * var_w * second_moment
        variances.append(var_z)
        second_moment = var_z / 2 if relu else var_z
    return np.array(variances, dtype=float)


variance_through_layers = Check(
    "variance_through_layers",
    reference=_variance_through_layers,
    cases=[
        Case((2.0, [3, 5, 4], [0.5, 0.2, 0.25], True), "ReLU, three layers of different widths"),
        Case((1.0, [4, 8, 2], [0.5, 0.25, 1.0], False), "tanh (linear regime), three layers"),
        Case((1.0, [256] * 4, [2 / 256] * 4, True), "ReLU with He initialization, 256 units"),
        Case((1.0, [256] * 4, [1 / 256] * 4, True), "ReLU with Xavier initialization, 256 units"),
        Case((3.0, np.array([2, 6]), np.array([0.25, 0.5]), False),
             "NumPy arrays instead of lists, tanh"),
    ],
    mistakes=[
        Mistake(lambda var_x, fan_ins, var_ws, relu:
                _variance_through_layers(var_x, fan_ins, var_ws, False),
                "after a ReLU only half of the second moment is left: E[a^2] = Var(z) / 2 for the "
                "next layer."),
        Mistake(lambda var_x, fan_ins, var_ws, relu:
                _variance_through_layers(var_x / 2 if relu else var_x, fan_ins, var_ws, relu),
                "the inputs X do not go through a ReLU: E[(a[0])^2] = var_x; halve only after "
                "each layer's activation."),
        Mistake(lambda var_x, fan_ins, var_ws, relu:
                np.sqrt(_variance_through_layers(var_x, fan_ins, var_ws, relu)),
                "return the variances Var(z[l]), not standard deviations: no square root."),
        Mistake(lambda var_x, fan_ins, var_ws, relu:
                _variance_through_layers(var_x, fan_ins, np.square(var_ws), relu),
                "var_ws already holds variances: multiply by Var(W) itself, do not square it."),
    ],
    hint="carry E[a^2] from layer to layer, starting from the inputs (which are not "
         "activations); each layer multiplies it by fan_in * Var(W) to give Var(z), and the "
         "activation then turns Var(z) into the next E[a^2]. Collect every Var(z) in a new "
         "array of floats, and leave the lists you are given unchanged.",
    recipe="second_moment = var_x; variances = []; for fan_in, var_w in zip(fan_ins, var_ws): "
           "var_z = fan_in * var_w * second_moment; variances.append(var_z); "
           "second_moment = var_z / 2 if relu else var_z. Return np.array(variances).",
)


# The backward (fan-out) condition: the variance of the gradients, layer by layer.


def _backward_variances(var_top, layer_sizes, var_ws, slope):
    """The reference: Var(da[l-1]) = n_l Var(W[l]) slope^2 Var(da[l]), for l = D, ..., 1."""
    variances, var = [], float(var_top)
    for l in range(len(var_ws), 0, -1):
        var = layer_sizes[l] * var_ws[l - 1] * slope ** 2 * var
        variances.append(var)
    return np.array(variances[::-1])


def _backward_variant(var_top, layer_sizes, var_ws, slope, fan_in=False, power=2,
                      reverse=True):
    variances, var = [], float(var_top)
    for l in range(len(var_ws), 0, -1):
        fan = layer_sizes[l - 1] if fan_in else layer_sizes[l]
        var = fan * var_ws[l - 1] * slope ** power * var
        variances.append(var)
    return np.array(variances[::-1] if reverse else variances)


backward_variances = Check(
    "backward_variances",
    reference=_backward_variances,
    cases=[
        Case((1.0, [4, 8, 2], [0.5, 0.25], 1.0),
             "var_top = 1, layer_sizes [4, 8, 2], var_ws [0.5, 0.25], slope 1"),
        Case((2.0, [3, 6, 5, 10], [0.1, 0.3, 0.05], 0.25),
             "var_top = 2, layer_sizes [3, 6, 5, 10], var_ws [0.1, 0.3, 0.05], slope 1/4 "
             "(sigmoid)"),
        Case((0.5, [256] * 4, [2 / 512] * 3, 0.25),
             "three layers of 256 units with Xavier weights, slope 1/4"),
    ],
    mistakes=[
        Mistake(lambda *args: _backward_variant(*args, fan_in=True),
                "the backward pass sums over the units a weight leads to: da[l-1] = dz[l] W[l]^T "
                "has n_l terms, the fan-out of layer l, not its fan-in."),
        Mistake(lambda *args: _backward_variant(*args, power=1),
                "a factor g' multiplies the gradient, so the variance is multiplied by its "
                "square."),
        Mistake(lambda *args: _backward_variant(*args, reverse=False),
                "return the variances input side first: entry 0 is Var(da[0]), the last entry "
                "Var(da[D-1])."),
    ],
    hint="start from the gradient that reaches the top and walk down one layer at a time: each "
         "step multiplies by the activation's slope (squared, for a variance) and then sums the "
         "terms of one entry of dz W^T: count them from the shapes.",
    recipe="var = var_top; for l = D, ..., 1: var = layer_sizes[l] * var_ws[l - 1] * slope**2 * "
           "var, and keep each value; return them as an array in the order l - 1 = 0, ..., D - 1 "
           "(reverse the list you built).",
)
