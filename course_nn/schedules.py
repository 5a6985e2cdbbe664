"""Learning-rate schedules (chapter 7), like torch.optim.lr_scheduler: names, arguments, values.

A schedule wraps an optimizer and sets its ``lr`` from the epoch number: at creation to the value
of epoch 0, then at every ``step()``, called once per epoch after the epoch's updates (``train``
does it when given ``schedule=``). Each schedule is its closed form ``lr_at(epoch)``, which gives
torch's values (torch computes the same numbers recursively, equal up to rounding).

>>> optimizer = SGD(lr=0.1)
>>> schedule = StepLR(optimizer, step_size=10, gamma=0.5)
>>> for epoch in range(30):
...     ...  # one epoch of optimizer.step(...) with optimizer.lr
...     schedule.step()
"""

import math

from ._validate import in_unit_interval, instance, number, positive, positive_int
from .optimizers import Optimizer


class Schedule:
    """Base class: sets ``optimizer.lr`` to ``lr_at(epoch)`` at creation (epoch 0) and on ``step``.

    Parameters
    ----------
    optimizer : Optimizer
        Its ``lr`` at creation is the base learning rate ``base_lr``.

    Attributes
    ----------
    base_lr : float
    last_epoch : int
        Number of ``step()`` calls so far.
    """

    def __init__(self, optimizer):
        self.optimizer = instance("optimizer", optimizer, Optimizer, "SGD(lr=0.1)")
        self.base_lr = optimizer.lr
        self.last_epoch = 0
        self._set_lr()

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in vars(self).items()
                             if k not in ("optimizer", "base_lr", "last_epoch", "_last_lr"))
        return f"{type(self).__name__}({settings})"

    def lr_at(self, epoch):
        """The learning rate of epoch ``epoch`` (0 for the first)."""
        raise NotImplementedError

    def step(self):
        """Move to the next epoch: set the optimizer's lr to that epoch's value."""
        self.last_epoch += 1
        self._set_lr()

    def get_last_lr(self):
        """[lr]: the learning rate this schedule set last, in a list like torch's (one group)."""
        return [self._last_lr]

    def _set_lr(self):
        self._last_lr = self.optimizer.lr = self.lr_at(self.last_epoch)


class StepLR(Schedule):
    """lr = base_lr * gamma ** (epoch // step_size): divide by 1 / gamma every step_size epochs.

    Like ``torch.optim.lr_scheduler.StepLR``.

    Parameters
    ----------
    optimizer : Optimizer
    step_size : int >= 1
    gamma : float > 0

    See chapter 7.
    """

    def __init__(self, optimizer, step_size, gamma=0.1):
        self.step_size = positive_int("step_size", step_size)
        self.gamma = positive("gamma", number("gamma", gamma))
        super().__init__(optimizer)

    def lr_at(self, epoch):
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class ExponentialLR(Schedule):
    """lr = base_lr * gamma ** epoch. Like ``torch.optim.lr_scheduler.ExponentialLR``.

    Parameters
    ----------
    optimizer : Optimizer
    gamma : float > 0

    See chapter 7.
    """

    def __init__(self, optimizer, gamma):
        self.gamma = positive("gamma", number("gamma", gamma))
        super().__init__(optimizer)

    def lr_at(self, epoch):
        return self.base_lr * self.gamma ** epoch


class CosineAnnealingLR(Schedule):
    """lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2.

    Half a cosine from base_lr down to eta_min over T_max epochs. Like
    ``torch.optim.lr_scheduler.CosineAnnealingLR``, it does not stop at T_max: the cosine goes
    on, back up to base_lr at 2 T_max, so choose T_max = the number of epochs.

    Parameters
    ----------
    optimizer : Optimizer
    T_max : int >= 1
    eta_min : float >= 0

    See chapter 7.
    """

    def __init__(self, optimizer, T_max, eta_min=0.0):
        self.T_max = positive_int("T_max", T_max)
        self.eta_min = number("eta_min", eta_min)
        if not (math.isfinite(self.eta_min) and self.eta_min >= 0):
            raise ValueError(f"eta_min must be a finite number >= 0, got {eta_min!r}")
        super().__init__(optimizer)

    def lr_at(self, epoch):
        cosine = (1 + math.cos(math.pi * epoch / self.T_max)) / 2
        return self.eta_min + (self.base_lr - self.eta_min) * cosine


class LinearLR(Schedule):
    """lr = base_lr * factor, the factor going linearly from start_factor to end_factor.

    factor = start_factor + (end_factor - start_factor) * min(epoch, total_iters) / total_iters:
    with the defaults, a warm-up from base_lr / 3 to base_lr over 5 epochs, then base_lr. Like
    ``torch.optim.lr_scheduler.LinearLR``.

    Parameters
    ----------
    optimizer : Optimizer
    start_factor : float in (0, 1]
    end_factor : float in [0, 1]
    total_iters : int >= 1

    See chapter 7.
    """

    def __init__(self, optimizer, start_factor=1 / 3, end_factor=1.0, total_iters=5):
        self.start_factor = in_unit_interval("start_factor", number("start_factor", start_factor),
                                             include_one=True)
        if self.start_factor == 0:
            raise ValueError("start_factor must lie in (0, 1], got 0: a learning rate of 0 "
                             "would not train at all")
        self.end_factor = in_unit_interval("end_factor", number("end_factor", end_factor),
                                           include_one=True)
        self.total_iters = positive_int("total_iters", total_iters)
        super().__init__(optimizer)

    def lr_at(self, epoch):
        progress = min(epoch, self.total_iters) / self.total_iters
        return self.base_lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)
