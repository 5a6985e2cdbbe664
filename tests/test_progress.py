"""Progress (course_nn.checks.progress): a passing check records itself in a JSON file that
survives kernel restarts; ``checks.progress()`` lists every checked exercise; a learner can
reset it."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import course_nn
from course_nn import activations, checks
from course_nn.book_index import BookIndex
from course_nn.checks.progress import ENVIRONMENT_VARIABLE, chapters, passed_checks, progress_file

progress_module = sys.modules["course_nn.checks.progress"]

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def record(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "progress.json"
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(path))
    return path


def stub(z):
    raise NotImplementedError


def test_the_test_session_never_records_into_the_users_folder():
    assert ENVIRONMENT_VARIABLE in os.environ
    assert progress_file().is_relative_to(tempfile.gettempdir())


def test_a_passing_check_is_recorded_and_a_failing_one_is_not(record, capsys):
    checks.relu_derivative(stub)
    checks.tanh_derivative(lambda z: 1 - z ** 2)
    assert not record.exists()
    checks.relu_derivative(activations.relu_derivative)
    assert list(passed_checks()) == ["relu_derivative"]
    assert json.loads(record.read_text())["passed"].keys() == {"relu_derivative"}
    checks.relu_derivative(stub)  # failing later does not undo a pass
    assert list(passed_checks()) == ["relu_derivative"]


def test_progress_lists_every_check_by_chapter_with_the_count(record, capsys):
    checks.relu_derivative(activations.relu_derivative)
    checks.elu(activations.elu)
    capsys.readouterr()
    checks.progress()
    out = capsys.readouterr().out
    total = len(checks.REGISTRY)
    assert f"Your progress: 2 of {total} checked exercises passed." in out
    relu = BookIndex(ROOT).checks["relu_derivative"]  # numbered and titled as on the site
    in_chapter_3 = len(dict((number, names) for number, _, names in chapters())[3])
    assert f"3. Activation functions: 2 of {in_chapter_3} passed" in out
    assert f"[x] Exercise {relu.number} (The derivative of ReLU), relu_derivative: passed" in out
    assert "tanh_derivative: not yet" in out
    for name in checks.REGISTRY:
        assert name in out
    assert out.index("1. The model") < out.index("2. Backprop") < out.index("3. Activation")
    assert str(record) in out


def test_without_the_book_progress_names_the_checks(record, capsys, monkeypatch):
    """Installed without the book's sources, exercises are named by their checks."""
    monkeypatch.setattr(progress_module, "_book_index", lambda: None)
    checks.relu_derivative(activations.relu_derivative)
    checks.progress()
    out = capsys.readouterr().out
    in_chapter_3 = len(dict((number, names) for number, _, names in chapters())[3])
    assert f"Chapter 3 (activations): 1 of {in_chapter_3} passed" in out
    assert "[x] relu_derivative: passed" in out and "[ ] tanh_derivative: not yet" in out


def test_every_exercise_with_a_check_cell_is_listed():
    """The check cells of the book call exactly the checks that progress() lists."""
    assert sorted(BookIndex(ROOT).checks) == sorted(checks.REGISTRY)


def test_every_check_belongs_to_a_chapter():
    listed = [name for _, _, names in chapters() for name in names]
    assert sorted(listed) == sorted(checks.REGISTRY)


def test_a_chapter_in_several_modules_is_listed_once():
    """Chapter 2's checks fill ch02_backprop, ch02_d_layers and ch02_gradient_checking."""
    numbers = [number for number, _, _ in chapters()]
    assert numbers == sorted(set(numbers))
    number, topic, names = chapters()[1]
    assert (number, topic, len(names)) == (2, "backprop", 8)


@pytest.mark.parametrize("index", range(8))
def test_every_chapter_lists_its_checks_in_the_order_of_its_exercises(index):
    number, _, names = chapters()[index]
    exercises = BookIndex(ROOT).checks
    numbers = [exercises[name].number for name in names]
    assert numbers == sorted(numbers), f"chapter {number}: {list(zip(names, numbers))}"


def test_reset_forgets_everything(record, capsys):
    checks.relu_derivative(activations.relu_derivative)
    checks.reset_progress()
    assert not record.exists() and passed_checks() == {}
    checks.reset_progress()  # nothing to delete: no error
    assert "Progress reset" in capsys.readouterr().out


def test_progress_survives_a_new_process(record):
    """A kernel restart is a new process: what one recorded, the next one reads."""
    code = ("import numpy as np; from course_nn import checks, activations; "
            "checks.elu(activations.elu)")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert list(passed_checks()) == ["elu"]


def test_a_broken_or_foreign_file_is_read_as_no_progress(record, capsys):
    record.parent.mkdir(parents=True)
    for content in ("{not json", "[1, 2]", '{"other": 1}'):
        record.write_text(content)
        assert passed_checks() == {}
    checks.relu_derivative(activations.relu_derivative)  # and is replaced by a good record
    assert list(passed_checks()) == ["relu_derivative"]


def test_an_unwritable_record_warns_and_the_check_still_reports(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(blocker / "progress.json"))
    with pytest.warns(UserWarning, match=ENVIRONMENT_VARIABLE):
        checks.relu_derivative(activations.relu_derivative)
    assert f"all {len(checks.relu_derivative.cases)} checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("platform, variable, expected", [
    ("linux", "XDG_DATA_HOME", "{value}/course_nn/progress.json"),
    ("linux", None, "{home}/.local/share/course_nn/progress.json"),
    ("darwin", None, "{home}/Library/Application Support/course_nn/progress.json"),
    ("win32", "APPDATA", "{value}/course_nn/progress.json"),
])
def test_the_default_file_is_in_the_users_data_folder(platform, variable, expected, tmp_path,
                                                       monkeypatch):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    if variable:
        monkeypatch.setenv(variable, str(tmp_path / "data"))
    path = progress_file()
    assert path == Path(expected.format(value=tmp_path / "data", home=tmp_path / "home"))
    assert not path.is_relative_to(Path(course_nn.__file__).parent)
