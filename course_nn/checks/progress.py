"""What a learner has done: every check that passes is recorded, ``progress()`` lists them.

The record is a small JSON file in the user's data folder, so that it survives kernel restarts
and is shared by all the chapters' notebooks:

- Linux and other Unix systems: ``$XDG_DATA_HOME/course_nn/progress.json``, by default
  ``~/.local/share/course_nn/progress.json``;
- macOS: ``~/Library/Application Support/course_nn/progress.json``;
- Windows: ``%APPDATA%\\course_nn\\progress.json``.

The environment variable ``COURSE_NN_PROGRESS`` names another file (the tests point it at a
temporary one). ``reset_progress()`` forgets everything.
"""

import json
import os
import pkgutil
import sys
import warnings
from datetime import datetime, timezone
from importlib import import_module
from pathlib import Path

ENVIRONMENT_VARIABLE = "COURSE_NN_PROGRESS"


def progress_file():
    """The path of the JSON file that records the passed checks."""
    if os.environ.get(ENVIRONMENT_VARIABLE):
        return Path(os.environ[ENVIRONMENT_VARIABLE]).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "course_nn" / "progress.json"


def passed_checks():
    """``{check name: UTC time it first passed}``; empty if nothing is recorded or readable."""
    try:
        data = json.loads(progress_file().read_text(encoding="utf-8"))
        return dict(data["passed"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def record_pass(name):
    """Record that the check ``name`` passed. A file that cannot be written only warns."""
    passed = passed_checks()
    if name in passed:
        return
    passed[name] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    path = progress_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps({"passed": passed}, indent=1, sort_keys=True) + "\n",
                           encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        warnings.warn(f"could not record your progress in {path}: {error}. Set the environment "
                      f"variable {ENVIRONMENT_VARIABLE} to a file you can write.", stacklevel=3)


def chapters():
    """``[(chapter number, topic, [check name, ...]), ...]``, from the modules ``chNN_topic``.

    A chapter's checks may fill several modules (``ch02_backprop``, ``ch02_d_layers``, ...), named
    so that sorting the names puts them in the order of the chapter; the first gives the topic.
    Within a module the checks are in the order of its ``__all__``: the list of a chapter is the
    order of its exercises.
    """
    from .core import REGISTRY

    package = import_module(__package__)
    found = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
        if module.startswith("ch") and module[2:4].isdigit():
            number, topic = int(module[2:4]), module[5:].replace("_", " ")
            names = getattr(import_module(f"{__package__}.{module}"), "__all__", [])
            listed = found.setdefault(number, (number, topic, []))[2]
            listed += [name for name in names if name in REGISTRY]
    return list(found.values())


def _book_index():
    """The book's ``BookIndex`` when course_nn runs from the course's folder (``pip install -e
    .``, as the README says), else ``None``: exercises are then named by their checks only."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "_toc.yml").is_file():
        return None
    try:
        from ..book_index import BookIndex

        return BookIndex(root)
    except Exception:  # noqa: BLE001 (a book being edited may not parse: fall back to names)
        return None


def progress():
    """Print every checked exercise of the course, by chapter, with passed / not yet.

    An exercise is shown as on the site ("Exercise 10 (The derivative of ReLU)") when the book
    is at hand, and always by the name of its check (``relu_derivative``).
    """
    passed = passed_checks()
    listing, book = chapters(), _book_index()
    total = sum(len(names) for _, _, names in listing)
    done = sum(name in passed for _, _, names in listing for name in names)
    print(f"Your progress: {done} of {total} checked exercises passed.")
    for number, topic, names in listing:
        count = sum(name in passed for name in names)
        exercises = [book.checks.get(name) if book else None for name in names]
        title = next((book.titles[e.doc] for e in exercises if e), f"Chapter {number} ({topic})")
        print(f"\n{title}: {count} of {len(names)} passed")
        for name, exercise in zip(names, exercises):
            shown = f"Exercise {exercise.number} ({exercise.title}), " if exercise else ""
            print(f"  [{'x' if name in passed else ' '}] {shown}{name}: "
                  f"{'passed' if name in passed else 'not yet'}")
    print(f"\n(recorded in {progress_file()}; `checks.reset_progress()` starts again)")


def reset_progress():
    """Forget every passed check (delete the record)."""
    path = progress_file()
    path.unlink(missing_ok=True)
    print(f"Progress reset: {path} deleted.")
