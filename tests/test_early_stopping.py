"""Tests of early stopping and schedules in course_nn.training.train (chapter 7)."""

import numpy as np
import pytest

import course_nn
from course_nn import datasets as D
from course_nn import layers as L
from course_nn import losses
from course_nn import model as M
from course_nn import optimizers as O
from course_nn import schedules as S
from course_nn import training as T
from helpers import assert_same_arrays, snapshot


def test_public_name():
    assert course_nn.EarlyStopping is T.EarlyStopping


# ---------------------------------------------------------------- the EarlyStopping logic alone
class _Model:
    """Stands in for a model: one parameter whose value is the epoch."""

    def __init__(self):
        self.w = np.zeros(1)

    def params(self):
        return {"w": self.w}


def run_logic(losses_, **kw):
    stopper, model = T.EarlyStopping(**kw), _Model()
    for epoch, value in enumerate(losses_, start=1):
        model.w[0] = epoch
        if stopper.update(value, model):
            break
    stopper.restore(model)
    return epoch, stopper.best_epoch, model.w[0]


def test_stops_after_patience_epochs_without_improvement():
    # best at epoch 3 (0.5); epochs 4, 5, 6 do not improve: stop at epoch 6 with patience 3
    assert run_logic([1.0, 0.8, 0.5, 0.6, 0.5, 0.7, 0.1], patience=3) == (6, 3, 3.0)


def test_an_improvement_resets_the_count():
    assert run_logic([1.0, 0.9, 0.95, 0.8, 0.85, 0.9, 0.7], patience=2) == (6, 4, 4.0)


def test_ties_are_no_improvement_and_min_delta_raises_the_bar():
    assert run_logic([1.0, 1.0, 1.0], patience=2) == (3, 1, 1.0)
    # with min_delta = 0.1, 0.95 and 0.92 are not improvements on 1.0, 0.85 is
    assert run_logic([1.0, 0.95, 0.92, 0.85, 0.8, 0.79], patience=3, min_delta=0.1) == (6, 4, 4.0)


def test_never_stops_while_improving():
    assert run_logic([5.0, 4.0, 3.0, 2.0], patience=1) == (4, 4, 4.0)


@pytest.mark.parametrize("kw,error,match", [
    ({"patience": 0}, ValueError, r"patience must be an integer >= 1, got 0"),
    ({"patience": 2.5}, ValueError, r"patience must be an integer >= 1, got 2\.5"),
    ({"min_delta": -0.1}, ValueError, r"min_delta must be a finite number >= 0, got -0\.1"),
    ({"min_delta": "0"}, TypeError, r"min_delta must be a number"),
])
def test_bad_arguments(kw, error, match):
    with pytest.raises(error, match=match):
        T.EarlyStopping(**kw)


# ---------------------------------------------------------------- in train
def overfitting_problem(batchnorm=False, dropout=0.0):
    """A small noisy problem a wide network overfits: the validation loss turns up early."""
    X, y = D.make_moons(120, noise=0.35, seed=0)
    X_val, y_val = D.make_moons(200, noise=0.35, seed=1)
    layers = [L.Dense(2, 64, rng=0)]
    layers += [L.BatchNorm(64)] if batchnorm else []
    layers += [L.ReLU(), L.Dropout(dropout, rng=0), L.Dense(64, 64, rng=1), L.ReLU(),
               L.Dense(64, 2, rng=2)]
    return M.Sequential(layers), (X, y), (X_val, y_val)


def val_loss_of(model, validation):
    loss = losses.SoftmaxCrossEntropyLoss()
    return loss.forward(model.forward(validation[0], training=False), validation[1])


@pytest.mark.parametrize("batchnorm,dropout", [(False, 0.0), (True, 0.0), (False, 0.3)])
def test_stops_early_and_restores_the_best_validation_loss_exactly(batchnorm, dropout):
    model, (X, y), validation = overfitting_problem(batchnorm, dropout)
    h = T.train(model, losses.SoftmaxCrossEntropyLoss(), O.Adam(lr=0.01), X, y, epochs=300,
                batch_size=16, validation=validation, early_stopping=T.EarlyStopping(patience=5),
                progress=False)
    n = len(h.val_loss)
    assert n < 300  # it stopped
    assert h.best_epoch == int(np.argmin(h.val_loss)) + 1
    assert n == h.best_epoch + 5  # five epochs without improvement, then the stop
    assert len(h.loss) == len(h.lr) == n
    # the model holds the best epoch's parameters (and BatchNorm's running statistics): the very
    # same validation loss, to the last bit
    assert val_loss_of(model, validation) == h.val_loss[h.best_epoch - 1]
    assert val_loss_of(model, validation) < h.val_loss[-1]


def test_an_int_is_the_patience():
    runs = []
    for early_stopping in (4, T.EarlyStopping(patience=4)):
        model, (X, y), validation = overfitting_problem()
        runs.append(T.train(model, losses.SoftmaxCrossEntropyLoss(), O.Adam(lr=0.01), X, y,
                            epochs=300, batch_size=16, validation=validation,
                            early_stopping=early_stopping, progress=False))
    assert runs[0].val_loss == runs[1].val_loss and runs[0].best_epoch == runs[1].best_epoch


def test_no_early_stopping_runs_every_epoch_and_best_epoch_is_none():
    model, (X, y), validation = overfitting_problem()
    h = T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=7,
                validation=validation, progress=False)
    assert len(h.val_loss) == 7 and h.best_epoch is None and h.lr == [0.1] * 7


def test_when_the_last_epoch_is_best_nothing_changes():
    model, (X, y), validation = overfitting_problem()
    h = T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.01), X, y, epochs=3,
                validation=validation, early_stopping=10, progress=False)
    assert h.best_epoch == 3 and val_loss_of(model, validation) == h.val_loss[-1]


def test_schedule_is_stepped_once_per_epoch_and_recorded():
    model, (X, y), validation = overfitting_problem()
    opt = O.SGD(lr=0.1)
    h = T.train(model, losses.SoftmaxCrossEntropyLoss(), opt, X, y, epochs=12, progress=False,
                schedule=S.StepLR(opt, step_size=5, gamma=0.5))
    np.testing.assert_allclose(h.lr, [0.1] * 5 + [0.05] * 5 + [0.025] * 2, rtol=1e-15)
    assert opt.lr == pytest.approx(0.025)  # after the 12th step: epoch 12 (0-based) -> 0.1 * 0.5^2


def test_schedule_changes_the_training_exactly_as_setting_lr_by_hand():
    results = []
    for by_hand in (False, True):
        model, (X, y), _ = overfitting_problem()
        opt = O.SGD(lr=0.2)
        if by_hand:
            for epoch in range(4):
                opt.lr = 0.2 * 0.5 ** epoch
                T.train(model, losses.SoftmaxCrossEntropyLoss(), opt, X, y, epochs=1,
                        seed=epoch, progress=False)
        else:
            schedule = S.ExponentialLR(opt, gamma=0.5)
            for epoch in range(4):  # one epoch per call: train steps the schedule after it
                T.train(model, losses.SoftmaxCrossEntropyLoss(), opt, X, y, epochs=1,
                        seed=epoch, progress=False, schedule=schedule)
        results.append(snapshot(model.params()))
    assert_same_arrays(results[0], results[1])


@pytest.mark.parametrize("kwargs,error,match", [
    ({"early_stopping": 5}, ValueError, r"early_stopping watches the validation loss: pass "
                                        r"validation=\(X_val, y_val\) too"),
    ({"early_stopping": T.EarlyStopping, "validation": "v"}, TypeError,
     r"take instances, such as .*EarlyStopping\(patience=5\)"),
    ({"schedule": S.StepLR}, TypeError, r"take instances, such as StepLR\(optimizer, step_size=10\)"),
    ({"schedule": "other"}, ValueError, r"^schedule StepLR\(step_size=5, gamma=0\.1\) must wrap the "
                                        r"optimizer being trained, SGD\(lr=0\.1, weight_decay=0\.0\): "
                                        r"create it as StepLR\(optimizer, \.\.\.\)$"),
    ({"schedule": "not a schedule"}, ValueError, r"^schedule 'not a schedule' must wrap the optimizer being "
                                                 r"trained, .*: create it as str\(optimizer, \.\.\.\)$"),
])
def test_bad_schedule_or_early_stopping_changes_nothing(kwargs, error, match):
    model, (X, y), validation = overfitting_problem()
    if kwargs.get("validation") == "v":
        kwargs["validation"] = validation
    if kwargs.get("schedule") == "other":
        kwargs["schedule"] = S.StepLR(O.SGD(lr=0.1), 5)
    before = snapshot(model.params())
    with pytest.raises(error, match=match):
        T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=3,
                progress=False, **kwargs)
    assert_same_arrays(before, model.params())


def test_an_early_stopping_object_serves_one_run():
    model, (X, y), validation = overfitting_problem()
    stopper = T.EarlyStopping(patience=2)
    T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=2,
            validation=validation, early_stopping=stopper, progress=False)
    with pytest.raises(ValueError, match=r"^EarlyStopping\(patience=2, min_delta=0\.0\) has watched a "
                                         r"training run already: give each run a new EarlyStopping$"):
        T.train(model, losses.SoftmaxCrossEntropyLoss(), O.SGD(lr=0.1), X, y, epochs=2,
                validation=validation, early_stopping=stopper, progress=False)


def test_the_default_patience_is_5_and_a_loss_that_is_not_finite_counts_as_no_improvement():
    assert (T.EarlyStopping().patience, T.EarlyStopping().min_delta) == (5, 0.0)
    stopper = T.EarlyStopping(patience=2)
    assert stopper.update(np.nan, _Model()) is False and stopper.best_epoch is None
    assert stopper.update(np.nan, _Model()) is True


def test_restore_brings_back_parameters_and_public_buffers_but_no_private_array():
    layer = L.BatchNorm(2)
    layer._scratch = np.zeros(2)  # private working memory of a layer: not part of its state
    model, stopper = M.Sequential([layer]), T.EarlyStopping()
    stopper.update(1.0, model)
    layer.params["gamma"][...], layer.running_mean[...], layer._scratch[...] = 5.0, 6.0, 7.0
    stopper.restore(model)
    assert (layer.params["gamma"].tolist(), layer.running_mean.tolist()) == ([1.0, 1.0], [0.0, 0.0])
    assert layer._scratch.tolist() == [7.0, 7.0]
