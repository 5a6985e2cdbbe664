"""The training loop (chapter 5): mini-batches, forward, loss, backward, optimizer step."""

import math
from dataclasses import dataclass, field

import numpy as np
from tqdm import tqdm

from .datasets import minibatches
from .losses import BCEWithLogitsLoss, MSELoss


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
    y : ndarray of int, shape (m,) or (m, 1)

    Returns
    -------
    float in [0, 1]

    See chapter 1.
    """
    y_hat, y = np.asarray(y_hat), np.asarray(y).reshape(-1)
    if y_hat.ndim == 2 and y_hat.shape[1] > 1:
        predicted = y_hat.argmax(axis=1)
    else:
        predicted = (y_hat.reshape(-1) > threshold).astype(int)
    if predicted.shape != y.shape:
        raise ValueError(f"y_hat of shape {y_hat.shape} predicts {predicted.size} labels, "
                         f"but y has {y.size}")
    correct = np.count_nonzero(predicted == y)  # faster than np.mean on a small batch
    return float(correct / y.size) if y.size else float("nan")


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
    optimizer : Optimizer
    X : ndarray, shape (m, n_0)
    y : ndarray, the targets ``loss`` expects, m rows
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
    FloatingPointError
        When the loss stops being finite: the message gives the epoch and the step.

    See chapter 5.
    """
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
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
            model.backward(loss.backward(), input_grad=False)
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
