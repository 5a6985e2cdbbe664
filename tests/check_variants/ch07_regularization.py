"""Right and wrong answers to the exercises of chapter 7 (regularization), for the mutation test
of the checks. See the package's docstring."""

import math

import numpy as np

from course_nn.checks.ch07_regularization import _variant_stopping


# ----------------------------------------------------------------------------- dropout_forward
def fwd_no_scale(x, mask, p, training=True):
    return x * mask if training else x


def fwd_times_keep(x, mask, p, training=True):
    return x * mask * (1 - p) if training else x


def fwd_over_p(x, mask, p, training=True):
    return x * mask / p if training else x


def fwd_inverted_mask(x, mask, p, training=True):
    return x * ~mask / (1 - p) if training else x


def fwd_ignores_mode(x, mask, p, training=True):
    return x * mask / (1 - p)


def fwd_classic_dropout(x, mask, p, training=True):
    return x * mask if training else x * (1 - p)


def fwd_no_mask(x, mask, p, training=True):
    return x / (1 - p) if training else x


def fwd_scales_in_eval(x, mask, p, training=True):
    return x * mask / (1 - p) if training else x / (1 - p)


def fwd_in_place(x, mask, p, training=True):
    if training:
        x[~mask] = 0
        x /= 1 - p
    return x


def fwd_copy_then_in_place(x, mask, p, training=True):
    out = x.copy()  # an integer copy cannot hold the scaled values
    if training:
        out[~mask] = 0
        out /= 1 - p
    return out


def fwd_keeps_dtype(x, mask, p, training=True):
    return (x * mask / (1 - p)).astype(x.dtype) if training else x  # truncates integers


def fwd_ok_where(x, mask, p, training=True):
    if not training:
        return x
    return np.where(mask, x / (1 - p), 0.0)


def fwd_ok_loop(x, mask, p, training=True):
    out = np.array(x, dtype=float)
    if training:
        for i in range(out.shape[0]):
            for j in range(out.shape[1]):
                out[i, j] = x[i, j] / (1 - p) if mask[i, j] else 0.0
    return out


def fwd_ok_float_mask(x, mask, p, training=True):
    scale = 1.0 / (1.0 - p)
    return x * mask.astype(float) * scale if training else x.copy()


# ---------------------------------------------------------------------------- dropout_backward
def bwd_no_scale(dout, mask, p):
    return dout * mask


def bwd_identity(dout, mask, p):
    return dout


def bwd_times_keep(dout, mask, p):
    return dout * mask * (1 - p)


def bwd_over_p(dout, mask, p):
    return dout * mask / p


def bwd_inverted_mask(dout, mask, p):
    return dout * ~mask / (1 - p)


def bwd_no_mask(dout, mask, p):
    return dout / (1 - p)


def bwd_new_mask(dout, mask, p):
    fresh = np.random.default_rng(0).random(dout.shape) >= p
    return dout * fresh / (1 - p)


def bwd_in_place(dout, mask, p):
    dout[~mask] = 0
    dout /= 1 - p
    return dout


def bwd_copy_then_in_place(dout, mask, p):
    grad = dout.copy()
    grad *= mask
    grad /= 1 - p  # fails for an integer dout
    return grad


def bwd_ok_where(dout, mask, p):
    return np.where(mask, dout / (1 - p), 0.0)


def bwd_ok_einsum(dout, mask, p):
    return np.einsum("ij,ij->ij", dout.astype(float), mask.astype(float)) / (1 - p)


def bwd_ok_forward_twice(dout, mask, p):
    keep = 1 - p
    return (dout * mask) * (1 / keep)


# ----------------------------------------------------------------------- sgd_weight_decay_step
def wd_missing(w, grad, lr, weight_decay):
    return w - lr * grad


def wd_no_lr(w, grad, lr, weight_decay):
    return w - lr * grad - weight_decay * w


def wd_sign(w, grad, lr, weight_decay):
    return w - lr * (grad - weight_decay * w)


def wd_factor_two(w, grad, lr, weight_decay):
    return w - lr * (grad + 2 * weight_decay * w)


def wd_half(w, grad, lr, weight_decay):
    return w - lr * (grad + 0.5 * weight_decay * w)


def wd_penalty_value(w, grad, lr, weight_decay):
    return w - lr * (grad + 0.5 * weight_decay * w ** 2)


def wd_decoupled(w, grad, lr, weight_decay):
    return (w - lr * grad) * (1 - lr * weight_decay)


def wd_on_gradient(w, grad, lr, weight_decay):
    return w - lr * grad * (1 + weight_decay)


def wd_implicit(w, grad, lr, weight_decay):
    return w / (1 + lr * weight_decay) - lr * grad


def wd_in_place(w, grad, lr, weight_decay):
    w -= lr * (grad + weight_decay * w)
    return w


def wd_copy_then_in_place(w, grad, lr, weight_decay):
    new = w.copy()  # an integer copy cannot take a float update
    new -= lr * (grad + weight_decay * new)
    return new


def wd_ok_factored(w, grad, lr, weight_decay):
    return (1 - lr * weight_decay) * w - lr * grad


def wd_ok_loop(w, grad, lr, weight_decay):
    new = np.array(w, dtype=float)
    flat_w, flat_g, out = np.ravel(w), np.ravel(grad), new.reshape(-1)
    for i in range(out.size):
        out[i] = flat_w[i] - lr * (flat_g[i] + weight_decay * flat_w[i])
    return new


def wd_ok_two_steps(w, grad, lr, weight_decay):
    g = grad + weight_decay * w
    return np.subtract(w, lr * g)


# ----------------------------------------------------------------------------------- cosine_lr
def cos_no_one(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * math.cos(math.pi * epoch / T_max) / 2


def cos_no_half(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / T_max))


def cos_no_eta_min(epoch, base_lr, T_max, eta_min=0.0):
    return base_lr * (1 + math.cos(math.pi * epoch / T_max)) / 2


def cos_eta_min_not_subtracted(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + base_lr * (1 + math.cos(math.pi * epoch / T_max)) / 2


def cos_full_period(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + math.cos(2 * math.pi * epoch / T_max)) / 2


def cos_integer_division(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * (epoch // T_max))) / 2


def cos_off_by_one(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * (epoch + 1) / T_max)) / 2


def cos_t_max_minus_one(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / (T_max - 1))) / 2


def cos_linear(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 - epoch / T_max)


def cos_degrees(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + math.cos(180 * epoch / T_max)) / 2


def cos_sine(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * (1 + math.sin(math.pi * epoch / T_max)) / 2


def cos_ok_numpy(epoch, base_lr, T_max, eta_min=0.0):
    return float(eta_min + 0.5 * (base_lr - eta_min) * (1 + np.cos(np.pi * epoch / T_max)))


def cos_ok_squared(epoch, base_lr, T_max, eta_min=0.0):
    return eta_min + (base_lr - eta_min) * math.cos(math.pi * epoch / (2 * T_max)) ** 2


def cos_ok_recursive(epoch, base_lr, T_max, eta_min=0.0):
    """PyTorch's recursive form, applied epoch by epoch from base_lr."""
    lr = base_lr
    for t in range(1, epoch + 1):
        lr = eta_min + (lr - eta_min) * ((1 + math.cos(math.pi * t / T_max))
                                         / (1 + math.cos(math.pi * (t - 1) / T_max)))
    return lr


# ------------------------------------------------------------------------------ early_stopping
# The wrong rules, one part changed each, are those the check lists as its mistakes.
_rule = _variant_stopping


def es_ties_improve(val_losses, patience):
    return _rule(val_losses, patience, ties=True)


def es_one_late(val_losses, patience):
    return _rule(val_losses, patience, extra=1)


def es_one_early(val_losses, patience):
    return _rule(val_losses, patience, extra=-1)


def es_previous_epoch(val_losses, patience):
    return _rule(val_losses, patience, previous=True)


def es_zero_based(val_losses, patience):
    stop, best_epoch = _rule(val_losses, patience)
    return stop - 1, best_epoch - 1  # epochs counted from 0


def es_no_restore(val_losses, patience):
    stop, _ = _rule(val_losses, patience)
    return stop, stop


def es_global_argmin(val_losses, patience):
    stop, _ = _rule(val_losses, patience)
    return stop, int(np.argmin(val_losses)) + 1


def es_no_reset(val_losses, patience):
    return _rule(val_losses, patience, reset=False)


def es_none_at_end(val_losses, patience):
    return _rule(val_losses, patience, end=None)


def es_counts_all_rises(val_losses, patience):
    """Stops after `patience` epochs without improvement in total, not in a row."""
    best, best_epoch, bad = math.inf, 0, 0
    for epoch, value in enumerate(val_losses, start=1):
        if value < best:
            best, best_epoch = value, epoch
        else:
            bad += 1
        if bad >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch


def es_ok_numpy(val_losses, patience):
    losses = np.asarray(val_losses, dtype=float)
    running_best = np.minimum.accumulate(losses)
    improved = np.concatenate([[True], losses[1:] < running_best[:-1]])
    wait = 0
    for epoch, better in enumerate(improved, start=1):
        wait = 0 if better else wait + 1
        if wait >= patience:
            break
    stop = epoch
    best_epoch = int(np.argmin(losses[:stop])) + 1  # argmin returns the first of equal values
    return stop, best_epoch


def es_ok_while(val_losses, patience):
    epoch, best_epoch, since = 0, 1, 0
    while epoch < len(val_losses):
        epoch += 1
        if val_losses[epoch - 1] < val_losses[best_epoch - 1] or epoch == 1:
            best_epoch, since = epoch, 0
        else:
            since += 1
            if since == patience:
                break
    return epoch, best_epoch


VARIANTS = {
    "dropout_forward": {
        "wrong": [fwd_no_scale, fwd_times_keep, fwd_over_p, fwd_inverted_mask, fwd_ignores_mode,
                  fwd_classic_dropout, fwd_no_mask, fwd_scales_in_eval, fwd_in_place,
                  fwd_copy_then_in_place, fwd_keeps_dtype],
        "right": [fwd_ok_where, fwd_ok_loop, fwd_ok_float_mask],
    },
    "dropout_backward": {
        "wrong": [bwd_no_scale, bwd_identity, bwd_times_keep, bwd_over_p, bwd_inverted_mask,
                  bwd_no_mask, bwd_new_mask, bwd_in_place, bwd_copy_then_in_place],
        "right": [bwd_ok_where, bwd_ok_einsum, bwd_ok_forward_twice],
    },
    "sgd_weight_decay_step": {
        "wrong": [wd_missing, wd_no_lr, wd_sign, wd_factor_two, wd_half, wd_penalty_value,
                  wd_decoupled, wd_on_gradient, wd_implicit, wd_in_place, wd_copy_then_in_place],
        "right": [wd_ok_factored, wd_ok_loop, wd_ok_two_steps],
    },
    "cosine_lr": {
        "wrong": [cos_no_one, cos_no_half, cos_no_eta_min, cos_eta_min_not_subtracted,
                  cos_full_period, cos_integer_division, cos_off_by_one, cos_t_max_minus_one,
                  cos_linear, cos_degrees, cos_sine],
        "right": [cos_ok_numpy, cos_ok_squared, cos_ok_recursive],
    },
    "early_stopping": {
        "wrong": [es_ties_improve, es_one_late, es_one_early, es_previous_epoch, es_zero_based,
                  es_no_restore, es_global_argmin, es_no_reset, es_none_at_end,
                  es_counts_all_rises],
        "right": [es_ok_numpy, es_ok_while],
    },
}
