"""The book's MyST Markdown rewritten as portable Markdown, for the student edition.

Stock JupyterLab, VS Code and Colab render CommonMark with ``$...$`` math but know nothing of
MyST's directives, roles and labels. ``portable_markdown`` rewrites a markdown cell so that it
reads as on the site, with the site's numbers:

- an exercise becomes a heading "Exercise 10 (The derivative of ReLU)" followed by its text;
- an admonition becomes a quoted block with a bold title;
- a labelled equation ``$$ ... $$ (label)`` gets the site's number as ``\\tag{n}``;
- ``{eq}``, ``{numref}`` and ``{ref}`` become the site's numbers and titles ("(22)", "Fig. 6",
  "chapter 2, section Vanishing and exploding gradients"), linked to the site when
  ``_config.yml`` gives its address (``html: baseurl:``);
- ``{cite:p}`` and ``{cite:t}`` become "(Nair and Hinton, 2010)" and "Nair and Hinton (2010)";
  ``references_markdown`` lists the full entries;
- ``{term}`` becomes its text, label lines ``(name)=`` are dropped.

The numbers come from ``course_nn.book_index.BookIndex``.
"""

import re

from .book_index import (
    ADMONITIONS,
    EQUATION_END,
    EXPLICIT,
    FENCE,
    LABEL_LINE,
    OPTION,
    ROLE,
    SOLUTIONS,
    take_while,
)


def portable_markdown(source, doc, index, cited=None, heading_level=3):
    """``source``, the MyST Markdown of a cell of page ``doc``, as portable Markdown.

    Parameters
    ----------
    source : str
    doc : str
        The page holding the cell, e.g. ``"book/03_activations"``.
    index : BookIndex
    cited : set, optional
        Receives the citation keys the cell uses.
    heading_level : int
        Level of an exercise's heading (one below the section it is in).
    """
    cited = set() if cited is None else cited
    lines, out, number = source.splitlines(), [], 0
    while number < len(lines):
        line = lines[number]
        match = FENCE.match(line)
        if match:
            options = take_while(lines[number + 1:], OPTION.match)
            body_start = number + 1 + len(options)
            end = _closing_fence(lines, body_start, match["fence"])
            body = "\n".join(lines[body_start:end]).strip("\n")
            body = portable_markdown(body, doc, index, cited, heading_level)
            out.append(_directive(match["name"], match["argument"], options, body, index,
                                  doc, cited, heading_level))
            number = end + 1
            continue
        if LABEL_LINE.match(line):
            number += 1
            continue
        match = EQUATION_END.match(line)
        if match:
            out.append(f"{match[1]}\\tag{{{index.targets[match[2]].number}}}")
            line = f"{match[1]}$$"
        out.append(line)
        number += 1
    text = "\n".join(out)
    return ROLE.sub(lambda m: _sentence_case(_role(m["name"], m["content"], doc, index, cited),
                                             m.string[:m.start()]), text)


def _sentence_case(text, before):
    """``text`` with a capital first letter if it starts a sentence (after ``before``)."""
    if re.search(r"(^|[.!?]\s)\s*$", before) and text[:1].islower():
        return text[0].upper() + text[1:]
    return text


def _closing_fence(lines, start, fence):
    """Index of the line closing ``fence``: the same character, at least as many, alone.

    A code block inside, such as a ```` ```python ```` in a ```` ````{exercise} ````, uses a
    shorter fence and does not close it.
    """
    for number in range(start, len(lines)):
        stripped = lines[number].strip()
        if stripped and not stripped.strip(fence[0]) and len(stripped) >= len(fence):
            return number
    raise ValueError(f"a {fence} fence is never closed")


def _directive(name, argument, options, body, index, doc, cited, heading_level):
    options = dict(OPTION.match(option).groups() for option in options)
    if name == "exercise":
        target = index.targets.get(options.get("label", ""))
        number = f" {target.number}" if target else ""
        title = portable_markdown(argument, doc, index, cited)
        title = f" ({title})" if title else ""
        return f"{'#' * min(heading_level, 6)} Exercise{number}{title}\n\n{body}"
    if name in ADMONITIONS or name == "admonition":
        title = (portable_markdown(argument, doc, index, cited) if name == "admonition"
                 else name.capitalize() if name != "seealso" else "See also")
        quoted = "\n".join(f"> {line}".rstrip() for line in _unwrap(body).splitlines())
        return f"> **{title}**\n>\n{quoted}"
    if name in SOLUTIONS:
        raise ValueError(f"{doc}: a {{{name}}} directive is left in the student edition")
    raise ValueError(f"{doc}: no portable form for the directive {{{name}}}: add one to "
                     "course_nn/portable.py")


def _role(name, content, doc, index, cited):
    if name in ("eq", "numref", "ref"):
        return index.reference(name, content, doc)
    if name in ("cite", "cite:p", "cite:t", "cite:ps", "cite:ts"):
        keys = [key.strip() for key in content.split(",") if key.strip()]
        cited.update(keys)
        return index.citation("cite:t" if name.startswith("cite:t") else "cite:p", keys)
    if name == "term":
        match = EXPLICIT.match(content)
        return match["text"] if match else content
    if name == "math":
        return f"${content}$"
    raise ValueError(f"{doc}: no portable form for the role {{{name}}}: add one to "
                     "course_nn/portable.py")


def _unwrap(markdown):
    """``markdown`` with each paragraph on one line and display math on one line.

    In a quoted block every line starts with ``> ``; JupyterLab finds the math before it parses
    the quote, so a formula broken over two lines would swallow the ``>``.
    """
    out, in_code, in_math = [], False, False
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            out.append(line)
        elif in_code:
            out.append(line)
        elif in_math:
            out[-1] += " " + stripped
            in_math = not stripped.startswith("$$")
        elif stripped.startswith("$$"):
            out.append(stripped)
            in_math = not (len(stripped) > 2 and stripped.endswith("$$"))
        elif (stripped and out and out[-1].strip() and not out[-1].lstrip().startswith(("|", "#"))
              and not re.match(r"([-*+]|\d+[.)]|\||#)\s", stripped)
              and not out[-1].strip().startswith("$$")):
            out[-1] += " " + stripped
        else:
            out.append(line)
    return "\n".join(out)
