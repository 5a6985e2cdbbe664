"""The optimizers and schedules say what they are and what was wrong, exactly: their reprs and
their error messages name the argument, the bad value and the fix (issue 19: tests written to
fail on the mutants that change them)."""

import re

import numpy as np
import pytest

from course_nn import (SGD, AdaGrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, LinearLR,
                       Momentum, RMSProp, StepLR)

REPRS = {
    "SGD(lr=0.1, weight_decay=0.0)": lambda: SGD(0.1),
    "Momentum(lr=0.1, weight_decay=0.0, momentum=0.9)": lambda: Momentum(0.1),
    "AdaGrad(lr=0.01, weight_decay=0.0, eps=1e-10)": AdaGrad,
    "RMSProp(lr=0.01, weight_decay=0.0, alpha=0.99, eps=1e-08)": RMSProp,
    "Adam(lr=0.001, weight_decay=0.0, betas=(0.9, 0.999), eps=1e-08)": Adam,
    "AdamW(lr=0.001, weight_decay=0.01, betas=(0.9, 0.999), eps=1e-08)": AdamW,
}


@pytest.mark.parametrize("expected", REPRS)
def test_repr_shows_the_settings_and_not_the_state(expected):
    optimizer = REPRS[expected]()
    optimizer.step({"w": np.ones(3)}, {"w": np.ones(3)})  # creates state, which is not shown
    assert repr(optimizer) == expected


@pytest.mark.parametrize("make", REPRS.values(), ids=list(REPRS))
def test_a_float64_gradient_updates_a_float32_parameter_in_float32(make):
    rng = np.random.default_rng(0)
    g = rng.normal(size=5)
    w32, w32_ref = rng.normal(size=5).astype(np.float32), None
    w32_ref = w32.copy()
    by_64, by_32 = make(), make()
    for _ in range(3):
        by_64.step({"w": w32}, {"w": g})
        by_32.step({"w": w32_ref}, {"w": g.astype(np.float32)})
    assert w32.dtype == np.float32
    np.testing.assert_array_equal(w32, w32_ref)


BAD_STEPS = [
    ((["not a dict"], {}), TypeError,
     r"^SGD\(lr=0\.1, weight_decay=0\.0\)\.step expects params as a dict name -> array, such as "
     r"model\.params\(\), got list$"),
    (({"0.W": [1.0]}, {"0.W": [1.0]}), TypeError,
     r"^SGD\(lr=0\.1, weight_decay=0\.0\): parameter '0\.W' must be a NumPy array \(updated in "
     r"place\), got list$"),
    (({"0.W": np.zeros(3)}, {}), KeyError,
     r"SGD\(lr=0\.1, weight_decay=0\.0\): no gradient for parameter '0\.W'; grads has \[\]"),
    (({"0.W": np.zeros(3)}, {"0.W": np.zeros(2)}), ValueError,
     r"^SGD\(lr=0\.1, weight_decay=0\.0\): gradient of '0\.W' has shape \(2,\), the parameter "
     r"has shape \(3,\)$"),
]


@pytest.mark.parametrize("args, error, message", BAD_STEPS,
                         ids=["params not a dict", "a list parameter", "a missing gradient",
                              "a gradient of the wrong shape"])
def test_a_bad_step_names_what_is_wrong(args, error, message):
    with pytest.raises(error, match=message):
        SGD(0.1).step(*args)


def optimizer():
    return SGD(lr=0.1)


BAD_SETTINGS = [
    (lambda: Momentum(0.1, momentum=2), ValueError, "momentum must lie in [0, 1), got 2.0"),
    (lambda: AdaGrad(eps=0), ValueError, "eps must be a finite number > 0, got 0.0"),
    (lambda: RMSProp(eps=0), ValueError, "eps must be a finite number > 0, got 0.0"),
    (lambda: RMSProp(eps="x"), TypeError, "eps must be a number, got 'x'"),
    (lambda: Adam(eps="x"), TypeError, "eps must be a number, got 'x'"),
    (lambda: StepLR(optimizer(), 3, gamma="x"), TypeError, "gamma must be a number, got 'x'"),
    (lambda: ExponentialLR(optimizer(), gamma=-1), ValueError,
     "gamma must be a finite number > 0, got -1.0"),
    (lambda: CosineAnnealingLR(optimizer(), 3, eta_min="x"), TypeError,
     "eta_min must be a number, got 'x'"),
    (lambda: LinearLR(optimizer(), start_factor="x"), TypeError,
     "start_factor must be a number, got 'x'"),
    (lambda: LinearLR(optimizer(), start_factor=0), ValueError,
     "start_factor must lie in (0, 1], got 0: a learning rate of 0 would not train at all"),
    (lambda: LinearLR(optimizer(), end_factor="x"), TypeError,
     "end_factor must be a number, got 'x'"),
]


@pytest.mark.parametrize("make, error, message", BAD_SETTINGS,
                         ids=[message.split(",")[0] for _, _, message in BAD_SETTINGS])
def test_a_bad_setting_is_named_with_its_value(make, error, message):
    with pytest.raises(error, match="^" + re.escape(message)):
        make()
