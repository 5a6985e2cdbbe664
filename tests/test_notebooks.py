"""The book's notebooks are committed executed, in one top-to-bottom run, and match the table of
contents.

nbval (strict) compares the stored outputs with fresh ones, but a cell stored without outputs is not
compared at all: these tests make sure every cell was executed, so nbval checks every output.
Re-execute the notebooks with ``python scripts/execute_notebooks.py``.
"""

import re
import time
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import get_sanitize_patterns
from sphinx_external_toc.parsing import parse_toc_yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
SOURCE_SUFFIXES = (".md", ".ipynb")


def toc_docnames():
    """Return the documents of ``_toc.yml``, as paths relative to the root, without suffix."""
    return list(parse_toc_yaml(ROOT / "_toc.yml"))


def code_cells(path):
    """Return the non-empty code cells of the notebook at ``path``."""
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_every_toc_entry_exists():
    missing = [
        name for name in toc_docnames()
        if not any((ROOT / name).with_suffix(s).is_file() for s in SOURCE_SUFFIXES)
    ]
    assert not missing, f"listed in _toc.yml but not found: {missing}"


def test_every_notebook_is_in_the_toc():
    listed = set(toc_docnames())
    absent = [p.name for p in NOTEBOOKS
              if p.relative_to(ROOT).with_suffix("").as_posix() not in listed]
    assert not absent, f"notebooks missing from _toc.yml: {absent}"


def test_every_code_cell_is_executed_in_order():
    problems = []
    for path in NOTEBOOKS:
        counts = [c.execution_count for c in code_cells(path)]
        if counts != list(range(1, len(counts) + 1)):
            problems.append(f"{path.name}: execution counts {counts}")
    assert not problems, (
        "re-execute with `python scripts/execute_notebooks.py`:\n" + "\n".join(problems)
    )


def test_no_error_outputs_unless_tagged():
    problems = []
    for path in NOTEBOOKS:
        for cell in code_cells(path):
            errors = [o for o in cell.outputs if o.output_type == "error"]
            if errors and "raises-exception" not in cell.metadata.get("tags", []):
                problems.append(f"{path.name}, cell {cell.execution_count}: {errors[0].ename}")
    assert not problems, "errors in cells not tagged raises-exception:\n" + "\n".join(problems)


def test_no_line_of_inline_math_starts_like_a_list_item():
    """A line that starts with "+ ", "- " or "1. " inside $...$ opens a list in Markdown: the
    formula is cut in two, and JupyterLab and VS Code show raw TeX."""
    marker = re.compile(r"\s*([-+*]|\d+[.)])\s")
    found = []
    for path in NOTEBOOKS:
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type != "markdown":
                continue
            dollars = 0
            for line in re.sub(r"\$\$.*?\$\$", "", cell.source, flags=re.S).split("\n"):
                if not line.strip():
                    dollars = 0
                elif dollars % 2 and marker.match(line):
                    found.append(f"{path.name}, cell {number}: {line[:60]}")
                dollars += line.count("$") - line.count("\\$")
    assert not found, "move the sign to the end of the line before:\n" + "\n".join(found)


def sanitize_patterns():
    """The (regex, replacement) pairs of book/sanitize.cfg, read by nbval's own parser."""
    return get_sanitize_patterns((ROOT / "book" / "sanitize.cfg").read_text(encoding="utf-8"))


def sanitized(text):
    """``text`` as nbval compares it: every pattern of book/sanitize.cfg applied in turn."""
    for regex, replacement in sanitize_patterns():
        text = re.sub(regex, replacement, text)
    return text


@pytest.mark.parametrize(("output", "expected"), [
    ("File /tmp/ipykernel_4242/1234567.py:3, in f(x)", "File <cell>:3, in f(x)"),
    ('  File "/tmp/ipykernel_17/99.py", line 2', '  File <cell>", line 2'),
    ("C:\\Users\\ana\\Temp\\ipykernel_8\\12.py:5: UserWarning: careful", "<cell>:5: UserWarning: careful"),
    ("\x1b[0;32mFile \x1b[0;32m/tmp/ipykernel_5/6.py:1\x1b[0m", "\x1b[0;32mFile <cell>:1\x1b[0m"),
    ("<object object at 0x7f3a2c1b5e40>", "<object object at 0xADDRESS>"),
    ('<img src="data:image/png;base64,iVBORw0KGgo+/=" alt="x">',
     '<img src="data:image/png;base64,PNG" alt="x">'),
    ("loss 0.25 after 3 epochs", "loss 0.25 after 3 epochs"),
])
def test_sanitize_replaces_what_changes_from_run_to_run(output, expected):
    assert sanitized(output) == expected


def test_sanitize_takes_linear_time_on_long_words():
    """nbval sanitizes the stored and the fresh output of every cell; a pattern that backtracks
    over every character of a long word (chapter 5's animation holds a 130,000-character one)
    took 84 s there. 200,000 characters without a space must take well under a second."""
    word = "AbC/9+" * 33_000 + " /tmp/ipykernel_1/2.py"
    start = time.perf_counter()
    result = sanitized(word)
    elapsed = time.perf_counter() - start
    assert result.endswith(" <cell>")
    assert elapsed < 1.0, f"sanitizing 200,000 characters took {elapsed:.1f} s"


def test_sanitizing_every_stored_output_is_fast():
    texts = [text for path in NOTEBOOKS for cell in code_cells(path) for output in cell.outputs
             for text in [output.get("text", ""), *output.get("data", {}).values()]
             if isinstance(text, str)]
    start = time.perf_counter()
    for text in texts:
        sanitized(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"sanitizing the {len(texts)} stored outputs took {elapsed:.1f} s"
