"""Variants of the chapter 3 exercises: tanh_derivative, relu_derivative, elu, elu_derivative."""

import math

import numpy as np


# ----------------------------------------------------------------------------- tanh_derivative
def tanh_of_z_not_applied(z):
    """1 - z**2: the formula applied to z."""
    return 1 - z ** 2


def tanh_not_squared(z):
    """1 - tanh(z)."""
    return 1 - np.tanh(z)


def tanh_sigmoid_pattern(z):
    """tanh (1 - tanh), the sigmoid's pattern."""
    return np.tanh(z) * (1 - np.tanh(z))


def tanh_square_outside(z):
    """(1 - tanh(z))**2."""
    return (1 - np.tanh(z)) ** 2


def tanh_into_empty_like(z):
    """Fills np.empty_like(z): integer z truncates the answer to integers."""
    out = np.empty_like(z)
    out[...] = 1 - np.tanh(z) ** 2
    return out


def tanh_in_float32(z):
    """Computes in float32: 1 - tanh**2 loses its digits for |z| > 3."""
    t = np.tanh(z.astype(np.float32))
    return 1 - t ** 2


def tanh_from_exponentials(z):
    """tanh = (e^z - e^-z) / (e^z + e^-z): inf / inf = NaN for large |z|."""
    t = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return 1 - t ** 2


def tanh_in_place(z):
    """np.tanh(z, out=z): overwrites the argument."""
    z = np.asarray(z, dtype=float) if z.dtype.kind != "f" else z
    np.tanh(z, out=z)
    return 1 - z ** 2


def tanh_of_square(z):
    """1 - tanh(z**2)."""
    return 1 - np.tanh(z ** 2)


def tanh_reference(z):
    """t = tanh(z); 1 - t**2."""
    t = np.tanh(z)
    return 1 - t ** 2


def tanh_sech_squared(z):
    """1 / cosh(z)**2 (cosh overflows to inf, and 1 / inf = 0 is right)."""
    return 1 / np.cosh(z) ** 2


def tanh_loop(z):
    """A loop over the entries with math.tanh."""
    return np.array([1 - math.tanh(v) ** 2 for v in np.ravel(z)]).reshape(np.shape(z))


# ----------------------------------------------------------------------------- relu_derivative
def relu_itself(z):
    """ReLU instead of its derivative."""
    return np.maximum(z, 0.0)


def relu_sign(z):
    """np.sign: -1 for z < 0."""
    return np.sign(z)


def relu_greater_equal(z):
    """z >= 0: 1 at z = 0."""
    return (z >= 0).astype(float)


def relu_where_not_negative(z):
    """np.where(z < 0, 0, 1): 1 at z = 0."""
    return np.where(z < 0, 0.0, 1.0)


def relu_divide_by_abs(z):
    """z / |z|: -1 for z < 0, NaN at 0."""
    return z / np.abs(z)


def relu_clip(z):
    """np.clip(z, 0, 1): a ramp between 0 and 1."""
    return np.clip(z, 0, 1)


def relu_in_place(z):
    """Overwrites z: z[z > 0] = 1; z[z <= 0] = 0."""
    z[z > 0] = 1
    z[z <= 0] = 0
    return z.astype(float)


def relu_abs_nonzero(z):
    """|z| > 0: 1 for negative z too."""
    return (np.abs(z) > 0).astype(float)


def relu_heaviside_one(z):
    """np.heaviside(z, 1): 1 at z = 0."""
    return np.heaviside(z, 1.0)


def relu_leaky(z):
    """Leaky ReLU's derivative, 0.01 for z <= 0."""
    return np.where(z > 0, 1.0, 0.01)


def relu_sigmoid(z):
    """The sigmoid, the derivative of softplus."""
    return 1 / (1 + np.exp(-z))


def relu_boolean(z):
    """The boolean mask z > 0, not converted to float."""
    return z > 0


def relu_reference(z):
    """(z > 0) as float."""
    return (z > 0).astype(float)


def relu_heaviside_zero(z):
    """np.heaviside(z, 0)."""
    return np.heaviside(z, 0.0)


def relu_positive_sign(z):
    """max(sign(z), 0)."""
    return np.maximum(np.sign(z), 0.0)


def relu_loop(z):
    """A loop over the entries."""
    return np.array([1.0 if v > 0 else 0.0 for v in np.ravel(z)]).reshape(np.shape(z))


# ------------------------------------------------------------------------------------- elu
def elu_leaky(z, alpha=1.0):
    """alpha z on the left, Leaky ReLU's form."""
    return np.where(z > 0, z, alpha * z)


def elu_without_minus_one(z, alpha=1.0):
    """alpha e^z on the left."""
    return np.where(z > 0, z, alpha * np.exp(np.minimum(z, 0)))


def elu_without_alpha(z, alpha=1.0):
    """e^z - 1 on the left."""
    return np.where(z > 0, z, np.exp(np.minimum(z, 0)) - 1)


def elu_parentheses(z, alpha=1.0):
    """alpha e^z - 1 on the left."""
    return np.where(z > 0, z, alpha * np.exp(np.minimum(z, 0)) - 1)


def elu_masks_into_copy(z, alpha=1.0):
    """Fills a copy of z: integer z truncates alpha (e^z - 1) to integers."""
    out = z.copy()
    left = z <= 0
    out[left] = alpha * (np.exp(z[left]) - 1)
    return out


def elu_in_place(z, alpha=1.0):
    """Overwrites z with the left piece."""
    left = z <= 0
    z[left] = alpha * (np.exp(z[left]) - 1)
    return z


def elu_maximum(z, alpha=1.0):
    """max(z, alpha (e^z - 1)): wrong for positive z."""
    return np.maximum(z, alpha * (np.exp(z) - 1))


def elu_masks_multiplied(z, alpha=1.0):
    """z (z > 0) + alpha (e^z - 1) (z <= 0): 0 * inf = NaN for large z."""
    return z * (z > 0) + alpha * (np.exp(z) - 1) * (z <= 0)


def elu_min_max_swapped(z, alpha=1.0):
    """exp of np.maximum(z, 0): the left piece becomes 0."""
    return np.where(z > 0, z, alpha * (np.exp(np.maximum(z, 0)) - 1))


def elu_default_alpha(z, alpha=0.01):
    """The default alpha of Leaky ReLU, 0.01."""
    return np.where(z > 0, z, alpha * (np.exp(np.minimum(z, 0)) - 1))


def elu_reference(z, alpha=1.0):
    """np.where with exp of np.minimum(z, 0)."""
    return np.where(z > 0, z, alpha * (np.exp(np.minimum(z, 0)) - 1))


def elu_expm1(z, alpha=1.0):
    """np.expm1, and z >= 0 as the test (ELU is continuous at 0)."""
    return np.where(z >= 0, z, alpha * np.expm1(np.minimum(z, 0)))


def elu_loop(z, alpha=1.0):
    """A loop with math.exp."""
    values = [v if v > 0 else alpha * (math.exp(v) - 1) for v in np.ravel(z).astype(float)]
    return np.array(values).reshape(np.shape(z))


# ---------------------------------------------------------------------------- elu_derivative
def elu_d_leaky(z, alpha=1.0):
    """A constant alpha on the left."""
    return np.where(z > 0, 1.0, alpha)


def elu_d_value_on_the_left(z, alpha=1.0):
    """ELU itself on the left."""
    return np.where(z > 0, 1.0, alpha * (np.exp(np.minimum(z, 0)) - 1))


def elu_d_without_alpha(z, alpha=1.0):
    """e^z on the left."""
    return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0)))


def elu_d_greater_equal(z, alpha=1.0):
    """z >= 0: 1 at z = 0, where the exercise takes alpha."""
    return np.where(z >= 0, 1.0, alpha * np.exp(np.minimum(z, 0)))


def elu_d_where_negative(z, alpha=1.0):
    """np.where(z < 0, alpha e^z, 1): 1 at z = 0."""
    return np.where(z < 0, alpha * np.exp(np.minimum(z, 0)), 1.0)


def elu_d_masks_multiplied(z, alpha=1.0):
    """(z > 0) + alpha e^z (z <= 0): 0 * inf = NaN for large z."""
    return (z > 0) * 1.0 + (z <= 0) * alpha * np.exp(z)


def elu_d_into_ones_like(z, alpha=1.0):
    """Fills np.ones_like(z): integer z truncates alpha e^z to 0."""
    out = np.ones_like(z)
    left = z <= 0
    out[left] = alpha * np.exp(z[left])
    return out


def elu_d_in_place(z, alpha=1.0):
    """Overwrites z."""
    left = z <= 0
    z = z.astype(float) if z.dtype.kind != "f" else z
    z[left] = alpha * np.exp(z[left])
    z[~left] = 1.0
    return z


def elu_d_returns_z_on_the_right(z, alpha=1.0):
    """z instead of 1 on the right."""
    return np.where(z > 0, z, alpha * np.exp(np.minimum(z, 0)))


def elu_d_exp_of_minus_z(z, alpha=1.0):
    """alpha e^-z on the left."""
    return np.where(z > 0, 1.0, alpha * np.exp(-np.minimum(z, 0)))


def elu_d_default_alpha(z, alpha=0.01):
    """The default alpha of Leaky ReLU, 0.01."""
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0)))


def elu_d_reference(z, alpha=1.0):
    """np.where with alpha e^min(z, 0)."""
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0)))


def elu_d_from_elu(z, alpha=1.0):
    """ELU'(z) = ELU(z) + alpha on the left."""
    return np.where(z > 0, 1.0, alpha * np.expm1(np.minimum(z, 0)) + alpha)


def elu_d_loop(z, alpha=1.0):
    """A loop with math.exp."""
    values = [1.0 if v > 0 else alpha * math.exp(v) for v in np.ravel(z).astype(float)]
    return np.array(values).reshape(np.shape(z))


VARIANTS = {
    "tanh_derivative": {
        "wrong": [tanh_of_z_not_applied, tanh_not_squared, tanh_sigmoid_pattern,
                  tanh_square_outside, tanh_into_empty_like, tanh_in_float32,
                  tanh_from_exponentials, tanh_in_place, tanh_of_square],
        "right": [tanh_reference, tanh_sech_squared, tanh_loop],
    },
    "relu_derivative": {
        "wrong": [relu_itself, relu_sign, relu_greater_equal, relu_where_not_negative,
                  relu_divide_by_abs, relu_clip, relu_in_place, relu_abs_nonzero,
                  relu_heaviside_one, relu_leaky, relu_sigmoid, relu_boolean],
        "right": [relu_reference, relu_heaviside_zero, relu_positive_sign, relu_loop],
    },
    "elu": {
        "wrong": [elu_leaky, elu_without_minus_one, elu_without_alpha, elu_parentheses,
                  elu_masks_into_copy, elu_in_place, elu_maximum, elu_masks_multiplied,
                  elu_min_max_swapped, elu_default_alpha],
        "right": [elu_reference, elu_expm1, elu_loop],
    },
    "elu_derivative": {
        "wrong": [elu_d_leaky, elu_d_value_on_the_left, elu_d_without_alpha,
                  elu_d_greater_equal, elu_d_where_negative, elu_d_masks_multiplied,
                  elu_d_into_ones_like, elu_d_in_place, elu_d_returns_z_on_the_right,
                  elu_d_exp_of_minus_z, elu_d_default_alpha],
        "right": [elu_d_reference, elu_d_from_elu, elu_d_loop],
    },
}
