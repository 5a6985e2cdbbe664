"""Tests of course_nn.model.Sequential (chapters 1-2), including the notes' worked 3-4-1 example."""

import numpy as np
import pytest

import course_nn
from course_nn import layers as L
from course_nn import losses
from course_nn import model as M
from helpers import assert_same_arrays, central_difference, rel_error, snapshot


def small_model(seed=0):
    return M.Sequential([L.Dense(3, 5, rng=seed), L.Tanh(), L.BatchNorm(5), L.Dense(5, 2, rng=seed + 1)])


def test_public_names():
    assert course_nn.Sequential is M.Sequential


def test_params_keys_and_identity():
    d0, act, bn, d3 = L.Dense(3, 5, rng=0), L.Tanh(), L.BatchNorm(5), L.Dense(5, 2, rng=1)
    model = M.Sequential([d0, act, bn, d3])
    params = model.params()
    assert set(params) == {"0.W", "0.b", "2.gamma", "2.beta", "3.W", "3.b"}
    assert params["0.W"] is d0.params["W"]
    assert params["0.b"] is d0.params["b"]
    assert params["2.gamma"] is bn.params["gamma"]
    assert params["3.W"] is d3.params["W"]
    # Writing through params() writes into the layer (no copies).
    params["3.b"][...] = 7.0
    np.testing.assert_array_equal(d3.params["b"], [7.0, 7.0])


def test_forward_backward_chains_layers_and_grads_are_layers_own():
    rng = np.random.default_rng(0)
    d0, act, d2 = L.Dense(3, 4, rng=0), L.Sigmoid(), L.Dense(4, 2, rng=1)
    model = M.Sequential([d0, act, d2])
    X = rng.standard_normal((6, 3))
    out = model.forward(X, training=True)
    W0, b0, W2, b2 = d0.params["W"], d0.params["b"], d2.params["W"], d2.params["b"]
    h = 1 / (1 + np.exp(-(X @ W0 + b0)))
    np.testing.assert_allclose(out, h @ W2 + b2, rtol=1e-13)
    g = rng.standard_normal((6, 2))
    dX = model.backward(g)
    assert dX.shape == X.shape
    grads = model.grads()
    assert set(grads) == set(model.params())
    assert grads["0.W"] is d0.grads["W"]
    assert grads["2.b"] is d2.grads["b"]
    np.testing.assert_allclose(grads["2.W"], h.T @ g, rtol=1e-12)
    dh = (g @ W2.T) * h * (1 - h)
    np.testing.assert_allclose(grads["0.W"], X.T @ dh, rtol=1e-12)
    np.testing.assert_allclose(dX, dh @ W0.T, rtol=1e-12)


def test_predict_is_eval_forward():
    rng = np.random.default_rng(1)
    model = small_model()
    for _ in range(3):
        model.forward(rng.standard_normal((8, 3)), training=True)
    X = rng.standard_normal((4, 3))
    np.testing.assert_allclose(model.predict(X), model.forward(X, training=False))
    np.testing.assert_allclose(model.predict(X), model.forward(X))
    # Eval does not depend on the other samples of the batch (running stats, not batch stats).
    np.testing.assert_allclose(model.predict(X[:1]), model.predict(X)[:1])


def test_shape_mismatch_in_model_names_layer_and_shapes_and_changes_nothing():
    model = M.Sequential([L.Dense(3, 4, rng=0), L.ReLU(), L.Dense(5, 2, rng=1)])
    before = snapshot(model.params())
    with pytest.raises(ValueError) as exc:
        model.forward(np.ones((6, 3)), training=True)
    msg = str(exc.value)
    assert "Dense" in msg and "(6, 4)" in msg and "5" in msg
    assert_same_arrays(before, model.params())


def test_sequential_params_empty_for_parameterless_model():
    model = M.Sequential([L.ReLU(), L.Sigmoid()])
    assert model.params() == {}
    x = np.array([[1.0, -1.0]])
    np.testing.assert_allclose(model.forward(x), 1 / (1 + np.exp(-np.array([[1.0, 0.0]]))))


# ---------------------------------------------------------------- whole-model gradient check (own code)
def model_gradient_errors(model, loss, X, y):
    """Relative error of every parameter's gradient; 0.0 when both gradients are (numerically) zero.

    A bias right before a BatchNorm has an exactly zero gradient (BN subtracts the batch mean), so
    both the analytic and the numerical value are rounding noise and their relative error means
    nothing: such a parameter counts as correct when both norms are below 1e-9.
    """
    out = model.forward(X, training=True)
    loss.forward(out, y)
    model.backward(loss.backward())
    analytic = {k: np.array(v) for k, v in model.grads().items()}

    def f():
        return float(loss.forward(model.forward(X, training=True), y))

    errors = {}
    for k, p in model.params().items():
        numeric = central_difference(f, p)
        if np.linalg.norm(analytic[k]) < 1e-9 and np.linalg.norm(numeric) < 1e-9:
            errors[k] = 0.0
        else:
            errors[k] = rel_error(analytic[k], numeric)
    return errors


def test_deep_model_with_batchnorm_matches_central_differences():
    rng = np.random.default_rng(11)
    model = M.Sequential([
        L.Dense(4, 6, init="xavier_normal", rng=1), L.BatchNorm(6), L.Tanh(),
        L.Dense(6, 5, init="xavier_normal", rng=2), L.BatchNorm(5), L.Sigmoid(),
        L.Dense(5, 4, init="xavier_normal", rng=3), L.ELU(),
        L.Dense(4, 3, init="xavier_normal", rng=4),
    ])
    for p in model.params().values():  # break the symmetry of gamma = 1, beta = 0, b = 0
        p += 0.1 * rng.standard_normal(p.shape)
    X = rng.standard_normal((8, 4))
    y = np.array([0, 1, 2, 0, 1, 2, 2, 1])
    errors = model_gradient_errors(model, losses.SoftmaxCrossEntropyLoss(), X, y)
    assert set(errors) == set(model.params())
    assert sum(k.endswith(".W") for k in errors) >= 3 and "1.gamma" in errors and "4.beta" in errors
    for key, err in errors.items():
        assert err < 1e-7, (key, err)
    # The biases right before a BatchNorm get a zero gradient.
    out = model.forward(X, training=True)
    loss = losses.SoftmaxCrossEntropyLoss()
    loss.forward(out, y)
    model.backward(loss.backward())
    np.testing.assert_allclose(model.grads()["0.b"], 0.0, atol=1e-12)
    np.testing.assert_allclose(model.grads()["3.b"], 0.0, atol=1e-12)
    assert np.linalg.norm(model.grads()["6.b"]) > 1e-3


@pytest.mark.parametrize(
    "loss,out_act,make_y",
    [
        (losses.MSELoss(), None, lambda rng: rng.standard_normal((6, 2))),
        (losses.BCELoss(), L.Sigmoid(), lambda rng: rng.integers(0, 2, (6, 1)).astype(float)),
        (losses.BCEWithLogitsLoss(), None, lambda rng: rng.integers(0, 2, (6, 1)).astype(float)),
    ],
    ids=["mse", "bce", "bce_logits"],
)
def test_model_gradients_with_other_losses(loss, out_act, make_y):
    rng = np.random.default_rng(12)
    y = make_y(rng)
    n_out = y.shape[1]
    layers = [L.Dense(3, 4, rng=0), L.Tanh(), L.Dense(4, 4, rng=1), L.PReLU(), L.Dense(4, n_out, rng=2)]
    if out_act is not None:
        layers.append(out_act)
    model = M.Sequential(layers)
    X = rng.standard_normal((6, 3))
    for k, err in model_gradient_errors(model, loss, X, y).items():
        assert err < 1e-7, (k, err)


# ---------------------------------------------------------------- the notes' 3-4-1 example, by hand
def test_worked_example_3_4_1_sigmoid_network():
    """One forward and backward pass of the notes' network on one sample, every number by hand.

    sigma(z) = 1 / (1 + e^-z); loss L = -y ln a2 - (1 - y) ln(1 - a2); y = 1.
    """
    x = np.array([[1.0, 2.0, -1.0]])
    W1 = np.array([[0.1, -0.2, 0.0, 0.3],
                   [0.2, 0.1, -0.1, 0.0],
                   [0.0, 0.3, 0.2, -0.1]])
    b1 = np.array([0.0, 0.1, -0.1, 0.0])
    W2 = np.array([[0.5], [-0.5], [0.25], [-0.25]])
    b2 = np.array([0.1])
    y = np.array([[1.0]])

    model = M.Sequential([L.Dense(3, 4), L.Sigmoid(), L.Dense(4, 1), L.Sigmoid()])
    p = model.params()
    p["0.W"][...], p["0.b"][...], p["2.W"][...], p["2.b"][...] = W1, b1, W2, b2
    loss = losses.BCELoss()

    # ---- forward
    # z1 = x W1 + b1
    #   z1_1 = 1(0.1) + 2(0.2) + (-1)(0.0) + 0.0  =  0.1 + 0.4          =  0.5
    #   z1_2 = 1(-0.2) + 2(0.1) + (-1)(0.3) + 0.1 = -0.2 + 0.2 - 0.3 + 0.1 = -0.2
    #   z1_3 = 1(0.0) + 2(-0.1) + (-1)(0.2) - 0.1 = -0.2 - 0.2 - 0.1     = -0.5
    #   z1_4 = 1(0.3) + 2(0.0) + (-1)(-0.1) + 0.0 = 0.3 + 0.1            =  0.4
    # a1 = sigma(z1)
    #   sigma(0.5)  = 1 / (1 + e^-0.5) = 1 / (1 + 0.6065306597) = 0.6224593312
    #   sigma(-0.2) = 1 / (1 + e^0.2)  = 1 / (1 + 1.2214027582) = 0.4501660027
    #   sigma(-0.5) = 1 - sigma(0.5)                             = 0.3775406688
    #   sigma(0.4)  = 1 / (1 + e^-0.4) = 1 / (1 + 0.6703200460) = 0.5986876601
    a1 = np.array([[0.6224593312, 0.4501660027, 0.3775406688, 0.5986876601]])
    # z2 = a1 W2 + b2 = 0.5(0.6224593312) - 0.5(0.4501660027) + 0.25(0.3775406688) - 0.25(0.5986876601) + 0.1
    #    = 0.3112296656 - 0.2250830014 + 0.0943851672 - 0.1496719150 + 0.1 = 0.1308599164
    # a2 = sigma(0.1308599164) = 1 / (1 + e^-0.1308599164) = 1 / (1 + 0.8773404) = 0.5326683738
    a2 = 0.5326683738
    # L = -1 * ln(0.5326683738) = 0.6298562365
    out = model.forward(x, training=True)
    np.testing.assert_allclose(out, [[a2]], atol=1e-9)
    np.testing.assert_allclose(course_nn.sigmoid(x @ W1 + b1), a1, atol=1e-9)  # the hand values above
    assert loss.forward(out, y) == pytest.approx(0.6298562365, abs=1e-9)

    # ---- backward
    # dL/da2 = -y / a2 + (1 - y) / (1 - a2) = -1 / 0.5326683738 = -1.8773404
    grad_a2 = loss.backward()
    np.testing.assert_allclose(grad_a2, [[-1 / 0.5326683738]], rtol=1e-6)
    # dz2 = dL/da2 * a2 (1 - a2) = a2 - y = 0.5326683738 - 1 = -0.4673316262
    # dW2 = a1^T dz2 = [0.6224593312, 0.4501660027, 0.3775406688, 0.5986876601]^T (-0.4673316262)
    #     = [-0.2908949315, -0.2103768101, -0.1764366947, -0.2797856778]^T
    # db2 = dz2 = -0.4673316262
    # da1 = dz2 W2^T = -0.4673316262 [0.5, -0.5, 0.25, -0.25]
    #     = [-0.2336658131, 0.2336658131, -0.1168329066, 0.1168329066]
    # sigma'(z1) = a1 (1 - a1):
    #     0.6224593312 * 0.3775406688 = 0.2350037122
    #     0.4501660027 * 0.5498339973 = 0.2475165727
    #     0.3775406688 * 0.6224593312 = 0.2350037122
    #     0.5986876601 * 0.4013123399 = 0.2402607457
    # dz1 = da1 * sigma'(z1)
    #     = [-0.2336658131(0.2350037122), 0.2336658131(0.2475165727),
    #        -0.1168329066(0.2350037122), 0.1168329066(0.2402607457)]
    #     = [-0.0549123335, 0.0578361612, -0.0274561667, 0.0280703613]
    # dW1 = x^T dz1: row i is x_i * dz1, with x = (1, 2, -1)
    #     row 1 =  1 * dz1 = [-0.0549123335,  0.0578361612, -0.0274561667,  0.0280703613]
    #     row 2 =  2 * dz1 = [-0.1098246670,  0.1156723224, -0.0549123335,  0.0561407225]
    #     row 3 = -1 * dz1 = [ 0.0549123335, -0.0578361612,  0.0274561667, -0.0280703613]
    # db1 = dz1
    # dx = dz1 W1^T:
    #     dx_1 = -0.0549123335(0.1) + 0.0578361612(-0.2) + (-0.0274561667)(0.0) + 0.0280703613(0.3)
    #          = -0.0054912334 - 0.0115672322 + 0 + 0.0084211084 = -0.0086373572
    #     dx_2 = -0.0549123335(0.2) + 0.0578361612(0.1) + (-0.0274561667)(-0.1) + 0.0280703613(0.0)
    #          = -0.0109824667 + 0.0057836161 + 0.0027456167 + 0 = -0.0024532339
    #     dx_3 = -0.0549123335(0.0) + 0.0578361612(0.3) + (-0.0274561667)(0.2) + 0.0280703613(-0.1)
    #          = 0 + 0.0173508484 - 0.0054912333 - 0.0028070361 = 0.0090525789
    dx = model.backward(grad_a2)
    g = model.grads()
    np.testing.assert_allclose(g["2.W"], [[-0.2908949315], [-0.2103768101], [-0.1764366947],
                                          [-0.2797856778]], atol=1e-6)
    np.testing.assert_allclose(g["2.b"], [-0.4673316262], atol=1e-6)
    dz1 = [-0.0549123335, 0.0578361612, -0.0274561667, 0.0280703613]
    np.testing.assert_allclose(g["0.W"], [dz1, [2 * v for v in dz1], [-v for v in dz1]], atol=1e-6)
    np.testing.assert_allclose(g["0.b"], dz1, atol=1e-6)
    np.testing.assert_allclose(dx, [[-0.0086373572, -0.0024532339, 0.0090525789]], atol=1e-6)


# ---------------------------------------------------------------- bad input
def test_sequential_refuses_what_is_not_a_list_of_layers():
    with pytest.raises(TypeError, match=r"^layers must be a list of layers, got Dense\(2, 3\): write "
                                        r"Sequential\(\[layer, \.\.\.\]\), with square brackets$"):
        M.Sequential(L.Dense(2, 3, rng=0))
    with pytest.raises(TypeError, match=r"layers\[1\] is the class ReLU, not a layer: create one with \(\), "
                                        r"such as ReLU\(\)"):
        M.Sequential([L.Dense(2, 3, rng=0), L.ReLU])
    with pytest.raises(TypeError, match=r"layers\[0\] must be a Layer, got 'relu'"):
        M.Sequential(["relu"])
    with pytest.raises(TypeError, match=r"layers must be a list of layers, got 3"):
        M.Sequential(3)
    assert len(M.Sequential(layer for layer in [L.ReLU(), L.Tanh()]).layers) == 2  # any iterable


def test_forward_and_predict_take_lists_and_integers():
    model = M.Sequential([L.Dense(2, 1, init="constant")])
    model.params()["0.W"][...] = [[1.0], [0.5]]
    np.testing.assert_allclose(model.predict([[2, 4]]), [[4.0]])
    np.testing.assert_allclose(model.forward([[1, 1]], training=True), [[1.5]])
    assert model.predict([[2, 4]]).dtype == np.float64


def test_predict_runs_in_eval_mode():
    bn = L.BatchNorm(1)
    model = M.Sequential([bn])
    bn.running_mean[...] = [3.0]
    np.testing.assert_allclose(model.predict(np.array([[3.0], [5.0]])), [[0.0], [2 / np.sqrt(1 + 1e-5)]])
    np.testing.assert_array_equal(bn.running_mean, [3.0])


def test_sequential_repr_lists_the_layers():
    assert repr(M.Sequential([L.Dense(2, 3), L.ReLU()])) == "Sequential([\n    Dense(2, 3),\n    ReLU()\n])"
