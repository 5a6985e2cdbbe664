"""Tests of course_nn.optimizers (chapter 5): the torch.optim update rules, step by step.

Every optimizer is run for 3 steps from p0 = [1.0, -2.0] on the fixed gradients
g1 = [0.5, -1.0], g2 = [0.1, 0.2], g3 = [-0.3, 0.4]; the expected numbers are derived in the comments.
"""

import math

import numpy as np
import pytest

import course_nn
from course_nn import layers as L
from course_nn import model as M
from course_nn import optimizers as O
from helpers import assert_same_arrays, snapshot

NAMES = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]
P0 = [1.0, -2.0]
G = [np.array([0.5, -1.0]), np.array([0.1, 0.2]), np.array([-0.3, 0.4])]


def run3(opt):
    """Three steps; returns the parameter after each step. Also checks the update is in place."""
    p = np.array(P0)
    params = {"w": p}
    history = []
    for g in G:
        opt.step(params, {"w": g.copy()})
        assert params["w"] is p  # same array object: updated in place
        history.append(p.copy())
    return history


def test_public_names():
    for name in NAMES:
        assert getattr(course_nn, name) is getattr(O, name)


def test_sgd_three_steps():
    # p -= lr * g, lr = 0.1
    # p1 = [1, -2]       - 0.1 [0.5, -1]   = [0.95, -1.9]
    # p2 = [0.95, -1.9]  - 0.1 [0.1, 0.2]  = [0.94, -1.92]
    # p3 = [0.94, -1.92] - 0.1 [-0.3, 0.4] = [0.97, -1.96]
    h = run3(O.SGD(lr=0.1))
    np.testing.assert_allclose(h, [[0.95, -1.9], [0.94, -1.92], [0.97, -1.96]], rtol=1e-14)


def test_momentum_three_steps():
    # buf = 0.9 buf + g (buf starts at 0, so buf1 = g1); p -= 0.1 buf
    # buf1 = [0.5, -1]                                 p1 = [1, -2] - 0.1 [0.5, -1]        = [0.95, -1.9]
    # buf2 = 0.9 [0.5, -1] + [0.1, 0.2] = [0.55, -0.7]  p2 = [0.95, -1.9] - 0.1 [0.55, -0.7] = [0.895, -1.83]
    # buf3 = 0.9 [0.55, -0.7] + [-0.3, 0.4] = [0.195, -0.23]
    #                                                  p3 = [0.895, -1.83] - 0.1 [0.195, -0.23] = [0.8755, -1.807]
    h = run3(O.Momentum(lr=0.1, momentum=0.9))
    np.testing.assert_allclose(h, [[0.95, -1.9], [0.895, -1.83], [0.8755, -1.807]], rtol=1e-14)
    # default momentum is 0.9
    np.testing.assert_allclose(run3(O.Momentum(lr=0.1)), h, rtol=1e-15)


def test_nesterov_three_steps():
    # buf as Momentum; p -= 0.1 (g + 0.9 buf)
    # step 1: buf = [0.5, -1];     g + 0.9 buf = [0.95, -1.9]     p1 = [1, -2] - [0.095, -0.19]   = [0.905, -1.81]
    # step 2: buf = [0.55, -0.7];  g + 0.9 buf = [0.595, -0.43]   p2 = p1 - [0.0595, -0.043]    = [0.8455, -1.767]
    # step 3: buf = [0.195, -0.23]; g + 0.9 buf = [-0.1245, 0.193] p3 = p2 - [-0.01245, 0.0193] = [0.85795, -1.7863]
    h = run3(O.Nesterov(lr=0.1, momentum=0.9))
    np.testing.assert_allclose(h, [[0.905, -1.81], [0.8455, -1.767], [0.85795, -1.7863]], rtol=1e-14)
    np.testing.assert_allclose(run3(O.Nesterov(lr=0.1)), h, rtol=1e-15)


def test_adagrad_three_steps():
    # s += g^2; p -= lr g / (sqrt(s) + eps), lr = 0.1, eps = 1e-10
    # step 1: s = [0.25, 1];   sqrt s = [0.5, 1]             p1 = [1, -2] - 0.1 [0.5/0.5, -1/1] = [0.9, -1.9]
    # step 2: s = [0.26, 1.04]; sqrt s = [0.5099020, 1.0198039]
    #         p2 = [0.9 - 0.1 (0.1/0.5099020), -1.9 - 0.1 (0.2/1.0198039)] = [0.8803884, -1.9196116]
    # step 3: s = [0.35, 1.2]; sqrt s = [0.5916080, 1.0954451]
    #         p3 = [0.8803884 + 0.1 (0.3/0.5916080), -1.9196116 - 0.1 (0.4/1.0954451)] = [0.9310976, -1.9561265]
    expected = [[0.90000000002, -1.90000000001], [0.88038838651, -1.919611613522],
                [0.931097641785, -1.956126450686]]
    np.testing.assert_allclose(run3(O.AdaGrad(lr=0.1, eps=1e-10)), expected, rtol=1e-11)
    np.testing.assert_allclose(run3(O.AdaGrad(lr=0.1)), expected, rtol=1e-11)  # default eps


def test_rmsprop_three_steps():
    # s = 0.99 s + 0.01 g^2; p -= lr g / (sqrt(s) + eps), lr = 0.01 (default), eps = 1e-8
    # step 1: s = [0.0025, 0.01];  sqrt s = [0.05, 0.1]        p1 = [1 - 0.01 (0.5/0.05), -2 + 0.01 (1/0.1)] = [0.9, -1.9]
    # step 2: s = 0.99 [0.0025, 0.01] + 0.01 [0.01, 0.04] = [0.002575, 0.0103]; sqrt s = [0.0507445, 0.1014889]
    #         p2 = [0.9 - 0.01 (0.1/0.0507445), -1.9 - 0.01 (0.2/0.1014889)] = [0.8802934, -1.9197066]
    # step 3: s = 0.99 [0.002575, 0.0103] + 0.01 [0.09, 0.16] = [0.00344925, 0.011797]
    #         sqrt s = [0.0587303, 0.1086140]
    #         p3 = [0.8802934 + 0.01 (0.3/0.0587303), -1.9197066 - 0.01 (0.4/0.1086140)] = [0.9313744, -1.9565343]
    expected = [[0.90000002, -1.90000001], [0.88029343832, -1.919706593622], [0.931374374047, -1.956534256727]]
    np.testing.assert_allclose(run3(O.RMSProp()), expected, rtol=1e-11)
    np.testing.assert_allclose(run3(O.RMSProp(lr=0.01, alpha=0.99, eps=1e-8)), expected, rtol=1e-11)


def test_adam_three_steps():
    # m = 0.9 m + 0.1 g; v = 0.999 v + 0.001 g^2; t += 1
    # p -= (lr / (1 - 0.9^t)) m / (sqrt(v) / sqrt(1 - 0.999^t) + eps), lr = 0.001 (default), eps = 1e-8
    # step 1: m = [0.05, -0.1], v = [0.00025, 0.001]; mhat = m/0.1 = [0.5, -1]; vhat = v/0.001 = [0.25, 1]
    #         p1 = [1 - 0.001 (0.5/0.5), -2 + 0.001 (1/1)] = [0.999, -1.999]
    # step 2: m = [0.055, -0.07], v = [0.00025975, 0.001039];
    #         mhat = m/0.19 = [0.2894737, -0.3684211]; vhat = v/0.001999 = [0.1299400, 0.5197599]
    #         p2 = p1 - 0.001 [0.2894737/0.3604719, -0.3684211/0.7209438] = [0.9981970, -1.9984890]
    # step 3: m = [0.0195, -0.023], v = [0.00034949025, 0.001197961];
    #         mhat = m/0.271 = [0.0719557, -0.0848708]; vhat = v/0.002997001 = [0.1166133, 0.3997199]
    #         p3 = p2 - 0.001 [0.0719557/0.3414869, -0.0848708/0.6322341] = [0.9979862, -1.9983547]
    expected = [[0.99900000002, -1.99900000001], [0.998196959064, -1.99848897394],
                [0.997986246118, -1.998354734342]]
    np.testing.assert_allclose(run3(O.Adam()), expected, rtol=1e-11)
    np.testing.assert_allclose(run3(O.Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-8)), expected, rtol=1e-11)


# ---------------------------------------------------------------- the same rules, written generically
def reference(name, steps, lr, weight_decay=0.0, **kw):
    """The formulas of the brief, for any number of steps, with torch's weight decay:
    g + weight_decay * w before the rule (AdamW: w -= lr * weight_decay * w first)."""
    p = np.array(P0)
    buf, s, m, v = np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2)
    out = []
    for t, g in enumerate(steps, start=1):
        if name == "AdamW":
            p = p - lr * weight_decay * p  # decoupled: shrink w, then Adam with g alone
        else:
            g = g + weight_decay * p  # coupled: the gradient of the L2 penalty is added to g
        if name == "SGD":
            p = p - lr * g
        elif name in ("Momentum", "Nesterov"):
            mu = kw.get("momentum", 0.9)
            buf = mu * buf + g
            p = p - lr * (buf if name == "Momentum" else g + mu * buf)
        elif name == "AdaGrad":
            s = s + g**2
            p = p - lr * g / (np.sqrt(s) + kw.get("eps", 1e-10))
        elif name == "RMSProp":
            a = kw.get("alpha", 0.99)
            s = a * s + (1 - a) * g**2
            p = p - lr * g / (np.sqrt(s) + kw.get("eps", 1e-8))
        else:  # Adam, AdamW
            b1, b2 = kw.get("betas", (0.9, 0.999))
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g**2
            m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
            p = p - lr * m_hat / (np.sqrt(v_hat) + kw.get("eps", 1e-8))
        out.append(p.copy())
    return out


@pytest.mark.parametrize(
    "name,kw",
    [
        ("SGD", {}), ("Momentum", {"momentum": 0.5}), ("Nesterov", {"momentum": 0.7}),
        ("AdaGrad", {"eps": 1e-3}), ("RMSProp", {"alpha": 0.9, "eps": 1e-4}),
        ("Adam", {"betas": (0.8, 0.99), "eps": 1e-3}),
    ],
)
def test_twenty_steps_other_hyperparameters(name, kw):
    rng = np.random.default_rng(0)
    steps = [rng.standard_normal(2) for _ in range(20)]
    opt = getattr(O, name)(lr=0.05, **kw)
    p = np.array(P0)
    for g, expected in zip(steps, reference(name, steps, 0.05, **kw)):
        opt.step({"w": p}, {"w": g})
        np.testing.assert_allclose(p, expected, rtol=1e-12)


# ---------------------------------------------------------------- state per parameter, in place on a model
@pytest.mark.parametrize("name", NAMES)
def test_state_is_per_parameter_name_and_lazy(name):
    opt = getattr(O, name)(lr=0.1)
    a = np.array(P0)
    opt.step({"a": a}, {"a": G[0]})
    b = np.array(P0)
    opt.step({"a": a, "b": b}, {"a": G[1], "b": G[0]})  # "b" is new: its state starts fresh
    fresh = getattr(O, name)(lr=0.1)
    c = np.array(P0)
    fresh.step({"c": c}, {"c": G[0]})
    np.testing.assert_allclose(b, c, rtol=1e-15)
    np.testing.assert_allclose(a, reference(name, G[:2], 0.1)[1], rtol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_updates_the_models_own_arrays(name):
    rng = np.random.default_rng(1)
    d0, d2 = L.Dense(3, 4, rng=0), L.Dense(4, 2, rng=1)
    model = M.Sequential([d0, L.Tanh(), d2])
    X = rng.standard_normal((5, 3))
    before = snapshot(model.params())
    ids = {k: id(v) for k, v in model.params().items()}
    model.forward(X, training=True)
    model.backward(rng.standard_normal((5, 2)))
    grads = snapshot(model.grads())
    opt = getattr(O, name)(lr=0.01)
    opt.step(model.params(), model.grads())
    assert {k: id(v) for k, v in model.params().items()} == ids
    assert d0.params["W"] is model.params()["0.W"]
    for k in before:
        assert not np.array_equal(model.params()[k], before[k]), k
    if name == "SGD":
        np.testing.assert_allclose(d0.params["W"], before["0.W"] - 0.01 * grads["0.W"])
        np.testing.assert_allclose(d2.params["b"], before["2.b"] - 0.01 * grads["2.b"])


@pytest.mark.parametrize("name", NAMES)
def test_float32_params_stay_float32(name):
    p = np.array(P0, dtype=np.float32)
    opt = getattr(O, name)(lr=0.01)
    for g in G:
        opt.step({"w": p}, {"w": g.astype(np.float32)})
    assert p.dtype == np.float32
    expected = reference(name, G, 0.01)[-1]
    np.testing.assert_allclose(p, expected, rtol=1e-5)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lr", [0.0, -0.1, float("nan"), float("inf")])
def test_bad_learning_rate(name, lr):
    with pytest.raises(ValueError) as exc:
        getattr(O, name)(lr=lr)
    msg = str(exc.value)
    assert "lr" in msg and (str(lr) in msg or f"{lr:g}" in msg)


@pytest.mark.parametrize("name", ["Momentum", "Nesterov"])
@pytest.mark.parametrize("momentum", [1.0, 1.5, -0.1])
def test_bad_momentum(name, momentum):
    with pytest.raises(ValueError) as exc:
        getattr(O, name)(lr=0.1, momentum=momentum)
    assert "momentum" in str(exc.value) and str(momentum) in str(exc.value)


def test_momentum_zero_is_allowed_and_is_sgd():
    p, q = np.array(P0), np.array(P0)
    opt, sgd = O.Momentum(lr=0.1, momentum=0.0), O.SGD(lr=0.1)
    for g in G:
        opt.step({"w": p}, {"w": g})
        sgd.step({"w": q}, {"w": g})
    np.testing.assert_allclose(p, q)


@pytest.mark.parametrize("name", ["AdaGrad", "RMSProp", "Adam"])
@pytest.mark.parametrize("eps", [0.0, -1e-8])
def test_bad_eps(name, eps):
    with pytest.raises(ValueError):
        getattr(O, name)(eps=eps)


@pytest.mark.parametrize("betas", [(1.0, 0.999), (0.9, 1.0), (-0.1, 0.999), (0.9, -0.5)])
def test_bad_betas(betas):
    with pytest.raises(ValueError):
        O.Adam(betas=betas)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("problem", ["missing", "shape"])
def test_bad_grads_change_nothing(name, problem):
    opt = getattr(O, name)(lr=0.1)
    a, b = np.array(P0), np.array([[0.5, 0.25]])
    opt.step({"a": a, "b": b}, {"a": G[0], "b": np.array([[1.0, -1.0]])})  # one good step: state exists
    before = snapshot({"a": a, "b": b})
    bad = {"a": G[1]} if problem == "missing" else {"a": G[1], "b": np.array([1.0, -1.0])}
    with pytest.raises((ValueError, KeyError)):
        opt.step({"a": a, "b": b}, bad)
    assert_same_arrays(before, {"a": a, "b": b})
    # The state did not move either: the next good step is the second step of the formula.
    opt.step({"a": a, "b": b}, {"a": G[1], "b": np.array([[0.2, 0.3]])})
    np.testing.assert_allclose(a, reference(name, G[:2], 0.1)[1], rtol=1e-12)


# ---------------------------------------------------------------- weight decay and AdamW (chapter 7)
ALL_NAMES = NAMES + ["AdamW"]


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("weight_decay", [0.0, 0.1, 2.0])
def test_trajectories_with_weight_decay_follow_the_written_rules(name, weight_decay):
    rng = np.random.default_rng(3)
    steps = [rng.standard_normal(2) for _ in range(25)]
    kw = {"momentum": 0.8} if name in ("Momentum", "Nesterov") else {}
    opt = getattr(O, name)(lr=0.05, weight_decay=weight_decay, **kw)
    p = np.array(P0)
    for g, expected in zip(steps, reference(name, steps, 0.05, weight_decay, **kw)):
        g_before = g.copy()
        opt.step({"w": p}, {"w": g})
        np.testing.assert_allclose(p, expected, rtol=1e-12)
        assert np.array_equal(g, g_before)  # the gradient array is never written into


def test_sgd_weight_decay_alone_shrinks_by_one_minus_lr_wd_per_step():
    # with a zero gradient: w_t = (1 - lr * wd)^t w_0 = 0.98^t w_0
    p = np.array(P0)
    opt = O.SGD(lr=0.1, weight_decay=0.2)
    for t in range(1, 11):
        opt.step({"w": p}, {"w": np.zeros(2)})
        np.testing.assert_allclose(p, 0.98**t * np.array(P0), rtol=1e-14)


def test_adamw_one_step_by_hand():
    # lr = 0.1, wd = 0.5: w <- w - 0.05 w = 0.95 [1, -2] = [0.95, -1.9];
    # then Adam's first step moves each weight by lr * sign(g) (m_hat = g, sqrt(v_hat) = |g|):
    # [0.95 - 0.1, -1.9 + 0.1] = [0.85, -1.8], up to eps.
    p = np.array(P0)
    O.AdamW(lr=0.1, weight_decay=0.5).step({"w": p}, {"w": np.array([0.5, -1.0])})
    np.testing.assert_allclose(p, [0.85, -1.8], rtol=1e-8)


def test_adamw_defaults_are_torchs_and_zero_decay_is_adam():
    opt = O.AdamW()
    assert (opt.lr, opt.betas, opt.eps, opt.weight_decay) == (0.001, (0.9, 0.999), 1e-8, 0.01)
    assert getattr(course_nn, "AdamW") is O.AdamW
    np.testing.assert_array_equal(run3(O.AdamW(weight_decay=0.0)), run3(O.Adam()))


def test_adam_weight_decay_is_not_adamw():
    # the L2 term passes through Adam's division by sqrt(v_hat); the decoupled one does not
    adam, adamw = run3(O.Adam(lr=0.1, weight_decay=0.5)), run3(O.AdamW(lr=0.1, weight_decay=0.5))
    assert np.max(np.abs(np.array(adam) - np.array(adamw))) > 1e-2


@pytest.mark.parametrize("name", NAMES)
def test_default_weight_decay_is_zero(name):
    assert getattr(O, name)(lr=0.1).weight_decay == 0.0


@pytest.mark.parametrize("name", ALL_NAMES)
def test_float32_with_weight_decay_stays_float32(name):
    p = np.array(P0, dtype=np.float32)
    opt = getattr(O, name)(lr=0.01, weight_decay=np.float64(0.1))
    for g in G:
        opt.step({"w": p}, {"w": g.astype(np.float32)})
    assert p.dtype == np.float32
    assert all(a.dtype == np.float32 for a in opt.state["w"].values() if isinstance(a, np.ndarray))
    np.testing.assert_allclose(p, reference(name, G, 0.01, 0.1)[-1], rtol=1e-5)


# ---------------------------------------------------------------- the public rule, update(w, g, state)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_update_is_public_and_writes_only_into_w_and_the_state(name):
    opt = getattr(O, name)(lr=0.1)
    w, g = np.array(P0), np.array([0.5, -1.0])
    state = {"step": 0, **{key: np.zeros(2) for key in opt.buffers}}
    buffers = {key: state[key] for key in opt.buffers}
    opt.update(w, g, state)
    assert np.array_equal(g, [0.5, -1.0])
    for key, array in buffers.items():
        assert state[key] is array  # the state's own arrays, written in place
    expected = reference(name, [np.array([0.5, -1.0])], 0.1,
                                    0.01 if name == "AdamW" else 0.0)[0]
    np.testing.assert_allclose(w, expected, rtol=1e-12)
    np.testing.assert_allclose(state.get("m", state.get("v", np.zeros(2))),
                               {"SGD": np.zeros(2), "AdaGrad": g**2, "RMSProp": 0.01 * g**2,
                                "Adam": 0.1 * g, "AdamW": 0.1 * g}.get(name, g), rtol=1e-14)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_rule_docstrings_state_the_framework(name):
    doc = getattr(O, name).__doc__
    assert "In the framework" in doc and "torch.optim" in doc and "See chapter" in doc


# ---------------------------------------------------------------- bad hyperparameters and arguments
@pytest.mark.parametrize("betas,match", [
    ((0.9,), r"betas must be a pair \(beta1, beta2\).*got \(0\.9,\)"),
    (0.9, r"betas must be a pair.*got 0\.9"),
    ((0.9, 0.99, 0.999), r"betas must be a pair"),
    ("ab", r"betas must be a pair"),
    ((0.9, "0.999"), r"betas\[1\] must be a number, got '0\.999'"),
    ((1.0, 0.999), r"betas\[0\] must lie in \[0, 1\), got 1\.0"),
])
@pytest.mark.parametrize("name", ["Adam", "AdamW"])
def test_bad_betas_name_the_argument(name, betas, match):
    with pytest.raises((ValueError, TypeError), match=match):
        getattr(O, name)(betas=betas)


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("lr,error,match", [
    (0.0, ValueError, r"lr must be a finite number > 0, got 0\.0"),
    (-0.1, ValueError, r"lr must be a finite number > 0, got -0\.1"),
    ("0.1", TypeError, r"lr must be a number, got '0\.1'"),
    (True, TypeError, r"lr must be a number, got True"),
    (None, TypeError, r"lr must be a number, got None"),
    (np.array([0.1]), TypeError, r"lr must be a number"),
])
def test_bad_lr_names_the_argument(name, lr, error, match):
    with pytest.raises(error, match=match):
        getattr(O, name)(lr=lr)


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("weight_decay,error", [
    (-0.1, ValueError), (float("nan"), ValueError), (float("inf"), ValueError), ("0.1", TypeError),
])
def test_bad_weight_decay(name, weight_decay, error):
    with pytest.raises(error, match="weight_decay must be"):
        getattr(O, name)(lr=0.1, weight_decay=weight_decay)


@pytest.mark.parametrize("make,match", [
    (lambda: O.Momentum(lr=0.1, momentum="0.9"), r"momentum must be a number, got '0\.9'"),
    (lambda: O.RMSProp(alpha=1.0), r"alpha must lie in \[0, 1\), got 1\.0"),
    (lambda: O.RMSProp(alpha=None), r"alpha must be a number, got None"),
    (lambda: O.AdaGrad(eps="1e-10"), r"eps must be a number"),
    (lambda: O.Adam(eps=0.0), r"eps must be a finite number > 0, got 0\.0"),
])
def test_other_bad_hyperparameters_name_the_argument(make, match):
    with pytest.raises((ValueError, TypeError), match=match):
        make()


def test_step_refuses_a_model_or_lists_and_changes_nothing():
    model = M.Sequential([L.Dense(2, 1, rng=0)])
    opt = O.Adam()
    before = snapshot(model.params())
    with pytest.raises(TypeError, match=r"params as a dict name -> array, such as model\.params\(\)"):
        opt.step(model, model.grads())
    with pytest.raises(TypeError, match=r"grads as a dict .* such as model\.grads\(\)"):
        opt.step(model.params(), [np.zeros((2, 1)), np.zeros(1)])
    with pytest.raises(TypeError, match=r"parameter 'w' must be a NumPy array"):
        opt.step({"w": [1.0, 2.0]}, {"w": [0.1, 0.2]})
    assert_same_arrays(before, model.params())
    assert opt.state == {}
