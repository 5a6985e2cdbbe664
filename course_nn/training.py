"""The training loop (chapter 5): mini-batches, forward, loss, backward, optimizer step."""

import math
from dataclasses import dataclass, field

import numpy as np
from tqdm import tqdm

from ._validate import instance, number, positive_int
from .datasets import minibatches
from .losses import Loss, predicted_classes


@dataclass
class History:
    """What ``train`` measured, one entry per epoch (``batch_loss``: one per step).

    ``accuracy`` and ``val_accuracy`` stay empty for a loss without labels (``MSELoss``, whose
    ``predict_labels`` returns None); ``val_*`` stay
    empty without validation data. ``lr`` is the learning rate of each epoch. With early
    stopping, ``best_epoch`` is the epoch (1 for the first) whose parameters the model holds at
    the end, the one of the lowest validation loss ``val_loss[best_epoch - 1]``; else None.
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    batch_loss: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    best_epoch: int | None = None


class EarlyStopping:
    """Stop when the validation loss has not improved for ``patience`` epochs (Prechelt 1998).

    ``update(val_loss, model)`` is called after every epoch: a loss below ``best_loss -
    min_delta`` is an improvement, and the model's arrays are copied; after ``patience`` epochs
    in a row without one, it returns True (stop). ``restore(model)`` copies the arrays of the
    best epoch back into the model: its parameters, and the other arrays of its layers (such as
    BatchNorm's running statistics), so the model computes exactly what it computed then.

    Parameters
    ----------
    patience : int >= 1
        Epochs without improvement before stopping.
    min_delta : float >= 0
        How much lower than the best a loss must be to count as an improvement.

    Attributes
    ----------
    best_loss : float
    best_epoch : int or None
        1 for the first epoch.

    See chapter 7.
    """

    def __init__(self, patience=5, min_delta=0.0):
        self.patience = positive_int("patience", patience)
        self.min_delta = number("min_delta", min_delta)
        if not (math.isfinite(self.min_delta) and self.min_delta >= 0):
            raise ValueError(f"min_delta must be a finite number >= 0, got {min_delta!r}")
        self.best_loss, self.best_epoch, self.wait, self.epoch = math.inf, None, 0, 0
        self._best_arrays = None

    def __repr__(self):
        return f"EarlyStopping(patience={self.patience}, min_delta={self.min_delta})"

    def update(self, val_loss, model):
        """Record one epoch's validation loss; return True when training should stop."""
        self.epoch += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch, self.wait = val_loss, self.epoch, 0
            self._best_arrays = [array.copy() for array in _arrays(model)]
        else:
            self.wait += 1
        return self.wait >= self.patience

    def restore(self, model):
        """Copy the arrays of the best epoch back into ``model``, in place."""
        if self._best_arrays is not None:
            for array, best in zip(_arrays(model), self._best_arrays):
                array[...] = best


def _arrays(model):
    """The arrays that make up ``model``: its parameters, then its layers' public array
    attributes (such as BatchNorm's ``running_mean``)."""
    buffers = [value for layer in getattr(model, "layers", [])
               for name, value in vars(layer).items()
               if isinstance(value, np.ndarray) and not name.startswith("_")]
    return list(model.params().values()) + buffers


def accuracy(y_hat, y, threshold=0.5):
    """Fraction of samples whose predicted class is the label.

    Parameters
    ----------
    y_hat : ndarray
        Scores of shape (m, C) with C > 1 (the class is the argmax), or probabilities of
        shape (m, 1) or (m,) (class 1 where y_hat > threshold; use threshold=0 for logits).
    y : ndarray of int, shape (m,) or (m, 1); or one-hot rows (or class probabilities) of
        shape (m, C), whose argmax is the label

    Returns
    -------
    float in [0, 1]

    See chapter 1.
    """
    return _fraction_right(predicted_classes(y_hat, threshold), y, np.shape(y_hat))


def _fraction_right(predicted, y, shape):
    """The fraction of ``predicted`` labels (m,) equal to ``y`` (labels or one-hot rows), which
    outputs of shape ``shape`` predicted."""
    y = np.asarray(y)
    if y.size == 0:
        raise ValueError("accuracy of no samples is undefined: y is empty")
    if y.ndim == 2 and y.shape[1] > 1:
        y = y.argmax(axis=1)
    y = y.reshape(-1)
    if predicted.shape != y.shape:
        raise ValueError(f"y_hat of shape {shape} predicts {predicted.size} labels, "
                         f"but y has {y.size}")
    correct = np.count_nonzero(predicted == y)  # faster than np.mean on a small batch
    return float(correct / y.size)


def _loss_accuracy(loss, y_hat, y):
    """The accuracy of the labels ``loss.predict_labels`` reads from ``y_hat``, or None when the
    loss has no labels."""
    labels = loss.predict_labels(y_hat)
    return None if labels is None else _fraction_right(np.asarray(labels), y, np.shape(y_hat))


def train(model, loss, optimizer, X, y, epochs=100, batch_size=32, seed=0, validation=None,
          progress=None, schedule=None, early_stopping=None):
    """Train ``model`` by mini-batch gradient descent and return its ``History``.

    Each epoch shuffles the samples (with ``seed``, so runs repeat exactly) and, for every
    mini-batch, runs forward (training mode), the loss, backward and ``optimizer.step``.

    Parameters
    ----------
    model : Sequential
    loss : Loss
        An instance, such as ``SoftmaxCrossEntropyLoss()``.
    optimizer : Optimizer
        An instance, such as ``Adam(lr=0.01)``.
    X : ndarray or list, shape (m, n_0), m >= 1
    y : ndarray or list, the targets ``loss`` expects, m rows
    epochs, batch_size : int
        ``batch_size = len(X)`` is batch gradient descent, 1 is stochastic gradient descent.
    seed : int
    validation : (X_val, y_val) or None
        Evaluated (in evaluation mode) after every epoch.
    progress : bool or None
        Show a progress bar over the epochs; None shows it for runs of 20 epochs or more.
    schedule : Schedule or None
        A learning-rate schedule of ``optimizer`` (``course_nn.schedules``), stepped after
        every epoch.
    early_stopping : EarlyStopping or int or None
        Stop when the validation loss has not improved for that many epochs (an int is the
        patience of ``EarlyStopping(patience)``), then restore the parameters of the best
        epoch (``History.best_epoch``). Needs ``validation``.

    Returns
    -------
    History

    Raises
    ------
    TypeError, ValueError
        Before any training, for a class passed instead of an instance, data that do not fit
        the model or the loss (such as labels out of range), or a bad ``epochs``; nothing is
        changed then.
    FloatingPointError
        When the loss stops being finite: the message gives the epoch and the step.

    See chapter 5.
    """
    X, y = _checked_inputs(model, loss, optimizer, X, y, "X", "y")
    if validation is not None:
        if len(validation) != 2:
            raise ValueError(f"validation must be a pair (X_val, y_val), got {len(validation)} items")
        validation = _checked_inputs(model, loss, optimizer, *validation, "X_val", "y_val")
    epochs, batch_size = positive_int("epochs", epochs), positive_int("batch_size", batch_size)
    early_stopping = _schedule_and_stopping(optimizer, validation, schedule, early_stopping)
    rng = np.random.default_rng(seed)
    history = History()
    show = epochs >= 20 if progress is None else progress
    bar = tqdm(range(1, epochs + 1), desc="", disable=not show, mininterval=0,
               miniters=max(1, epochs // 20), bar_format="epoch {n_fmt}/{total_fmt} |{bar:20}| {desc}")
    for epoch in bar:
        total, correct, seen = 0.0, None, 0  # correct stays None for a loss without labels
        for step, (X_batch, y_batch) in enumerate(minibatches(X, y, batch_size, rng), start=1):
            y_hat = model.forward(X_batch, training=True)
            value = loss.forward(y_hat, y_batch)
            if not math.isfinite(value):
                bar.close()
                raise FloatingPointError(
                    f"the loss became {value} at epoch {epoch}, step {step}: lower the learning "
                    f"rate (now {optimizer.lr}), or look for NaN or huge values in the inputs")
            model.backward(loss.backward(), input_grad=False)
            optimizer.step(model.params(), model.grads())
            history.batch_loss.append(value)
            total += value * len(X_batch)
            batch_accuracy = _loss_accuracy(loss, y_hat, y_batch)
            if batch_accuracy is not None:
                correct = (0.0 if correct is None else correct) + batch_accuracy * len(X_batch)
            seen += len(X_batch)
        history.loss.append(total / seen)
        if correct is not None:
            history.accuracy.append(correct / seen)
        history.lr.append(optimizer.lr)
        if validation is not None:
            _validate_epoch(model, loss, validation, history)
        bar.set_description_str(_summary(history), refresh=False)
        if schedule is not None:
            schedule.step()
        if early_stopping is not None and early_stopping.update(history.val_loss[-1], model):
            break
    bar.close()
    if early_stopping is not None:
        early_stopping.restore(model)
        history.best_epoch = early_stopping.best_epoch
    return history


def _schedule_and_stopping(optimizer, validation, schedule, early_stopping):
    """Check train's ``schedule`` and ``early_stopping``; return the EarlyStopping or None."""
    if isinstance(schedule, type) or isinstance(early_stopping, type):
        raise TypeError("schedule and early_stopping take instances, such as "
                        "StepLR(optimizer, step_size=10) and EarlyStopping(patience=5)")
    if schedule is not None and getattr(schedule, "optimizer", None) is not optimizer:
        raise ValueError(f"schedule {schedule!r} must wrap the optimizer being trained, "
                         f"{optimizer!r}: create it as {type(schedule).__name__}(optimizer, ...)")
    if early_stopping is None:
        return None
    if validation is None:
        raise ValueError("early_stopping watches the validation loss: pass "
                         "validation=(X_val, y_val) too")
    if not isinstance(early_stopping, EarlyStopping):
        early_stopping = EarlyStopping(patience=early_stopping)
    if early_stopping.epoch:
        raise ValueError(f"{early_stopping!r} has watched a training run already: "
                         "give each run a new EarlyStopping")
    return early_stopping


def _checked_inputs(model, loss, optimizer, X, y, x_name, y_name):
    """``X`` and ``y`` as arrays, after checking every argument ``train`` needs before it starts.

    The model runs in evaluation mode, which changes no state, on the first rows only: the loss
    checks that their outputs suit it, then ``loss.check_targets`` checks every target against
    the first row's output repeated for every sample (a view, no copy), without a forward pass
    over the whole data set.
    """
    instance("model", model, object, "Sequential([...])")
    instance("loss", loss, Loss, "SoftmaxCrossEntropyLoss()")
    instance("optimizer", optimizer, object, "Adam(lr=0.01)")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, such as "
                        f"Adam(lr=0.01), got {optimizer!r}")
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"{x_name} and {y_name} must have the same number of samples, got "
                         f"{len(X)} and {len(y)}")
    if len(X) == 0:
        raise ValueError(f"{x_name} and {y_name} hold no samples: pass at least one")
    probe = model.forward(X[:PROBE_ROWS], training=False)
    loss.forward(probe, y[:PROBE_ROWS])  # the outputs suit the loss (BCELoss: probabilities)
    loss.check_targets(np.broadcast_to(probe[:1], (len(y),) + probe.shape[1:]), y)
    return X, y


PROBE_ROWS = 32
"""How many samples ``train`` runs through the model before training, to check its output."""


def _validate_epoch(model, loss, validation, history):
    """Append the validation loss (and accuracy) of the model in evaluation mode."""
    X_val, y_val = validation
    y_hat = model.forward(X_val, training=False)
    history.val_loss.append(loss.forward(y_hat, y_val))
    val_accuracy = _loss_accuracy(loss, y_hat, y_val)
    if val_accuracy is not None:
        history.val_accuracy.append(val_accuracy)


def _summary(history):
    """The last epoch's figures, as the progress bar shows them."""
    names = ("loss", "accuracy", "val_loss", "val_accuracy")
    return "  ".join(f"{name} {getattr(history, name)[-1]:.4f}"
                     for name in names if getattr(history, name))
