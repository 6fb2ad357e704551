"""Characters YAML does not read as spaces: tabs in indentation, pasted odd spaces.

:func:`odd_indentation` looks at files libyaml read (it takes such a line for a key one
level up); :func:`tab` and :func:`odd_space` are rules for files it refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import yaml

from ..problems import Problem, a_or_an
from .indentation import Source
from .refusal import Refusal, located

# Spaces YAML does not read as spaces (pasted from web pages and word processors).
_ODD = "\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff"
# The first odd space of a line's indentation: the first line's, then the others'
# (a search for line breaks is three times faster than a MULTILINE '^').
_ODD_FIRST_RE = re.compile(f"[ \t]*([{_ODD}])")
_ODD_INDENT_RE = re.compile(f"\n[ \t]*([{_ODD}])")
_ODD_AFTER_RE = re.compile(f"[:-]([{_ODD}])")  # between a key or a '-' and its value
_LEAD_RE = re.compile(f"[ \t{_ODD}]*")


def character_name(char: str) -> str:
    """``a no-break space (U+00A0)``: the article, the Unicode name and the code point."""
    name = unicodedata.name(char, "space").lower()
    return f"{a_or_an(name)} (U+{ord(char):04X})"


def odd_indentation(text: str, root: yaml.Node, path: str) -> Problem | None:
    """A line of a readable file indented with an odd space (None when there is none).

    libyaml reads such a line as a key that starts with that character, one level up.
    Lines inside a text written over several lines are the text's own business.
    """
    found = list(_odd_indents(text, len(text)))
    if not found:
        return None
    source = Source(text)
    inside = set(_lines_inside_scalars(root))
    for index in found:
        if source.line_of(index) not in inside:
            return _odd_space_problem(source, index, path)
    return None


def _odd_indents(text: str, end: int) -> Iterator[int]:
    """Where odd spaces are in the indentation of lines that start before ``end``.

    A byte order mark at the very start is not one: YAML allows it there.
    """
    first = _ODD_FIRST_RE.match(text, 1 if text.startswith("\ufeff") else 0)
    if first is not None:
        yield first.start(1)
    for match in _ODD_INDENT_RE.finditer(text, 0, end):
        yield match.start(1)


def _lines_inside_scalars(root: yaml.Node) -> Iterator[int]:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            yield from range(node.start_mark.line + 1, node.end_mark.line + 1)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _odd_space_problem(source: Source, index: int, path: str) -> Problem:
    char = source.text[index]
    lead = _LEAD_RE.match(source.text, source.starts[source.line_of(index)])
    where = "the indentation" if lead and index < lead.end() else "this line"
    return located(
        source,
        path,
        index,
        f"{where} has {character_name(char)}, which YAML does not read as a space",
        "replace it with an ordinary space (such spaces usually come with text pasted "
        "from a web page or a word processor)",
    )


def tab(refusal: Refusal) -> Problem | None:
    """A tab in the indentation of the refused line, or where a value should start."""
    line = refusal.line_text(refusal.line)
    lead = _LEAD_RE.match(line)
    start = refusal.source.starts[refusal.line]
    if lead and "\t" in lead.group():
        return refusal.report(
            start + lead.group().index("\t"),
            "this line is indented with a tab, and YAML indentation may only use spaces",
            "indent with spaces (set your editor to insert spaces when you press Tab)",
        )
    if refusal.char(refusal.at) == "\t":
        return refusal.report(
            refusal.at, "a tab cannot start a value here", "use spaces instead of the tab"
        )
    return None


def odd_space(refusal: Refusal) -> Problem | None:
    """An odd space in an indentation up to the refused line, or after a ':' or '-'."""
    source = refusal.source
    end = source.starts[refusal.line] + len(refusal.line_text(refusal.line))
    index = next(_odd_indents(refusal.text, end), None)
    if index is not None:
        return _odd_space_problem(source, index, refusal.path)
    # Between a key's ':' (or a list's '-') and its value, on this line or the one above.
    for line in (refusal.line - 1, refusal.line):
        if line < 0:
            continue
        found = _ODD_AFTER_RE.search(refusal.line_text(line))
        if found:
            return _odd_space_problem(source, source.starts[line] + found.start(1), refusal.path)
    return None
