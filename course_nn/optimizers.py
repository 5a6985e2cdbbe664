"""Optimizers (chapter 5), with the update rules, names and defaults of ``torch.optim``.

All of them fit one framework (from the notes): at each step, with gradient g,

1. first moment  m = phi(g_1, ..., g_t)   (the direction),
2. second moment v = psi(g_1, ..., g_t)   (a per-weight scale),
3. update        w <- w - lr * m / sqrt(v).

``step(params, grads)`` updates every array of ``params`` in place; the state (m, v, the step
count) is kept per parameter name and created on the first step that sees the name.
"""

import math

import numpy as np

from ._validate import in_unit_interval, positive


class Optimizer:
    """Base class: checks the arguments of ``step``, then updates each parameter in place.

    Parameters
    ----------
    lr : float > 0
        Learning rate.
    """

    def __init__(self, lr):
        self.lr = positive("lr", lr)
        self.state = {}

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "state")
        return f"{type(self).__name__}({settings})"

    def step(self, params, grads):
        """Update every array in ``params`` (dict name -> ndarray) in place from ``grads``.

        Every gradient is checked before any parameter changes, so a bad call changes nothing.
        """
        for name, p in params.items():
            if name not in grads:
                raise KeyError(f"{self!r}: no gradient for parameter {name!r}; "
                               f"grads has {sorted(grads)}")
            if np.shape(grads[name]) != p.shape:
                raise ValueError(f"{self!r}: gradient of {name!r} has shape "
                                 f"{np.shape(grads[name])}, the parameter has shape {p.shape}")
        for name, p in params.items():
            self._update(p, np.asarray(grads[name], dtype=p.dtype), self._state_of(name, p))

    def _state_of(self, name, p):
        """The state of parameter ``name``, created on its first step."""
        if name not in self.state:
            self.state[name] = {"step": 0, **{key: np.zeros_like(p) for key in self.buffers}}
        return self.state[name]

    buffers = ()
    """Names of the per-parameter arrays of the optimizer's state."""

    def _update(self, p, g, state):
        raise NotImplementedError


class SGD(Optimizer):
    """Plain (stochastic) gradient descent: w <- w - lr * g.

    In the framework: m = g, v = 1. Same as ``torch.optim.SGD(params, lr)``.
    See chapter 5.
    """

    def _update(self, p, g, state):
        p -= self.lr * g


class Momentum(Optimizer):
    """Gradient descent with momentum, as ``torch.optim.SGD(params, lr, momentum)``.

    m <- momentum * m + g (m starts at 0), w <- w - lr * m. In the framework: m is a
    decaying sum of past gradients, v = 1. The velocity m changes the direction and the length
    of the step; the learning rate stays what it is.

    Parameters
    ----------
    lr : float > 0
    momentum : float in [0, 1)

    See chapter 5.
    """

    buffers = ("m",)

    def __init__(self, lr, momentum=0.9):
        super().__init__(lr)
        self.momentum = in_unit_interval("momentum", momentum)

    def _update(self, p, g, state):
        m = state["m"]
        m *= self.momentum
        m += g
        p -= self.lr * m


class Nesterov(Momentum):
    """Nesterov momentum, as ``torch.optim.SGD(params, lr, momentum, nesterov=True)``.

    m <- momentum * m + g, w <- w - lr * (g + momentum * m): the step looks ahead along the
    updated velocity. In the framework: first moment g + momentum * m, v = 1.

    See chapter 5.
    """

    def _update(self, p, g, state):
        m = state["m"]
        m *= self.momentum
        m += g
        p -= self.lr * (g + self.momentum * m)


class AdaGrad(Optimizer):
    """AdaGrad (Duchi et al. 2011), as ``torch.optim.Adagrad(params, lr, eps=eps)``.

    v <- v + g^2, w <- w - lr * g / (sqrt(v) + eps). In the framework: m = g and v is the sum
    of all squared gradients so far, so each weight's step shrinks as its gradients add up.

    Parameters
    ----------
    lr : float > 0
    eps : float > 0

    See chapter 5.
    """

    buffers = ("v",)

    def __init__(self, lr=0.01, eps=1e-10):
        super().__init__(lr)
        self.eps = positive("eps", eps)

    def _update(self, p, g, state):
        v = state["v"]
        v += g * g
        p -= self.lr * g / (np.sqrt(v) + self.eps)


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

    See chapter 5.
    """

    buffers = ("v",)

    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(lr)
        self.alpha = in_unit_interval("alpha", alpha)
        self.eps = positive("eps", eps)

    def _update(self, p, g, state):
        v = state["v"]
        v *= self.alpha
        v += (1 - self.alpha) * g * g
        p -= self.lr * g / (np.sqrt(v) + self.eps)


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015), as ``torch.optim.Adam(params, lr, betas, eps)``.

    m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g^2, t <- t + 1,
    w <- w - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
    In the framework: both moments are moving averages, divided by 1 - b^t because they start
    at 0 and are biased towards 0 in the first steps.

    Parameters
    ----------
    lr : float > 0
    betas : (float, float), each in [0, 1)
    eps : float > 0

    See chapter 5.
    """

    buffers = ("m", "v")

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(lr)
        beta1, beta2 = betas
        self.betas = (in_unit_interval("betas[0]", beta1), in_unit_interval("betas[1]", beta2))
        self.eps = positive("eps", eps)

    def _update(self, p, g, state):
        beta1, beta2 = self.betas
        m, v = state["m"], state["v"]
        state["step"] += 1
        t = state["step"]
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        step_size = self.lr / (1 - beta1 ** t)
        p -= step_size * m / (np.sqrt(v) / math.sqrt(1 - beta2 ** t) + self.eps)
