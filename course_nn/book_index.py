"""Every label, number and citation of the book, read from its sources as Sphinx reads them:
the index that ``course_nn.portable`` (the student edition's Markdown) and ``checks.progress``
use.

Sphinx and sphinx-exercise number exercises, equations and figures with one counter each,
running through the whole book in the order of ``_toc.yml``; ``BookIndex`` counts them the same
way (``tests/test_student.py`` compares its numbers with a real build).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

LABEL_LINE = re.compile(r"^\(([\w.:-]+)\)=\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}\s*(?P<argument>.*?)\s*$")
OPTION = re.compile(r"^:([\w-]+):\s*(.*?)\s*$")
EQUATION_END = re.compile(r"^(\s*)\$\$\s*\(([\w.:-]+)\)\s*$")  # also indented, in a list
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
ADMONITIONS = ("attention", "caution", "danger", "error", "hint", "important", "note", "seealso",
               "tip", "warning")
SOLUTIONS = ("solution", "solution-start", "solution-end")


@dataclass
class Target:
    """Something a role can point at: its kind, its page, its number or title on the site."""

    kind: str  # "section", "page", "equation", "figure" or "exercise"
    doc: str  # the page, e.g. "book/03_activations"
    title: str = ""
    number: int = 0


class BookIndex:
    """Every label, number and citation of the book, read from its sources as Sphinx reads them.

    Parameters
    ----------
    root : path
        The book's folder, holding ``_toc.yml``, ``_config.yml`` and the bibliography.

    Attributes
    ----------
    targets : dict
        ``{label: Target}`` of every section, page, equation, figure and exercise.
    titles : dict
        ``{page: title}``, e.g. ``{"book/03_activations": "3. Activation functions"}``.
    checks : dict
        ``{check name: Target}``: the exercise whose check cell calls ``checks.<name>(...)``.
    """

    def __init__(self, root):
        self.root = Path(root)
        config = yaml.safe_load((self.root / "_config.yml").read_text(encoding="utf-8")) or {}
        self.baseurl = ((config.get("html") or {}).get("baseurl") or "").rstrip("/")
        self.bibfiles = [self.root / name for name in config.get("bibtex_bibfiles", [])]
        self.docs = self._toc_order(yaml.safe_load((self.root / "_toc.yml").read_text("utf-8")))
        self.targets, self.titles, self.checks = {}, {}, {}
        self.counts = {"equation": 0, "figure": 0, "exercise": 0}
        for doc in self.docs:
            self._index(doc)
        self._bibliography = None

    @staticmethod
    def _toc_order(toc):
        """The pages of ``_toc.yml`` (without suffix), in reading order."""
        order = []

        def walk(entry):
            if "file" in entry:
                order.append(str(Path(entry["file"]).with_suffix("")))
            for key in ("parts", "chapters", "sections"):
                for child in entry.get(key, []):
                    walk(child)

        order.append(str(Path(toc["root"]).with_suffix("")))
        walk(toc)
        return order

    def _index(self, doc):
        path = self.root / f"{doc}.ipynb"
        if path.is_file():
            cells = nbformat.read(path, as_version=4).cells
        else:
            text = (self.root / f"{doc}.md").read_text(encoding="utf-8")
            cells = [nbformat.v4.new_markdown_cell(re.sub(r"\A---\n.*?\n---\n", "", text,
                                                          flags=re.DOTALL))]
        for cell in cells:
            if cell.cell_type == "markdown":
                self._index_markdown(doc, cell.source)
            figure = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
            if cell.cell_type == "code" and figure.get("name"):
                self._number("figure", figure["name"], doc, figure.get("caption", ""))
            if cell.cell_type == "code" and "check" in cell.get("metadata", {}).get("tags", []):
                for name in re.findall(r"checks\.(\w+)\(", cell.source):
                    self.checks[name] = self._exercise

    def _number(self, kind, label, doc, title=""):
        self.counts[kind] += 1
        self.targets[label] = Target(kind, doc, title, self.counts[kind])
        if kind == "exercise":
            self._exercise = self.targets[label]

    def _index_markdown(self, doc, source):
        lines, labels = source.splitlines(), []
        for number, line in enumerate(lines):
            if (match := LABEL_LINE.match(line)):
                labels.append(match[1])
            elif (match := HEADING.match(line)):
                title = match[2]
                if doc not in self.titles:
                    self.titles[doc] = title
                for label in labels:
                    kind = "page" if self.titles[doc] == title and len(match[1]) == 1 else "section"
                    self.targets[label] = Target(kind, doc, title)
                labels = []
            elif (match := EQUATION_END.match(line)):
                self._number("equation", match[2], doc)
            elif (match := FENCE.match(line)) and match["name"] == "exercise":
                options = dict(OPTION.match(option).groups() for option in
                               take_while(lines[number + 1:], OPTION.match))
                if "nonumber" not in options:
                    self._number("exercise", options.get("label", f"{doc}-exercise-{number}"),
                                 doc, match["argument"])
            elif line.strip():
                labels = []

    # ----------------------------------------------------------------------------- references
    def chapter(self, doc):
        """How text names a page: "chapter 3" for "# 3. Activation functions", else its title."""
        title = self.titles.get(doc, doc)
        match = re.match(r"(\d+)\.\s", title)
        return f"chapter {match[1]}" if match else title

    def link(self, text, target, anchor):
        """``text`` linked to the site's page of ``target`` when the site's address is known."""
        if not self.baseurl:
            return text
        return f"[{text}]({self.baseurl}/{target.doc}.html#{anchor})"

    def reference(self, role, content, doc):
        """The portable text of ``{eq}``, ``{numref}`` or ``{ref}`` with ``content``, in ``doc``."""
        match = EXPLICIT.match(content)
        text, label = (match["text"], match["target"]) if match else (None, content.strip())
        if label not in self.targets:
            raise KeyError(f"{doc}: {{{role}}}`{content}` points at the unknown label {label!r}")
        target = self.targets[label]
        if role == "eq":
            return self.link(f"({target.number})", target, f"equation-{label}")
        if role == "numref":
            name = {"figure": "Fig.", "exercise": "Exercise", "equation": "Eq."}[target.kind]
            number = f"{target.number}"
            shown = (text.replace("%s", number).replace("{number}", number) if text
                     else f"{name} {number}")
            return self.link(shown, target, label)
        if text:
            return self.link(text, target, label)
        if target.kind == "exercise":
            shown = f"Exercise {target.number}"
        elif target.kind == "figure":
            shown = f"Fig. {target.number}"
        elif target.kind == "page" or target.doc == doc:
            page, title = self.chapter(target.doc), re.sub(r"^\d+\.\s*", "", target.title)
            shown = (f"*{target.title}*" if target.doc == doc or not page.startswith("chapter")
                     else f"{page} (*{title}*)")
        else:
            shown = f"{self.chapter(target.doc)}, section *{target.title}*"
        return self.link(shown, target, label)

    # ------------------------------------------------------------------------------ citations
    @property
    def bibliography(self):
        """The BibTeX entries of the book (pybtex), read once."""
        if self._bibliography is None:
            from pybtex.database import BibliographyData, parse_file

            self._bibliography = BibliographyData()
            for path in self.bibfiles:
                for key, entry in parse_file(path).entries.items():
                    self._bibliography.add_entry(key, entry)
        return self._bibliography

    def authors(self, key):
        """"Nair and Hinton", "He et al.": the author part of an author-year citation."""
        from pybtex.richtext import Text

        if key not in self.bibliography.entries:
            files = ", ".join(map(str, self.bibfiles))
            raise KeyError(f"the citation key {key!r} is not in {files}")
        entry = self.bibliography.entries[key]
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [Text.from_latex(" ".join(p.prelast_names + p.last_names)).render_as("text")
                 for p in people]
        if len(names) > 2:
            return f"{names[0]} et al."
        return " and ".join(names)

    def year(self, key):
        return self.bibliography.entries[key].fields.get("year", "n.d.")

    def citation(self, role, keys):
        """The text of ``{cite:p}`` (parenthetical) or ``{cite:t}`` (textual) of ``keys``."""
        if role == "cite:t":
            return "; ".join(f"{self.authors(key)} ({self.year(key)})" for key in keys)
        return "(" + "; ".join(f"{self.authors(key)}, {self.year(key)}" for key in keys) + ")"

    def references_markdown(self, keys):
        """A "References" cell's Markdown: the full entries of ``keys``, sorted as on the site."""
        from pybtex.plugin import find_plugin

        style = find_plugin("pybtex.style.formatting", "plain")()
        entries = style.sort([self.bibliography.entries[key] for key in set(keys)])
        items = [" ".join(entry.text.render_as("markdown").split())
                 for entry in style.format_entries(entries)]
        return "## References\n\n" + "\n".join(f"- {item}" for item in items)


def take_while(lines, predicate):
    """The first lines of ``lines`` for which ``predicate`` holds."""
    taken = []
    for line in lines:
        if not predicate(line):
            break
        taken.append(line)
    return taken
