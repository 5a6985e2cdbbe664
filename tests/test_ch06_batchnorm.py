"""Chapter 6's figure helper: ``plotting.sweep`` draws one line per variant and marks diverged runs."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from course_nn import plotting  # noqa: E402


def test_sweep_draws_each_variant_and_marks_diverged_runs():
    ax = plotting.sweep([0.1, 1.0, 10.0], {"without BN": [1.1, 0.4, np.nan],
                                          "with BN": [0.3, 0.2, 0.25]},
                        xlabel="scale", ylabel="loss", reference=(np.log(3), "chance"))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["without BN", "without BN: diverged", "with BN", "chance"]
    crosses = next(line for line in ax.lines if line.get_label() == "without BN: diverged")
    assert list(crosses.get_xdata()) == [10.0]
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "scale" and ax.get_ylabel() == "loss"
    plt.close("all")


def test_sweep_without_failures_has_no_cross():
    ax = plotting.sweep([1, 2], {"a": [1.0, 2.0]}, log_x=False)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a"]
    plt.close("all")
