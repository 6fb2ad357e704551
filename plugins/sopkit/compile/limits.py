"""Limits of a printable job aid that show without printing it.

A tree can be valid and still take minutes to print (1,601 nodes took 140 s; one
10,000-word title took 94 s). When a site builds PDFs, these checks stop such a tree
before the printer sees it, at the place to shorten. The page count and the time to
print are limited while printing (:mod:`sopkit.render.printing`). Control characters
(a ``"\\0"`` escape in a double-quoted string) are refused everywhere: no reader can
see them and Graphviz fails on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Text, Tree
from ..problems import Problem, error

MAX_NODES = 120
"""Nodes a tree may have when it is printed as a job aid."""
MAX_TEXT_CHARS = 2_000
"""Characters one text (in one language) may have when it is printed."""
MAX_TREE_CHARS = 30_000
"""Characters all of a tree's texts in one language may have when it is printed."""

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_control_characters(tree: Tree) -> list[Problem]:
    """Every text that holds a control character (tab and line breaks are fine)."""
    problems = []
    for name, text in tree.texts():
        for lang, value in text.values.items():
            found = _CONTROL_RE.search(value)
            if found is not None:
                problems.append(
                    error(
                        "control-character",
                        text.span_of(lang),
                        f"'{name}' contains the control character U+{ord(found[0]):04X}, "
                        f"which no reader can see and the flowchart cannot draw",
                        "remove it (in a double-quoted string, look for an escape such "
                        "as \\0 or \\x01)",
                    )
                )
    return problems


def check_job_aid_limits(tree: Tree) -> list[Problem]:
    """Trees too large to print as a job aid: nodes, one text, all texts of a language."""
    problems = []
    if len(tree.nodes) > MAX_NODES:
        problems.append(
            error(
                "job-aid-too-many-nodes",
                tree.span,
                f"the tree has {len(tree.nodes)} nodes, more than the {MAX_NODES} a job "
                f"aid can print",
                "split it into smaller trees joined by 'goto' nodes, or set 'pdf: false'",
            )
        )
    totals: dict[str, int] = {}
    for name, text in tree.texts():
        for lang, value in text.values.items():
            totals[lang] = totals.get(lang, 0) + len(value)
            if len(value) > MAX_TEXT_CHARS:
                problems.append(_long_text(name, text, lang, len(value)))
    for lang, total in totals.items():
        if total > MAX_TREE_CHARS:
            which = "" if lang == Text.DEFAULT else f" in '{lang}'"
            problems.append(
                error(
                    "job-aid-too-long",
                    tree.span,
                    f"the tree's texts{which} have {total:,} characters, more than the "
                    f"{MAX_TREE_CHARS:,} a job aid can print",
                    "shorten the texts or split the tree with 'goto' nodes",
                )
            )
    return problems


def _long_text(name: str, text: Text, lang: str, length: int) -> Problem:
    return error(
        "job-aid-text-too-long",
        text.span_of(lang),
        f"'{name}' has {length:,} characters, more than the {MAX_TEXT_CHARS:,} one text "
        f"of a job aid may have",
        "shorten it, or move the details to a page of the site and link to it",
    )


def check_printable(trees: Iterable[Tree], pdf: bool) -> list[Problem]:
    """Control characters in every tree, and the job-aid limits when PDFs are built."""
    problems: list[Problem] = []
    for tree in trees:
        problems += check_control_characters(tree)
        if pdf:
            problems += check_job_aid_limits(tree)
    return problems
