"""Optimizers (chapter 5), with the update rules, names and defaults of ``torch.optim``.

All of them fit one framework (from the notes): at each step, with gradient g,

1. first moment  m = phi(g_1, ..., g_t)   (the direction),
2. second moment v = psi(g_1, ..., g_t)   (a per-weight scale),
3. update        w <- w - lr * m / sqrt(v).

Each optimizer writes its rule as the public method ``update(w, g, state)``, whose body is the
chapter's equations; it writes only into the parameter ``w`` and the arrays of ``state``.
``step(params, grads)`` checks its arguments, adds weight decay to the gradients (torch's
``weight_decay``, chapter 7) and calls ``update`` for every parameter; the state (m, v, the step
count) is kept per parameter name and created on the first step that sees the name.
"""

import math

import numpy as np

from ._validate import in_unit_interval, number, positive


class Optimizer:
    """Base class: checks the arguments of ``step``, then updates each parameter in place.

    Parameters
    ----------
    lr : float > 0
        Learning rate.
    weight_decay : float >= 0
        L2 penalty: the rule sees the gradient g + weight_decay * w (torch's ``weight_decay``).
    """

    buffers = ()
    """Names of the per-parameter arrays of the optimizer's state."""

    decoupled_weight_decay = False
    """True when ``update`` applies the weight decay itself (AdamW) instead of ``step``."""

    def __init__(self, lr, weight_decay=0.0):
        self.lr = positive("lr", number("lr", lr))
        self.weight_decay = number("weight_decay", weight_decay)
        if not (math.isfinite(self.weight_decay) and self.weight_decay >= 0):
            raise ValueError(f"weight_decay must be a finite number >= 0, got {weight_decay!r}")
        self.state = {}

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "state")
        return f"{type(self).__name__}({settings})"

    def step(self, params, grads):
        """Update every array in ``params`` (dict name -> ndarray) in place from ``grads``.

        Every gradient is checked before any parameter changes, so a bad call changes nothing.
        With ``weight_decay``, the rule sees g + weight_decay * w: the gradient of the loss plus
        that of the penalty (weight_decay / 2) * ||w||^2.
        """
        self._check(params, grads)
        for name, w in params.items():
            g = np.asarray(grads[name], dtype=w.dtype)
            if self.weight_decay and not self.decoupled_weight_decay:
                g = g + self.weight_decay * w
            self.update(w, g, self._state_of(name, w))

    def update(self, w, g, state):
        """The rule: update the parameter ``w`` in place from its gradient ``g`` and ``state``."""
        raise NotImplementedError

    def _check(self, params, grads):
        """Raise unless params and grads are dicts of arrays with the same names and shapes."""
        for what, value in (("params", params), ("grads", grads)):
            if not isinstance(value, dict):
                raise TypeError(f"{self!r}.step expects {what} as a dict name -> array, such as "
                                f"model.{what}(), got {type(value).__name__}")
        for name, p in params.items():
            if not isinstance(p, np.ndarray):
                raise TypeError(f"{self!r}: parameter {name!r} must be a NumPy array (updated in "
                                f"place), got {type(p).__name__}")
            if name not in grads:
                raise KeyError(f"{self!r}: no gradient for parameter {name!r}; "
                               f"grads has {sorted(grads)}")
            if np.shape(grads[name]) != p.shape:
                raise ValueError(f"{self!r}: gradient of {name!r} has shape "
                                 f"{np.shape(grads[name])}, the parameter has shape {p.shape}")

    def _state_of(self, name, p):
        """The state of parameter ``name``, created on its first step."""
        if name not in self.state:
            self.state[name] = {"step": 0, **{key: np.zeros_like(p) for key in self.buffers}}
        return self.state[name]


class SGD(Optimizer):
    """Plain (stochastic) gradient descent, as ``torch.optim.SGD(params, lr)``.

    w <- w - lr * g. In the framework: m = g, v = 1.

    Parameters
    ----------
    lr : float > 0
    weight_decay : float >= 0

    See chapter 5.
    """

    def update(self, w, g, state):
        """w <- w - lr * g, in place."""
        w -= self.lr * g


class Momentum(Optimizer):
    """Gradient descent with momentum, as ``torch.optim.SGD(params, lr, momentum)``.

    m <- momentum * m + g (m starts at 0), w <- w - lr * m. In the framework: m is a
    decaying sum of past gradients, v = 1. The velocity m changes the direction and the length
    of the step; the learning rate stays what it is.

    Parameters
    ----------
    lr : float > 0
    momentum : float in [0, 1)
    weight_decay : float >= 0

    See chapter 5.
    """

    buffers = ("m",)

    def __init__(self, lr, momentum=0.9, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.momentum = in_unit_interval("momentum", number("momentum", momentum))

    def update(self, w, g, state):
        """m <- momentum * m + g, then w <- w - lr * m; ``m[:] =`` writes into the state's array."""
        m = state["m"]
        m[:] = self.momentum * m + g
        w -= self.lr * m


class Nesterov(Momentum):
    """Nesterov momentum, as ``torch.optim.SGD(params, lr, momentum, nesterov=True)``.

    m <- momentum * m + g, w <- w - lr * (g + momentum * m): the step looks ahead along the
    updated velocity. In the framework: first moment g + momentum * m, v = 1.

    Parameters
    ----------
    lr, momentum, weight_decay
        As ``Momentum`` takes them.

    See chapter 5.
    """

    def update(self, w, g, state):
        """m <- momentum * m + g, then w <- w - lr * (g + momentum * m)."""
        m = state["m"]
        m[:] = self.momentum * m + g
        w -= self.lr * (g + self.momentum * m)


class AdaGrad(Optimizer):
    """AdaGrad (Duchi et al. 2011), as ``torch.optim.Adagrad(params, lr, eps=eps)``.

    v <- v + g^2, w <- w - lr * g / (sqrt(v) + eps). In the framework: m = g and v is the sum
    of all squared gradients so far, so each weight's step shrinks as its gradients add up.

    Parameters
    ----------
    lr : float > 0
    eps : float > 0
    weight_decay : float >= 0

    See chapter 5.
    """

    buffers = ("v",)

    def __init__(self, lr=0.01, eps=1e-10, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.eps = positive("eps", number("eps", eps))

    def update(self, w, g, state):
        """v <- v + g^2, then w <- w - lr * g / (sqrt(v) + eps)."""
        v = state["v"]
        v += g * g
        w -= self.lr * g / (np.sqrt(v) + self.eps)


class RMSProp(Optimizer):
    """RMSProp (Tieleman & Hinton 2012), as ``torch.optim.RMSprop(params, lr, alpha, eps)``.

    v <- alpha * v + (1 - alpha) * g^2, w <- w - lr * g / (sqrt(v) + eps). In the framework:
    m = g and v is an exponential moving average of g^2, so old gradients are forgotten.

    Parameters
    ----------
    lr : float > 0
    alpha : float in [0, 1)
        Decay rate of the moving average.
    eps : float > 0
    weight_decay : float >= 0

    See chapter 5.
    """

    buffers = ("v",)

    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.alpha = in_unit_interval("alpha", number("alpha", alpha))
        self.eps = positive("eps", number("eps", eps))

    def update(self, w, g, state):
        """v <- alpha * v + (1 - alpha) * g^2, then w <- w - lr * g / (sqrt(v) + eps)."""
        v = state["v"]
        v[:] = self.alpha * v + (1 - self.alpha) * g * g
        w -= self.lr * g / (np.sqrt(v) + self.eps)


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015), as ``torch.optim.Adam(params, lr, betas, eps)``.

    m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g^2, t <- t + 1,
    w <- w - lr * m_hat / (sqrt(v_hat) + eps) with m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t).
    In the framework: both moments are moving averages, divided by 1 - b^t because they start
    at 0 and are biased towards 0 in the first steps. ``m += (1 - b1) * (g - m)`` is
    m <- b1 m + (1 - b1) g rearranged to update m in place (torch's ``lerp_``): m moves a
    fraction 1 - b1 of the way to g.

    Parameters
    ----------
    lr : float > 0
    betas : (float, float), each in [0, 1)
    eps : float > 0
    weight_decay : float >= 0
        Added to the gradient (L2 penalty), like torch's Adam; see ``AdamW`` for the decoupled form.

    See chapter 5.
    """

    buffers = ("m", "v")

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        if not isinstance(betas, (tuple, list, np.ndarray)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2) such as (0.9, 0.999), "
                             f"got {betas!r}")
        self.betas = tuple(in_unit_interval(f"betas[{i}]", number(f"betas[{i}]", beta))
                           for i, beta in enumerate(betas))
        self.eps = positive("eps", number("eps", eps))

    def update(self, w, g, state):
        """m and v move towards g and g^2 (in place), then the bias-corrected step."""
        beta1, beta2 = self.betas
        m, v = state["m"], state["v"]
        state["step"] += 1
        t = state["step"]
        m += (1 - beta1) * (g - m)  # m = beta1 * m + (1 - beta1) * g
        v += (1 - beta2) * (g * g - v)  # v = beta2 * v + (1 - beta2) * g^2
        # w -= lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - beta1^t) and
        # v_hat = v / (1 - beta2^t):
        w -= self.lr / (1 - beta1 ** t) * m / (np.sqrt(v / (1 - beta2 ** t)) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter 2019), as ``torch.optim.AdamW``.

    w <- w - lr * weight_decay * w, then the Adam step with the gradient g alone: the decay
    shrinks every weight by the same factor, instead of passing through Adam's division by
    sqrt(v_hat) as ``Adam(weight_decay=...)``'s L2 term does. In the framework: Adam's m and v,
    plus a shrinking of w outside of them.

    Parameters
    ----------
    lr, betas, eps
        As ``Adam`` takes them.
    weight_decay : float >= 0
        torch's default, 0.01.

    See chapter 7.
    """

    decoupled_weight_decay = True

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        super().__init__(lr, betas, eps, weight_decay)

    def update(self, w, g, state):
        """w <- w - lr * weight_decay * w, then Adam's update with g."""
        w -= self.lr * self.weight_decay * w
        super().update(w, g, state)
