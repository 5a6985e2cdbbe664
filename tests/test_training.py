"""Tests of course_nn.training (chapters 5 and 7): train(), History, accuracy()."""

import copy
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
@pytest.mark.parametrize("loss, y_hat, labels", [
    (losses.SoftmaxCrossEntropyLoss(), [[0.1, 2.0, -1.0], [3.0, 0.0, 0.0]], [1, 0]),
    (losses.BCELoss(), [[0.5], [0.51], [0.2]], [0, 1, 0]),
    (losses.BCEWithLogitsLoss(), [[0.0], [0.01], [-3.0]], [0, 1, 0]),
])
def test_each_classification_loss_says_how_its_outputs_become_labels(loss, y_hat, labels):
    predicted = loss.predict_labels(np.array(y_hat))
    assert predicted.tolist() == labels and predicted.dtype.kind == "i"  # labels, not 0.0 and 1.0


def test_a_loss_without_labels_records_no_accuracy_and_one_with_labels_does():
    X, y = D.make_moons(32, noise=0.1, seed=0)

    class HalfMSE(losses.MSELoss):  # a learner's own loss: no predict_labels, so no accuracy
        pass

    class ThresholdAtOne(losses.BCEWithLogitsLoss):  # its own reading of the outputs
        def predict_labels(self, y_hat):
            return (y_hat.reshape(-1) > 1.0).astype(int)

    assert losses.MSELoss().predict_labels(np.zeros((3, 1))) is None
    for loss, recorded in [(HalfMSE(), False), (ThresholdAtOne(), True)]:
        model = M.Sequential([L.Dense(2, 1, rng=0)])
        hist = T.train(model, loss, O.SGD(lr=0.01), X, y.reshape(-1, 1).astype(float),
                       epochs=2, batch_size=32, validation=(X, y.reshape(-1, 1).astype(float)))
        assert (len(hist.accuracy), len(hist.val_accuracy)) == ((2, 2) if recorded else (0, 0))
    y_hat = model.forward(X)
    assert hist.val_accuracy[-1] == np.mean((y_hat.reshape(-1) > 1.0) == y)


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
    model = M.Sequential([L.Dense(2, 32, init="he_normal", rng=0), L.ReLU(),
                          L.Dense(32, 32, init="he_normal", rng=1), L.ReLU(),
                          L.Dense(32, 3, rng=2)])
    T.train(model, losses.SoftmaxCrossEntropyLoss(), O.Adam(lr=0.02), X, y, epochs=150, batch_size=64, seed=0,
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


# ---------------------------------------------------------------- gaps found by mutation testing
class NaNAfter(L.Layer):
    """The identity, until its ``n``-th forward pass in training mode returns NaN."""

    def __init__(self, n):
        super().__init__()
        self.n, self.calls = n, 0

    def forward(self, x, training=False):
        self.calls += training
        self._out_shape = np.shape(x)
        self._cache = x
        return np.full(np.shape(x), np.nan) if self.calls >= self.n else x

    def backward(self, grad_out):
        return self._cached(grad_out)[0]


def test_non_finite_loss_names_the_exact_epoch_and_step():
    X, y = D.make_moons(12, seed=0)
    # 12 samples in batches of 5: steps 1, 2, 3 per epoch; the 5th training pass is epoch 2, step 2.
    model = M.Sequential([L.Dense(2, 2, rng=0), NaNAfter(5)])
    with pytest.raises(FloatingPointError, match=r"the loss became nan at epoch 2, step 2: lower the "
                                                 r"learning rate \(now 0\.1\)"):
        T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=3, batch_size=5)


def test_history_batch_loss_has_one_entry_per_step():
    X, y = D.make_moons(40, seed=0)
    model = M.Sequential([L.Dense(2, 2, rng=0)])
    hist = T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=3, batch_size=16)
    assert len(hist.batch_loss) == 3 * 3  # batches of 16, 16, 8
    for epoch in range(3):
        steps = hist.batch_loss[3 * epoch:3 * epoch + 3]
        assert hist.loss[epoch] == pytest.approx((16 * steps[0] + 16 * steps[1] + 8 * steps[2]) / 40)


def bn_model():
    return M.Sequential([L.Dense(2, 4, rng=0), L.BatchNorm(4), L.Tanh(), L.Dense(4, 2, rng=1)])


def test_validation_runs_in_eval_mode_and_leaves_batchnorm_statistics_alone():
    X, y = D.make_circles(64, noise=0.05, seed=0)
    Xv, yv = D.make_circles(32, noise=0.05, seed=1)
    args = (losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y)
    plain, checked = bn_model(), bn_model()
    T.train(plain, *args, epochs=3, batch_size=16)
    hist = T.train(checked, *args, epochs=3, batch_size=16, validation=(Xv * 10, yv))
    bn_plain, bn_checked = plain.layers[1], checked.layers[1]
    np.testing.assert_array_equal(bn_checked.running_mean, bn_plain.running_mean)
    np.testing.assert_array_equal(bn_checked.running_var, bn_plain.running_var)
    assert_same_arrays(snapshot(plain.params()), checked.params())
    # the last val_loss is the eval-mode loss of the final model
    assert hist.val_loss[-1] == pytest.approx(
        losses.SoftmaxCrossEntropyLoss().forward(checked.predict(Xv * 10), yv), rel=1e-12)


def test_validation_with_mse_records_no_accuracy():
    rng = np.random.default_rng(0)
    X, Xv = rng.standard_normal((32, 2)), rng.standard_normal((8, 2))
    w = np.array([[1.0], [-1.0]])
    model = M.Sequential([L.Dense(2, 1, rng=0)])
    hist = T.train(model, losses.MSELoss(), O.SGD(lr=0.1), X, X @ w, epochs=4, batch_size=8,
                   validation=(Xv, Xv @ w))
    assert len(hist.val_loss) == 4 and hist.val_accuracy == [] and hist.accuracy == []
    assert hist.val_loss[-1] == pytest.approx(np.mean((model.predict(Xv) - Xv @ w) ** 2), rel=1e-12)


def test_validation_with_logits_thresholds_at_zero():
    # Logits 0.25 everywhere: class 1 (probability 0.56); a threshold of 0.5 on the logits would say 0.
    X = np.ones((8, 1))
    model = M.Sequential([L.Dense(1, 1, init="constant")])
    model.params()["0.b"][...] = 0.25
    hist = T.train(model, losses.BCEWithLogitsLoss(), O.SGD(lr=1e-9), X, np.ones((8, 1)), epochs=1,
                   batch_size=8, validation=(X[:4], np.ones(4)))
    assert hist.val_accuracy == [pytest.approx(1.0)]
    assert hist.val_loss == [pytest.approx(np.log1p(np.exp(-0.25)), rel=1e-6)]


def test_progress_bar_from_exactly_20_epochs(capsys):
    X, y = D.make_moons(8, seed=0)
    args = (M.Sequential([L.Dense(2, 2, rng=0)]), losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y)
    T.train(*args, epochs=19, batch_size=8)
    assert capsys.readouterr().err == ""
    T.train(*args, epochs=20, batch_size=8)
    assert "epoch 20/20" in capsys.readouterr().err
    T.train(*args, epochs=2, batch_size=8, progress=True)
    assert "epoch 2/2" in capsys.readouterr().err


def test_accuracy_exactly_at_the_threshold_is_class_zero():
    assert T.accuracy(np.array([0.5, 0.5]), np.array([0, 0])) == 1.0
    assert T.accuracy(np.array([[0.0], [1e-12]]), np.array([0, 1]), threshold=0.0) == 1.0
    assert T.accuracy(np.array([0.7, 0.7]), np.array([1, 0]), threshold=0.7) == 0.5


def test_accuracy_takes_lists_and_one_hot_labels_and_refuses_empty_input():
    assert T.accuracy([[0.1, 0.9], [0.8, 0.2]], [1, 1]) == 0.5
    assert T.accuracy([[0.1, 0.9], [0.8, 0.2]], [[0, 1], [1, 0]]) == 1.0
    assert T.accuracy([0.9, 0.1], [[1], [0]]) == 1.0
    with pytest.raises(ValueError, match=r"^accuracy of no samples is undefined: y is empty$"):
        T.accuracy(np.zeros((0, 2)), np.zeros(0))
    with pytest.raises(ValueError, match=r"predicts 3 labels, but y has 2"):
        T.accuracy(np.zeros((3, 2)), [0, 1])


# ---------------------------------------------------------------- bad input: refused before training
def small_setup():
    X, y = D.make_moons(24, seed=0)
    model = M.Sequential([L.Dense(2, 3, rng=0), L.BatchNorm(3), L.Tanh(), L.Dense(3, 2, rng=1)])
    return model, X, y


def assert_refused(error, match, model, loss, optimizer, X, y, **kwargs):
    """train raises ``error`` matching ``match`` and changes nothing in the model or optimizer."""
    before = snapshot(model.params())
    bn = [layer for layer in model.layers if isinstance(layer, L.BatchNorm)]
    stats = [(b.running_mean.copy(), b.running_var.copy()) for b in bn]
    state = copy.deepcopy(getattr(optimizer, "__dict__", None)) if not isinstance(optimizer, type) else None
    with pytest.raises(error, match=match):
        T.train(model, loss, optimizer, X, y, **kwargs)
    assert_same_arrays(before, model.params())
    for b, (mean, var) in zip(bn, stats):
        np.testing.assert_array_equal(b.running_mean, mean)
        np.testing.assert_array_equal(b.running_var, var)
    if state is not None:  # no optimizer state was created
        assert repr(vars(optimizer)) == repr(state)


def test_train_accepts_lists():
    model, X, y = small_setup()
    twin, _, _ = small_setup()
    h_lists = T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X.tolist(), y.tolist(),
                      epochs=2, batch_size=8, validation=(X[:6].tolist(), y[:6].tolist()))
    h_arrays = T.train(twin, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=2, batch_size=8,
                       validation=(X[:6], y[:6]))
    assert h_lists == h_arrays


def test_train_with_one_hot_targets_equals_integer_labels():
    model, X, y = small_setup()
    twin, _, _ = small_setup()
    h_onehot = T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, D.one_hot(y), epochs=2,
                       batch_size=8, validation=(X[:6], D.one_hot(y[:6], 2)))
    h_labels = T.train(twin, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=2, batch_size=8,
                       validation=(X[:6], y[:6]))
    # the same gradients, so the same parameters bit for bit; the loss of labels sums only the
    # labels' terms, so its last bit may differ from the sum over one-hot rows
    assert_same_arrays(snapshot(model.params()), twin.params())
    for name in ("loss", "val_loss", "batch_loss"):
        np.testing.assert_allclose(getattr(h_onehot, name), getattr(h_labels, name), rtol=1e-14)
    assert (h_onehot.accuracy, h_onehot.val_accuracy) == (h_labels.accuracy, h_labels.val_accuracy)


def test_train_refuses_empty_data():
    model, _, _ = small_setup()
    assert_refused(ValueError, r"^X and y hold no samples: pass at least one$", model, losses.SoftmaxCrossEntropyLoss(),
                   O.SGD(lr=0.1), np.zeros((0, 2)), np.zeros(0, dtype=int))
    assert_refused(ValueError, r"^X_val and y_val hold no samples", model, losses.SoftmaxCrossEntropyLoss(),
                   O.SGD(lr=0.1), *small_setup()[1:], validation=(np.zeros((0, 2)), []))


def test_train_refuses_samples_that_do_not_pair_up():
    model, X, y = small_setup()
    assert_refused(ValueError, r"^X and y must have the same number of samples, got 24 and 23$", model,
                   losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y[:-1])
    assert_refused(ValueError, r"^X_val and y_val must have the same number of samples, got 5 and 4$", model,
                   losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, validation=(X[:5], y[:4]))
    assert_refused(ValueError, r"validation must be a pair \(X_val, y_val\), got 3", model,
                   losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, validation=(X, y, y))


def test_train_refuses_bce_on_three_classes_before_training():
    X, y = D.make_spirals(30, seed=0)
    model = M.Sequential([L.Dense(2, 3, rng=0), L.BatchNorm(3), L.Dense(3, 1, rng=1), L.Sigmoid()])
    assert_refused(ValueError, r"targets y must be labels 0 or 1.*from 0\.0 to 2\.0.*SoftmaxCrossEntropyLoss",
                   model, losses.BCELoss(), O.SGD(lr=0.1), X, y)


def test_train_refuses_labels_out_of_range_in_validation_too():
    model, X, y = small_setup()
    assert_refused(ValueError, r"labels y must lie in 0\.\.1", model, losses.SoftmaxCrossEntropyLoss(),
                   O.SGD(lr=0.1), X, y, validation=(X[:3], np.array([0, 1, 2])))


def test_train_refuses_data_that_do_not_fit_the_model():
    model, X, y = small_setup()
    assert_refused(ValueError, r"Dense\(2, 3\) expects input of shape \(m, 2\), got \(24, 3\)", model,
                   losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), np.ones((24, 3)), y)


@pytest.mark.parametrize("epochs", [2.5, 0, -1, "10", True])
def test_train_refuses_bad_epochs(epochs):
    model, X, y = small_setup()
    assert_refused(ValueError, rf"epochs must be an integer >= 1, got {re.escape(repr(epochs))}", model,
                   losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=epochs)


@pytest.mark.parametrize("batch_size", [0, 2.0])
def test_train_refuses_bad_batch_size(batch_size):
    model, X, y = small_setup()
    assert_refused(ValueError, r"batch_size must be an integer >= 1", model,
                   losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, batch_size=batch_size)


def test_train_refuses_a_loss_or_optimizer_class():
    model, X, y = small_setup()
    assert_refused(TypeError, r"loss must be an instance, got the class SoftmaxCrossEntropyLoss: create one "
                              r"with \(\), such as SoftmaxCrossEntropyLoss\(\)",
                   model, losses.SoftmaxCrossEntropyLoss, O.SGD(lr=0.1), X, y)
    assert_refused(TypeError, r"^optimizer must be an instance, got the class Adam: create one with \(\), "
                              r"such as Adam\(lr=0\.01\)$",
                   model, losses.SoftmaxCrossEntropyLoss(), O.Adam, X, y)
    with pytest.raises(TypeError, match=r"model must be an instance, got the class Sequential: create one "
                                        r"with \(\), such as Sequential\(\[\.\.\.\]\)"):
        T.train(M.Sequential, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y)


def test_train_refuses_things_that_are_not_a_loss_or_an_optimizer():
    model, X, y = small_setup()
    assert_refused(TypeError, r"loss must be a course_nn loss", model, "cross-entropy", O.SGD(lr=0.1), X, y)
    assert_refused(TypeError, r"optimizer must have a step\(params, grads\) method", model,
                   losses.SoftmaxCrossEntropyLoss(), 0.1, X, y)


def test_progress_bar_shows_the_last_epochs_figures(capsys):
    X, y = D.make_moons(16, seed=0)
    hist = T.train(M.Sequential([L.Dense(2, 2, rng=0)]), losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y,
                   epochs=20, batch_size=8, validation=(X[:4], y[:4]))
    err = capsys.readouterr().err
    last = err.replace("\r", "\n").strip().splitlines()[-1]
    assert last.startswith("epoch 20/20 |") and last.endswith(
        f"| loss {hist.loss[-1]:.4f}  accuracy {hist.accuracy[-1]:.4f}  "
        f"val_loss {hist.val_loss[-1]:.4f}  val_accuracy {hist.val_accuracy[-1]:.4f}")
    assert "epoch 1/20" in err  # every epoch is shown (20 epochs: one refresh per epoch)


def test_train_defaults():
    # epochs=100, batch_size=32, seed=0
    X, y = D.make_moons(40, seed=0)
    run = lambda **kw: T.train(M.Sequential([L.Dense(2, 2, rng=0)]), losses.SoftmaxCrossEntropyLoss(),  # noqa: E731
                               O.SGD(lr=0.1), X, y, progress=False, **kw)
    default = run()
    assert len(default.loss) == 100 and len(default.batch_loss) == 200  # 40 samples: batches of 32 and 8
    assert default == run(epochs=100, batch_size=32, seed=0)


def bar_epochs(err):
    """The epoch numbers of the progress bar's successive renderings, and the renderings."""
    parts = [part for part in err.replace("\n", "\r").split("\r") if part.strip()]
    return [int(re.match(r"epoch (\d+)/", part).group(1)) for part in parts], parts


@pytest.mark.parametrize("epochs,shown", [(20, list(range(21)) + [20]), (30, list(range(31)) + [30]),
                                          (40, list(range(0, 41, 2)) + [40]), (45, list(range(0, 45, 2)) + [45])])
def test_progress_bar_redraws_about_20_times_whatever_the_speed(capsys, epochs, shown):
    # The redraws depend on the epoch count only (never on time), so notebook outputs reproduce.
    X, y = D.make_moons(16, seed=0)
    T.train(M.Sequential([L.Dense(2, 2, rng=0)]), losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y,
            epochs=epochs, batch_size=8)
    numbers, parts = bar_epochs(capsys.readouterr().err)
    assert numbers == shown
    assert parts[0] == f"epoch 0/{epochs} |{' ' * 20}| "


def _one_bad_target_after_the_probe(loss_name):
    """A model, data of 200 samples, and targets for ``loss_name`` whose only bad target is the
    last one, far beyond the rows ``train`` runs through the model to check its outputs (for
    MSELoss, which has no range, every target row is one too wide); then good targets."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 2))
    outputs = {"SoftmaxCrossEntropyLoss": 3, "MSELoss": 1, "BCELoss": 1, "BCEWithLogitsLoss": 1}
    layers = [L.Dense(2, outputs[loss_name], rng=0)] + ([L.Sigmoid()] if loss_name == "BCELoss" else [])
    if loss_name == "SoftmaxCrossEntropyLoss":
        y = rng.integers(0, 3, 200)
        y[-1] = 3
        return M.Sequential(layers), X, y, np.r_[y[:-1], 2]
    elif loss_name == "MSELoss":
        y = rng.standard_normal((200, 2))  # two targets per sample for one output
        return M.Sequential(layers), X, y, y[:, :1]
    else:
        y = rng.integers(0, 2, 200).astype(float)
        y[-1] = 2.0
    return M.Sequential(layers), X, y, np.r_[y[:-1], 1]


@pytest.mark.parametrize("loss_name", ["SoftmaxCrossEntropyLoss", "MSELoss", "BCELoss",
                                       "BCEWithLogitsLoss"])
def test_train_checks_every_target_before_training_not_only_the_probed_rows(loss_name):
    assert T.PROBE_ROWS < 199
    model, X, y, _ = _one_bad_target_after_the_probe(loss_name)
    assert_refused(ValueError, r"labels y must lie in 0\.\.2|must match|targets y must be labels 0 or 1",
                   model, getattr(losses, loss_name)(), O.SGD(lr=0.1), X, y)


@pytest.mark.parametrize("loss_name", ["SoftmaxCrossEntropyLoss", "MSELoss", "BCELoss",
                                       "BCEWithLogitsLoss"])
def test_check_targets_refuses_what_forward_refuses_and_keeps_backward(loss_name):
    model, X, y, good = _one_bad_target_after_the_probe(loss_name)
    loss = getattr(losses, loss_name)()
    y_hat = model.forward(X)
    with pytest.raises(ValueError) as refused_by_forward:
        loss.forward(y_hat, y)
    with pytest.raises(ValueError) as refused_by_check:
        loss.check_targets(y_hat, y)
    assert str(refused_by_check.value) == str(refused_by_forward.value)
    loss.forward(y_hat, good)
    grad = loss.backward()
    assert loss.check_targets(np.broadcast_to(y_hat[:1], y_hat.shape), good) is None
    np.testing.assert_array_equal(loss.backward(), grad)  # checking targets leaves backward alone


def test_a_learners_loss_has_its_targets_checked_by_its_own_forward():
    class FussyLoss(losses.MSELoss):
        check_targets = losses.Loss.check_targets  # a learner's loss defines only forward

        def forward(self, y_hat, y):
            if np.any(np.asarray(y) > 5):
                raise ValueError(f"targets above 5 for outputs of shape {np.shape(y_hat)}")
            return super().forward(y_hat, y)

    model = M.Sequential([L.Dense(2, 1, rng=0)])
    X, y = np.ones((100, 2)), np.zeros(100)
    y[-1] = 6
    assert_refused(ValueError, r"^targets above 5 for outputs of shape \(100, 1\)$", model, FussyLoss(),
                   O.SGD(lr=0.1), X, y)


def test_accuracy_names_the_shape_of_the_outputs_when_the_labels_do_not_pair_up():
    with pytest.raises(ValueError, match=r"^y_hat of shape \(3, 2\) predicts 3 labels, but y has 2$"):
        T.accuracy(np.zeros((3, 2)), [0, 1])


def test_a_loss_whose_labels_do_not_pair_up_with_the_batch_is_named_with_its_output_shape():
    class FewLabels(losses.SoftmaxCrossEntropyLoss):
        def predict_labels(self, y_hat):
            return np.asarray(y_hat).argmax(axis=1)[:1]

    model, X, y = small_setup()
    with pytest.raises(ValueError, match=r"^y_hat of shape \(8, 2\) predicts 1 labels, but y has 8$"):
        T.train(model, FewLabels(), O.SGD(lr=0.1), X, y, epochs=1, batch_size=8, progress=False)


def test_train_tells_only_the_first_layer_that_no_input_gradient_is_needed():
    class Spy(L.Dense):
        def backward(self, grad_out, input_grad=True):
            self.asked.append(input_grad)
            return super().backward(grad_out, input_grad)

    first, last = Spy(2, 3, rng=0), Spy(3, 2, rng=1)
    first.asked, last.asked = [], []
    _, X, y = small_setup()
    T.train(M.Sequential([first, L.ReLU(), last]), losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1),
            X, y, epochs=1, batch_size=len(X), progress=False)
    assert (first.asked, last.asked) == ([False], [True])
