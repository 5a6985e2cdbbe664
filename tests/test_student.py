"""The student edition (DESIGN section 5): no solution leaks into it, and executed as it is,
every check cell reports "not implemented yet" and no other cell fails. Its Markdown is
portable (no MyST left) and numbers exercises, equations and figures as the built site does;
the site's download button offers it."""

import json
import re
from pathlib import Path
from textwrap import dedent

import nbformat
import pytest
from nbclient import NotebookClient

from course_nn.book_index import BookIndex
from course_nn.portable import portable_markdown
from course_nn.student import SOLUTION_DIRECTIVES, STUDENT_LINE, main, write_student_editions

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
INDEX = BookIndex(ROOT)
# What only a MyST renderer understands: directive fences, roles, label lines, options.
MYST_LEFT = re.compile(r"^\s*(`{3,}|:{3,})\{|\{[\w:-]+\}`|^\([\w.:-]+\)=\s*$|^:[\w-]+:",
                       re.MULTILINE)
MATH_OR_CODE = re.compile(r"\$\$.*?\$\$|\$[^$]+?\$|^```.*?^```|`[^`\n]*`",
                          re.DOTALL | re.MULTILINE)


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


def test_a_folder_outside_a_book_is_an_error_that_says_what_to_give(tmp_path, capsys):
    with pytest.raises(FileNotFoundError, match="_toc.yml"):
        write_student_editions(tmp_path, tmp_path / "out")
    with pytest.raises(SystemExit) as exit_info:  # the command line: a message, no traceback
        main([str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert "error: no notebooks in " in capsys.readouterr().err


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


def doc_of(path):
    return path.relative_to(ROOT).with_suffix("").as_posix()


def exercise_titles(path):
    """"Exercise 10 (The derivative of ReLU)" for each exercise of a chapter, in order."""
    return [f"Exercise {t.number} ({t.title})" for t in INDEX.targets.values()
            if t.kind == "exercise" and t.doc == doc_of(path)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_markdown_is_portable(path, editions):
    """No MyST left, no raw TeX outside math, no citation key or label, exercises titled."""
    cells = [cell.source for cell in nbformat.read(editions / path.name, as_version=4).cells
             if cell.cell_type == "markdown"]
    text = "\n\n".join(cells)
    assert not MYST_LEFT.search(text), MYST_LEFT.findall(text)[:5]
    assert STUDENT_LINE not in text
    prose = MATH_OR_CODE.sub(" ", re.sub(r"\]\([^)]*\)", "]", text))  # links' addresses too
    assert "$" not in prose, "unbalanced math delimiters"
    assert not re.findall(r"\\[A-Za-z]+", prose), "TeX outside math"
    keys = [key for key in INDEX.bibliography.entries if re.search(rf"\b{key}\b", prose)]
    assert not keys, f"citation keys left: {keys}"
    labels = [label for label in INDEX.targets if "-" in label and label in prose]
    assert not labels, f"labels left: {labels}"
    headings = re.findall(r"^#+ (Exercise \d+ .*)$", text, re.MULTILINE)
    assert headings == exercise_titles(path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_references_cell_lists_what_the_chapter_cites(path, editions):
    original = nbformat.read(path, as_version=4)
    cited = {key.strip() for cell in original.cells
             if cell.cell_type == "markdown" and not is_solution(cell)
             for keys in re.findall(r"\{cite(?::\w+)?\}`([^`]*)`", cell.source)
             for key in keys.split(",")}
    last = nbformat.read(editions / path.name, as_version=4).cells[-1].source
    assert last.startswith("## References") == bool(cited)
    assert len(re.findall(r"^- ", last, re.MULTILINE)) == len(cited)
    for key in cited:
        assert INDEX.authors(key).split()[0] in last


def test_each_construct_in_portable_form():
    """The rules, one by one, on the labels of chapter 3 (numbers as the index counts them)."""
    source = dedent("""\
        (activations-x)=
        ## Title

        See {eq}`eq-activations-relu` and {numref}`fig-activations-curves`; as
        {ref}`backprop-vanishing` says, {cite:p}`nair2010rectified` and {cite:t}`he2015delving`
        found it, and {term}`dead <dead ReLU>` units stay {term}`dead ReLU`.
        {ref}`chapter-activations` and {ref}`Chapter 1 <chapter-model>`.

        $$
        x = 1
        $$ (eq-activations-relu)

        ```{admonition} A note on the original
        :class: note

        The notes say $a
        = b$.
        ```

        ````{exercise} The derivative of ReLU
        :label: ex-activations-relu

        Write it:
        ```python
        pass
        ```
        ````""")
    cited = set()
    number = {label: INDEX.targets[label].number
              for label in ("eq-activations-relu", "fig-activations-curves", "ex-activations-relu")}
    assert portable_markdown(source, "book/03_activations", INDEX, cited, 3) == "\n".join([
        "## Title",
        "",
        f"See ({number['eq-activations-relu']}) and Fig. {number['fig-activations-curves']}; as",
        ("chapter 2, section *Vanishing and exploding gradients* says, (Nair and Hinton, 2010) "
         "and He et al. (2015)"),
        "found it, and dead units stay dead ReLU.",
        "*3. Activation functions* and Chapter 1.",
        "",
        "$$",
        "x = 1",
        f"\\tag{{{number['eq-activations-relu']}}}",
        "$$",
        "",
        "> **A note on the original**",
        ">",
        "> The notes say $a = b$.",
        "",
        f"### Exercise {number['ex-activations-relu']} (The derivative of ReLU)",
        "",
        "Write it:",
        "```python",
        "pass",
        "```",
    ])
    assert cited == {"nair2010rectified", "he2015delving"}
    assert INDEX.citation("cite:p", ["lecun1998efficient", "nair2010rectified"]) == (
        "(LeCun et al., 1998; Nair and Hinton, 2010)")


def test_an_equation_in_a_list_item_keeps_its_indent_and_its_number():
    label = "eq-regularization-cosine"
    source = f"- a schedule:\n\n  $$\n  x = 1\n  $$ ({label})"
    assert INDEX.targets[label].kind == "equation"
    assert portable_markdown(source, "book/07_regularization", INDEX).endswith(
        f"  $$\n  x = 1\n  \\tag{{{INDEX.targets[label].number}}}\n  $$")


@pytest.mark.parametrize("source, error", [
    ("```{figure} x.png\n```", "directive {figure}"),
    ("{download}`x`", "role {download}"),
    ("{ref}`no-such-label`", "no-such-label"),
    ("{cite:p}`nobody2099`", "nobody2099"),
])
def test_what_has_no_portable_form_is_an_error_that_names_it(source, error):
    with pytest.raises((ValueError, KeyError), match=re.escape(error)):
        portable_markdown(source, "book/03_activations", INDEX)


def site_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_numbers_and_titles_are_the_sites(path, built_site):
    """Exercises, equations, figures, section titles and citations as the built site shows."""
    html = (built_site / f"{doc_of(path)}.html").read_text(encoding="utf-8")
    exercises = [f"Exercise {n} ({title})" for n, title in re.findall(
        r'caption-number">Exercise (\d+) </span> \(([^<]*)\)</p>', html)]
    assert exercises == exercise_titles(path)
    equations = re.findall(r'class="eqno">\((\d+)\)<a class="headerlink" href="#equation-([^"]+)"',
                           html)
    assert all(INDEX.targets[label].number == int(n) for n, label in equations)
    ours = {label: t.number for label, t in INDEX.targets.items()
            if t.kind == "equation" and t.doc == doc_of(path)}
    assert ours == {label: int(n) for n, label in equations}
    figures = re.findall(r'<figure[^>]*id="([^"]+)">\s*<img.*?caption-number">Fig\. (\d+) ',
                         html, re.DOTALL)
    assert all(INDEX.targets[label].number == int(n) for label, n in figures)
    assert len(figures) == sum(t.kind == "figure" and t.doc == doc_of(path)
                               for t in INDEX.targets.values())
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    for label in set(re.findall(r"\{ref\}`([\w-]+)`", source)):  # implicit text: the title
        target = INDEX.targets[label]
        shown = re.search(rf'href="[^"]*#{label}"><span class="std std-\w+">([^<]*)<', html)[1]
        expected = (f"Exercise {target.number}" if target.kind == "exercise"
                    else re.sub(r"[$`]", "", target.title))
        assert shown.replace("\u2019", "'") == expected  # the site's quotes are typographic
    linked = {re.sub(r"<[^>]+>", "", text) for text in re.findall(
        r'href="references.html#id\d+"[^>]*>(.*?)</a>', html, re.DOTALL)}
    for keys in re.findall(r"\{cite:p\}`([^`]*)`", source):
        for key in keys.split(","):
            assert INDEX.citation("cite:p", [key.strip()])[1:-1] in linked


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_download_button_offers_the_student_edition(path, built_site):
    html = (built_site / f"{doc_of(path)}.html").read_text(encoding="utf-8")
    buttons = {site_text(a): href for href, a in re.findall(
        r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.DOTALL) if "ipynb" in site_text(a)}
    assert buttons[".ipynb for students"] == f"../student/{path.name}"
    assert buttons[".ipynb with solutions"].endswith(f"_sources/{doc_of(path)}.ipynb")
    student = nbformat.read(built_site / "student" / path.name, as_version=4)
    assert not any("solution" in tags(cell) for cell in student.cells)


def test_with_a_site_address_references_link_to_the_site():
    """With ``html: baseurl:`` in _config.yml, references link to the page of the site."""
    index = BookIndex(ROOT)
    index.baseurl = "https://example.org/nn"
    relu = index.targets["eq-activations-relu"].number
    text = portable_markdown("{eq}`eq-activations-relu`, {ref}`backprop-vanishing`",
                             "book/03_activations", index)
    assert text == (
        f"[({relu})](https://example.org/nn/book/03_activations.html#equation-eq-activations-relu), "
        "[chapter 2, section *Vanishing and exploding gradients*]"
        "(https://example.org/nn/book/02_backprop.html#backprop-vanishing)")
