"""The one parser of sopkit's fences in a page's Markdown.

Every sopkit fence (```` ```decision-tree ````, ```` ```job-aids ````, ```` ```changes ````)
is found here, by the same rules, so a fence shown as an example inside another code
block (a ```` ````markdown ```` block, say) is left alone whatever its kind. The Markdown
extension decides what each kind becomes, as pymdown-extensions' ``custom_fences`` do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .review import MAX_DAYS

TREE = "decision-tree"
JOB_AIDS = "job-aids"
CHANGES = "changes"
KINDS = (TREE, JOB_AIDS, CHANGES)

_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")
# ```decision-tree, ``` decision-tree, ```{.decision-tree} (attribute-list style)
_INFO_RE = re.compile(rf"^\{{?\.?(?P<kind>{'|'.join(map(re.escape, KINDS))})\}}?[ \t]*$")


@dataclass(frozen=True, slots=True)
class Fence:
    """A sopkit fence in a page: lines ``start``..``end`` (0-based, inclusive)."""

    kind: str
    body: list[str]
    start: int
    end: int
    indent: str

    @property
    def text(self) -> str:
        """The body on one line, trimmed (a tree fence's tree id)."""
        return " ".join(line.strip() for line in self.body).strip()


def iter_fences(lines: list[str]) -> Iterator[Fence]:
    """sopkit's fences in a page, in order, skipping any shown inside another code block.

    A fence opens with three or more backticks or tildes and closes with at least as
    many of the same character at the same indent; an unclosed fence is not one.
    """
    i = 0
    while i < len(lines):
        opening = _OPEN_RE.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent, fence = opening.group("indent"), opening.group("fence")
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next((j for j in range(i + 1, len(lines)) if closing.match(lines[j])), None)
        if end is None:
            i += 1
            continue
        info = _INFO_RE.match(opening.group("info"))
        if info is not None:
            yield Fence(info.group("kind"), lines[i + 1 : end], i, end, indent)
        i = end + 1  # whatever the block holds is its own text, fences included


DAYS = 30
"""How many days a ```` ```changes ```` fence looks back when its body does not say."""


def changes_days(fence: Fence) -> int | str:
    """A changes fence's ``days:`` option (default :data:`DAYS`), or what is wrong with it."""
    for line in fence.body:
        key, _, value = line.partition(":")
        if key.strip() == "days":
            if value.strip().isdigit() and 0 < int(value) <= MAX_DAYS:
                return int(value)
            if value.strip().isdigit() and int(value) > MAX_DAYS:
                return (
                    f"the changes fence's 'days' may be at most {MAX_DAYS} (ten years), "
                    f"found {value.strip()}"
                )
            return (
                f"the changes fence's 'days' must be a positive whole number, "
                f"found '{value.strip()}'"
            )
    return DAYS


def may_have_fences(lines: list[str]) -> bool:
    """False when no line names a sopkit fence (the page needs no parsing)."""
    return any(kind in line for line in lines for kind in KINDS)


def tree_fences(markdown: str) -> list[tuple[str, int, int]]:
    """Every tree fence of a page: (tree id as written, line, column), lines from 1."""
    return [
        (fence.text, fence.start + 1, len(fence.indent) + 1)
        for fence in iter_fences(markdown.split("\n"))
        if fence.kind == TREE
    ]
