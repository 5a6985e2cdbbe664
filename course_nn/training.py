"""The training loop (chapter 5): mini-batches, forward, loss, backward, optimizer step."""

import math
from dataclasses import dataclass, field

import numpy as np
from tqdm import tqdm

from ._validate import positive_int
from .datasets import minibatches
from .losses import BCEWithLogitsLoss, Loss, MSELoss


@dataclass
class History:
    """What ``train`` measured, one entry per epoch (``batch_loss``: one per step).

    ``accuracy`` and ``val_accuracy`` stay empty for regression (``MSELoss``); ``val_*`` stay
    empty without validation data.
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    batch_loss: list = field(default_factory=list)


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
    y_hat, y = np.asarray(y_hat), np.asarray(y)
    if y.size == 0:
        raise ValueError("accuracy of no samples is undefined: y is empty")
    if y.ndim == 2 and y.shape[1] > 1:
        y = y.argmax(axis=1)
    y = y.reshape(-1)
    if y_hat.ndim == 2 and y_hat.shape[1] > 1:
        predicted = y_hat.argmax(axis=1)
    else:
        predicted = (y_hat.reshape(-1) > threshold).astype(int)
    if predicted.shape != y.shape:
        raise ValueError(f"y_hat of shape {y_hat.shape} predicts {predicted.size} labels, "
                         f"but y has {y.size}")
    return float(np.mean(predicted == y))


def _accuracy_for(loss, y_hat, y):
    """Accuracy as ``loss`` reads its outputs (logits for BCEWithLogitsLoss), None for MSE."""
    if isinstance(loss, MSELoss):
        return None
    return accuracy(y_hat, y, threshold=0.0 if isinstance(loss, BCEWithLogitsLoss) else 0.5)


def train(model, loss, optimizer, X, y, epochs=100, batch_size=32, seed=0, validation=None,
          progress=None):
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
    rng = np.random.default_rng(seed)
    history = History()
    show = epochs >= 20 if progress is None else progress
    bar = tqdm(range(1, epochs + 1), desc="", disable=not show, mininterval=0,
               miniters=max(1, epochs // 20), bar_format="epoch {n_fmt}/{total_fmt} |{bar:20}| {desc}")
    for epoch in bar:
        total, correct, seen = 0.0, 0.0, 0
        for step, (X_batch, y_batch) in enumerate(minibatches(X, y, batch_size, rng), start=1):
            y_hat = model.forward(X_batch, training=True)
            value = loss.forward(y_hat, y_batch)
            if not math.isfinite(value):
                bar.close()
                raise FloatingPointError(
                    f"the loss became {value} at epoch {epoch}, step {step}: lower the learning "
                    f"rate (now {optimizer.lr}), or look for NaN or huge values in the inputs")
            model.backward(loss.backward())
            optimizer.step(model.params(), model.grads())
            history.batch_loss.append(value)
            total += value * len(X_batch)
            batch_accuracy = _accuracy_for(loss, y_hat, y_batch)
            correct += 0.0 if batch_accuracy is None else batch_accuracy * len(X_batch)
            seen += len(X_batch)
        history.loss.append(total / seen)
        if not isinstance(loss, MSELoss):
            history.accuracy.append(correct / seen)
        if validation is not None:
            _validate_epoch(model, loss, validation, history)
        bar.set_description_str(_summary(history), refresh=False)
    bar.close()
    return history


def _checked_inputs(model, loss, optimizer, X, y, x_name, y_name):
    """``X`` and ``y`` as arrays, after checking every argument ``train`` needs before it starts.

    The model's output in evaluation mode (which changes no state) goes through the loss, so
    the loss checks every target (shape, label range) before the first update.
    """
    for name, value, example in (("model", model, "Sequential([...])"),
                                 ("loss", loss, "SoftmaxCrossEntropyLoss()"),
                                 ("optimizer", optimizer, "Adam(lr=0.01)")):
        if isinstance(value, type):
            raise TypeError(f"{name} must be an instance, got the class {value.__name__}: "
                            f"create one with (), such as {example}")
    if not isinstance(loss, Loss):
        raise TypeError(f"loss must be a course_nn loss such as SoftmaxCrossEntropyLoss(), "
                        f"got {loss!r}")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, such as "
                        f"Adam(lr=0.01), got {optimizer!r}")
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"{x_name} and {y_name} must have the same number of samples, got "
                         f"{len(X)} and {len(y)}")
    if len(X) == 0:
        raise ValueError(f"{x_name} and {y_name} hold no samples: pass at least one")
    loss.forward(model.forward(X, training=False), y)
    return X, y


def _validate_epoch(model, loss, validation, history):
    """Append the validation loss (and accuracy) of the model in evaluation mode."""
    X_val, y_val = validation
    y_hat = model.forward(X_val, training=False)
    history.val_loss.append(loss.forward(y_hat, y_val))
    val_accuracy = _accuracy_for(loss, y_hat, y_val)
    if val_accuracy is not None:
        history.val_accuracy.append(val_accuracy)


def _summary(history):
    """The last epoch's figures, as the progress bar shows them."""
    names = ("loss", "accuracy", "val_loss", "val_accuracy")
    return "  ".join(f"{name} {getattr(history, name)[-1]:.4f}"
                     for name in names if getattr(history, name))
