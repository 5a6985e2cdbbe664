"""gradcheck.diagnose names the layer whose backward is wrong, and never raises a false alarm.

Models of 3 to 8 layers get one deliberate bug in one layer's backward (a missing transpose on a
square weight, a wrong scale, a wrong sign, a missing term, the derivative taken at the output
instead of the input), at every position: ``first_wrong`` must be that position every time.
"""

import copy

import numpy as np
import pytest

from course_nn import (BCEWithLogitsLoss, BatchNorm, Dense, Dropout, Layer, LayerNorm, LeakyReLU,
                       MSELoss, PReLU, ReLU, Sequential, Sigmoid, SoftmaxCrossEntropyLoss, Tanh,
                       activations)
from course_nn.gradcheck import diagnose

WIDTH = 5


# ------------------------------------------------------------------ layers with one bug each
class DenseMissingTranspose(Dense):
    def backward(self, grad_out):
        super().backward(grad_out)
        return grad_out @ self.params["W"]  # W, not W.T: fits only because W is square


class DenseWrongScale(Dense):
    def backward(self, grad_out):
        dx = super().backward(grad_out)
        self.grads["W"] = self.grads["W"] / len(grad_out)  # divides by m twice
        return dx


class DenseWrongSign(Dense):
    def backward(self, grad_out):
        return -super().backward(grad_out)


class DenseMissingBias(Dense):
    def backward(self, grad_out):
        dx = super().backward(grad_out)
        self.grads["b"] = np.zeros_like(self.grads["b"])  # forgets db
        return dx


class SigmoidAtOutput(Sigmoid):
    def backward(self, grad_out):
        grad_out, x = self._cached(grad_out)
        return grad_out * activations.sigmoid_derivative(activations.sigmoid(x))


class TanhAtOutput(Tanh):
    def backward(self, grad_out):
        grad_out, x = self._cached(grad_out)
        return grad_out * activations.tanh_derivative(np.tanh(x))


class SigmoidMissingTerm(Sigmoid):
    def backward(self, grad_out):
        grad_out, x = self._cached(grad_out)
        return grad_out * activations.sigmoid(x)  # sigma, without (1 - sigma)


class BatchNormMissingMeanTerm(BatchNorm):
    def backward(self, grad_out):
        grad_out, (x_hat, inv_std, _) = self._cached(grad_out)
        super().backward(grad_out)
        dx_hat = grad_out * self.params["gamma"]
        return inv_std * (dx_hat - x_hat * np.mean(dx_hat * x_hat, axis=0))  # no -mean(dx_hat)


class PReLUWrongAlpha(PReLU):
    def backward(self, grad_out):
        dx = super().backward(grad_out)
        self.grads["alpha"] = -self.grads["alpha"]
        return dx


class LearnerDropout(Layer):
    """A learner's own dropout layer: its mask comes from a Generator it holds."""

    def __init__(self, p, seed):
        super().__init__()
        self.p, self.rng = p, np.random.default_rng(seed)

    def forward(self, x, training=False):
        self.mask = (self.rng.random(x.shape) >= self.p) / (1 - self.p) if training else 1.0
        return x * self.mask

    def backward(self, grad_out):
        return grad_out * self.mask


# Each kind of layer, and the bugs that fit it.
BUGS = {
    "dense": [DenseMissingTranspose, DenseWrongScale, DenseWrongSign, DenseMissingBias],
    "sigmoid": [SigmoidAtOutput, SigmoidMissingTerm],
    "tanh": [TanhAtOutput],
    "batchnorm": [BatchNormMissingMeanTerm],
    "prelu": [PReLUWrongAlpha],
}


def make(kind, seed, bug=None):
    if kind == "dense":
        return (bug or Dense)(WIDTH, WIDTH, rng=seed)
    if kind == "batchnorm":
        return (bug or BatchNorm)(WIDTH)
    return (bug or {"sigmoid": Sigmoid, "tanh": Tanh, "prelu": PReLU}[kind])()


PATTERN = ["dense", "batchnorm", "tanh", "dense", "sigmoid", "dense", "prelu", "dense"]


def architecture(n_layers):
    """n_layers layers ending with a Dense: dense, batchnorm, tanh, dense, sigmoid, ..."""
    return PATTERN[:n_layers - 1] + ["dense"]


def data(seed=0, m=6):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, WIDTH)), rng.integers(0, WIDTH, size=m)


def bugged(n_layers, position, bug):
    kinds = architecture(n_layers)
    return Sequential([make(kind, seed, bug if i == position else None)
                       for i, (kind, seed) in enumerate(zip(kinds, range(10, 20)))])


INJECTIONS = [(n, position, bug) for n in range(3, 9)
              for position, kind in enumerate(architecture(n)) for bug in BUGS[kind]]


@pytest.mark.parametrize("n_layers, position, bug", INJECTIONS,
                         ids=[f"{n}layers-{p}-{bug.__name__}" for n, p, bug in INJECTIONS])
def test_first_wrong_is_the_bugged_layer(n_layers, position, bug):
    X, y = data()
    report = diagnose(bugged(n_layers, position, bug), SoftmaxCrossEntropyLoss(), X, y,
                      verbose=False)
    assert report.first_wrong == position, str(report)


def test_every_kind_of_bug_is_tried_at_every_position():
    assert len(INJECTIONS) >= 60
    assert {n for n, _, _ in INJECTIONS} == set(range(3, 9))


def test_the_first_wrong_layer_from_the_loss_wins_over_an_earlier_one():
    X, y = data()
    model = Sequential([DenseWrongSign(WIDTH, WIDTH, rng=0), Tanh(), DenseWrongScale(WIDTH, WIDTH, rng=1),
                        Sigmoid(), Dense(WIDTH, WIDTH, rng=2)])
    report = diagnose(model, SoftmaxCrossEntropyLoss(), X, y, verbose=False)
    assert report.first_wrong == 2
    assert [report.is_wrong(row) for row in report.rows] == [True, False, True, False, False]


CORRECT_MODELS = {
    "bias right before BatchNorm": lambda: Sequential(
        [Dense(WIDTH, 8, rng=0), BatchNorm(8), ReLU(), Dense(8, WIDTH, rng=1)]),
    "PReLU and LeakyReLU": lambda: Sequential(
        [Dense(WIDTH, 8, rng=0), PReLU(), Dense(8, 8, rng=1), LeakyReLU(0.1), Dense(8, WIDTH, rng=2)]),
    "Dropout, the same mask in every evaluation": lambda: Sequential(
        [Dense(WIDTH, 8, rng=0), ReLU(), Dropout(0.5, rng=3), Dense(8, 8, rng=1), Tanh(),
         Dropout(0.2, rng=4), Dense(8, WIDTH, rng=2)]),
    "LayerNorm": lambda: Sequential(
        [Dense(WIDTH, 8, rng=0), LayerNorm(8), ReLU(), Dense(8, WIDTH, rng=1)]),
    "a learner's dropout with its own generator": lambda: Sequential(
        [Dense(WIDTH, 8, rng=0), ReLU(), LearnerDropout(0.5, seed=3), Dense(8, WIDTH, rng=1)]),
    "deep: eight layers": lambda: Sequential(
        [make(kind, seed) for kind, seed in zip(architecture(8), range(8))]),
}


@pytest.mark.parametrize("build", CORRECT_MODELS.values(), ids=CORRECT_MODELS.keys())
@pytest.mark.parametrize("seed", range(5))
def test_correct_models_raise_no_alarm(build, seed):
    X, y = data(seed)
    report = diagnose(build(), SoftmaxCrossEntropyLoss(), X, y, verbose=False)
    assert report.first_wrong is None, str(report)
    assert report.loss_error < 1e-6


def test_relu_kinks_hit_by_the_differences_are_no_alarm():
    # Zero inputs and a zero first layer put every ReLU input exactly at the kink.
    X = np.zeros((4, WIDTH))
    X[:, 0] = [1.0, -1.0, 0.0, 2.0]
    model = Sequential([Dense(WIDTH, WIDTH, init="constant"), ReLU(), Dense(WIDTH, 1, rng=1)])
    report = diagnose(model, MSELoss(), X, np.ones((4, 1)), verbose=False)
    assert report.first_wrong is None, str(report)


def test_float32_models_are_checked_in_float64_without_alarm():
    X, y = data()
    model = Sequential([Dense(WIDTH, 8, rng=0, dtype=np.float32), BatchNorm(8, dtype=np.float32),
                        Tanh(), Dense(8, 1, rng=1, dtype=np.float32)])
    report = diagnose(model, BCEWithLogitsLoss(), X.astype(np.float32),
                      (y % 2).reshape(-1, 1).astype(np.float32), verbose=False)
    assert report.first_wrong is None, str(report)
    assert model.layers[0].params["W"].dtype == np.float32  # the model itself is not changed


def test_the_model_is_not_changed():
    X, y = data()
    model = CORRECT_MODELS["bias right before BatchNorm"]()
    before = copy.deepcopy(model)
    diagnose(model, SoftmaxCrossEntropyLoss(), X, y, verbose=False)
    for layer, old in zip(model.layers, before.layers):
        for name in layer.params:
            np.testing.assert_array_equal(layer.params[name], old.params[name])
    np.testing.assert_array_equal(model.layers[1].running_mean, before.layers[1].running_mean)


class NaNDense(Dense):
    def backward(self, grad_out):
        return super().backward(grad_out) * np.nan


class RaisingTanh(Tanh):
    def backward(self, grad_out):
        raise ValueError("shapes (6,5) and (6,5) not aligned")


class NoReturnSigmoid(Sigmoid):
    def backward(self, grad_out):
        super().backward(grad_out)  # forgets `return`


class WrongShapeTanh(Tanh):
    def backward(self, grad_out):
        return super().backward(grad_out)[:, 1:]  # one column short


@pytest.mark.parametrize("layer", [NaNDense(WIDTH, WIDTH, rng=1), RaisingTanh(), NoReturnSigmoid(),
                                   WrongShapeTanh()],
                         ids=["NaN", "raises", "returns None", "wrong shape"])
def test_a_backward_that_breaks_is_the_first_wrong_not_a_crash(layer):
    X, y = data()
    model = Sequential([Dense(WIDTH, WIDTH, rng=0), layer, Dense(WIDTH, WIDTH, rng=2)])
    report = diagnose(model, SoftmaxCrossEntropyLoss(), X, y, verbose=False)
    assert report.first_wrong == 1 and report.rows[1]["errors"]["x"] == np.inf
    if not isinstance(layer, RaisingTanh):  # it returned something: no exception to report
        assert report.rows[1]["problem"] is None


def test_a_wrong_loss_backward_is_reported():
    class HalfMSE(MSELoss):
        def backward(self):
            return super().backward() / 2

    X, y = data()
    report = diagnose(Sequential([Dense(WIDTH, 1, rng=0)]), HalfMSE(), X, y.reshape(-1, 1) * 1.0,
                      verbose=False)
    assert report.loss_error > 0.1 and report.first_wrong is None
    assert "loss's backward is wrong" in str(report)


def test_the_printed_table_marks_the_first_wrong_row(capsys):
    X, y = data()
    diagnose(bugged(4, 2, TanhAtOutput), SoftmaxCrossEntropyLoss(), X, y)
    lines = capsys.readouterr().out.splitlines()
    marked = [line for line in lines if "<- first wrong" in line]
    assert len(marked) == 1 and "TanhAtOutput" in marked[0] and marked[0].split()[0] == "2"
    assert "layer 2 is the first wrong one walking back from the loss" in lines[-2]
    assert max(map(len, lines)) <= 80  # fits a notebook or a page without scrolling


class DropoutWithFreshMask(Dropout):
    """A dropout whose backward draws a new mask instead of reusing the forward's."""

    def backward(self, grad_out):
        return grad_out * (self.rng.random(grad_out.shape) >= self.p) / (1 - self.p)


def test_a_dropout_backward_with_the_wrong_mask_is_found():
    X, y = data()
    model = Sequential([Dense(WIDTH, 8, rng=0), ReLU(), DropoutWithFreshMask(0.5, rng=3),
                        Dense(8, WIDTH, rng=1)])
    report = diagnose(model, SoftmaxCrossEntropyLoss(), X, y, verbose=False)
    assert report.first_wrong == 2


def test_the_printed_table_exactly():
    """Column widths follow the rows, errors below 1e-8 print as <1e-8, the verdict is two lines."""
    X, y = data()
    model = Sequential([Dense(WIDTH, 3, rng=0), SigmoidAtOutput(), Dense(3, 2, rng=1)])
    report = diagnose(model, SoftmaxCrossEntropyLoss(), X, y % 2, verbose=False)

    def shown(error):
        return "<1e-8" if error < 1e-8 else f"{error:.1e}"

    rows = {row["index"]: row["errors"] for row in report.rows}
    assert all(error < 1e-8 for index in (0, 2) for error in rows[index].values())
    assert str(report) == "\n".join([
        "layer                 input -> output   relative error",
        f"loss                                    dy_hat {shown(report.loss_error)}",
        " 2 Dense(3, 2)        (4, 3) -> (4, 2)  dx <1e-8  dW <1e-8  db <1e-8",
        f" 1 SigmoidAtOutput()  (4, 3) -> (4, 3)  dx {shown(rows[1]['x'])}  <- first wrong",
        " 0 Dense(5, 3)        (4, 5) -> (4, 3)  dx <1e-8  dW <1e-8  db <1e-8",
        "layer 1 is the first wrong one walking back from the loss:",
        "the mistake is in its backward (relative error above 1e-06)",
    ])
    assert repr(report) == "<GradientReport: first_wrong=1>"
    correct = diagnose(Sequential([Dense(WIDTH, 2, rng=0)]), SoftmaxCrossEntropyLoss(), X, y % 2,
                       verbose=False)
    assert str(correct).splitlines()[-1] == ("every backward pass agrees with central differences "
                                             "(within 1e-06)")


def test_a_raising_backward_gets_infinite_errors_and_its_exception_in_the_row():
    X, y = data()
    model = Sequential([Dense(WIDTH, WIDTH, rng=0), RaisingTanh(), Dense(WIDTH, WIDTH, rng=2)])
    row = diagnose(model, SoftmaxCrossEntropyLoss(), X, y, verbose=False).rows[1]
    assert row["errors"] == {"x": np.inf}
    assert row["problem"] == "its backward raised ValueError: shapes (6,5) and (6,5) not aligned"


def test_the_same_call_gives_the_same_report():
    X, y = data()
    model = bugged(4, 0, DenseWrongScale)
    first, second = (diagnose(model, SoftmaxCrossEntropyLoss(), X, y, verbose=False)
                     for _ in range(2))
    assert [row["errors"] for row in first.rows] == [row["errors"] for row in second.rows]
    assert (str(first), first.loss_error) == (str(second), second.loss_error)


def test_the_layers_run_in_training_mode():
    class Spy(Tanh):
        modes = []

        def forward(self, x, training=False):
            self.modes.append(training)
            return super().forward(x, training)

    X, y = data()
    diagnose(Sequential([Dense(WIDTH, WIDTH, rng=0), Spy(), Dense(WIDTH, WIDTH, rng=2)]),
             SoftmaxCrossEntropyLoss(), X, y, verbose=False)
    assert Spy.modes and all(mode is True for mode in Spy.modes)


def test_where_every_entry_is_at_a_kink_nothing_is_compared_and_a_flat_relu_is_exact():
    loss, y = MSELoss(), np.zeros((3, 2))
    at_kink = diagnose(Sequential([ReLU()]), loss, np.zeros((3, 2)), y, verbose=False)
    assert np.isnan(at_kink.rows[0]["errors"]["x"]) and at_kink.first_wrong is None
    flat = diagnose(Sequential([ReLU()]), loss, -np.ones((3, 2)), y, verbose=False)
    assert flat.rows[0]["errors"]["x"] == 0.0  # a zero gradient, compared and exact


class Parabola(Layer):
    """5000 x^2, elementwise: smooth, with a large second derivative (10^4), so its one-sided
    differences differ by 10^4 eps: far less than the derivatives themselves."""

    def forward(self, x, training=False):
        self._cache, self._out_shape = x, x.shape
        return 5000 * x ** 2

    def backward(self, grad_out):
        grad_out, x = self._cached(grad_out)
        return grad_out * 10000 * x


def test_a_strongly_curved_layer_is_compared_everywhere_without_alarm():
    X, y = data()
    report = diagnose(Sequential([Dense(WIDTH, WIDTH, rng=0), Parabola()]), MSELoss(), X,
                      np.zeros((len(X), WIDTH)), verbose=False)
    assert report.first_wrong is None and report.rows[1]["errors"]["x"] < 1e-6


class HalfPrecisionTanh(Tanh):
    """A learner's layer that computes in the dtype it stores (here float32)."""

    dtype = None

    def __init__(self):
        super().__init__()
        self.dtype = np.float32

    def forward(self, x, training=False):
        return super().forward(np.asarray(x, dtype=self.dtype), training)

    def backward(self, grad_out):
        return super().backward(np.asarray(grad_out, dtype=self.dtype)).astype(self.dtype)


def test_a_layer_that_keeps_a_float32_dtype_is_checked_in_float64():
    X, y = data()
    model = Sequential([Dense(WIDTH, WIDTH, rng=0), HalfPrecisionTanh(), Dense(WIDTH, WIDTH, rng=2)])
    report = diagnose(model, SoftmaxCrossEntropyLoss(), X, y, verbose=False)
    assert report.first_wrong is None, str(report)
    assert model.layers[1].dtype is np.float32  # the caller's model is not changed
