"""benchmarks/bench_training.py: the contenders do the same work, every timed run starts afresh,
and the verdicts follow the spread (the timings themselves are for an idle machine, not for CI)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "bench_training.py"


@pytest.fixture
def bench(monkeypatch):
    """The benchmark module, imported with one BLAS thread; the environment is restored after."""
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(variable, "1")
    monkeypatch.setattr(sys, "argv", [str(SCRIPT), "--threads", "1", "--no-references"])
    spec = importlib.util.spec_from_file_location("bench_training_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_short_run_finds_the_same_math_and_dtypes():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--pairs", "2", "--samples", "1024", "--no-references"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    out = result.stdout
    assert result.returncode in (0, 1), result.stderr  # 1: a timing verdict is not PASS
    assert out.count("PASS    the fused loop computes the same losses and accuracy") == 4, out
    assert out.count("PASS    float32 stays float32") == 3, out
    assert out.count("PASS    float64 stays float64") == 3, out
    for row in ("| ratio course_nn / fused, SGD |", "| ratio course_nn / fused, Adam |",
                "| ratio course_nn with BatchNorm / without |"):
        assert row in out


def test_every_timed_run_is_prepared_afresh_in_mirrored_order(bench):
    events = []

    def prepare(name):
        def prepare_run():
            events.append(("prepare", name))
            return lambda: events.append(("run", name))
        return prepare_run

    a, b, ratios = bench.paired_ratios(prepare("A"), prepare("B"), pairs=3)
    assert len(a) == len(b) == len(ratios) == 3  # the warm-up pair is dropped
    runs = [name for kind, name in events if kind == "run"]
    assert runs == ["B", "A", "A", "B",  # the warm-up pair
                    "A", "B", "B", "A", "B", "A", "A", "B", "A", "B", "B", "A"]
    assert events[0::2] == [("prepare", name) for name in runs]  # a fresh run before each timing
    np.testing.assert_allclose(ratios, a / b)


def test_a_pair_compares_the_mean_of_two_runs_of_each(bench, monkeypatch):
    seconds = {"A": iter([9.0, 9.0, 2.0, 4.0, 3.0, 5.0]), "B": iter([9.0, 9.0, 1.0, 1.0, 2.0, 2.0])}
    monkeypatch.setattr(bench, "timed_run", lambda prepare: next(seconds[prepare()]))
    a, b, ratios = bench.paired_ratios(lambda: "A", lambda: "B", pairs=2)
    np.testing.assert_array_equal(a, [3.0, 4.0])  # the warm-up pair's 9.0 is dropped
    np.testing.assert_array_equal(b, [1.0, 2.0])
    np.testing.assert_array_equal(ratios, [3.0, 2.0])


def test_a_fresh_course_nn_run_repeats_the_first_epoch(bench):
    X, y = bench.make_data(512, np.float64)
    first = bench.prepare_course_nn(X, y, "Adam")()
    again = bench.prepare_course_nn(X, y, "Adam")()
    assert first[0] == again[0]
    fused = bench.prepare_fused(X, y, "Adam")()
    assert fused[0] == bench.prepare_fused(X, y, "Adam")()[0]
    np.testing.assert_allclose(first[0], fused[0], rtol=1e-12)


@pytest.mark.parametrize("ratios, verdict", [
    ([1.00, 1.01, 1.02, 1.03, 1.04], "PASS"),
    ([1.20, 1.21, 1.22, 1.23, 1.24], "FAIL"),
    ([1.10, 1.13, 1.15, 1.17, 1.20], "UNCLEAR"),  # the quartiles straddle the limit
    ([0.80, 0.85, 1.00, 1.10, 1.12], "UNCLEAR"),  # within the limit, but a spread of 25%
])
def test_verdicts_follow_the_quartiles_and_the_spread(bench, ratios, verdict):
    ratios = np.array(ratios)
    comparison = bench.Comparison(ratios, np.ones_like(ratios), ratios)
    assert comparison.verdict(1.15) == verdict
