"""Sphinx extension: the course kit, made by each HTML build and served at the site's root.

The kit (``course_nn/kit.py``) is one zip with every chapter's student edition, course_nn's wheel,
a ``requirements.txt`` for learners and a README; the intro and every chapter link it.
"""

from pathlib import Path

from course_nn.kit import NAME, write_kit


def write(app, exception):
    if exception is None and app.builder.format == "html":
        source = Path(app.srcdir)
        write_kit(source / "book", Path(app.outdir) / NAME, project=source)


def setup(app):
    app.connect("build-finished", write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
