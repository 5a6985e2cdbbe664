"""Variants of the chapter 1 exercises added by the "deeper" issue: a network's number of
parameters and the shapes of its arrays."""

import numpy as np


def _pairs(sizes):
    return list(zip(sizes[:-1], sizes[1:]))


# --------------------------------------------------------------------------- parameter_count
def count_without_biases(sizes):
    return sum(a * b for a, b in _pairs(sizes))


def count_bias_per_input(sizes):
    return sum(a * b + a for a, b in _pairs(sizes))


def count_one_bias_per_layer(sizes):
    return sum(a * b + 1 for a, b in _pairs(sizes))


def count_units(sizes):
    return sum(sizes)


def count_first_layer_only(sizes):
    a, b = sizes[0], sizes[1]
    return (a + 1) * b


def count_last_layer_only(sizes):
    a, b = sizes[-2], sizes[-1]
    return (a + 1) * b


def count_bias_on_both_sides(sizes):
    return sum((a + 1) * (b + 1) for a, b in _pairs(sizes))


def count_product(sizes):
    return int(np.prod(sizes))


def count_input_biases_too(sizes):
    return sum((a + 1) * b for a, b in _pairs(sizes)) + sizes[0]


def count_loop(sizes):
    total = 0
    for l in range(1, len(sizes)):
        total += sizes[l - 1] * sizes[l]  # W[l]
        total += sizes[l]                 # b[l]
    return total


def count_dot(sizes):
    return int(np.dot(sizes[:-1], sizes[1:]) + np.sum(sizes[1:]))


# ---------------------------------------------------------------------------- forward_shapes
def shapes_transposed_w(sizes, m):
    return tuple(s for a, b in _pairs(sizes) for s in ((b, a), (b,), (m, b)))


def shapes_bias_per_sample(sizes, m):
    return tuple(s for a, b in _pairs(sizes) for s in ((a, b), (m, b), (m, b)))


def shapes_bias_row(sizes, m):
    return tuple(s for a, b in _pairs(sizes) for s in ((a, b), (1, b), (m, b)))


def shapes_z_transposed(sizes, m):
    return tuple(s for a, b in _pairs(sizes) for s in ((a, b), (b,), (b, m)))


def shapes_z_input_width(sizes, m):
    return tuple(s for a, b in _pairs(sizes) for s in ((a, b), (b,), (m, a)))


def shapes_wrong_order(sizes, m):
    return tuple(s for a, b in _pairs(sizes) for s in ((a, b), (m, b), (b,)))


def shapes_numbers_only(sizes, m):
    """The widths instead of the shapes: n_out three times per layer."""
    return tuple(b for a, b in _pairs(sizes) for _ in range(3))


def shapes_nested(sizes, m):
    return tuple(((a, b), (b,), (m, b)) for a, b in _pairs(sizes))


def shapes_with_input(sizes, m):
    return ((m, sizes[0]),) + tuple(s for a, b in _pairs(sizes) for s in ((a, b), (b,), (m, b)))


def shapes_without_z(sizes, m):
    return tuple(s for a, b in _pairs(sizes) for s in ((a, b), (b,)))


def shapes_loop(sizes, m):
    shapes = []
    for l in range(1, len(sizes)):
        shapes.append((sizes[l - 1], sizes[l]))
        shapes.append((sizes[l],))
        shapes.append((m, sizes[l]))
    return tuple(shapes)


def shapes_as_list(sizes, m):
    return [[a, b] if k == 0 else [b] if k == 1 else [m, b]
            for a, b in _pairs(sizes) for k in range(3)]


def shapes_from_arrays(sizes, m):
    shapes, a = [], np.zeros((m, sizes[0]))
    for n_in, n_out in _pairs(sizes):
        W, b = np.zeros((n_in, n_out)), np.zeros(n_out)
        a = a @ W + b
        shapes += [W.shape, b.shape, a.shape]
    return tuple(shapes)


VARIANTS = {
    "parameter_count": {
        "wrong": [count_without_biases, count_bias_per_input, count_one_bias_per_layer,
                  count_units, count_first_layer_only, count_last_layer_only,
                  count_bias_on_both_sides, count_product, count_input_biases_too],
        "right": [count_loop, count_dot],
    },
    "forward_shapes": {
        "wrong": [shapes_transposed_w, shapes_bias_per_sample, shapes_bias_row,
                  shapes_z_transposed, shapes_z_input_width, shapes_wrong_order,
                  shapes_numbers_only,
                  shapes_nested, shapes_with_input, shapes_without_z],
        "right": [shapes_loop, shapes_from_arrays, shapes_as_list],
    },
}
