"""Texts that need quotes, and quotes or brackets never closed.

Rules for files libyaml refused: a quote or bracket that runs to the end of the file,
text after a closing quote or bracket, ``: `` or `` #`` in an unquoted text, a text that
starts with a character YAML reserves. Each names the text and, where it can, shows the
line with the text in quotes (:func:`quoted`, also used to suggest fixes elsewhere).
"""

from __future__ import annotations

import re

import yaml

from ..problems import Problem
from .indentation import KEY_LINE_RE
from .refusal import Refusal

_QUOTES = "'\""
_FLOW_ENDS = ",]}"


def quoted(value: str) -> str:
    """``value`` as a YAML quoted string: in single quotes when it holds double quotes but
    no single quote (nothing to escape), else in double quotes with ``\\`` and ``"`` escaped."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unclosed_quote(refusal: Refusal) -> Problem | None:
    """A quote that opens a text and runs to the end of the file."""
    quote = refusal.char(refusal.context)
    if quote not in _QUOTES or refusal.text[refusal.at :].strip():
        return None
    assert refusal.context is not None
    inside = '\\"' if quote == '"' else "''"
    return refusal.report(
        refusal.context,
        f"the quote {quote} that opens here is never closed: the text runs to the end of the file",
        f"close it with {quote} at the end of the text (a {quote} inside the text is "
        f"written {inside})",
    )


def after_quote(refusal: Refusal) -> Problem | None:
    """A quoted text followed by more text: ``en: "Yes" please``, ``'It's here'``."""
    token = refusal.last_scalar(plain=False)
    if token is None or token.style not in _QUOTES:
        return None
    source = refusal.source
    start, end = token.start_mark.index, token.end_mark.index
    if refusal.text[end : refusal.at].strip(" ") or refusal.char(refusal.at) in ":#" + _FLOW_ENDS:
        return None
    opened, closed = source.line_of(start), source.line_of(end - 1)
    if opened != closed or ": " in refusal.text[start:end]:
        return refusal.report(
            start,
            f"the quote {token.style} that opens here is closed only on line {closed + 1}, "
            f"column {source.col_of(end - 1) + 1}, and more text follows it",
            f"close the quote at the end of this text, on line {opened + 1}",
        )
    whole = refusal.value_from(start)
    inner = whole[1:-1] if len(whole) > 1 and whole[-1] == whole[0] else whole
    return refusal.report(
        start,
        "the text goes on after its closing quote",
        f"put the whole text in quotes: {refusal.corrected(start, whole, quoted(inner))}",
    )


def comment_in_flow(refusal: Refusal) -> Problem | None:
    """``{en: Order # (from the invoice), es: ...}``: the comment hides the closing '}'."""
    context = refusal.context
    opening = refusal.char(context)
    if opening not in "[{" or context is None:
        return None
    rest = refusal.source.rest_of_line(context)
    found = re.search(r"\s#", rest)
    if found is None or any(q in rest[: found.start()] for q in _QUOTES):
        return None
    hash_at = context + found.start() + 1
    starts = [
        t.start_mark.index
        for t in refusal.tokens
        if isinstance(t, yaml.ScalarToken) and context < t.start_mark.index < hash_at
    ]
    if not starts:
        return None
    start = starts[-1]
    value = refusal.value_from(start)
    return refusal.report(
        start,
        "' #' in this text starts a YAML comment, which hides the rest of the line "
        f"and its closing '{'}' if opening == '{' else ']'}'",
        f"put the whole text in quotes: {refusal.corrected(start, value, quoted(value))}",
    )


def colon_in_text(refusal: Refusal) -> Problem | None:
    """``en: Note: do X``: YAML reads ``Note:`` as the start of another key."""
    if refusal.char(refusal.at) != ":":
        return None
    token = refusal.last_scalar(plain=True)
    if token is None:
        return None
    start = token.start_mark.index
    first_line = refusal.source.line_of(start)
    key_line = KEY_LINE_RE.match(refusal.line_text(refusal.line))
    if key_line is not None and refusal.source.col_of(refusal.at) == key_line.end("key"):
        return None  # the line starts with a key, out of line with the keys above
    if first_line != refusal.line:
        return refusal.report(
            start,
            f"the text that starts here has ': ' on line {refusal.line + 1}, which YAML "
            "reads as the start of another key",
            "put the whole text in quotes, from here to its last line",
        )
    value = refusal.value_from(start)
    return refusal.report(
        start,
        f"the text '{value}' has ': ' in it, which YAML reads as the start of another key",
        f"put the whole text in quotes: {refusal.corrected(start, value, quoted(value))}",
    )


def after_bracket(refusal: Refusal) -> Problem | None:
    """``en: [Open the form](form.md) now``: a text that starts with '[' or '{'."""
    tokens = refusal.tokens
    closing = next((t for t in reversed(tokens) if not isinstance(t, (yaml.BlockEndToken,))), None)
    if not isinstance(closing, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        return None
    end = closing.end_mark.index
    if refusal.text[end : refusal.at].strip(" ") or refusal.source.line_of(end) != refusal.line:
        return None
    depth, opening = 0, None
    for token in reversed(tokens):
        if isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
            depth += 1
        elif isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            depth -= 1
            if depth == 0:
                opening = token.start_mark.index
                break
    if opening is None or refusal.source.line_of(opening) != refusal.line:
        return None
    return _starts_with(refusal, opening)


# What YAML makes of a character that starts an unquoted text, in plain words.
_SYNTAX_OF = {
    "*": "a reference to another value (an alias)",
    "&": "a name given to the value (an anchor)",
    "!": "a type tag",
    "|": "the start of a text written on the lines below",
    ">": "the start of a text written on the lines below",
    "%": "a directive",
    "-": "a list item",
    "?": "a key",
    "@": "a character reserved for future use",
    "`": "a character reserved for future use",
    "[": "the start of a list",
    "{": "the start of a mapping",
}
# The characters :func:`reserved_start` looks for ('[' and '{' have rules of their own).
_STARTS = frozenset(_SYNTAX_OF) - {"[", "{"}
# A list item (a mapping, a list, or a key and its value) rather than a text: ``- {a: 1}``
_LIST_ITEM_RE = re.compile(r"-[ \t]+(?:[\[{]|[\w-]+:[ \t])")
# Characters that start a value only when a key's ': ' comes before them (elsewhere
# they start a list item or a key of a list, which YAML reads well).
_AFTER_KEY_ONLY = ("-", "?")


def reserved_start(refusal: Refusal) -> Problem | None:
    """``en: *Bold* first``, ``en: > 100 euros``: a text that starts with a character YAML
    reads as its own syntax (an alias, an anchor, a tag, a block text, a directive)."""
    for index in (refusal.context, refusal.at):
        char = refusal.char(index)
        if char in _STARTS and index is not None and _starts_value(refusal, index, char):
            if char == "-" and _LIST_ITEM_RE.match(refusal.text, index):
                return _item_on_key_line(refusal, index)
            return _starts_with(refusal, index)
    return None


def _item_on_key_line(refusal: Refusal, index: int) -> Problem:
    """``answers: - {label: ...}``: a list item written on the line of its key."""
    key = KEY_LINE_RE.match(refusal.line_text(refusal.source.line_of(index)))
    name = key.group("key") if key is not None else "the key"
    return refusal.report(
        index,
        f"a list cannot start on the line of its key '{name}'",
        f"put '- {refusal.value_from(index)[1:].strip()}' on the next line, indented more "
        f"than '{name}'",
    )


def _starts_value(refusal: Refusal, index: int, char: str) -> bool:
    """True when ``index`` is where a value starts: after a key's ':', a list's '-', or in
    brackets after '[', '{' or ','."""
    line = refusal.source.line_of(index)
    before = refusal.text[refusal.source.starts[line] : index].rstrip(" ")
    if char in _AFTER_KEY_ONLY:
        return before.endswith(":")
    return before.endswith((":", "-", "[", "{", ","))


def _starts_with(refusal: Refusal, start: int) -> Problem:
    value = refusal.value_from(start)
    return refusal.report(
        start,
        f"a text that starts with '{value[0]}' must be in quotes, or YAML reads the "
        f"'{value[0]}' as {_SYNTAX_OF.get(value[0], 'its own syntax')}",
        f"put the whole text in quotes: {refusal.corrected(start, value, quoted(value))}",
    )


def unclosed_bracket(refusal: Refusal) -> Problem | None:
    """A '[' or '{' never closed before libyaml gave up."""
    opening = refusal.char(refusal.context)
    if opening not in ("[", "{") or refusal.context is None:
        return None
    closing = "]" if opening == "[" else "}"
    if _closes(refusal.text[refusal.context : refusal.at], opening, closing):
        return None
    return refusal.report(
        refusal.context,
        f"the '{opening}' that opens here is never closed with '{closing}'",
        f"add the '{closing}' at the end of the value; a text that starts with "
        f"'{opening}' goes in quotes",
    )


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
