"""Variants of the chapter 4 exercise added by the "deeper" issue: the backward (fan-out)
condition, the variance of the gradients layer by layer."""

import numpy as np


def _walk(var_top, layer_sizes, var_ws, slope, fan=lambda sizes, l: sizes[l], factor=None,
          reverse=True, include_top=False):
    factor = factor or (lambda s: s ** 2)
    variances, var = ([float(var_top)] if include_top else []), float(var_top)
    for l in range(len(var_ws), 0, -1):
        var = fan(layer_sizes, l) * var_ws[l - 1] * factor(slope) * var
        variances.append(var)
    return np.array(variances[::-1] if reverse else variances)


def bv_fan_in(*args):
    return _walk(*args, fan=lambda sizes, l: sizes[l - 1])


def bv_fan_average(*args):
    return _walk(*args, fan=lambda sizes, l: (sizes[l - 1] + sizes[l]) / 2)


def bv_slope_not_squared(*args):
    return _walk(*args, factor=lambda s: s)


def bv_no_slope(*args):
    return _walk(*args, factor=lambda s: 1.0)


def bv_top_first(*args):
    return _walk(*args, reverse=False)


def bv_includes_top(*args):
    return _walk(*args, include_top=True)


def bv_forward_direction(var_top, layer_sizes, var_ws, slope):
    """Walks from the input up, as in the forward pass."""
    variances, var = [], float(var_top)
    for l in range(1, len(var_ws) + 1):
        var = layer_sizes[l] * var_ws[l - 1] * slope ** 2 * var
        variances.append(var)
    return np.array(variances)


def bv_std_not_variance(*args):
    return np.sqrt(_walk(*args))


def bv_slope_once_too_many(var_top, layer_sizes, var_ws, slope):
    """Multiplies by the slope also for the input layer, which has no activation below it."""
    return _walk(var_top, layer_sizes, var_ws, slope) * slope ** 2


def bv_fan_one_layer_up(*args):
    """Takes the fan-out of the layer above, n_{l+1}, instead of n_l."""
    return _walk(*args, fan=lambda sizes, l: sizes[min(l + 1, len(sizes) - 1)])


def bv_loop_forward_then_flip(var_top, layer_sizes, var_ws, slope):
    D = len(var_ws)
    result = np.zeros(D)
    var = var_top
    for l in reversed(range(D)):  # l indexes the weight matrix, 0-based
        var = var * slope ** 2 * layer_sizes[l + 1] * var_ws[l]
        result[l] = var
    return result


def bv_cumulative_product(var_top, layer_sizes, var_ws, slope):
    factors = np.array(layer_sizes[1:]) * np.array(var_ws) * slope ** 2
    return var_top * np.cumprod(factors[::-1])[::-1]


VARIANTS = {
    "backward_variances": {
        "wrong": [bv_fan_in, bv_fan_average, bv_slope_not_squared, bv_no_slope, bv_top_first,
                  bv_includes_top, bv_forward_direction, bv_std_not_variance,
                  bv_slope_once_too_many, bv_fan_one_layer_up],
        "right": [bv_loop_forward_then_flip, bv_cumulative_product],
    },
}
