"""YAML that libyaml refuses, explained in plain words with the line to fix.

libyaml says *where* it gave up and in its own words (``mapping values are not allowed
in this context``), often lines after the mistake. Each rule looks at the text around
libyaml's marks and the tokens it read before giving up (a :class:`Refusal`), recognises
one mistake editors make and says where to act and how: a tab or a pasted no-break space
(:mod:`sopkit.compile.characters`), ``: `` in an unquoted text or a quote or bracket never
closed (:mod:`sopkit.compile.quoting`), a key out of line (the rules below). A file no rule
recognises still gets a plain message at libyaml's position.
"""

from __future__ import annotations

import re

import yaml

from ..model import Span
from ..problems import Problem, error
from .characters import odd_space, tab
from .indentation import KEY_LINE_RE, Lines, Source, misaligned, spaces
from .quoting import (
    after_bracket,
    after_quote,
    colon_in_text,
    comment_in_flow,
    reserved_start,
    unclosed_bracket,
    unclosed_quote,
)
from .refusal import Refusal, Rule

# A key glued to what follows its ':' (``en:Hello``), at the start of a line.
_GLUED_KEY_RE = re.compile(r" *(?:- +)*(?P<key>[\w-]+)(?P<colon>:)[^\s:/]")
GENERAL_HINT = (
    "check the indentation of this line and the one above (spaces only, keys of one "
    "mapping in the same column); a text with ': ', ' #' or a quote in it, or starting "
    "with a quote or one of [ { * & ! | > % @ `, goes in quotes"
)


def explain(exc: yaml.YAMLError, text: str, path: str) -> Problem:
    """sopkit's plain-language problem for YAML that libyaml refused to read."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return error(
            "yaml-syntax", Span(path, 1, 1), "the file cannot be read as YAML", GENERAL_HINT
        )
    refusal = Refusal(exc, mark, Source(text), path)
    for rule in _RULES:
        found = rule(refusal)
        if found is not None:
            return found
    return refusal.report(
        refusal.at, "YAML cannot read this line: it does not fit the lines above", GENERAL_HINT
    )


def no_space_after_colon(refusal: Refusal) -> Problem | None:
    """``en:Hello``: without a space after it, the ':' is part of a text, not a key's."""
    source = refusal.source
    lines = [refusal.line]
    if refusal.context is not None:
        lines.append(source.line_of(refusal.context))
    if (token := refusal.last_scalar(plain=True)) is not None:
        lines.append(source.line_of(token.start_mark.index))
    found = [(n, m) for n in sorted(set(lines)) if (m := _GLUED_KEY_RE.match(refusal.line_text(n)))]
    if not found:
        return None
    line, glued = found[0]
    at = source.starts[line] + glued.end("colon")
    fixed = refusal.line_text(line)[: glued.end("colon")] + " " + source.rest_of_line(at)
    return refusal.report(
        at,
        f"'{glued.group('key')}:' has no space after the ':', so YAML does not read a key",
        f"put a space after the ':': {fixed.strip()}",
    )


def continued_text(refusal: Refusal) -> Problem | None:
    """A text wrapped onto a line indented no more than its key (YAML reads a key)."""
    source = refusal.source
    line = source.line_of(refusal.context) if refusal.context is not None else refusal.line
    text = refusal.line_text(line)
    content = text.lstrip(" ")
    if not content or content[0] in "-#'\"[{|>" or KEY_LINE_RE.match(text):
        return None
    lines = Lines(source, line)
    key = lines.key(lines.above[-1]) if lines.above else None
    if key is None or not key.has_value:
        return None
    value = KEY_LINE_RE.match(refusal.line_text(key.line))
    indent = len(text) - len(content)
    if value is None or (value.group("value") or " ")[0] in "'\"[{|>" or indent > key.lead:
        return None
    return refusal.report(
        source.starts[line] + indent,
        f"this line goes on with the text of '{key.name}' on line {key.line + 1}, but it "
        f"is not indented more than '{key.name}', so YAML reads it as a key",
        f"indent it with at least {spaces(key.lead + 1)}, or join it to line {key.line + 1}",
    )


def indentation(refusal: Refusal) -> Problem | None:
    """A key out of line with the keys above it (the sibling named by its line)."""
    found = misaligned(refusal.source, refusal.line, refusal.at)
    return refusal.report(*found) if found is not None else None


# The rules, tried in order: the first that recognises the mistake explains it.
_RULES: tuple[Rule, ...] = (
    tab,
    odd_space,
    unclosed_quote,
    after_quote,
    comment_in_flow,
    colon_in_text,
    after_bracket,
    reserved_start,
    unclosed_bracket,
    no_space_after_colon,
    continued_text,
    indentation,
)
