"""The student edition of the notebooks: solutions removed, outputs cleared (DESIGN section 5).

Command line::

    python -m course_nn.student book --out student

writes ``student/<chapter>.ipynb`` for every ``book/*.ipynb``; with ``--kit nn-from-scratch-kit.zip``
it writes the course kit instead (``course_nn/kit.py``). A solution is a code cell tagged
``solution``, and every markdown cell holding a ``{solution}``, ``{solution-start}`` or
``{solution-end}`` directive. As a Sphinx extension (``course_nn.student`` in the book's
``extra_extensions``), it writes the same files into ``<site>/student/`` after each build, so
that the site offers them for download.
"""

import argparse
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, Preprocessor, TagRemovePreprocessor

SOLUTION_DIRECTIVES = ("{solution}", "{solution-start}", "{solution-end}")

BANNER = ("**Student edition.** The solutions are removed. In each exercise, replace "
          "`raise NotImplementedError` with your code, run the cell, then run the check below it.")


class RemoveSolutionMarkdown(Preprocessor):
    """Drop the markdown cells that open, close or hold a solution."""

    def preprocess(self, nb, resources):
        nb.cells = [cell for cell in nb.cells
                    if not (cell.cell_type == "markdown"
                            and any(marker in cell.source for marker in SOLUTION_DIRECTIVES))]
        return nb, resources


def student_edition(notebook):
    """A copy of ``notebook`` (a NotebookNode) without solutions and outputs, with a banner."""
    nb = nbformat.from_dict(notebook)
    for preprocessor in (TagRemovePreprocessor(remove_cell_tags={"solution"}),
                         RemoveSolutionMarkdown(), ClearOutputPreprocessor()):
        nb, _ = preprocessor.preprocess(nb, {})
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(BANNER))
    return nb


def write_student_editions(source, out):
    """Write the student edition of every ``*.ipynb`` in folder ``source`` into folder ``out``.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(Path(source).glob("*.ipynb")):
        nb = student_edition(nbformat.read(path, as_version=4))
        nbformat.write(nb, out / path.name)
        written.append(out / path.name)
    return written


def setup(app):
    """Sphinx extension: put the student editions of ``book/`` into the site's ``student/``."""
    def write(app, exception):
        if exception is None and app.builder.format == "html":
            write_student_editions(Path(app.srcdir) / "book", Path(app.outdir) / "student")

    app.connect("build-finished", write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course_nn.student", description=__doc__.split("\n")[0])
    parser.add_argument("source", help="folder of the notebooks, e.g. book")
    parser.add_argument("--out", default="student", help="folder to write to (default: student)")
    parser.add_argument("--kit", metavar="ZIP", help="write the course kit to this zip file instead "
                        "(student editions, course_nn's wheel, requirements.txt, README)")
    args = parser.parse_args(argv)
    if args.kit:
        from course_nn.kit import write_kit  # the kit uses this module's functions
        print(f"wrote {write_kit(args.source, args.kit)}")
        return
    for path in write_student_editions(args.source, args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
