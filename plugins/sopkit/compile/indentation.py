"""How the lines of a YAML file are indented, and which key a line should line up with.

Read from the text alone, for files libyaml refused: :mod:`sopkit.compile.syntax` asks
:func:`misaligned` whether the line where libyaml gave up is a key out of line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Every line break libyaml counts: CR LF, CR, LF, NEL, LS and PS.
_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A line that starts a key (after any list dashes): its lead, the key, what follows.
KEY_LINE_RE = re.compile(r"(?P<lead> *(?:- +)*)(?P<key>[\w-]+) *:(?: +(?P<value>.*)|$)")
Misaligned = tuple[int, str, str]
"""Where the key out of line starts (a character index), the message and the hint."""


def spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


class Source:
    """The text of a file, split into lines the way libyaml counts them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _BREAK_RE.finditer(text)]
        self.lines = _BREAK_RE.split(text)

    def line_of(self, index: int) -> int:
        """The 0-based line holding character ``index``."""
        return bisect.bisect_right(self.starts, index) - 1

    def col_of(self, index: int) -> int:
        return index - self.starts[self.line_of(index)]

    def rest_of_line(self, index: int) -> str:
        line = self.line_of(index)
        return self.lines[line][index - self.starts[line] :]

    def content_lines(self, before: int) -> list[int]:
        """Lines above ``before`` that hold something other than spaces and comments."""
        return [
            n
            for n in range(before)
            if self.lines[n].strip() and not self.lines[n].lstrip().startswith("#")
        ]


def misaligned(source: Source, line: int, at: int) -> Misaligned | None:
    """A key out of line with the keys above it, when libyaml gave up at ``at`` on ``line``.

    libyaml gives up at the key, or at its ':'; the key the line should line up with is
    named by its line. A key indented less than its siblings above, that has lines of
    its own, is found even when libyaml reads on to a later line.
    """
    lines = Lines(source, line)
    here = lines.key(line)
    if here is None:
        return None
    key_at = source.starts[line] + here.lead
    after_key = source.text[key_at + len(here.name) : at]
    if at != key_at and not (source.text[at : at + 1] == ":" and not after_key.strip()):
        return None
    above = lines.above
    if not above:
        return None
    previous = lines.key(above[-1])
    if previous is None:
        return None
    if here.lead > previous.lead:
        if not previous.has_value:
            return None
        return _out_of_line(source, here, previous, "more")
    levels = lines.open_levels()
    if here.lead in levels:
        return None
    sibling = lines.last_at(here.lead)
    if sibling is not None:
        culprit = lines.shallowest_between(sibling.line, here.line)
        if culprit is not None and culprit.lead < here.lead and lines.has_children(culprit):
            return _out_of_line(source, culprit, sibling, "less")
        return None
    less = [indent for indent in levels if indent < here.lead]
    more = [indent for indent in levels if indent > here.lead]
    shallower = lines.key(levels[max(less)]) if less else None
    deeper = lines.key(levels[min(more)]) if more else None
    if shallower and deeper and here.lead - shallower.lead == deeper.lead - here.lead:
        return _between(source, here, shallower, deeper)
    if deeper and (shallower is None or deeper.lead - here.lead < here.lead - shallower.lead):
        return _out_of_line(source, here, deeper, "less")
    return _out_of_line(source, here, shallower, "more") if shallower else None


def _between(source: Source, key: Key, shallower: Key, deeper: Key) -> Misaligned:
    return (
        source.starts[key.line] + key.lead,
        f"'{key.name}' is indented {spaces(key.lead)}, between '{shallower.name}' on line "
        f"{shallower.line + 1} ({spaces(shallower.lead)}) and '{deeper.name}' on line "
        f"{deeper.line + 1} ({spaces(deeper.lead)})",
        f"keys of one mapping start in the same column: indent '{key.name}' like the keys "
        f"it belongs with, {spaces(shallower.lead)} like '{shallower.name}' or "
        f"{deeper.lead} like '{deeper.name}'",
    )


def _out_of_line(source: Source, key: Key, sibling: Key, than: str) -> Misaligned:
    return (
        source.starts[key.line] + key.lead,
        f"'{key.name}' is indented {spaces(key.lead)}, {than} than '{sibling.name}' on "
        f"line {sibling.line + 1} ({spaces(sibling.lead)})",
        f"keys of one mapping start in the same column: indent '{key.name}' with "
        f"{spaces(sibling.lead)}, like '{sibling.name}'",
    )


@dataclass(frozen=True, slots=True)
class Key:
    """A line that starts a key: its 0-based line, the key's column and name."""

    line: int
    lead: int  # the key's column
    dash: int | None  # the column of a list's '-' before it
    name: str
    has_value: bool  # a value follows on the same line


class Lines:
    """The content lines above a line, read for their indentation."""

    def __init__(self, source: Source, before: int) -> None:
        self.source = source
        self.above = source.content_lines(before)

    def key(self, line: int) -> Key | None:
        text = self.source.lines[line]
        found = KEY_LINE_RE.match(text)
        if found is None:
            return None
        lead = found.group("lead")
        dash = len(lead) - len(lead.lstrip(" ")) if "-" in lead else None
        value = (found.group("value") or "").strip()
        return Key(
            line, len(lead), dash, found.group("key"), bool(value) and not value.startswith("#")
        )

    def keys(self) -> Iterable[Key]:
        for line in self.above:
            key = self.key(line)
            if key is not None:
                yield key

    def open_levels(self) -> dict[int, int]:
        """The column of each mapping still open after the lines above -> its last key's line.

        A list's '-' closes the deeper mappings as a key does, but opens no mapping itself.
        """
        stack: list[tuple[int, int | None]] = []
        for key in self.keys():
            for indent, line in ((key.dash, None), (key.lead, key.line)):
                if indent is None:
                    continue
                while stack and stack[-1][0] > indent:
                    stack.pop()
                if stack and stack[-1][0] == indent:
                    stack[-1] = (indent, line if line is not None else stack[-1][1])
                else:
                    stack.append((indent, line))
        return {indent: line for indent, line in stack if line is not None}

    def last_at(self, indent: int) -> Key | None:
        return next((k for k in reversed(list(self.keys())) if k.lead == indent), None)

    def shallowest_between(self, first: int, last: int) -> Key | None:
        between = [k for k in self.keys() if first < k.line < last]
        return min(between, key=lambda k: (k.lead, k.line), default=None)

    def has_children(self, key: Key) -> bool:
        later = [n for n in self.above if n > key.line]
        if not later:
            return False
        text = self.source.lines[later[0]]
        return len(text) - len(text.lstrip(" ")) > key.lead
