"""Variants of the chapter 6 exercises: batchnorm_forward, batchnorm_backward, running_update."""

import numpy as np


# -------------------------------------------------------------------------- batchnorm_forward
def bn_no_eps(x, gamma, beta, eps=1e-5):
    """No eps: a constant feature divides 0 by 0."""
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0)) + beta


def bn_unbiased(x, gamma, beta, eps=1e-5):
    """The unbiased variance, ddof=1."""
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0, ddof=1) + eps) + beta


def bn_per_row(x, gamma, beta, eps=1e-5):
    """Statistics of each row (axis=1)."""
    mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def bn_no_affine(x, gamma, beta, eps=1e-5):
    """Returns x_hat."""
    return (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)


def bn_eps_outside_sqrt(x, gamma, beta, eps=1e-5):
    """sqrt(var) + eps."""
    return gamma * (x - x.mean(axis=0)) / (np.sqrt(x.var(axis=0)) + eps) + beta


def bn_one_pass_variance(x, gamma, beta, eps=1e-5):
    """E[x^2] - E[x]^2: cancels for a large offset."""
    mean = x.mean(axis=0)
    var = (x ** 2).mean(axis=0) - mean ** 2
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def bn_gamma_beta_swapped(x, gamma, beta, eps=1e-5):
    """beta * x_hat + gamma."""
    return beta * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + gamma


def bn_in_place(x, gamma, beta, eps=1e-5):
    """Centres x in place."""
    x -= x.mean(axis=0)
    x /= np.sqrt((x ** 2).mean(axis=0) + eps)
    return gamma * x + beta


def bn_into_zeros_like(x, gamma, beta, eps=1e-5):
    """Fills np.zeros_like(x): integer x truncates."""
    out = np.zeros_like(x)
    out[...] = gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta
    return out


def bn_default_eps(x, gamma, beta, eps=1e-8):
    """A default eps of 1e-8."""
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta


def bn_divides_by_variance(x, gamma, beta, eps=1e-5):
    """Divides by var + eps, no square root."""
    return gamma * (x - x.mean(axis=0)) / (x.var(axis=0) + eps) + beta


def bn_float32(x, gamma, beta, eps=1e-5):
    """Computes in float32."""
    x = x.astype(np.float32)
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta


def bn_reference(x, gamma, beta, eps=1e-5):
    """The chapter's equations."""
    mean, var = x.mean(axis=0), x.var(axis=0)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def bn_deviations(x, gamma, beta, eps=1e-5):
    """The variance as the mean squared deviation, multiplied by the inverse std."""
    centred = x - x.mean(axis=0, keepdims=True)
    inv_std = 1.0 / np.sqrt(np.mean(centred ** 2, axis=0) + eps)
    return centred * inv_std * gamma + beta


def bn_column_loop(x, gamma, beta, eps=1e-5):
    """A loop over the columns."""
    out = np.empty(x.shape)
    for j in range(x.shape[1]):
        column = x[:, j].astype(float)
        mu = column.sum() / len(column)
        var = ((column - mu) ** 2).sum() / len(column)
        out[:, j] = gamma[j] * (column - mu) / np.sqrt(var + eps) + beta[j]
    return out


# ------------------------------------------------------------------------- batchnorm_backward
def _stats(x, eps, ddof=0):
    inv_std = 1 / np.sqrt(x.var(axis=0, ddof=ddof) + eps)
    return inv_std, (x - x.mean(axis=0)) * inv_std


def _compact(dx_hat, x_hat, inv_std, mean_sign=-1.0, var_sign=-1.0):
    m = dx_hat.shape[0]
    return inv_std / m * (m * dx_hat + mean_sign * dx_hat.sum(axis=0)
                          + var_sign * x_hat * (dx_hat * x_hat).sum(axis=0))


def bnb_frozen(dout, x, gamma, eps=1e-5):
    """Frozen statistics: dout gamma / sqrt(var + eps)."""
    inv_std, _ = _stats(x, eps)
    return dout * gamma * inv_std


def bnb_no_mean_term(dout, x, gamma, eps=1e-5):
    """Without the term through the mean."""
    inv_std, x_hat = _stats(x, eps)
    return _compact(dout * gamma, x_hat, inv_std, mean_sign=0.0)


def bnb_no_var_term(dout, x, gamma, eps=1e-5):
    """Without the term through the variance."""
    inv_std, x_hat = _stats(x, eps)
    return _compact(dout * gamma, x_hat, inv_std, var_sign=0.0)


def bnb_no_gamma(dout, x, gamma, eps=1e-5):
    """dx_hat = dout."""
    inv_std, x_hat = _stats(x, eps)
    return _compact(dout, x_hat, inv_std)


def bnb_unbiased(dout, x, gamma, eps=1e-5):
    """ddof=1."""
    inv_std, x_hat = _stats(x, eps, ddof=1)
    return _compact(dout * gamma, x_hat, inv_std)


def bnb_per_row(dout, x, gamma, eps=1e-5):
    """Statistics over axis 1."""
    m = x.shape[1]
    inv_std = 1 / np.sqrt(x.var(axis=1, keepdims=True) + eps)
    x_hat = (x - x.mean(axis=1, keepdims=True)) * inv_std
    dx_hat = dout * gamma
    return inv_std / m * (m * dx_hat - dx_hat.sum(axis=1, keepdims=True)
                          - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True))


def bnb_no_eps(dout, x, gamma, eps=1e-5):
    """No eps: a constant feature gives inf."""
    inv_std, x_hat = _stats(x, 0.0)
    return _compact(dout * gamma, x_hat, inv_std)


def bnb_no_one_over_m(dout, x, gamma, eps=1e-5):
    """inv_std without the 1 / m."""
    inv_std, x_hat = _stats(x, eps)
    return _compact(dout * gamma, x_hat, inv_std) * x.shape[0]


def bnb_gamma_squared(dout, x, gamma, eps=1e-5):
    """gamma applied twice."""
    inv_std, x_hat = _stats(x, eps)
    return _compact(dout * gamma, x_hat, inv_std) * gamma


def bnb_var_term_sign(dout, x, gamma, eps=1e-5):
    """+ instead of - for the variance term."""
    inv_std, x_hat = _stats(x, eps)
    return _compact(dout * gamma, x_hat, inv_std, var_sign=1.0)


def bnb_uncentred_x_hat(dout, x, gamma, eps=1e-5):
    """x_hat = x / sqrt(var + eps), not centred."""
    inv_std, _ = _stats(x, eps)
    return _compact(dout * gamma, x * inv_std, inv_std)


def bnb_in_place(dout, x, gamma, eps=1e-5):
    """dout *= gamma in place."""
    inv_std, x_hat = _stats(x, eps)
    dout *= gamma
    return _compact(dout, x_hat, inv_std)


def bnb_returns_dgamma(dout, x, gamma, eps=1e-5):
    """Returns dgamma, the sum of dout * x_hat."""
    _, x_hat = _stats(x, eps)
    return (dout * x_hat).sum(axis=0)


def bnb_reference(dout, x, gamma, eps=1e-5):
    """The compact formula."""
    inv_std, x_hat = _stats(x, eps)
    return _compact(dout * gamma, x_hat, inv_std)


def bnb_step_by_step(dout, x, gamma, eps=1e-5):
    """Through dvar and dmean, step by step."""
    m = x.shape[0]
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    x_hat = (x - mu) / np.sqrt(var + eps)
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * (x - mu), axis=0) * -0.5 * (var + eps) ** -1.5
    dmu = -np.sum(dx_hat, axis=0) / np.sqrt(var + eps) - 2 * dvar * np.mean(x - mu, axis=0)
    del x_hat
    return dx_hat / np.sqrt(var + eps) + dvar * 2 * (x - mu) / m + dmu / m


def bnb_gamma_outside(dout, x, gamma, eps=1e-5):
    """gamma multiplied at the end (the formula is linear in dx_hat, per column)."""
    inv_std, x_hat = _stats(x, eps)
    return _compact(dout, x_hat, inv_std) * gamma


# ----------------------------------------------------------------------------- running_update
def run_biased(running_mean, running_var, x, momentum=0.1):
    """The biased batch variance."""
    return ((1 - momentum) * running_mean + momentum * x.mean(axis=0),
            (1 - momentum) * running_var + momentum * x.var(axis=0))


def run_keras(running_mean, running_var, x, momentum=0.1):
    """Keras's convention: momentum weighs the old value."""
    return (momentum * running_mean + (1 - momentum) * x.mean(axis=0),
            momentum * running_var + (1 - momentum) * x.var(axis=0, ddof=1))


def run_replaced(running_mean, running_var, x, momentum=0.1):
    """Replaces the running statistics by the batch ones."""
    return x.mean(axis=0), x.var(axis=0, ddof=1)


def run_in_place(running_mean, running_var, x, momentum=0.1):
    """Updates the arrays in place."""
    running_mean *= 1 - momentum
    running_mean += momentum * x.mean(axis=0)
    running_var *= 1 - momentum
    running_var += momentum * x.var(axis=0, ddof=1)
    return running_mean, running_var


def run_default_momentum(running_mean, running_var, x, momentum=0.9):
    """A default momentum of 0.9."""
    return ((1 - momentum) * running_mean + momentum * x.mean(axis=0),
            (1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1))


def run_wrong_correction(running_mean, running_var, x, momentum=0.1):
    """Multiplies the biased variance by (m - 1) / m."""
    m = x.shape[0]
    return ((1 - momentum) * running_mean + momentum * x.mean(axis=0),
            (1 - momentum) * running_var + momentum * x.var(axis=0) * (m - 1) / m)


def run_per_row(running_mean, running_var, x, momentum=0.1):
    """Statistics over axis 1 (a square batch would hide it; these are not square)."""
    return ((1 - momentum) * running_mean + momentum * x.mean(axis=1)[:x.shape[1]],
            (1 - momentum) * running_var + momentum * x.var(axis=1, ddof=1)[:x.shape[1]])


def run_one_pass(running_mean, running_var, x, momentum=0.1):
    """The one-pass variance, m / (m - 1) (E[x^2] - E[x]^2)."""
    m = x.shape[0]
    var = ((x ** 2).mean(axis=0) - x.mean(axis=0) ** 2) * m / (m - 1)
    return ((1 - momentum) * running_mean + momentum * x.mean(axis=0),
            (1 - momentum) * running_var + momentum * var)


def run_std(running_mean, running_var, x, momentum=0.1):
    """Averages the standard deviation."""
    return ((1 - momentum) * running_mean + momentum * x.mean(axis=0),
            (1 - momentum) * running_var + momentum * x.std(axis=0, ddof=1))


def run_mean_only(running_mean, running_var, x, momentum=0.1):
    """Updates the mean only."""
    return (1 - momentum) * running_mean + momentum * x.mean(axis=0), running_var.copy()


def run_around_running_mean(running_mean, running_var, x, momentum=0.1):
    """The batch variance around the running mean."""
    var = ((x - running_mean) ** 2).sum(axis=0) / (x.shape[0] - 1)
    return ((1 - momentum) * running_mean + momentum * x.mean(axis=0),
            (1 - momentum) * running_var + momentum * var)


def run_reference(running_mean, running_var, x, momentum=0.1):
    """PyTorch's rule."""
    return ((1 - momentum) * running_mean + momentum * x.mean(axis=0),
            (1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1))


def run_lerp_list(running_mean, running_var, x, momentum=0.1):
    """running + momentum (stat - running), the biased variance times m / (m - 1); a list."""
    m = x.shape[0]
    unbiased = x.var(axis=0) * (m / (m - 1))
    return [running_mean + momentum * (x.mean(axis=0) - running_mean),
            running_var + momentum * (unbiased - running_var)]


def run_on_copies(running_mean, running_var, x, momentum=0.1):
    """In place on copies."""
    mean, var = running_mean.copy(), running_var.copy()
    mean *= 1 - momentum
    mean += momentum * np.mean(x, axis=0)
    var *= 1 - momentum
    var += momentum * np.var(x, axis=0, ddof=1)
    return mean, var


VARIANTS = {
    "batchnorm_forward": {
        "wrong": [bn_no_eps, bn_unbiased, bn_per_row, bn_no_affine, bn_eps_outside_sqrt,
                  bn_one_pass_variance, bn_gamma_beta_swapped, bn_in_place, bn_into_zeros_like,
                  bn_default_eps, bn_divides_by_variance, bn_float32],
        "right": [bn_reference, bn_deviations, bn_column_loop],
    },
    "batchnorm_backward": {
        "wrong": [bnb_frozen, bnb_no_mean_term, bnb_no_var_term, bnb_no_gamma, bnb_unbiased,
                  bnb_per_row, bnb_no_eps, bnb_no_one_over_m, bnb_gamma_squared,
                  bnb_var_term_sign, bnb_uncentred_x_hat, bnb_in_place, bnb_returns_dgamma],
        "right": [bnb_reference, bnb_step_by_step, bnb_gamma_outside],
    },
    "running_update": {
        "wrong": [run_biased, run_keras, run_replaced, run_in_place, run_default_momentum,
                  run_wrong_correction, run_per_row, run_one_pass, run_std, run_mean_only,
                  run_around_running_mean],
        "right": [run_reference, run_lerp_list, run_on_copies],
    },
}
