"""YAML that libyaml refuses, explained in plain words with the line to fix.

libyaml says *where* it gave up and in its own words (``mapping values are not allowed
in this context``), often lines after the mistake. Each rule here looks at the text
around libyaml's marks and the tokens it read before giving up, recognises one mistake
editors make (a tab, a pasted no-break space, ``: `` in an unquoted text, a key out of
line, a quote or bracket never closed) and says where to act and how. A file no rule
recognises still gets a plain message at libyaml's position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cached_property

import yaml

from ..model import Span
from ..problems import Problem, error
from .indentation import KEY_LINE_RE, Lines, Source, misaligned, spaces

# Spaces YAML does not read as spaces (pasted from web pages and word processors).
_ODD = "\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff"
# The first odd space of a line's indentation: the first line's, then the others'
# (a search for line breaks is three times faster than a MULTILINE '^').
_ODD_FIRST_RE = re.compile(f"[ \t]*([{_ODD}])")
_ODD_INDENT_RE = re.compile(f"\n[ \t]*([{_ODD}])")
_ODD_AFTER_RE = re.compile(f"[:-]([{_ODD}])")  # between a key or a '-' and its value
_LEAD_RE = re.compile(f"[ \t{_ODD}]*")
# A key glued to what follows its ':' (``en:Hello``), at the start of a line.
_GLUED_KEY_RE = re.compile(r" *(?:- +)*(?P<key>[\w-]+)(?P<colon>:)[^\s:/]")
_QUOTES = "'\""
# An item of a flow collection: up to the ',', ']' or '}' that ends it.
_FLOW_ITEM_RE = re.compile(r"(?:\[[^\]]*\]|\{[^}]*\}|[^,\]}])*")
_FLOW_ENDS = ",]}"
GENERAL_HINT = (
    "check the indentation of this line and the one above (spaces only, keys of one "
    "mapping in the same column); a text with ': ', ' #' or a quote in it, or starting "
    "with '[', '{', '`', '@' or a quote, goes in quotes"
)


def quoted(value: str) -> str:
    """``value`` as a YAML quoted string: in single quotes when it holds double quotes but
    no single quote (nothing to escape), else in double quotes with ``\\`` and ``"`` escaped."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def character_name(char: str) -> str:
    """``a no-break space (U+00A0)``: the article, the Unicode name and the code point."""
    name = unicodedata.name(char, "space").lower()
    article = "an" if name[0] in "aeiou" else "a"
    return f"{article} {name} (U+{ord(char):04X})"


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
    return _problem(
        source,
        path,
        index,
        f"{where} has {character_name(char)}, which YAML does not read as a space",
        "replace it with an ordinary space (such spaces usually come with text pasted "
        "from a web page or a word processor)",
    )


def _problem(source: Source, path: str, index: int, message: str, hint: str) -> Problem:
    line = source.line_of(index)
    return error(
        "yaml-syntax", Span(path, line + 1, index - source.starts[line] + 1), message, hint
    )


def explain(exc: yaml.YAMLError, text: str, path: str) -> Problem:
    """sopkit's plain-language problem for YAML that libyaml refused to read."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return error(
            "yaml-syntax", Span(path, 1, 1), "the file cannot be read as YAML", GENERAL_HINT
        )
    return _Explainer(exc, mark, Source(text), path).problem()


class _Explainer:
    """The rules, tried in order, for one refusal."""

    def __init__(self, exc: yaml.YAMLError, mark: yaml.Mark, source: Source, path: str) -> None:
        self.source = source
        self.text = source.text
        self.path = path
        # libyaml counts characters, as Python does; an end-of-file mark may be past the end.
        self.at = min(mark.index, len(self.text))
        self.line = source.line_of(self.at)
        context = getattr(exc, "context_mark", None)
        self.context = min(context.index, len(self.text)) if context is not None else None

    def problem(self) -> Problem:
        rules: tuple[Callable[[], Problem | None], ...] = (
            self.tab,
            self.odd_space,
            self.unclosed_quote,
            self.after_quote,
            self.comment_in_flow,
            self.colon_in_text,
            self.after_bracket,
            self.reserved_start,
            self.unclosed_bracket,
            self.no_space_after_colon,
            self.continued_text,
            self.indentation,
        )
        for rule in rules:
            found = rule()
            if found is not None:
                return found
        return self.report(
            self.at, "YAML cannot read this line: it does not fit the lines above", GENERAL_HINT
        )

    def report(self, index: int, message: str, hint: str) -> Problem:
        return _problem(self.source, self.path, index, message, hint)

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

    # -- the rules ------------------------------------------------------------------

    def tab(self) -> Problem | None:
        line = self.line_text(self.line)
        lead = _LEAD_RE.match(line)
        start = self.source.starts[self.line]
        if lead and "\t" in lead.group():
            return self.report(
                start + lead.group().index("\t"),
                "this line is indented with a tab, and YAML indentation may only use spaces",
                "indent with spaces (set your editor to insert spaces when you press Tab)",
            )
        if self.char(self.at) == "\t":
            return self.report(
                self.at, "a tab cannot start a value here", "use spaces instead of the tab"
            )
        return None

    def odd_space(self) -> Problem | None:
        end = self.source.starts[self.line] + len(self.line_text(self.line))
        index = next(_odd_indents(self.text, end), None)
        if index is not None:
            return _odd_space_problem(self.source, index, self.path)
        # Between a key's ':' (or a list's '-') and its value, on this line or the one above.
        for line in (self.line - 1, self.line):
            if line < 0:
                continue
            found = _ODD_AFTER_RE.search(self.line_text(line))
            if found:
                return _odd_space_problem(
                    self.source, self.source.starts[line] + found.start(1), self.path
                )
        return None

    def unclosed_quote(self) -> Problem | None:
        quote = self.char(self.context)
        if quote not in _QUOTES or self.text[self.at :].strip():
            return None
        assert self.context is not None
        inside = '\\"' if quote == '"' else "''"
        return self.report(
            self.context,
            f"the quote {quote} that opens here is never closed: the text runs to the end of "
            "the file",
            f"close it with {quote} at the end of the text (a {quote} inside the text is "
            f"written {inside})",
        )

    def last_scalar(self, *, plain: bool) -> yaml.ScalarToken | None:
        for token in reversed(self.tokens):
            if isinstance(token, yaml.ScalarToken):
                return token if (token.style in ("", None)) == plain else None
            if not isinstance(token, (yaml.KeyToken, yaml.ValueToken)):
                return None
        return None

    def after_quote(self) -> Problem | None:
        """A quoted text followed by more text: ``en: "Yes" please``, ``'It's here'``."""
        token = self.last_scalar(plain=False)
        if token is None or token.style not in _QUOTES:
            return None
        start, end = token.start_mark.index, token.end_mark.index
        if self.text[end : self.at].strip(" ") or self.char(self.at) in ":#" + _FLOW_ENDS:
            return None
        opened, closed = self.source.line_of(start), self.source.line_of(end - 1)
        if opened != closed or ": " in self.text[start:end]:
            return self.report(
                start,
                f"the quote {token.style} that opens here is closed only on line {closed + 1}, "
                f"column {self.source.col_of(end - 1) + 1}, and more text follows it",
                f"close the quote at the end of this text, on line {opened + 1}",
            )
        whole = self.value_from(start)
        inner = whole[1:-1] if len(whole) > 1 and whole[-1] == whole[0] else whole
        return self.report(
            start,
            "the text goes on after its closing quote",
            f"put the whole text in quotes: {self.corrected(start, whole, quoted(inner))}",
        )

    def value_from(self, start: int) -> str:
        """The rest of a text that starts at ``start``: to the end of the line, or of
        its item in a flow collection."""
        rest = self.source.rest_of_line(start)
        if self.in_flow(start):
            rest = _FLOW_ITEM_RE.match(rest).group()  # type: ignore[union-attr]
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

    def comment_in_flow(self) -> Problem | None:
        """``{en: Order # (from the invoice), es: ...}``: the comment hides the closing '}'."""
        opening = self.char(self.context)
        if opening not in "[{" or self.context is None:
            return None
        rest = self.source.rest_of_line(self.context)
        found = re.search(r"\s#", rest)
        if found is None or any(q in rest[: found.start()] for q in _QUOTES):
            return None
        hash_at = self.context + found.start() + 1
        starts = [
            t.start_mark.index
            for t in self.tokens
            if isinstance(t, yaml.ScalarToken) and self.context < t.start_mark.index < hash_at
        ]
        if not starts:
            return None
        start = starts[-1]
        value = self.value_from(start)
        return self.report(
            start,
            "' #' in this text starts a YAML comment, which hides the rest of the line "
            f"and its closing '{'}' if opening == '{' else ']'}'",
            f"put the whole text in quotes: {self.corrected(start, value, quoted(value))}",
        )

    def colon_in_text(self) -> Problem | None:
        """``en: Note: do X``: YAML reads ``Note:`` as the start of another key."""
        if self.char(self.at) != ":":
            return None
        token = self.last_scalar(plain=True)
        if token is None:
            return None
        start = token.start_mark.index
        first_line = self.source.line_of(start)
        key_line = KEY_LINE_RE.match(self.line_text(self.line))
        if key_line is not None and self.source.col_of(self.at) == key_line.end("key"):
            return None  # the line starts with a key, out of line with the keys above
        if first_line != self.line:
            return self.report(
                start,
                f"the text that starts here has ': ' on line {self.line + 1}, which YAML "
                "reads as the start of another key",
                "put the whole text in quotes, from here to its last line",
            )
        value = self.value_from(start)
        return self.report(
            start,
            f"the text '{value}' has ': ' in it, which YAML reads as the start of another key",
            f"put the whole text in quotes: {self.corrected(start, value, quoted(value))}",
        )

    def after_bracket(self) -> Problem | None:
        """``en: [Open the form](form.md) now``: a text that starts with '[' or '{'."""
        closing = next(
            (t for t in reversed(self.tokens) if not isinstance(t, (yaml.BlockEndToken,))), None
        )
        if not isinstance(closing, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
            return None
        end = closing.end_mark.index
        if self.text[end : self.at].strip(" ") or self.source.line_of(end) != self.line:
            return None
        depth, opening = 0, None
        for token in reversed(self.tokens):
            if isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
                depth += 1
            elif isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                depth -= 1
                if depth == 0:
                    opening = token.start_mark.index
                    break
        if opening is None or self.source.line_of(opening) != self.line:
            return None
        return self.starts_with(opening)

    def starts_with(self, start: int) -> Problem:
        value = self.value_from(start)
        return self.report(
            start,
            f"a text that starts with '{value[0]}' must be in quotes, or YAML reads the "
            f"'{value[0]}' as its own syntax",
            f"put the whole text in quotes: {self.corrected(start, value, quoted(value))}",
        )

    def reserved_start(self) -> Problem | None:
        """``en: `sopkit check` runs``: '`' and '@' cannot start an unquoted text."""
        return self.starts_with(self.at) if self.char(self.at) in ("`", "@") else None

    def unclosed_bracket(self) -> Problem | None:
        opening = self.char(self.context)
        if opening not in ("[", "{") or self.context is None:
            return None
        closing = "]" if opening == "[" else "}"
        if _closes(self.text[self.context : self.at], opening, closing):
            return None
        return self.report(
            self.context,
            f"the '{opening}' that opens here is never closed with '{closing}'",
            f"add the '{closing}' at the end of the value; a text that starts with "
            f"'{opening}' goes in quotes",
        )

    def no_space_after_colon(self) -> Problem | None:
        """``en:Hello``: without a space after it, the ':' is part of a text, not a key's."""
        lines = [self.line]
        if self.context is not None:
            lines.append(self.source.line_of(self.context))
        if (token := self.last_scalar(plain=True)) is not None:
            lines.append(self.source.line_of(token.start_mark.index))
        found = [
            (n, m) for n in sorted(set(lines)) if (m := _GLUED_KEY_RE.match(self.line_text(n)))
        ]
        if not found:
            return None
        line, glued = found[0]
        at = self.source.starts[line] + glued.end("colon")
        fixed = self.line_text(line)[: glued.end("colon")] + " " + self.source.rest_of_line(at)
        return self.report(
            at,
            f"'{glued.group('key')}:' has no space after the ':', so YAML does not read a key",
            f"put a space after the ':': {fixed.strip()}",
        )

    def continued_text(self) -> Problem | None:
        """A text wrapped onto a line indented no more than its key (YAML reads a key)."""
        line = self.source.line_of(self.context) if self.context is not None else self.line
        text = self.line_text(line)
        content = text.lstrip(" ")
        if not content or content[0] in "-#'\"[{|>" or KEY_LINE_RE.match(text):
            return None
        lines = Lines(self.source, line)
        key = lines.key(lines.above[-1]) if lines.above else None
        if key is None or not key.has_value:
            return None
        value = KEY_LINE_RE.match(self.line_text(key.line))
        indent = len(text) - len(content)
        if value is None or (value.group("value") or " ")[0] in "'\"[{|>" or indent > key.lead:
            return None
        return self.report(
            self.source.starts[line] + indent,
            f"this line goes on with the text of '{key.name}' on line {key.line + 1}, but it "
            f"is not indented more than '{key.name}', so YAML reads it as a key",
            f"indent it with at least {spaces(key.lead + 1)}, or join it to line {key.line + 1}",
        )

    def indentation(self) -> Problem | None:
        """A key out of line with the keys above it (the sibling named by its line)."""
        found = misaligned(self.source, self.line, self.at)
        return self.report(*found) if found is not None else None


def _closes(text: str, opening: str, closing: str) -> bool:
    """True when the bracket that opens ``text`` is closed in it (quotes skipped)."""
    depth, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in _QUOTES:
            quote = char
        elif char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return True
    return False
