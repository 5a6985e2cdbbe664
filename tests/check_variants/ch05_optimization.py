"""Variants of the chapter 5 exercises: momentum_step, nesterov_step, adam_step."""

import numpy as np


# ------------------------------------------------------------------------------ momentum_step
def momentum_moving_average(w, m, g, lr, momentum):
    """m = momentum m + (1 - momentum) g."""
    m_new = momentum * m + (1 - momentum) * g
    return w - lr * m_new, m_new


def momentum_old_velocity(w, m, g, lr, momentum):
    """Steps with the old velocity."""
    return w - lr * m, momentum * m + g


def momentum_lr_in_velocity(w, m, g, lr, momentum):
    """m = momentum m + lr g; w -= m."""
    m_new = momentum * m + lr * g
    return w - m_new, m_new


def momentum_in_place(w, m, g, lr, momentum):
    """Updates m and w in place."""
    m *= momentum
    m += g
    w -= lr * m
    return w, m


def momentum_ascent(w, m, g, lr, momentum):
    """w + lr m."""
    m_new = momentum * m + g
    return w + lr * m_new, m_new


def momentum_only_w(w, m, g, lr, momentum):
    """Returns only w_new."""
    return w - lr * (momentum * m + g)


def momentum_order_swapped(w, m, g, lr, momentum):
    """Returns (m_new, w_new)."""
    m_new = momentum * m + g
    return m_new, w - lr * m_new


def momentum_nesterov(w, m, g, lr, momentum):
    """Nesterov's step."""
    m_new = momentum * m + g
    return w - lr * (g + momentum * m_new), m_new


def momentum_on_gradient(w, m, g, lr, momentum):
    """m = m + momentum g."""
    m_new = m + momentum * g
    return w - lr * m_new, m_new


def momentum_arguments_swapped(w, m, g, momentum, lr):
    """The signature takes momentum before lr."""
    m_new = momentum * m + g
    return w - lr * m_new, m_new


def momentum_reference(w, m, g, lr, momentum):
    """PyTorch's form."""
    m_new = momentum * m + g
    return w - lr * m_new, m_new


def momentum_in_place_on_copies(w, m, g, lr, momentum):
    """In place, on copies, returned as a list."""
    m_new = m.copy()
    m_new *= momentum
    m_new += g
    w_new = w.copy()
    w_new -= lr * m_new
    return [w_new, m_new]


def momentum_expanded(w, m, g, lr, momentum):
    """w - lr momentum m - lr g."""
    return w - lr * momentum * m - lr * g, g + momentum * m


# ------------------------------------------------------------------------------ nesterov_step
def nesterov_plain_momentum(w, m, g, lr, momentum):
    """Plain momentum."""
    m_new = momentum * m + g
    return w - lr * m_new, m_new


def nesterov_old_velocity_returned(w, m, g, lr, momentum):
    """Returns the old m."""
    m_new = momentum * m + g
    return w - lr * (g + momentum * m_new), m


def nesterov_no_gradient_term(w, m, g, lr, momentum):
    """w - lr momentum m_new."""
    m_new = momentum * m + g
    return w - lr * momentum * m_new, m_new


def nesterov_in_place(w, m, g, lr, momentum):
    """Updates m and w in place."""
    m *= momentum
    m += g
    w -= lr * (g + momentum * m)
    return w, m


def nesterov_lr_in_velocity(w, m, g, lr, momentum):
    """The learning rate inside the velocity: m = momentum m + lr g."""
    m_new = momentum * m + lr * g
    return w - (lr * g + momentum * m_new), m_new


def nesterov_ascent(w, m, g, lr, momentum):
    """w + lr (...)."""
    m_new = momentum * m + g
    return w + lr * (g + momentum * m_new), m_new


def nesterov_drops_momentum_g(w, m, g, lr, momentum):
    """g + momentum**2 m: the momentum g term dropped."""
    return w - lr * (g + momentum ** 2 * m), momentum * m + g


def nesterov_order_swapped(w, m, g, lr, momentum):
    """Returns (m_new, w_new)."""
    m_new = momentum * m + g
    return m_new, w - lr * (g + momentum * m_new)


def nesterov_one_plus_momentum(w, m, g, lr, momentum):
    """(1 + momentum) m_new."""
    m_new = momentum * m + g
    return w - lr * (1 + momentum) * m_new, m_new


def nesterov_moving_average(w, m, g, lr, momentum):
    """The moving-average form of the velocity."""
    m_new = momentum * m + (1 - momentum) * g
    return w - lr * (g + momentum * m_new), m_new


def nesterov_reference(w, m, g, lr, momentum):
    """PyTorch's form."""
    m_new = momentum * m + g
    return w - lr * (g + momentum * m_new), m_new


def nesterov_expanded(w, m, g, lr, momentum):
    """w - lr ((1 + momentum) g + momentum**2 m)."""
    return w - lr * ((1 + momentum) * g + momentum ** 2 * m), momentum * m + g


def nesterov_in_place_on_copies(w, m, g, lr, momentum):
    """In place on copies."""
    m_new = np.array(m, dtype=float)
    m_new *= momentum
    m_new += g
    w_new = np.array(w, dtype=float)
    w_new -= lr * (g + momentum * m_new)
    return w_new, m_new


# ---------------------------------------------------------------------------------- adam_step
def _moments(m, v, g, betas):
    beta1, beta2 = betas
    return beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g ** 2


def adam_no_correction(w, m, v, g, t, lr, betas, eps):
    """No bias correction."""
    m_new, v_new = _moments(m, v, g, betas)
    return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new


def adam_no_v_correction(w, m, v, g, t, lr, betas, eps):
    """Corrects m only."""
    m_new, v_new = _moments(m, v, g, betas)
    return w - lr * m_new / (1 - betas[0] ** t) / (np.sqrt(v_new) + eps), m_new, v_new


def adam_no_sqrt(w, m, v, g, t, lr, betas, eps):
    """Divides by v_hat, no square root."""
    m_new, v_new = _moments(m, v, g, betas)
    m_hat, v_hat = m_new / (1 - betas[0] ** t), v_new / (1 - betas[1] ** t)
    return w - lr * m_hat / (v_hat + eps), m_new, v_new


def adam_t_fixed(w, m, v, g, t, lr, betas, eps):
    """Corrects with t = 1 always."""
    m_new, v_new = _moments(m, v, g, betas)
    m_hat, v_hat = m_new / (1 - betas[0]), v_new / (1 - betas[1])
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_returns_corrected(w, m, v, g, t, lr, betas, eps):
    """Returns m_hat and v_hat."""
    m_new, v_new = _moments(m, v, g, betas)
    m_hat, v_hat = m_new / (1 - betas[0] ** t), v_new / (1 - betas[1] ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat


def adam_eps_inside_sqrt(w, m, v, g, t, lr, betas, eps):
    """sqrt(v_hat + eps)."""
    m_new, v_new = _moments(m, v, g, betas)
    m_hat, v_hat = m_new / (1 - betas[0] ** t), v_new / (1 - betas[1] ** t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new


def adam_eps_outside_division(w, m, v, g, t, lr, betas, eps):
    """m_hat / sqrt(v_hat) + eps: 0 / 0 for a zero gradient."""
    m_new, v_new = _moments(m, v, g, betas)
    m_hat, v_hat = m_new / (1 - betas[0] ** t), v_new / (1 - betas[1] ** t)
    return w - lr * (m_hat / np.sqrt(v_hat) + eps), m_new, v_new


def adam_efficient_form(w, m, v, g, t, lr, betas, eps):
    """The paper's 'efficient' form: eps added to sqrt(v) before correction."""
    m_new, v_new = _moments(m, v, g, betas)
    lr_t = lr * np.sqrt(1 - betas[1] ** t) / (1 - betas[0] ** t)
    return w - lr_t * m_new / (np.sqrt(v_new) + eps), m_new, v_new


def adam_in_place(w, m, v, g, t, lr, betas, eps):
    """Updates m, v and w in place."""
    beta1, beta2 = betas
    m *= beta1
    m += (1 - beta1) * g
    v *= beta2
    v += (1 - beta2) * g * g
    w -= lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
    return w, m, v


def adam_betas_swapped(w, m, v, g, t, lr, betas, eps):
    """beta2 for m and beta1 for v."""
    return adam_reference(w, m, v, g, t, lr, betas[::-1], eps)


def adam_gradient_not_squared(w, m, v, g, t, lr, betas, eps):
    """v averages g, not g**2."""
    beta1, beta2 = betas
    m_new, v_new = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * np.abs(g)
    m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_t_minus_one(w, m, v, g, t, lr, betas, eps):
    """Corrects with t - 1."""
    m_new, v_new = _moments(m, v, g, betas)
    m_hat, v_hat = m_new / (1 - betas[0] ** (t - 1)), v_new / (1 - betas[1] ** (t - 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_reference(w, m, v, g, t, lr, betas, eps):
    """The chapter's equations."""
    m_new, v_new = _moments(m, v, g, betas)
    m_hat, v_hat = m_new / (1 - betas[0] ** t), v_new / (1 - betas[1] ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_torch_form(w, m, v, g, t, lr, betas, eps):
    """PyTorch's arrangement: step size lr / (1 - b1^t), sqrt(v) / sqrt(1 - b2^t) + eps."""
    beta1, beta2 = betas
    m_new = m + (1 - beta1) * (g - m)
    v_new = beta2 * v + (1 - beta2) * g * g
    denominator = np.sqrt(v_new) / np.sqrt(1 - beta2 ** t) + eps
    return w - lr / (1 - beta1 ** t) * m_new / denominator, m_new, v_new


def adam_in_place_on_copies(w, m, v, g, t, lr, betas, eps):
    """In place on copies."""
    beta1, beta2 = betas
    w, m, v = w.copy(), m.copy(), v.copy()
    m *= beta1
    m += (1 - beta1) * g
    v *= beta2
    v += (1 - beta2) * np.square(g)
    w -= lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
    return w, m, v


VARIANTS = {
    "momentum_step": {
        "wrong": [momentum_moving_average, momentum_old_velocity, momentum_lr_in_velocity,
                  momentum_in_place, momentum_ascent, momentum_only_w, momentum_order_swapped,
                  momentum_nesterov, momentum_on_gradient, momentum_arguments_swapped],
        "right": [momentum_reference, momentum_in_place_on_copies, momentum_expanded],
    },
    "nesterov_step": {
        "wrong": [nesterov_plain_momentum, nesterov_old_velocity_returned,
                  nesterov_no_gradient_term, nesterov_in_place, nesterov_lr_in_velocity,
                  nesterov_ascent, nesterov_drops_momentum_g, nesterov_order_swapped,
                  nesterov_one_plus_momentum, nesterov_moving_average],
        "right": [nesterov_reference, nesterov_expanded, nesterov_in_place_on_copies],
    },
    "adam_step": {
        "wrong": [adam_no_correction, adam_no_v_correction, adam_no_sqrt, adam_t_fixed,
                  adam_returns_corrected, adam_eps_inside_sqrt, adam_eps_outside_division,
                  adam_efficient_form, adam_in_place, adam_betas_swapped,
                  adam_gradient_not_squared, adam_t_minus_one],
        "right": [adam_reference, adam_torch_form, adam_in_place_on_copies],
    },
}
