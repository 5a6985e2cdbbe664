"""How fast is course_nn? One training epoch, timed several ways in one process.

The network is the one of the issue: Dense(64, 256) ReLU Dense(256, 256) ReLU Dense(256, 10),
softmax cross-entropy, mini-batches of 128, 8192 samples. It is trained for one epoch

* with ``course_nn.train`` (what a learner runs), SGD(lr=0.01) and Adam(lr=0.001), in float32 and
  float64, and with a BatchNorm after each hidden Dense;
* with the same network written as one fused NumPy loop (the practical limit for NumPy): same
  initial weights, same shuffling, same math, the loss and the accuracy bookkeeping of every batch
  (as ``train``), buffers allocated once;
* with PyTorch on the CPU and scikit-learn's MLPClassifier, when they are installed.

The contenders are timed in pairs, taking turns in one process (A B B A, then B A A B, ...),
over many short runs, each a fresh first epoch: each pair gives a ratio, and the report is the
median ratio of the pairs with its interquartile range (the spread). A slow moment of the
machine hits both contenders of a pair, so the ratios are steadier than the times. The targets
are

    course_nn / fused NumPy <= 1.15 with SGD (float32 and float64), <= 1.25 with Adam,

judged only when the spread supports the verdict: PASS when the 75th percentile of the ratios is
within the target, FAIL when the 25th is above it, UNCLEAR (with a warning) otherwise or when the
spread is wider than 10% of the median. float32 must stay float32 (parameters, gradients, optimizer
state, outputs). The script exits with status 1 on a FAIL or an UNCLEAR. Run it on an idle machine
(nothing else running: no test suite, no other benchmark).

    python benchmarks/bench_training.py              # threads = all cores
    python benchmarks/bench_training.py --threads 1
"""

import argparse
import gc
import math
import os
import platform
import sys
import time
import warnings
from functools import partial
from itertools import pairwise


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="BLAS / OpenMP / PyTorch threads (default: all cores)")
    parser.add_argument("--pairs", type=int, default=30,
                        help="timed pairs (A B B A) per comparison, after a warm-up pair")
    parser.add_argument("--samples", type=int, default=8192)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--no-references", action="store_true",
                        help="skip PyTorch and scikit-learn")
    return parser.parse_args()


ARGS = parse_args()
# Thread counts must be set before NumPy (and its BLAS) is loaded.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from environment import set_blas_threads  # noqa: E402

set_blas_threads(ARGS.threads)

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from course_nn import (  # noqa: E402
    SGD, Adam, BatchNorm, Dense, ReLU, Sequential, SoftmaxCrossEntropyLoss, train,
)

SIZES = (64, 256, 256, 10)
SGD_LR, ADAM_LR, BETAS, EPS = 0.01, 0.001, (0.9, 0.999), 1e-8
SEED = 0
TARGETS = {"SGD": 1.15, "Adam": 1.25}


# ----------------------------------------------------------------------------- the data, the models

def make_data(n_samples, dtype):
    """Inputs (n, 64) and labels from a random teacher network, so the task is learnable."""
    rng = np.random.default_rng(123)
    X = rng.standard_normal((n_samples, SIZES[0]))
    teacher = rng.standard_normal((SIZES[0], SIZES[-1]))
    y = (X @ teacher + rng.standard_normal((n_samples, SIZES[-1]))).argmax(axis=1)
    return X.astype(dtype), y


def course_nn_model(dtype, batchnorm=False):
    """The benchmark network in course_nn, with fixed initial weights."""
    layers = []
    for i, (n_in, n_out) in enumerate(pairwise(SIZES)):
        layers.append(Dense(n_in, n_out, rng=i, dtype=dtype))
        if i < len(SIZES) - 2:
            layers += [BatchNorm(n_out, dtype=dtype)] if batchnorm else []
            layers.append(ReLU())
    return Sequential(layers)


def initial_weights(dtype):
    """[W1, b1, W2, b2, W3, b3]: fresh copies of the initial weights of ``course_nn_model``."""
    return [p.copy() for p in course_nn_model(dtype).params().values()]


# ----------------------------------------------------------------------------- fused NumPy

def fused_numpy_epoch(params, X, y, batch_size, seed, optimizer="SGD", count_correct=True):
    """One epoch of the network as a single NumPy loop, updating ``params`` in place.

    The work of ``course_nn.train``: the same permutation of the samples (a Generator seeded
    with ``seed``), forward, the loss of each batch as a float, the number of samples each
    batch predicts right (``count_correct``), backward, and the update rule of
    ``torch.optim.SGD`` or ``torch.optim.Adam``, all with buffers allocated once.
    Returns the list of batch losses and the epoch's training accuracy (or None).
    """
    W1, b1, W2, b2, W3, b3 = params
    dtype = W1.dtype
    n = len(X)
    order = np.random.default_rng(seed).permutation(n)
    widths = [W.shape[1] for W in (W1, W2, W3)]
    x = np.empty((batch_size, X.shape[1]), dtype)
    z1, z2, z3 = (np.empty((batch_size, w), dtype) for w in widths)
    a1, a2, dz2, dz1 = (np.empty((batch_size, w), dtype) for w in widths[:2] * 2)
    mask = np.empty((batch_size, widths[1]), bool)
    grads = [np.empty_like(p) for p in params]
    dW1, db1, dW2, db2, dW3, db3 = grads
    if optimizer == "Adam":
        moments = [np.zeros_like(p) for p in params]
        squares = [np.zeros_like(p) for p in params]
        scratch = [np.empty_like(p) for p in params]
        beta1, beta2 = BETAS
    losses, correct = [], 0
    for step, start in enumerate(range(0, n, batch_size), start=1):
        batch = order[start:start + batch_size]
        m = len(batch)
        xb, z1b, z2b, z3b, a1b, a2b, dz1b, dz2b, maskb = (
            buf[:m] for buf in (x, z1, z2, z3, a1, a2, dz1, dz2, mask))
        np.take(X, batch, axis=0, out=xb)
        t = y[batch]
        rows = np.arange(m)
        # forward
        np.matmul(xb, W1, out=z1b)
        z1b += b1
        np.maximum(z1b, 0, out=a1b)
        np.matmul(a1b, W2, out=z2b)
        z2b += b2
        np.maximum(z2b, 0, out=a2b)
        np.matmul(a2b, W3, out=z3b)
        z3b += b3
        if count_correct:
            correct += np.count_nonzero(z3b.argmax(axis=1) == t)
        # softmax cross-entropy: the loss, then dL/dz3 = (softmax - onehot) / m in z3's buffer
        z3b -= z3b.max(axis=1, keepdims=True)
        picked = z3b[rows, t]
        np.exp(z3b, out=z3b)
        sums = z3b.sum(axis=1, keepdims=True)
        losses.append(float(np.log(sums).sum() - picked.sum()) / m)
        z3b /= sums
        z3b[rows, t] -= 1
        z3b /= m
        dz3b = z3b
        # backward
        np.matmul(a2b.T, dz3b, out=dW3)
        np.sum(dz3b, axis=0, out=db3)
        np.matmul(dz3b, W3.T, out=dz2b)
        np.greater(z2b, 0, out=maskb)
        dz2b *= maskb
        np.matmul(a1b.T, dz2b, out=dW2)
        np.sum(dz2b, axis=0, out=db2)
        np.matmul(dz2b, W2.T, out=dz1b)
        np.greater(z1b, 0, out=maskb)
        dz1b *= maskb
        np.matmul(xb.T, dz1b, out=dW1)
        np.sum(dz1b, axis=0, out=db1)
        # update
        if optimizer == "SGD":
            for p, g in zip(params, grads):
                g *= SGD_LR
                p -= g
        else:
            step_size = ADAM_LR / (1 - beta1 ** step)
            root_correction = math.sqrt(1 - beta2 ** step)
            for p, g, mo, sq, tmp in zip(params, grads, moments, squares, scratch):
                mo *= beta1
                np.multiply(g, 1 - beta1, out=tmp)
                mo += tmp
                sq *= beta2
                g *= g
                g *= 1 - beta2
                sq += g
                np.sqrt(sq, out=tmp)
                tmp /= root_correction
                tmp += EPS
                np.divide(mo, tmp, out=tmp)
                tmp *= step_size
                p -= tmp
    return losses, correct / n if count_correct else None


# ----------------------------------------------------------------------------- the contenders
# Each ``prepare_*`` function builds everything a run needs (untimed), from the same initial
# weights, and returns the run itself: a function of no arguments that trains for one epoch and
# returns the batch losses and the training accuracy of the epoch (None where not computed).

def prepare_course_nn(X, y, optimizer="SGD", batchnorm=False):
    model = course_nn_model(X.dtype, batchnorm)
    loss = SoftmaxCrossEntropyLoss()
    opt = SGD(lr=SGD_LR) if optimizer == "SGD" else Adam(lr=ADAM_LR, betas=BETAS, eps=EPS)

    def run():
        history = train(model, loss, opt, X, y, epochs=1, batch_size=ARGS.batch_size, seed=SEED,
                        progress=False)
        return history.batch_loss, history.accuracy[-1]

    run.model, run.loss, run.optimizer = model, loss, opt
    return run


def prepare_fused(X, y, optimizer="SGD", count_correct=True):
    params = initial_weights(X.dtype)
    return lambda: fused_numpy_epoch(params, X, y, ARGS.batch_size, SEED, optimizer, count_correct)


def prepare_torch(X, y):
    import torch

    torch.set_num_threads(ARGS.threads)
    dtype = torch.float32 if X.dtype == np.float32 else torch.float64
    linears = [torch.nn.Linear(n_in, n_out, dtype=dtype) for n_in, n_out in pairwise(SIZES)]
    weights = initial_weights(X.dtype)
    with torch.no_grad():
        for linear, W, b in zip(linears, weights[::2], weights[1::2]):
            linear.weight.copy_(torch.from_numpy(W.T))
            linear.bias.copy_(torch.from_numpy(b))
    net = torch.nn.Sequential(linears[0], torch.nn.ReLU(), linears[1], torch.nn.ReLU(), linears[2])
    opt = torch.optim.SGD(net.parameters(), lr=SGD_LR)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)

    def run():
        order = torch.from_numpy(np.random.default_rng(SEED).permutation(len(X)))
        losses = []
        for start in range(0, len(X), ARGS.batch_size):
            batch = order[start:start + ARGS.batch_size]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(X_t[batch]), y_t[batch])
            loss.backward()
            opt.step()
            losses.append(loss.item())
        return losses, None

    return run


def prepare_sklearn(X, y):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=SIZES[1:-1], activation="relu", solver="sgd",
                        alpha=0.0, batch_size=ARGS.batch_size, learning_rate_init=SGD_LR,
                        momentum=0.0, nesterovs_momentum=False, max_iter=1, shuffle=True,
                        random_state=SEED)

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)
        return None, None

    run.model = clf
    return run


def timed_run(prepare):
    """Seconds one fresh run of ``prepare()`` takes; the preparation and a garbage collection
    come before the clock starts, and the collector is off while it runs."""
    run = prepare()
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    gc.enable()
    return elapsed


def paired_ratios(prepare_a, prepare_b, pairs):
    """Time fresh runs of ``prepare_a()`` and ``prepare_b()`` in turns: ``pairs`` pairs after
    a warm-up pair.

    A pair is four runs in mirrored order, A B B A (the next pair B A A B), and its ratio is
    the time of its two A runs over that of its two B runs: a steady drift of the machine's
    speed within the four runs cancels, and two runs of each contender halve the noise of a
    single run's ratio (measured: the interquartile range of the ratios shrank from 7-9% to
    4-6% of the median at all cores). Flipping the order from pair to pair means neither
    contender always follows the other, whose data may still fill the caches or have just
    evicted them.

    Before each timed run, its ``prepare`` builds a new model and optimizer (untimed), so every
    run is the same work: the first epoch from the same initial weights. Runs that went on
    training would not be: as the network grows confident, the softmax of the wrong classes falls
    into subnormal numbers (below 1.2e-38 in float32), whose arithmetic is many times slower,
    and two contenders reach that point at different epochs.

    Returns the arrays of the mean time of A's runs, of B's, and of the ratios A / B, one entry
    per pair.
    """
    times = {prepare_a: [], prepare_b: []}
    for index in range(pairs + 1):  # pair 0 warms up (allocations, caches) and is dropped
        first, second = (prepare_a, prepare_b) if index % 2 else (prepare_b, prepare_a)
        elapsed = {prepare_a: 0.0, prepare_b: 0.0}
        for prepare in (first, second, second, first):
            elapsed[prepare] += timed_run(prepare)
        if index:
            for prepare, seconds in elapsed.items():
                times[prepare].append(seconds / 2)
    a, b = np.array(times[prepare_a]), np.array(times[prepare_b])
    return a, b, a / b


class Comparison:
    """The paired ratios of two contenders: median, interquartile range, and a verdict."""

    def __init__(self, times_a, times_b, ratios):
        self.time_a, self.time_b = float(np.median(times_a)), float(np.median(times_b))
        self.low, self.ratio, self.high = (float(q) for q in np.percentile(ratios, [25, 50, 75]))

    @property
    def spread(self):
        """Width of the interquartile range relative to the median."""
        return (self.high - self.low) / self.ratio

    def __str__(self):
        return f"{self.ratio:.2f} ({self.low:.2f}-{self.high:.2f})"

    def verdict(self, limit):
        """PASS, FAIL, or UNCLEAR when the spread does not support either."""
        if self.spread > MAX_SPREAD:
            return "UNCLEAR"
        return "PASS" if self.high <= limit else "FAIL" if self.low > limit else "UNCLEAR"


MAX_SPREAD = 0.10
"""A spread wider than this (interquartile range / median) is too noisy to judge a target."""


# ----------------------------------------------------------------------------- checks

def dtype_problems(run, X, y):
    """Every array of a trained course_nn model whose dtype is not X's, as readable strings."""
    model, loss, opt = run.model, run.loss, run.optimizer
    want, problems = X.dtype, []

    def check(what, array):
        if np.asarray(array).dtype != want:
            problems.append(f"{what} is {np.asarray(array).dtype}")

    for name, p in model.params().items():
        check(f"param {name}", p)
    for name, g in model.grads().items():
        check(f"grad {name}", g)
    for name, state in opt.state.items():
        for key, value in state.items():
            if isinstance(value, np.ndarray):
                check(f"optimizer state {name}.{key}", value)
    out = X[:ARGS.batch_size]
    for i, layer in enumerate(model.layers):  # every layer's output and input gradient
        out = layer.forward(out, training=True)
        check(f"output of layer {i} ({layer!r})", out)
        if isinstance(layer, BatchNorm):
            check(f"running_mean of layer {i}", layer.running_mean)
            check(f"running_var of layer {i}", layer.running_var)
    loss.forward(out, y[:ARGS.batch_size])
    grad = loss.backward()
    check("loss gradient", grad)
    for i, layer in reversed(list(enumerate(model.layers))):
        grad = layer.backward(grad)
        check(f"input gradient of layer {i} ({layer!r})", grad)
    check("predict", model.predict(X[:8]))
    return problems


def max_relative_difference(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-12)))


# ----------------------------------------------------------------------------- report

def machine_facts():
    facts = [f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"]
    try:
        with open("/proc/cpuinfo") as f:
            facts.append(next(line.split(":", 1)[1].strip() for line in f
                              if line.startswith("model name")))
    except (OSError, StopIteration):
        pass
    blas = "unknown BLAS"
    try:
        config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{config['name']} {config.get('version', '')}".strip()
    except (TypeError, KeyError):  # older NumPy: no mode="dicts"
        pass
    lines = [
        "machine: " + ", ".join(facts),
        f"Python {platform.python_version()}, NumPy {np.__version__} with {blas}",
        (f"threads: OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = {ARGS.threads}"
         " (and torch.set_num_threads)"),
    ]
    try:
        from threadpoolctl import threadpool_info

        pools = sorted({f"{p['internal_api']} {p['num_threads']}" for p in threadpool_info()})
        lines.append("thread pools loaded (threadpoolctl): " + ", ".join(pools))
    except ImportError:
        pass
    return lines


def milliseconds(seconds):
    return f"{1000 * seconds:.1f} ms"


def main():
    for line in machine_facts():
        print(line)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 0.5:
        print(f"warning: load average {load:.1f} before the start: other programs are running; "
              "the spreads below say whether the ratios can still be judged")
    print(f"one epoch: {ARGS.samples} samples, batches of {ARGS.batch_size}, "
          f"network {' -> '.join(map(str, SIZES))} with ReLU; {ARGS.pairs} timed pairs per "
          "comparison, each A B B A or B A A B; ratio = median of the pairs (interquartile "
          "range)\n")

    dtypes = (np.float32, np.float64)
    data = {dt: make_data(ARGS.samples, dt) for dt in dtypes}
    compared, verdicts, notes = {}, [], []

    # 1. the same math: the same batch losses (fresh runs from the same initial weights)
    for dt in dtypes:
        X, y = data[dt]
        for opt in ("SGD", "Adam"):
            (course_losses, course_acc), (fused_losses, fused_acc) = (
                prepare_course_nn(X, y, opt)(), prepare_fused(X, y, opt)())
            diff = max_relative_difference(course_losses, fused_losses)
            ok = diff < (1e-3 if dt == np.float32 else 1e-9) and course_acc == fused_acc
            notes.append(f"course_nn vs fused, {opt} {np.dtype(dt).name}: batch losses within "
                         f"{diff:.1e} (relative), training accuracy {course_acc:.4f} and "
                         f"{fused_acc:.4f}" + ("" if ok else "  (MISMATCH)"))
            label = f"the fused loop computes the same losses and accuracy ({opt}, {dt.__name__})"
            verdicts.append((label, "PASS" if ok else "FAIL"))

    # 2. the pairs: course_nn against the fused loop, BatchNorm against none, the accuracy's cost
    course = {}  # (optimizer, dtype) -> a function that prepares a course_nn run
    for dt in dtypes:
        X, y = data[dt]
        for opt in ("SGD", "Adam"):
            course[opt, dt] = partial(prepare_course_nn, X, y, opt)
            compared["fused", opt, dt] = Comparison(*paired_ratios(
                course[opt, dt], partial(prepare_fused, X, y, opt), ARGS.pairs))
        course["SGD+BN", dt] = partial(prepare_course_nn, X, y, "SGD", batchnorm=True)
        compared["BatchNorm", "SGD", dt] = Comparison(*paired_ratios(
            course["SGD+BN", dt], course["SGD", dt], ARGS.pairs))
        compared["accuracy", "SGD", dt] = Comparison(*paired_ratios(
            partial(prepare_fused, X, y, "SGD"),
            partial(prepare_fused, X, y, "SGD", count_correct=False), ARGS.pairs))

    # 3. the references, when installed
    unavailable = {}  # reference -> why it has no time
    for name, prepare in (("PyTorch", prepare_torch), ("scikit-learn", prepare_sklearn)):
        for dt in dtypes:
            if ARGS.no_references:
                unavailable[name] = "skipped"
                continue
            try:
                run = prepare(*data[dt])
            except ImportError:
                unavailable[name] = "not installed"
                continue
            compared[name, "SGD", dt] = Comparison(*paired_ratios(
                course["SGD", dt], partial(prepare, *data[dt]), ARGS.pairs))
            if name == "PyTorch":
                diff = max_relative_difference(run()[0], course["SGD", dt]()()[0])
                notes.append(f"batch losses, PyTorch vs course_nn, {np.dtype(dt).name}: "
                             f"max relative difference {diff:.1e}")
            else:
                run()
                coef_dtype = run.model.coefs_[0].dtype
                notes.append(f"scikit-learn trained in {coef_dtype} on {np.dtype(dt).name} data")

    # 4. the table
    def cell(key, what):
        if key[0] in unavailable:
            return unavailable[key[0]]
        comparison = compared[key]
        return {"a": milliseconds(comparison.time_a), "b": milliseconds(comparison.time_b),
                "ratio": str(comparison)}[what]

    rows = [("course_nn, SGD", ("fused", "SGD"), "a"),
            ("fused NumPy, SGD", ("fused", "SGD"), "b"),
            ("ratio course_nn / fused, SGD", ("fused", "SGD"), "ratio"),
            ("course_nn, Adam", ("fused", "Adam"), "a"),
            ("fused NumPy, Adam", ("fused", "Adam"), "b"),
            ("ratio course_nn / fused, Adam", ("fused", "Adam"), "ratio"),
            ("ratio course_nn with BatchNorm / without", ("BatchNorm", "SGD"), "ratio"),
            ("PyTorch (CPU), SGD", ("PyTorch", "SGD"), "b"),
            ("ratio course_nn / PyTorch, SGD", ("PyTorch", "SGD"), "ratio"),
            ("scikit-learn MLPClassifier, SGD", ("scikit-learn", "SGD"), "b"),
            ("ratio course_nn / scikit-learn, SGD", ("scikit-learn", "SGD"), "ratio")]
    print("| one epoch (median ms; ratio: median of the pairs, interquartile range) "
          "| float32 | float64 |")
    print("|---|---:|---:|")
    for label, key, what in rows:
        cells = [cell((*key, dt), what) for dt in dtypes]
        print(f"| {label} | {cells[0]} | {cells[1]} |")
    print()

    # 5. targets
    for opt, limit in TARGETS.items():
        for dt in dtypes:
            comparison = compared["fused", opt, dt]
            label = (f"course_nn / fused NumPy with {opt}, {dt.__name__}: {comparison} <= {limit}"
                     f" (spread {100 * comparison.spread:.0f}%)")
            verdicts.append((label, comparison.verdict(limit)))
    for dt in dtypes:
        for label, key in (("SGD", ("SGD", dt)), ("Adam", ("Adam", dt)),
                           ("SGD + BatchNorm", ("SGD+BN", dt))):
            run = course[key]()
            run()  # one epoch, then every array is checked
            problems = dtype_problems(run, *data[dt])
            verdicts.append((f"{np.dtype(dt).name} stays {np.dtype(dt).name} ({label}): "
                             + ("params, grads, optimizer state, every layer's output and "
                                "gradient" if not problems else "; ".join(problems)),
                             "FAIL" if problems else "PASS"))
    for dt in dtypes:
        share = compared["accuracy", "SGD", dt].ratio - 1
        notes.append(f"train's per-batch accuracy costs {100 * share:.1f}% of the fused SGD loop "
                     f"in {np.dtype(dt).name} (measured with and without it), so the fused loop "
                     "keeps it")
    for note in notes:
        print("note:", note)
    print()
    for label, verdict in verdicts:
        print(f"{verdict:<8}{label}")
    if any(verdict == "UNCLEAR" for _, verdict in verdicts):
        print(f"\nwarning: some spreads are too wide (over {100 * MAX_SPREAD:.0f}% of the median) or "
              "straddle a target: run again on an idle machine, or with more --pairs")
    return 0 if all(verdict == "PASS" for _, verdict in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
