"""The student edition (DESIGN section 5): no solution leaks into it, and executed as it is,
every check cell reports "not implemented yet" and no other cell fails."""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course_nn.student import SOLUTION_DIRECTIVES, main, write_student_editions

BOOK = Path(__file__).resolve().parents[1] / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def is_solution(cell):
    return "solution" in tags(cell) or (
        cell.cell_type == "markdown" and any(d in cell.source for d in SOLUTION_DIRECTIVES))


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    write_student_editions(BOOK, out)
    return out


def test_command_line_writes_one_edition_per_notebook(tmp_path, capsys):
    main([str(BOOK), "--out", str(tmp_path)])
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_solution_line_leaks(path, editions):
    original = nbformat.read(path, as_version=4)
    student = nbformat.read(editions / path.name, as_version=4)
    assert any(is_solution(cell) for cell in original.cells), "the chapter has no solution"
    public = {line.strip() for cell in original.cells if not is_solution(cell)
              for line in cell.source.splitlines()}
    student_lines = {line.strip() for cell in student.cells for line in cell.source.splitlines()}
    for cell in original.cells:
        if is_solution(cell):
            secret = {line.strip() for line in cell.source.splitlines()} - public - {""}
            assert not secret & student_lines, f"solution lines leak: {secret & student_lines}"
    assert not any(cell.get("outputs") for cell in student.cells), "outputs must be cleared"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_executed_as_is_every_check_reports_not_implemented(path, editions):
    nb = nbformat.read(editions / path.name, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(BOOK)}}).execute()
    check_cells = [cell for cell in nb.cells if "check" in tags(cell)]
    assert check_cells, "the chapter has no check cell"
    for cell in check_cells:
        text = json.dumps(cell.outputs)
        assert "not implemented yet" in text, f"check cell {cell.source!r} printed {text}"
