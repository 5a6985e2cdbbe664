"""The student edition of the notebooks: solutions removed, outputs cleared (DESIGN section 5).

Command line::

    python -m course_nn.student book --out student

writes ``student/<chapter>.ipynb`` for every ``book/*.ipynb``; with ``--kit nn-from-scratch-kit.zip``
it writes the course kit instead (``course_nn/kit.py``). A solution is a code cell tagged
``solution``, and every markdown cell holding a ``{solution}``, ``{solution-start}`` or
``{solution-end}`` directive. The Markdown is made portable (``course_nn.portable``): it reads
right with no MyST extension, with the site's exercise, equation and figure numbers, and a
"References" cell at the end lists the works the chapter cites. The site offers the same files
for download (the Sphinx extension ``_ext/student_edition.py``).

It uses nbformat, nbconvert, PyYAML and pybtex, which ``pip install .`` installs with course_nn.
"""

import argparse
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, Preprocessor, TagRemovePreprocessor

from .book_index import HEADING, BookIndex
from .portable import portable_markdown

SOLUTION_DIRECTIVES = ("{solution}", "{solution-start}", "{solution-end}")

BANNER = ("**Student edition.** The solutions are removed. In each exercise, replace "
          "`raise NotImplementedError` with your code, run the cell, then run the check below it. "
          "`checks.progress()` lists the exercises you have passed.")
STUDENT_LINE = "Student edition of this chapter"


class RemoveSolutionMarkdown(Preprocessor):
    """Drop the markdown cells that open, close or hold a solution."""

    def preprocess(self, nb, resources):
        nb.cells = [cell for cell in nb.cells
                    if not (cell.cell_type == "markdown"
                            and any(marker in cell.source for marker in SOLUTION_DIRECTIVES))]
        return nb, resources


def student_edition(notebook, index=None, doc=None):
    """A copy of ``notebook`` (a NotebookNode) without solutions and outputs, with a banner.

    With ``index`` (a ``BookIndex``) and ``doc`` (the page, e.g. ``"book/03_activations"``), its
    Markdown is made portable, each figure's number and caption follow the cell that draws it,
    and a "References" cell lists the works it cites.
    """
    nb = nbformat.from_dict(notebook)
    for preprocessor in (TagRemovePreprocessor(remove_cell_tags={"solution"}),
                         RemoveSolutionMarkdown(), ClearOutputPreprocessor()):
        nb, _ = preprocessor.preprocess(nb, {})
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = "\n".join(line for line in cell.source.splitlines()
                                     if not line.startswith(STUDENT_LINE)).strip("\n")
    if index is not None:
        _make_portable(nb, index, doc)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(BANNER))
    return nb


def _make_portable(nb, index, doc):
    cells, cited, level = [], set(), 2
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = portable_markdown(cell.source, doc, index, cited, level + 1)
            for line in cell.source.splitlines():
                match = HEADING.match(line)
                if match and not match[2].startswith("Exercise"):
                    level = len(match[1])
        cells.append(cell)
        figure = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
        if cell.cell_type == "code" and figure.get("name"):
            number = index.targets[figure["name"]].number
            caption = portable_markdown(figure.get("caption", ""), doc, index, cited)
            cells.append(nbformat.v4.new_markdown_cell(f"**Fig. {number}.** {caption}"))
    if cited:
        cells.append(nbformat.v4.new_markdown_cell(index.references_markdown(cited)))
    nb.cells = [cell for cell in cells if cell.cell_type != "markdown" or cell.source.strip()]


def write_student_editions(source, out, root=None):
    """Write the student edition of every ``*.ipynb`` in folder ``source`` into folder ``out``.

    ``root`` is the book's folder (``_toc.yml``, ``_config.yml``); by default the parent of
    ``source``.

    Returns
    -------
    list of Path
        The files written.
    """
    source, out = Path(source).resolve(), Path(out)
    root = Path(root).resolve() if root else source.parent
    if not (root / "_toc.yml").is_file():
        raise FileNotFoundError(f"no _toc.yml in {root}: give the folder of the book's notebooks "
                                "(e.g. book), whose parent holds _toc.yml and _config.yml")
    index = BookIndex(root)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.glob("*.ipynb")):
        doc = path.relative_to(root).with_suffix("").as_posix()
        nb = student_edition(nbformat.read(path, as_version=4), index, doc)
        nbformat.write(nb, out / path.name)
        written.append(out / path.name)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course_nn.student", description=__doc__.split("\n")[0])
    parser.add_argument("source", help="folder of the notebooks, e.g. book")
    parser.add_argument("--out", default="student", help="folder to write to (default: student)")
    parser.add_argument("--kit", metavar="ZIP", help="write the course kit to this zip file instead "
                        "(student editions, course_nn's wheel, requirements.txt, README)")
    args = parser.parse_args(argv)
    if not any(Path(args.source).glob("*.ipynb")):
        parser.error(f"no notebooks in {args.source!r} ({Path(args.source).resolve()}): pass the "
                     "book's folder, e.g. `python -m course_nn.student book` from the repository")
    if args.kit:
        from course_nn.kit import write_kit  # the kit uses this module's functions
        print(f"wrote {write_kit(args.source, args.kit)}")
        return
    for path in write_student_editions(args.source, args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
