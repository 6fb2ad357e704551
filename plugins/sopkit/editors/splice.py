"""Write one language's text of a tree back into its YAML, changing nothing else.

The file is composed again (:func:`sopkit.compile.loader.load_bytes`), and each text is
found by the position the reader kept for it (:attr:`sopkit.model.Text.marks`, or the
text's own span for a language it does not have yet). Only the characters of that
scalar are replaced, or one ``lang: ...`` entry is added to the text's mapping:
comments, key order, quoting and line endings of everything else stay as they were.
A new scalar keeps the style of the old one when the new text can be written that way
(plain, single-quoted, double-quoted, literal block), else it is double-quoted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from ..model import Text

_SCALAR_SAFE_RE = re.compile(r"[\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")
_PLAIN_FIRST = set("-?:,[]{}#&*!|>'\"%@`~ ")
_FLOW_CHARS = set(",[]{}")
# A plain text that opens with a typographic quote may read as quoted to an editor (the
# reader warns when it also closes with one): such a text is written in straight quotes.
_OPENING_QUOTES = "\u201c\u201d\u201e\u2018\u201a\u00ab\u00bb\u2039\u300c"


class SpliceError(ValueError):
    """A text that cannot be written in place (the message says why)."""


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``source[start:end]`` with ``text``."""

    start: int
    end: int
    text: str


def _nodes(root: yaml.Node) -> Iterator[tuple[yaml.Node, bool]]:
    """Every node of a composed document, with whether it is inside a flow collection."""
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, flow = stack.pop()
        yield node, flow
        inner = flow or bool(getattr(node, "flow_style", False))
        if isinstance(node, yaml.MappingNode):
            stack.extend((part, inner) for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, inner) for item in node.value)


class Document:
    """A tree file's text and its composed nodes, found by where they start."""

    def __init__(self, source: str, root: yaml.Node) -> None:
        self.source = source
        self.newline = "\r\n" if "\r\n" in source else "\n"
        self.scalars: dict[int, tuple[yaml.ScalarNode, bool]] = {}
        self.mappings: dict[tuple[int, int], tuple[yaml.MappingNode, bool]] = {}
        for node, flow in _nodes(root):
            mark = node.start_mark
            if isinstance(node, yaml.ScalarNode):
                self.scalars[mark.index] = (node, flow)
            elif isinstance(node, yaml.MappingNode):
                self.mappings[(mark.line + 1, mark.column + 1)] = (node, flow)

    def edit(self, text: Text, lang: str, value: str) -> Edit:
        """The edit that makes ``lang``'s version of ``text`` read ``value``."""
        mark = text.marks.get(lang)
        if mark is not None:
            node, flow = self.scalars[mark.index]  # type: ignore[attr-defined]
            start, end = node.start_mark.index, node.end_mark.index
            return Edit(start, end, self._replacement(node, flow, value))
        if Text.DEFAULT in text.values:
            raise SpliceError(
                "the text is written without language keys, so a translation has no place; "
                "write it as 'en: ...' on its own line first"
            )
        found = self.mappings.get((text.span.line, text.span.col))
        if found is None:  # pragma: no cover - every text with languages is a mapping
            raise SpliceError("the text's mapping was not found")
        return self._insertion(found[0], found[1], lang, value)

    def _replacement(self, node: yaml.ScalarNode, flow: bool, value: str) -> str:
        original = self.source[node.start_mark.index : node.end_mark.index]
        if node.style in ("|", ">"):
            block = self._literal(original, value)
            if block is not None:
                return block
        if node.style == "'" and "\n" not in value and _SCALAR_SAFE_RE.fullmatch(value):
            return "'" + value.replace("'", "''") + "'"
        if not node.style and _plain_safe(value, flow):
            return value
        return double_quoted(value)

    def _literal(self, original: str, value: str) -> str | None:
        """``value`` as a literal block like ``original`` (same indentation), if it can be."""
        lines = original.splitlines()
        content = [line for line in lines[1:] if line.strip()]
        if not content or not value.strip() or value.endswith("\n\n") or "\r" in value:
            return None
        if value[0] in " \t" or not _SCALAR_SAFE_RE.fullmatch(value.replace("\n", "")):
            return None
        indent = content[0][: len(content[0]) - len(content[0].lstrip(" "))]
        body = original.rstrip(" \t\r\n")
        tail = original[len(body) :] or self.newline
        header = "|" if value.endswith("\n") else "|-"
        text_lines = value.removesuffix("\n").split("\n")
        rendered = self.newline.join(indent + line if line else "" for line in text_lines)
        return header + self.newline + rendered + tail

    def _insertion(self, mapping: yaml.MappingNode, flow: bool, lang: str, value: str) -> Edit:
        """A new ``lang: value`` entry at the end of ``mapping``."""
        last_value = mapping.value[-1][1]
        end = last_value.end_mark.index
        if flow or mapping.flow_style:
            return Edit(end, end, f", {lang}: {double_quoted(value)}")
        key = mapping.value[0][0]
        indent = " " * key.start_mark.column
        rendered = value if _plain_safe(value, False) else double_quoted(value)
        if last_value.style in ("|", ">"):
            # A block scalar ends at the start of the next line: insert a line there.
            if self.source[end - 1] == "\n":
                return Edit(end, end, f"{indent}{lang}: {rendered}{self.newline}")
            return Edit(end, end, f"{self.newline}{indent}{lang}: {rendered}")
        # After the rest of the last line, so a comment there stays where it is.
        match = re.compile(r"[\r\n]").search(self.source, end)
        at = match.start() if match else len(self.source)
        return Edit(at, at, f"{self.newline}{indent}{lang}: {rendered}")


def double_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (JSON's escapes are YAML's too)."""
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\L").replace("\u2029", "\\P")


def _plain_safe(value: str, flow: bool) -> bool:
    """True when ``value`` reads back the same written without quotes."""
    if not value or value != value.strip() or "\n" in value or value[0] in _PLAIN_FIRST:
        return False
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return False
    if flow and set(value) & _FLOW_CHARS:
        return False
    if not _SCALAR_SAFE_RE.fullmatch(value) or value[0] in _OPENING_QUOTES:
        return False
    # Words YAML 1.1 or the reader might take for something else are quoted.
    return value.lower() not in {"null", "~", "true", "false", "yes", "no", "on", "off"}


def apply(source: str, edits: list[Edit]) -> str:
    """``source`` with ``edits`` made (they must not overlap)."""
    result = source
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        result = result[: edit.start] + edit.text + result[edit.end :]
    return result
