"""One refusal of libyaml: where it gave up, what it read before, and the text around.

The rules of :mod:`sopkit.compile.characters`, :mod:`sopkit.compile.quoting` and
:mod:`sopkit.compile.syntax` each read a :class:`Refusal` and say whether they recognise
the mistake; :func:`located` turns what they found into a problem at a character index.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

import yaml

from ..model import Span
from ..problems import Problem, error
from .indentation import Source

# An item of a flow collection: up to the ',', ']' or '}' that ends it.
FLOW_ITEM_RE = re.compile(r"(?:\[[^\]]*\]|\{[^}]*\}|[^,\]}])*")


def located(source: Source, path: str, index: int, message: str, hint: str) -> Problem:
    """A ``yaml-syntax`` error at character ``index`` of ``source``."""
    line = source.line_of(index)
    return error(
        "yaml-syntax", Span(path, line + 1, index - source.starts[line] + 1), message, hint
    )


class Refusal:
    """libyaml's marks for one refusal, the tokens it read before, and the file's text."""

    def __init__(self, exc: yaml.YAMLError, mark: yaml.Mark, source: Source, path: str) -> None:
        self.source = source
        self.text = source.text
        self.path = path
        # libyaml counts characters, as Python does; an end-of-file mark may be past the end.
        self.at = min(mark.index, len(self.text))
        self.line = source.line_of(self.at)
        context = getattr(exc, "context_mark", None)
        self.context = min(context.index, len(self.text)) if context is not None else None

    def report(self, index: int, message: str, hint: str) -> Problem:
        return located(self.source, self.path, index, message, hint)

    @cached_property
    def tokens(self) -> list[yaml.Token]:
        """The tokens libyaml read before the problem mark."""
        found: list[yaml.Token] = []
        try:
            for token in yaml.scan(self.text, Loader=yaml.CSafeLoader):
                if token.end_mark.index > self.at:
                    break
                found.append(token)
        except yaml.YAMLError:
            pass
        return found

    def char(self, index: int | None) -> str:
        return self.text[index] if index is not None and 0 <= index < len(self.text) else ""

    def line_text(self, line: int) -> str:
        return self.source.lines[line]

    def last_scalar(self, *, plain: bool) -> yaml.ScalarToken | None:
        for token in reversed(self.tokens):
            if isinstance(token, yaml.ScalarToken):
                return token if (token.style in ("", None)) == plain else None
            if not isinstance(token, (yaml.KeyToken, yaml.ValueToken)):
                return None
        return None

    def value_from(self, start: int) -> str:
        """The rest of a text that starts at ``start``: to the end of the line, or of
        its item in a flow collection."""
        rest = self.source.rest_of_line(start)
        if self.in_flow(start):
            rest = FLOW_ITEM_RE.match(rest).group()  # type: ignore[union-attr]
        return rest.rstrip()

    def in_flow(self, index: int) -> bool:
        depth = 0
        for token in self.tokens:
            if token.start_mark.index >= index:
                break
            if isinstance(token, (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
                depth += 1
            elif isinstance(token, (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)):
                depth -= 1
        return depth > 0

    def corrected(self, start: int, old: str, new: str) -> str:
        """The line holding ``start``, with ``old`` (written there) replaced by ``new``."""
        line = self.source.line_of(start)
        col = start - self.source.starts[line]
        text = self.line_text(line)
        return (text[:col] + new + text[col + len(old) :]).strip()


Rule = Callable[[Refusal], Problem | None]
"""A rule: the problem it recognises in a refusal, or None."""
