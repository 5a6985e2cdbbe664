"""Tests of course_nn.schedules (chapter 7): torch's learning-rate schedules, epoch by epoch.

Each schedule is stepped for 30 epochs and its learning rates are compared with the closed
forms of torch's documentation, written out here independently; a few values are checked by hand.
"""

import math

import numpy as np
import pytest

import course_nn
from course_nn import optimizers as O
from course_nn import schedules as S

EPOCHS = 30


def lrs(schedule, epochs=EPOCHS):
    """The learning rate of epochs 0 .. epochs - 1, read from the optimizer and get_last_lr."""
    out = []
    for _ in range(epochs):
        assert schedule.get_last_lr() == [schedule.optimizer.lr]
        out.append(schedule.optimizer.lr)
        schedule.step()
    return np.array(out)


def test_public_names():
    for name in ["StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR"]:
        assert getattr(course_nn, name) is getattr(S, name)


@pytest.mark.parametrize("step_size,gamma", [(10, 0.1), (7, 0.5), (1, 0.9), (3, 2.0)])
def test_step_lr(step_size, gamma):
    got = lrs(S.StepLR(O.SGD(lr=0.2), step_size, gamma))
    expected = [0.2 * gamma ** (t // step_size) for t in range(EPOCHS)]
    np.testing.assert_allclose(got, expected, rtol=1e-15)


def test_step_lr_by_hand_and_default_gamma():
    got = lrs(S.StepLR(O.SGD(lr=1.0), step_size=2), epochs=6)
    np.testing.assert_allclose(got, [1, 1, 0.1, 0.1, 0.01, 0.01], rtol=1e-15)


@pytest.mark.parametrize("gamma", [0.9, 0.5, 1.0])
def test_exponential_lr(gamma):
    got = lrs(S.ExponentialLR(O.Adam(lr=0.01), gamma))
    np.testing.assert_allclose(got, [0.01 * gamma**t for t in range(EPOCHS)], rtol=1e-14)


@pytest.mark.parametrize("T_max,eta_min", [(30, 0.0), (10, 0.001), (7, 0.05), (1, 0.0)])
def test_cosine_annealing_lr_including_after_T_max(T_max, eta_min):
    # torch does not stop at T_max: the cosine goes on, back up to lr at 2 T_max
    got = lrs(S.CosineAnnealingLR(O.SGD(lr=0.1), T_max, eta_min))
    expected = [eta_min + (0.1 - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2
                for t in range(EPOCHS)]
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=1e-17)


def test_cosine_by_hand():
    got = lrs(S.CosineAnnealingLR(O.SGD(lr=0.1), T_max=4), epochs=9)
    # (1 + cos(pi t / 4)) / 2 for t = 0..8: 1, 0.8536, 0.5, 0.1464, 0, 0.1464, 0.5, 0.8536, 1
    np.testing.assert_allclose(got, [0.1, 0.085355339, 0.05, 0.014644661, 0.0, 0.014644661, 0.05,
                                     0.085355339, 0.1], rtol=1e-8, atol=1e-17)


@pytest.mark.parametrize("start,end,total", [(1 / 3, 1.0, 5), (0.1, 1.0, 10), (1.0, 0.0, 20),
                                             (0.5, 0.5, 3), (0.25, 1.0, 40)])
def test_linear_lr(start, end, total):
    got = lrs(S.LinearLR(O.SGD(lr=0.3), start, end, total))
    expected = [0.3 * (start + (end - start) * min(t, total) / total) for t in range(EPOCHS)]
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=1e-17)


def test_linear_lr_defaults_warm_up_from_a_third_over_five_epochs():
    opt = O.SGD(lr=0.3)
    schedule = S.LinearLR(opt)
    assert opt.lr == pytest.approx(0.1) and schedule.base_lr == 0.3  # set at creation, like torch
    np.testing.assert_allclose(lrs(schedule, epochs=7), [0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.3])


def test_the_optimizer_uses_the_scheduled_lr():
    opt = O.SGD(lr=1.0)
    schedule = S.StepLR(opt, step_size=1, gamma=0.5)
    w = np.zeros(1)
    for _ in range(3):
        opt.step({"w": w}, {"w": np.ones(1)})
        schedule.step()
    np.testing.assert_allclose(w, [-(1 + 0.5 + 0.25)])
    assert schedule.last_epoch == 3


@pytest.mark.parametrize("make,error,match", [
    (lambda: S.StepLR(O.SGD, 10), TypeError,
     r"optimizer must be an instance, got the class SGD: create one with \(\), such as SGD\(lr=0\.1\)"),
    (lambda: S.StepLR({"lr": 0.1}, 10), TypeError, r"optimizer must be a course_nn optimizer such as SGD"),
    (lambda: S.StepLR(O.SGD(lr=0.1), 0), ValueError, r"step_size must be an integer >= 1, got 0"),
    (lambda: S.StepLR(O.SGD(lr=0.1), 2.5), ValueError, r"step_size must be an integer >= 1, got 2\.5"),
    (lambda: S.StepLR(O.SGD(lr=0.1), 5, gamma=0.0), ValueError, r"gamma must be a finite number > 0"),
    (lambda: S.ExponentialLR(O.SGD(lr=0.1), "0.9"), TypeError, r"gamma must be a number, got '0\.9'"),
    (lambda: S.CosineAnnealingLR(O.SGD(lr=0.1), 0), ValueError, r"T_max must be an integer >= 1"),
    (lambda: S.CosineAnnealingLR(O.SGD(lr=0.1), 10, -0.1), ValueError, r"eta_min must be a finite number >= 0"),
    (lambda: S.LinearLR(O.SGD(lr=0.1), start_factor=0), ValueError, r"start_factor must lie in \(0, 1\]"),
    (lambda: S.LinearLR(O.SGD(lr=0.1), start_factor=1.5), ValueError, r"start_factor must lie in \[0, 1\]"),
    (lambda: S.LinearLR(O.SGD(lr=0.1), end_factor=-0.5), ValueError, r"end_factor must lie in \[0, 1\]"),
    (lambda: S.LinearLR(O.SGD(lr=0.1), total_iters=0), ValueError, r"total_iters must be an integer >= 1"),
])
def test_bad_arguments_name_the_argument_and_leave_the_lr_alone(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_bad_schedule_does_not_touch_the_optimizer():
    opt = O.SGD(lr=0.1)
    with pytest.raises(ValueError):
        S.LinearLR(opt, total_iters=-1)
    assert opt.lr == 0.1


def test_repr():
    assert repr(S.StepLR(O.SGD(lr=0.1), 10)) == "StepLR(step_size=10, gamma=0.1)"
