"""Tests of course_nn.training (chapters 5 and 7): train(), History, accuracy()."""

import re

import numpy as np
import pytest

import course_nn
from course_nn import datasets as D
from course_nn import layers as L
from course_nn import losses
from course_nn import model as M
from course_nn import optimizers as O
from course_nn import training as T
from helpers import assert_same_arrays, snapshot

OPTIMIZERS = {
    "SGD": lambda: O.SGD(lr=0.1),
    "Momentum": lambda: O.Momentum(lr=0.05),
    "Nesterov": lambda: O.Nesterov(lr=0.05),
    "AdaGrad": lambda: O.AdaGrad(lr=0.05),
    "RMSProp": lambda: O.RMSProp(lr=0.01),
    "Adam": lambda: O.Adam(lr=0.01),
}


def test_public_names():
    for name in ["train", "accuracy", "History"]:
        assert getattr(course_nn, name) is getattr(T, name)


# ---------------------------------------------------------------- accuracy
def test_accuracy_multiclass_uses_argmax():
    y_hat = np.array([[0.1, 0.7, 0.2], [2.0, -1.0, 0.0], [0.0, 0.0, 5.0], [0.3, 0.3, 0.4]])
    acc = T.accuracy(y_hat, np.array([1, 0, 1, 2]))
    assert isinstance(acc, float) and acc == pytest.approx(0.75)


def test_accuracy_binary_thresholds_probabilities_at_half():
    p = np.array([0.9, 0.2, 0.51, 0.49, 0.7])
    y = np.array([1, 0, 0, 0, 0])
    assert T.accuracy(p, y) == pytest.approx(3 / 5)
    assert T.accuracy(p[:, None], y) == pytest.approx(3 / 5)
    assert isinstance(T.accuracy(p[:, None], y), float)
    assert T.accuracy(np.array([[0.9], [0.1]]), np.array([1, 0])) == 1.0
    assert T.accuracy(np.array([[0.9], [0.1]]), np.array([0, 1])) == 0.0


# ---------------------------------------------------------------- History
def test_history_lengths_and_validation():
    X, y = D.make_moons(64, noise=0.1, seed=0)
    Xv, yv = D.make_moons(32, noise=0.1, seed=1)
    model = M.Sequential([L.Dense(2, 8, rng=0), L.Tanh(), L.Dense(8, 2, rng=1)])
    hist = T.train(model, losses.SoftmaxCrossEntropyLoss(), O.Adam(lr=0.01), X, y, epochs=5, batch_size=16,
                   seed=0, validation=(Xv, yv))
    assert isinstance(hist, T.History)
    for name in ["loss", "accuracy", "val_loss", "val_accuracy"]:
        values = getattr(hist, name)
        assert isinstance(values, list) and len(values) == 5, name
        assert all(np.isfinite(v) for v in values)
    assert all(0.0 <= a <= 1.0 for a in hist.accuracy + hist.val_accuracy)


def test_history_values_are_the_loss_and_accuracy_of_the_model():
    # With a tiny learning rate the model barely moves, so whether the epoch's numbers are taken
    # during or after the epoch, they equal the loss / accuracy of the model on the data.
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((40, 3)), rng.integers(0, 3, 40)
    Xv, yv = rng.standard_normal((10, 3)), rng.integers(0, 3, 10)
    model = M.Sequential([L.Dense(3, 3, rng=0)])
    loss = losses.SoftmaxCrossEntropyLoss()
    hist = T.train(model, loss, O.SGD(lr=1e-9), X, y, epochs=2, batch_size=10, seed=0, validation=(Xv, yv))
    out, out_v = model.predict(X), model.predict(Xv)
    assert hist.loss[-1] == pytest.approx(losses.SoftmaxCrossEntropyLoss().forward(out, y), rel=1e-6)
    assert hist.val_loss[-1] == pytest.approx(losses.SoftmaxCrossEntropyLoss().forward(out_v, yv), rel=1e-6)
    assert hist.accuracy[-1] == pytest.approx(T.accuracy(out, y))
    assert hist.val_accuracy[-1] == pytest.approx(T.accuracy(out_v, yv))


def test_history_accuracy_with_logits_loss_thresholds_the_probability():
    # Logits 0.25 for every sample: probability sigmoid(0.25) = 0.56 > 0.5, so every prediction is 1.
    X, y = np.ones((8, 1)), np.ones(8, dtype=int)
    model = M.Sequential([L.Dense(1, 1, init="constant")])
    model.params()["0.b"][...] = 0.25
    hist = T.train(model, losses.BCEWithLogitsLoss(), O.SGD(lr=1e-9), X, y[:, None].astype(float),
                   epochs=1, batch_size=8, seed=0)
    assert hist.accuracy == [pytest.approx(1.0)]


def test_train_is_deterministic_for_a_seed_and_quiet(capsys):
    def run(seed):
        X, y = D.make_moons(60, noise=0.2, seed=0)
        model = M.Sequential([L.Dense(2, 6, rng=1), L.ReLU(), L.Dense(6, 2, rng=2)])
        h = T.train(model, losses.SoftmaxCrossEntropyLoss(), O.Adam(lr=0.01), X, y, epochs=3, batch_size=8,
                    seed=seed, progress=False)
        return h, model.params()

    h1, p1 = run(0)
    h2, p2 = run(0)
    h3, p3 = run(1)
    assert h1.loss == h2.loss
    assert_same_arrays(p1, p2)
    assert h1.loss != h3.loss  # the seed shuffles the minibatches
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_bar_on_long_runs_only_and_can_be_switched_off(capsys):
    # progress=None (the default) shows a bar for runs of 20 epochs or more; False never does.
    X, y = D.make_moons(32, noise=0.2, seed=0)
    model = M.Sequential([L.Dense(2, 2, rng=0)])
    args = (model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y)
    T.train(*args, epochs=5, batch_size=32, seed=0)
    assert capsys.readouterr().err == ""
    T.train(*args, epochs=25, batch_size=32, seed=0, progress=False)
    assert capsys.readouterr().err == ""
    T.train(*args, epochs=25, batch_size=32, seed=0)
    bar = capsys.readouterr().err
    assert "epoch 25/25" in bar and "loss" in bar
    assert "it/s" not in bar and "<" not in bar  # no timings: notebook outputs stay reproducible


def test_train_uses_training_mode():
    X, y = D.make_circles(64, noise=0.05, seed=0)
    bn = L.BatchNorm(4)
    model = M.Sequential([L.Dense(2, 4, rng=0), bn, L.Tanh(), L.Dense(4, 2, rng=1)])
    T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=2, batch_size=16, seed=0)
    assert not np.allclose(bn.running_mean, 0.0)  # updated by training-mode forward passes
    assert not np.allclose(bn.running_var, 1.0)


def test_train_regression_with_mse():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 2))
    y = X @ np.array([[2.0], [-1.0]]) + 0.5
    model = M.Sequential([L.Dense(2, 1, rng=0)])
    hist = T.train(model, losses.MSELoss(), O.SGD(lr=0.1), X, y, epochs=30, batch_size=16, seed=0)
    assert len(hist.loss) == 30
    assert hist.loss[-1] < 1e-3 < hist.loss[0]
    np.testing.assert_allclose(model.params()["0.W"], [[2.0], [-1.0]], atol=0.02)


# ---------------------------------------------------------------- non-finite loss
def test_non_finite_loss_stops_with_epoch_step_and_hint_and_changes_nothing():
    X = np.full((8, 2), np.nan)
    y = np.array([0, 1] * 4)
    model = M.Sequential([L.Dense(2, 3, rng=0), L.Tanh(), L.Dense(3, 2, rng=1)])
    before = snapshot(model.params())
    with pytest.raises(FloatingPointError) as exc:
        T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=3, batch_size=4, seed=0)
    msg = str(exc.value)
    assert "learning rate" in msg.lower()
    epoch = re.search(r"epoch\D{0,3}(\d+)", msg, re.IGNORECASE)
    step = re.search(r"step\D{0,3}(\d+)", msg, re.IGNORECASE)
    assert epoch and int(epoch.group(1)) in (0, 1), msg
    assert step and int(step.group(1)) in (0, 1), msg
    assert_same_arrays(before, model.params())  # the failing step did not update the model


def test_diverging_training_raises_floating_point_error():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((32, 2)) * 10
    y = X @ np.array([[3.0], [-2.0]])
    model = M.Sequential([L.Dense(2, 16, rng=0), L.Dense(16, 1, rng=1)])
    with np.errstate(all="ignore"), pytest.raises(FloatingPointError) as exc:
        T.train(model, losses.MSELoss(), O.SGD(lr=10.0), X, y, epochs=50, batch_size=8, seed=0)
    assert "learning rate" in str(exc.value).lower()
    for p in model.params().values():
        assert np.all(np.isfinite(p))


# ---------------------------------------------------------------- it learns
def test_learns_xor():
    X, y = D.make_xor(4, noise=0.0)
    model = M.Sequential([L.Dense(2, 4, rng=0), L.Tanh(), L.Dense(4, 1, rng=1), L.Sigmoid()])
    hist = T.train(model, losses.BCELoss(), O.Adam(lr=0.05), X, y, epochs=500, batch_size=4, seed=0,
                   progress=False)
    p = model.predict(X)
    assert T.accuracy(p, y) == 1.0
    assert hist.accuracy[-1] == 1.0
    assert hist.loss[-1] < 0.1 < hist.loss[0]


def test_learns_spirals():
    X, y = D.make_spirals(300, seed=0)
    model = M.Sequential([L.Dense(2, 64, init="he_normal", rng=0), L.ReLU(),
                          L.Dense(64, 64, init="he_normal", rng=1), L.ReLU(),
                          L.Dense(64, 3, rng=2)])
    T.train(model, losses.SoftmaxCrossEntropyLoss(), O.Adam(lr=0.01), X, y, epochs=300, batch_size=32, seed=0,
            progress=False)
    assert T.accuracy(model.predict(X), y) >= 0.95


# ---------------------------------------------------------------- float32 end to end
@pytest.mark.parametrize("opt_name", list(OPTIMIZERS))
def test_float32_end_to_end(opt_name):
    X, y = D.make_moons(64, noise=0.1, seed=0)
    X = X.astype(np.float32)
    model = M.Sequential([
        L.Dense(2, 8, rng=0, dtype=np.float32), L.BatchNorm(8, dtype=np.float32), L.ReLU(),
        L.Dense(8, 8, rng=1, dtype=np.float32), L.Sigmoid(),
        L.Dense(8, 2, rng=2, dtype=np.float32),
    ])
    loss = losses.SoftmaxCrossEntropyLoss()
    out = model.forward(X, training=True)
    assert out.dtype == np.float32
    loss.forward(out, y)
    g = loss.backward()
    assert g.dtype == np.float32
    assert model.backward(g).dtype == np.float32
    for k, v in model.grads().items():
        assert v.dtype == np.float32, k
    opt = OPTIMIZERS[opt_name]()
    opt.step(model.params(), model.grads())
    hist = T.train(model, loss, opt, X, y, epochs=3, batch_size=16, seed=0)
    assert all(np.isfinite(hist.loss))
    for k, v in model.params().items():
        assert v.dtype == np.float32, k
    assert model.predict(X).dtype == np.float32
