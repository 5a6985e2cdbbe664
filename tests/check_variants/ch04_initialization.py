"""Variants of the chapter 4 exercises: xavier_normal_init, he_uniform_init,
variance_through_layers."""

import numpy as np


# ------------------------------------------------------------------------- xavier_normal_init
def xavier_variance_as_std(fan_in, fan_out, rng):
    """The variance passed as the standard deviation."""
    return rng.normal(0.0, 2 / (fan_in + fan_out), size=(fan_in, fan_out))


def xavier_fan_in_twice(fan_in, fan_out, rng):
    """The notes' typo: fan_in + fan_in."""
    return rng.normal(0.0, np.sqrt(2 / (fan_in + fan_in)), size=(fan_in, fan_out))


def xavier_drawn_transposed(fan_in, fan_out, rng):
    """Draws (fan_out, fan_in) and transposes."""
    return rng.normal(0.0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_out, fan_in)).T


def xavier_lecun(fan_in, fan_out, rng):
    """std = sqrt(1 / fan_in)."""
    return rng.normal(0.0, np.sqrt(1 / fan_in), size=(fan_in, fan_out))


def xavier_he(fan_in, fan_out, rng):
    """std = sqrt(2 / fan_in), He's."""
    return rng.normal(0.0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


def xavier_global_random(fan_in, fan_out, rng):
    """np.random.normal, NumPy's global generator, instead of rng."""
    return np.random.normal(0.0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))


def xavier_new_generator(fan_in, fan_out, rng):
    """A new generator instead of the one given."""
    return np.random.default_rng(0).normal(0.0, np.sqrt(2 / (fan_in + fan_out)),
                                           size=(fan_in, fan_out))


def xavier_misplaced_sqrt(fan_in, fan_out, rng):
    """sqrt(2) / (fan_in + fan_out)."""
    return rng.normal(0.0, np.sqrt(2) / (fan_in + fan_out), size=(fan_in, fan_out))


def xavier_integer_division(fan_in, fan_out, rng):
    """2 // (fan_in + fan_out) = 0."""
    return rng.normal(0.0, np.sqrt(2 // (fan_in + fan_out)), size=(fan_in, fan_out))


def xavier_uniform_instead(fan_in, fan_out, rng):
    """Xavier uniform instead of normal."""
    r = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-r, r, size=(fan_in, fan_out))


def xavier_mean_and_std_swapped(fan_in, fan_out, rng):
    """rng.normal(std, size=...): mean std, standard deviation 1."""
    return rng.normal(np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))


def xavier_column_loop(fan_in, fan_out, rng):
    """One call per column: the numbers land in other places."""
    std = np.sqrt(2 / (fan_in + fan_out))
    return np.stack([rng.normal(0.0, std, size=fan_in) for _ in range(fan_out)], axis=1)


def xavier_reference(fan_in, fan_out, rng):
    """rng.normal(0, std, size=(fan_in, fan_out))."""
    return rng.normal(0.0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))


def xavier_standard_normal(fan_in, fan_out, rng):
    """std * rng.standard_normal."""
    return np.sqrt(2 / (fan_in + fan_out)) * rng.standard_normal((fan_in, fan_out))


def xavier_row_loop(fan_in, fan_out, rng):
    """One call per row, in order: the same numbers in the same places."""
    std = np.sqrt(2 / (fan_in + fan_out))
    return np.array([rng.normal(0.0, std, size=fan_out) for _ in range(fan_in)])


# ---------------------------------------------------------------------------- he_uniform_init
def _he(limit, fan_in, fan_out, rng):
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def he_std_as_limit(fan_in, fan_out, rng):
    """r = sqrt(2 / fan_in), the standard deviation."""
    return _he(np.sqrt(2 / fan_in), fan_in, fan_out, rng)


def he_xavier_limit(fan_in, fan_out, rng):
    """r = sqrt(6 / (fan_in + fan_out)), Xavier's."""
    return _he(np.sqrt(6 / (fan_in + fan_out)), fan_in, fan_out, rng)


def he_lecun_limit(fan_in, fan_out, rng):
    """r = sqrt(3 / fan_in): variance 1 / fan_in."""
    return _he(np.sqrt(3 / fan_in), fan_in, fan_out, rng)


def he_zero_to_r(fan_in, fan_out, rng):
    """U(0, r)."""
    return rng.uniform(0.0, np.sqrt(6 / fan_in), size=(fan_in, fan_out))


def he_fan_out(fan_in, fan_out, rng):
    """r = sqrt(6 / fan_out)."""
    return _he(np.sqrt(6 / fan_out), fan_in, fan_out, rng)


def he_no_sqrt(fan_in, fan_out, rng):
    """r = 6 / fan_in, no square root."""
    return _he(6 / fan_in, fan_in, fan_out, rng)


def he_misplaced_sqrt(fan_in, fan_out, rng):
    """r = sqrt(6) / fan_in."""
    return _he(np.sqrt(6) / fan_in, fan_in, fan_out, rng)


def he_drawn_transposed(fan_in, fan_out, rng):
    """Draws (fan_out, fan_in) and transposes."""
    return rng.uniform(-np.sqrt(6 / fan_in), np.sqrt(6 / fan_in), size=(fan_out, fan_in)).T


def he_global_random(fan_in, fan_out, rng):
    """np.random.uniform instead of rng."""
    r = np.sqrt(6 / fan_in)
    return np.random.uniform(-r, r, size=(fan_in, fan_out))


def he_normal_instead(fan_in, fan_out, rng):
    """He normal instead of uniform."""
    return rng.normal(0.0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


def he_reference(fan_in, fan_out, rng):
    """rng.uniform(-r, r) with r = sqrt(6 / fan_in)."""
    return _he(np.sqrt(6 / fan_in), fan_in, fan_out, rng)


def he_from_random(fan_in, fan_out, rng):
    """2 r u - r with u = rng.random()."""
    r = np.sqrt(6 / fan_in)
    return rng.random((fan_in, fan_out)) * 2 * r - r


def he_row_loop(fan_in, fan_out, rng):
    """One call per row, in order."""
    r = np.sqrt(3 * 2 / fan_in)
    return np.array([rng.uniform(-r, r, size=fan_out) for _ in range(fan_in)])


# -------------------------------------------------------------------- variance_through_layers
def _propagate(var_x, fan_ins, var_ws, relu):
    second_moment, out = var_x, []
    for fan_in, var_w in zip(fan_ins, var_ws):
        var_z = fan_in * var_w * second_moment
        out.append(var_z)
        second_moment = var_z / 2 if relu else var_z
    return np.array(out, dtype=float)


def variance_no_halving(var_x, fan_ins, var_ws, relu):
    """Never halves after ReLU."""
    return _propagate(var_x, fan_ins, var_ws, False)


def variance_input_halved(var_x, fan_ins, var_ws, relu):
    """Halves the input's variance too."""
    return _propagate(var_x / 2 if relu else var_x, fan_ins, var_ws, relu)


def variance_std(var_x, fan_ins, var_ws, relu):
    """Returns standard deviations."""
    return np.sqrt(_propagate(var_x, fan_ins, var_ws, relu))


def variance_squared_weights(var_x, fan_ins, var_ws, relu):
    """Squares var_ws."""
    return _propagate(var_x, fan_ins, np.square(var_ws), relu)


def variance_halved_before_storing(var_x, fan_ins, var_ws, relu):
    """Stores Var(z) / 2, the second moment after the ReLU."""
    second_moment, out = var_x, []
    for fan_in, var_w in zip(fan_ins, var_ws):
        second_moment = fan_in * var_w * second_moment / (2 if relu else 1)
        out.append(second_moment)
    return np.array(out)


def variance_fans_shifted(var_x, fan_ins, var_ws, relu):
    """The next layer's fan_in: the fans are off by one."""
    return _propagate(var_x, list(fan_ins[1:]) + [fan_ins[-1]], var_ws, relu)


def variance_lists_in_place(var_x, fan_ins, var_ws, relu):
    """Overwrites var_ws with the running products."""
    second_moment = var_x
    for l in range(len(var_ws)):
        var_ws[l] = fan_ins[l] * var_ws[l] * second_moment
        second_moment = var_ws[l] / 2 if relu else var_ws[l]
    return np.array(var_ws, dtype=float)


def variance_zeros_like_fans(var_x, fan_ins, var_ws, relu):
    """Fills np.zeros_like(fan_ins): integer fans truncate the variances."""
    out = np.zeros_like(fan_ins)
    second_moment = var_x
    for l, (fan_in, var_w) in enumerate(zip(fan_ins, var_ws)):
        out[l] = fan_in * var_w * second_moment
        second_moment = out[l] / 2 if relu else out[l]
    return out


def variance_last_only(var_x, fan_ins, var_ws, relu):
    """Returns only the last layer's variance."""
    return _propagate(var_x, fan_ins, var_ws, relu)[-1]


def variance_relu_inverted(var_x, fan_ins, var_ws, relu):
    """Halves for tanh instead of ReLU."""
    return _propagate(var_x, fan_ins, var_ws, not relu)


def variance_reference(var_x, fan_ins, var_ws, relu):
    """The loop of the chapter."""
    return _propagate(var_x, fan_ins, var_ws, relu)


def variance_cumprod(var_x, fan_ins, var_ws, relu):
    """A cumulative product of the per-layer factors."""
    factors = np.asarray(fan_ins, dtype=float) * np.asarray(var_ws, dtype=float)
    factors[1:] *= 0.5 if relu else 1.0
    return var_x * np.cumprod(factors)


def variance_list_returned(var_x, fan_ins, var_ws, relu):
    """Builds a list by recursion and returns it as a list."""
    if not len(fan_ins):
        return []
    first = fan_ins[0] * var_ws[0] * var_x
    rest = variance_list_returned(first / 2 if relu else first, fan_ins[1:], var_ws[1:], relu)
    return [first] + list(rest)


VARIANTS = {
    "xavier_normal_init": {
        "wrong": [xavier_variance_as_std, xavier_fan_in_twice, xavier_drawn_transposed,
                  xavier_lecun, xavier_he, xavier_global_random, xavier_new_generator,
                  xavier_misplaced_sqrt, xavier_integer_division, xavier_uniform_instead,
                  xavier_mean_and_std_swapped, xavier_column_loop],
        "right": [xavier_reference, xavier_standard_normal, xavier_row_loop],
    },
    "he_uniform_init": {
        "wrong": [he_std_as_limit, he_xavier_limit, he_lecun_limit, he_zero_to_r, he_fan_out,
                  he_no_sqrt, he_misplaced_sqrt, he_drawn_transposed, he_global_random,
                  he_normal_instead],
        "right": [he_reference, he_from_random, he_row_loop],
    },
    "variance_through_layers": {
        "wrong": [variance_no_halving, variance_input_halved, variance_std,
                  variance_squared_weights, variance_halved_before_storing,
                  variance_fans_shifted, variance_lists_in_place, variance_zeros_like_fans,
                  variance_last_only, variance_relu_inverted],
        "right": [variance_reference, variance_cumprod, variance_list_returned],
    },
}
