"""The one parser of sopkit's fences in a page's Markdown.

Every sopkit fence (```` ```decision-tree ````, ```` ```job-aids ````, ```` ```changes ````)
is found here, by the same rules, so a fence shown as an example inside another code
block (a ```` ````markdown ```` block, say) is left alone whatever its kind. The Markdown
extension decides what each kind becomes, as pymdown-extensions' ``custom_fences`` do.
:func:`page_heading` finds, by the same code-block rules, the page heading a guide sits
under.
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


def _block_end(lines: list[str], start: int, opening: re.Match[str], stop: int) -> int | None:
    """The line that closes the code block opened at ``start`` (before ``stop``), or None.

    It closes with at least as many of the same character at the same indent.
    """
    indent, fence = opening.group("indent"), opening.group("fence")
    closing = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    return next((j for j in range(start + 1, stop) if closing.match(lines[j])), None)


def iter_fences(lines: list[str]) -> Iterator[Fence]:
    """sopkit's fences in a page, in order, skipping any shown inside another code block.

    A fence opens with three or more backticks or tildes and closes with at least as
    many of the same character at the same indent; an unclosed fence is not one.
    """
    for start, end, opening in _code_blocks(lines):
        info = _INFO_RE.match(opening.group("info"))
        if info is not None:
            yield Fence(
                info.group("kind"), lines[start + 1 : end], start, end, opening.group("indent")
            )


def code_blocks(lines: list[str]) -> Iterator[tuple[int, int]]:
    """Every fenced code block of a page: its first and last line (0-based, inclusive)."""
    for start, end, _ in _code_blocks(lines):
        yield start, end


def _code_blocks(lines: list[str]) -> Iterator[tuple[int, int, re.Match[str]]]:
    i = 0
    while i < len(lines):
        opening = _OPEN_RE.match(lines[i])
        if opening is None:
            i += 1
            continue
        end = _block_end(lines, i, opening, len(lines))
        if end is None:
            i += 1
            continue
        yield i, end, opening
        i = end + 1  # whatever the block holds is its own text, fences included


def prose_lines(lines: list[str]) -> Iterator[int]:
    """The indexes of the lines of a page outside its fenced code blocks."""
    i = 0
    while i < len(lines):
        opening = _OPEN_RE.match(lines[i])
        end = _block_end(lines, i, opening, len(lines)) if opening is not None else None
        if end is not None:
            i = end + 1
            continue
        yield i
        i += 1


_H1_RE = re.compile(r"^ {0,3}#[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1_RE = re.compile(r"^ {0,3}=+[ \t]*$")
_ATTRS_RE = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")  # attr_list's `{#id .class}`


def page_heading(lines: list[str], before: int) -> str | None:
    """The text of the last level-1 heading above line ``before`` (0-based), as written.

    ATX (``# Title``) and setext (``Title`` over ``===``) headings count; lines inside
    code blocks do not. None when there is no such heading.
    """
    heading = None
    i = 0
    while i < before:
        opening = _OPEN_RE.match(lines[i])
        end = _block_end(lines, i, opening, before) if opening is not None else None
        if end is not None:
            i = end + 1
            continue
        atx = _H1_RE.match(lines[i])
        if atx is not None:
            heading = atx.group("text")
        elif i > 0 and lines[i - 1].strip() and _SETEXT_H1_RE.match(lines[i]):
            heading = lines[i - 1].strip()
        i += 1
    return _ATTRS_RE.sub("", heading) if heading is not None else None


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
