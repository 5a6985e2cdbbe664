"""Checks of chapter 7, generalization and regularization: inverted dropout forward and backward,
one SGD step with weight decay, the cosine learning-rate schedule, and the early-stopping rule.

The dropout exercises take the mask as an argument, so that they are deterministic: the mask is
True where a unit is kept. Each check lists the mistakes a learner is likely to make, and its
cases tell every mistake apart from the right answer.
"""

import math

import numpy as np

from ..optimizers import SGD
from ..schedules import CosineAnnealingLR
from .core import Case, Check, Mistake

__all__ = ["sgd_weight_decay_step", "dropout_forward", "dropout_backward", "early_stopping",
           "cosine_lr"]

_rng = np.random.default_rng(7)
_X34 = _rng.normal(size=(3, 4))
_MASK34 = np.array([[True, False, True, True],
                    [False, True, True, False],
                    [True, True, False, True]])
_X_INT = np.array([[1, -2, 3], [4, 5, -6]])
_MASK_INT = np.array([[True, True, False], [False, True, True]])


# ----------------------------------------------------------------------------- dropout_forward
def _dropout_forward(x, mask, p, training=True):
    """The reference: inverted dropout, the kept units scaled by 1 / (1 - p); eval: identity."""
    if not training:
        return np.array(x, dtype=float)
    return x * mask / (1 - p)


dropout_forward = Check(
    "dropout_forward",
    reference=_dropout_forward,
    cases=[
        Case((_X34, _MASK34, 0.25), "x of shape (3, 4), p = 0.25, training mode"),
        Case((_X34, _MASK34, 0.25), "the same x in evaluation mode", {"training": False}),
        Case((_X_INT, _MASK_INT, 0.4), "an integer x, p = 0.4"),
        Case((_X34, np.ones((3, 4), dtype=bool), 0.0), "p = 0: every unit is kept"),
        Case((_X34, _MASK34, 0.5), "the same x, p = 0.5"),
    ],
    mistakes=[
        Mistake(lambda x, mask, p, training=True: x * mask if training else x,
                "the kept units must be scaled up, so that the expected output equals x: "
                "inverted dropout divides them by the probability of being kept during training "
                "(the original dropout scaled at test time instead)."),
        Mistake(lambda x, mask, p, training=True: x * mask * (1 - p) if training else x,
                "multiplying by the keep probability shrinks the output further; inverted "
                "dropout divides by it, so that the expected output stays x."),
        Mistake(lambda x, mask, p, training=True: x * mask / p if training else x,
                "p is the probability of DROPPING a unit; divide by the probability of keeping "
                "it, 1 - p."),
        Mistake(lambda x, mask, p, training=True: x * ~mask / (1 - p) if training else x,
                "the mask is True where a unit is KEPT: keep x where mask is True and set it to "
                "0 where it is False."),
        Mistake(lambda x, mask, p, training=True: x * mask / (1 - p),
                "in evaluation mode dropout does nothing: return x unchanged, whatever the mask."),
        Mistake(lambda x, mask, p, training=True: x / (1 - p) if training else x,
                "only the kept units survive: the units where the mask is False must be 0."),
        Mistake(lambda x, mask, p, training=True: x * mask / (1 - p) if training else x / (1 - p),
                "in evaluation mode dropout does nothing: return x unchanged, with no scaling."),
    ],
    hint="in training mode, zero the dropped units and scale the kept ones so that the "
         "expected output equals the input; in evaluation mode, change nothing.",
    recipe="if not training: return x; otherwise return x * mask / (1 - p), a new array (with an "
           "integer x, `x * mask / (1 - p)` gives floats; `x[~mask] = 0` would change the input "
           "in place).",
)


# ---------------------------------------------------------------------------- dropout_backward
_DOUT34 = _rng.normal(size=(3, 4))
_DOUT_INT = np.array([[2, -1, 4], [3, 1, -2]])


def _dropout_backward(dout, mask, p):
    """The reference: the gradient flows through the kept units, scaled like the forward pass."""
    return dout * mask / (1 - p)


dropout_backward = Check(
    "dropout_backward",
    reference=_dropout_backward,
    cases=[
        Case((_DOUT34, _MASK34, 0.25), "dout of shape (3, 4), p = 0.25"),
        Case((_DOUT_INT, _MASK_INT, 0.4), "an integer dout, p = 0.4"),
        Case((_DOUT34, np.ones((3, 4), dtype=bool), 0.0), "p = 0: every unit is kept"),
        Case((_DOUT34, _MASK34, 0.8), "p = 0.8"),
    ],
    mistakes=[
        Mistake(lambda dout, mask, p: dout * mask,
                "the forward pass multiplied the kept units by 1 / (1 - p): the backward pass "
                "multiplies their gradient by the same factor."),
        Mistake(lambda dout, mask, p: np.array(dout, dtype=float),
                "a dropped unit did not influence the output, so its gradient is 0: apply the "
                "mask."),
        Mistake(lambda dout, mask, p: dout * mask * (1 - p),
                "divide by the keep probability 1 - p, as in the forward pass; do not multiply."),
        Mistake(lambda dout, mask, p: dout * mask / p,
                "p is the probability of dropping; the forward pass divided by 1 - p."),
        Mistake(lambda dout, mask, p: dout * ~mask / (1 - p),
                "the mask is True where a unit was kept: the gradient passes there, and is 0 "
                "where the mask is False."),
        Mistake(lambda dout, mask, p: dout / (1 - p),
                "the dropped units get no gradient: multiply by the mask as well."),
        Mistake(lambda dout, mask, p: dout * (np.random.default_rng(0).random(dout.shape) >= p)
                / (1 - p),
                "the backward pass must reuse the mask of the forward pass, not draw a new one."),
    ],
    hint="each output unit is its input times a constant: 0 for a dropped unit and the forward "
         "pass's scale for a kept one, so the gradient is multiplied by the same constant.",
    recipe="return dout * mask / (1 - p), a new array.",
)


# ----------------------------------------------------------------------- sgd_weight_decay_step
_W23 = _rng.normal(size=(2, 3))
_G23 = _rng.normal(size=(2, 3))
_W_INT = np.array([3, -2, 1])
_G3 = np.array([0.5, -1.0, 2.0])


def _sgd_weight_decay_step(w, grad, lr, weight_decay):
    """The reference: one step of course_nn's SGD (torch.optim.SGD's rule) with weight_decay."""
    params = {"w": np.array(w, dtype=float)}
    SGD(lr, weight_decay=weight_decay).step(params, {"w": np.asarray(grad, dtype=float)})
    return params["w"]


sgd_weight_decay_step = Check(
    "sgd_weight_decay_step",
    reference=_sgd_weight_decay_step,
    cases=[
        Case((_W23, _G23, 0.3, 0.2), "w of shape (2, 3), lr = 0.3, weight_decay = 0.2"),
        Case((_W23, np.zeros((2, 3)), 0.5, 0.2), "a zero gradient: only the decay acts"),
        Case((_W_INT, _G3, 0.1, 0.5), "integer weights, lr = 0.1, weight_decay = 0.5"),
        Case((_W23, _G23, 0.5, 0.0), "weight_decay = 0: plain SGD"),
    ],
    mistakes=[
        Mistake(lambda w, grad, lr, weight_decay: w - lr * grad,
                "the weight decay is missing: the penalty adds weight_decay * w to the gradient."),
        Mistake(lambda w, grad, lr, weight_decay: w - lr * grad - weight_decay * w,
                "the decay term is part of the gradient, so the learning rate multiplies it too."),
        Mistake(lambda w, grad, lr, weight_decay: w - lr * (grad - weight_decay * w),
                "the decay pulls the weights toward 0: add weight_decay * w to the gradient, "
                "do not subtract it."),
        Mistake(lambda w, grad, lr, weight_decay: w - lr * (grad + 2 * weight_decay * w),
                "with PyTorch's convention the penalty is (weight_decay / 2) * ||w||^2, whose "
                "gradient is weight_decay * w, without a factor 2."),
        Mistake(lambda w, grad, lr, weight_decay: w - lr * (grad + weight_decay * w / 2),
                "the gradient of (weight_decay / 2) * w**2 is weight_decay * w: the 1/2 cancels "
                "against the exponent."),
        Mistake(lambda w, grad, lr, weight_decay: w - lr * (grad + weight_decay * w ** 2 / 2),
                "add the GRADIENT of the penalty, weight_decay * w, not the penalty itself."),
        Mistake(lambda w, grad, lr, weight_decay: (w - lr * grad) * (1 - lr * weight_decay),
                "that decays the weights after the gradient step (the decoupled form); in SGD's "
                "rule the decay term is computed from the weights before the step."),
        Mistake(lambda w, grad, lr, weight_decay: w - lr * grad * (1 + weight_decay),
                "the decay term is proportional to the weights, not to the gradient."),
        Mistake(lambda w, grad, lr, weight_decay: w / (1 + lr * weight_decay) - lr * grad,
                "the step is explicit: one plain gradient step with the summed gradient, with no "
                "division."),
    ],
    hint="the penalty (weight_decay / 2) * ||w||^2 adds its gradient to the loss's gradient; then "
         "take a plain gradient step with the sum. Return new weights and leave w as it is.",
    recipe="return w - lr * (grad + weight_decay * w) (a new array: `w -= ...` would change the "
           "caller's weights, and fails on integer weights).",
)


# ----------------------------------------------------------------------------------- cosine_lr
def _cosine_lr(epoch, base_lr, T_max, eta_min=0.0):
    """The reference: course_nn's CosineAnnealingLR (torch's values) after `epoch` steps."""
    schedule = CosineAnnealingLR(SGD(lr=base_lr), T_max, eta_min=eta_min)
    for _ in range(epoch):
        schedule.step()
    return schedule.get_last_lr()[0]


cosine_lr = Check(
    "cosine_lr",
    reference=_cosine_lr,
    cases=[
        Case((2, 0.1, 10), "epoch 2 of T_max = 10, base_lr = 0.1"),
        Case((3, 0.5, 8), "epoch 3 of T_max = 8, eta_min = 0.05", {"eta_min": 0.05}),
        Case((0, 0.1, 10), "epoch 0: the base learning rate"),
        Case((10, 0.1, 10), "epoch 10 = T_max, eta_min = 0.01", {"eta_min": 0.01}),
        Case((7, 1, 20), "epoch 7 of T_max = 20, integer base_lr = 1"),
    ],
    mistakes=[
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                eta_min + (base_lr - eta_min) * math.cos(math.pi * epoch / T_max) / 2,
                "(1 + cos) / 2 goes from 1 to 0 as the epoch goes from 0 to T_max; cos / 2 alone "
                "goes from 1/2 to -1/2."),
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / T_max)),
                "1 + cos goes from 2 to 0: halve it, so that epoch 0 gives base_lr."),
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                base_lr * (1 + math.cos(math.pi * epoch / T_max)) / 2,
                "the schedule ends at eta_min, not at 0: it moves between base_lr and eta_min."),
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                eta_min + base_lr * (1 + math.cos(math.pi * epoch / T_max)) / 2,
                "with eta_min added, the cosine part must span base_lr - eta_min, so that epoch "
                "0 gives base_lr exactly."),
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                eta_min + (base_lr - eta_min) * (1 + math.cos(2 * math.pi * epoch / T_max)) / 2,
                "over the T_max epochs the cosine goes through half a period, from cos 0 = 1 to "
                "cos pi = -1, not a whole one."),
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * (epoch // T_max))) / 2,
                "epoch // T_max is an integer division: it is 0 for every epoch before T_max. "
                "Use the true quotient epoch / T_max."),
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * (epoch + 1) / T_max)) / 2,
                "epoch 0 is the first epoch and gets base_lr: do not add 1 to the epoch."),
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / (T_max - 1))) / 2,
                "the schedule reaches eta_min at epoch T_max, so divide by T_max."),
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                eta_min + (base_lr - eta_min) * (1 - epoch / T_max),
                "that is a linear decay; the cosine schedule follows (1 + cos(pi t / T)) / 2, "
                "flat at the start and at the end."),
        Mistake(lambda epoch, base_lr, T_max, eta_min=0.0:
                eta_min + (base_lr - eta_min) * (1 + np.cos(180 * epoch / T_max)) / 2,
                "NumPy's and math's cosines take radians: the angle is pi * epoch / T_max."),
    ],
    hint="the learning rate follows half a period of a cosine, from base_lr at epoch 0 down to "
         "eta_min at epoch T_max: shift and scale the cosine so that it runs from 1 to 0.",
    recipe="return eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * epoch / T_max)) / 2",
)


# ------------------------------------------------------------------------------ early_stopping
def _early_stopping(val_losses, patience):
    """The reference: stop after `patience` epochs without a strictly lower validation loss."""
    best, best_epoch, wait = math.inf, 0, 0
    for epoch, value in enumerate(val_losses, start=1):
        if value < best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_losses), best_epoch


early_stopping = Check(
    "early_stopping",
    reference=_early_stopping,
    cases=[
        Case(([1.0, 0.8, 0.7, 0.72, 0.75, 0.71, 0.74, 0.8], 3),
             "the loss stops improving at epoch 3, patience 3"),
        Case(([1.0, 0.5, 0.6, 0.5, 0.7, 0.8, 0.4, 0.3], 3),
             "epoch 4 ties the best loss of epoch 2, patience 3"),
        Case(([0.9, 0.6, 0.65, 0.7, 0.3, 0.2], 2),
             "a lower loss comes after training has stopped, patience 2"),
        Case(([1.0, 0.999999, 0.999998, 0.9999975], 2),
             "the loss improves at every epoch, if only by 5e-7: no stop"),
        Case(([0.5, 0.6, 0.4, 0.7, 0.3], 1), "patience 1"),
        Case(([2.0, 1.0, 1.5, 0.9, 1.2, 1.1, 1.3, 0.8], 3),
             "the loss rises and falls again before the patience runs out"),
    ],
    mistakes=[
        Mistake(lambda val_losses, patience: _variant_stopping(val_losses, patience, ties=True),
                "a loss EQUAL to the best is not an improvement: compare with `<`, not `<=`."),
        Mistake(lambda val_losses, patience: _variant_stopping(val_losses, patience, extra=1),
                "stop as soon as `patience` epochs in a row have not improved on the best loss, "
                "not one epoch later."),
        Mistake(lambda val_losses, patience: _variant_stopping(val_losses, patience, reset=False),
                "reset the count of epochs without improvement to 0 whenever the loss improves."),
        Mistake(lambda val_losses, patience: _variant_stopping(val_losses, patience, extra=-1),
                "the epoch that improves does not count toward the patience: the counter "
                "starts at 0 there, and training stops when it reaches `patience`."),
        Mistake(lambda val_losses, patience: _variant_stopping(val_losses, patience,
                                                               previous=True),
                "compare each loss with the BEST loss so far, not with the previous epoch's."),
        Mistake(lambda val_losses, patience: tuple(
                    e - 1 for e in _early_stopping(val_losses, patience)),
                "number the epochs from 1: the first loss is epoch 1."),
        Mistake(lambda val_losses, patience: (_early_stopping(val_losses, patience)[0],) * 2,
                "early stopping restores the weights of the BEST epoch, which is not the epoch "
                "at which training stops."),
        Mistake(lambda val_losses, patience: (_early_stopping(val_losses, patience)[0],
                                              int(np.argmin(val_losses)) + 1),
                "the losses after the stop were never computed: look for the best epoch among "
                "the epochs actually trained."),
        Mistake(lambda val_losses, patience: _variant_stopping(val_losses, patience, end=0),
                "when the patience never runs out, training ends after the last epoch: return "
                "that epoch, len(val_losses)."),
    ],
    hint="walk through the epochs keeping the best loss so far, its epoch, and how many epochs "
         "in a row have not improved on it; stop when that count reaches the patience.",
    recipe="best, best_epoch, wait = inf, 0, 0; for epoch, value in enumerate(val_losses, "
           "start=1): if value < best: best, best_epoch, wait = value, epoch, 0; else: wait += 1, "
           "and if wait >= patience: return epoch, best_epoch. After the loop: "
           "return len(val_losses), best_epoch.",
)


def _variant_stopping(val_losses, patience, ties=False, extra=0, previous=False, reset=True,
                      end=-1):
    """A wrong early-stopping rule, with one part changed."""
    best, best_epoch, wait, last = math.inf, 0, 0, math.inf
    for epoch, value in enumerate(val_losses, start=1):
        reference = last if previous else best
        better = value <= reference if ties else value < reference
        last = value
        if better:
            if value < best or ties:
                best, best_epoch = value, epoch
            wait = 0 if reset else wait
        else:
            wait += 1
        if wait >= patience + extra:
            return epoch, best_epoch
    return (len(val_losses) if end == -1 else end), best_epoch
