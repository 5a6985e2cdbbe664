"""Sphinx extension: the student editions (``course_nn/student.py``) in the site.

After each HTML build it writes every chapter's student edition into ``<site>/student/``, and the
download button of a chapter offers its student edition beside the notebook with the solutions.
"""

from pathlib import Path

from course_nn.student import write_student_editions


def write(app, exception):
    if exception is None and app.builder.format == "html":
        write_student_editions(Path(app.srcdir) / "book", Path(app.outdir) / "student",
                               app.srcdir)


def offer_student_edition(app, pagename, templatename, context, doctree):
    """The download button of a chapter: its student edition first, and the notebook it has
    always offered relabelled "with solutions"."""
    student = f"student/{Path(pagename).name}.ipynb"
    if not (Path(app.srcdir) / f"{pagename}.ipynb").is_file():
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        for button in group["buttons"]:
            if button.get("text") == ".ipynb":
                button["text"] = ".ipynb with solutions"
                button["tooltip"] = "Download the notebook of this page, solutions included"
        group["buttons"].insert(0, {
            "type": "link", "url": context["pathto"](student, 1), "text": ".ipynb for students",
            "icon": "fas fa-pen", "label": "download-student-notebook-button",
            "tooltip": "Download the student edition: the exercises without their solutions"})


def setup(app):
    app.connect("build-finished", write)
    app.connect("html-page-context", offer_student_edition, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
