"""Reading the values of a composed YAML document, every problem collected.

:class:`Reader` reads one value at a time (a mapping's keys, a text, an id, a number)
as written in the file, and records what is wrong with it rather than raising. The
nodes of a tree are read by :mod:`sopkit.compile.nodes`, the tree itself by
:mod:`sopkit.compile.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import Literal, TypeVar

import yaml

from ..languages import LANG_RE
from ..model import Mark, Span, Text
from ..problems import Problem, a_or_an, did_you_mean, error, printable, warning
from .loader import PLAIN
from .quoting import quoted

T = TypeVar("T")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_RULE = "use lowercase letters, digits and single hyphens, e.g. 'check-firmware'"
_NULL = "tag:yaml.org,2002:null"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_NULL_TAGS = (PLAIN, _NULL)  # an unquoted scalar, or one tagged !!null
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_AN_ID = {
    kind: a_or_an(f"{kind} id")
    for kind in ("node", "tree", "field", "answer", "checklist item", "option")
}
_A_TEXT = "a text (a string, or a mapping from language to string)"
_SCALAR, _MAPPING = yaml.ScalarNode, yaml.MappingNode
# A comment that starts on the line where an unquoted text ends (YAML drops it).
_COMMENT_AFTER_RE = re.compile(r"[ \t]+#[^\r\n\x85\u2028\u2029]*")
# Typographic quotes pasted around a whole text: opening -> the closings that end it.
_TYPOGRAPHIC_QUOTES = {
    "\u201c": "\u201d",  # “…”
    "\u201d": "\u201d",  # ”…”
    "\u201e": "\u201c\u201d",  # „…“ „…”
    "\u2018": "\u2019",  # ‘…’
    "\u201a": "\u2018\u2019",  # ‚…‘ ‚…’
    "\u00ab": "\u00bb",  # «…»
    "\u00bb": "\u00ab",  # »…«
    "\u2039": "\u203a",  # ‹…›
    "\u300c": "\u300d",  # 「…」
}


def shown(value: str) -> str:
    """``value`` as quoted in a message: control characters and line breaks escaped.

    A message stays one line, so a hostile value cannot forge more lines of output.
    """
    return printable(value)


_YAML_TYPES = yaml.resolver.Resolver()


def implicit_tag(node: yaml.Node) -> str:
    """The tag YAML 1.1 gives a scalar: ``bool`` for an unquoted ``yes``, ``int`` for ``20``.

    The loader leaves unquoted scalars untyped (texts are read as written); this types
    one the way PyYAML would, for the few keys that take a boolean or a number.
    """
    if node.tag != PLAIN:
        return str(node.tag)
    return str(_YAML_TYPES.resolve(yaml.ScalarNode, node.value, (True, False)))  # type: ignore[no-untyped-call]


def is_nothing(node: yaml.Node) -> bool:
    """True for an empty value (``key:``, ``~``, ``null``)."""
    return node.value in _NULLS and node.tag in _NULL_TAGS


def describe(node: yaml.Node) -> str:
    """How a value reads in a message: ``a list``, ``nothing``, ``'yes'``."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if is_nothing(node):
        return "nothing"
    value = str(node.value)
    if len(value) > 40:
        value = value[:37] + "..."
    return f"'{shown(value)}'"


class Reader:
    """Reads one composed document, collecting problems as it goes."""

    def __init__(self, path: str, source: str = "") -> None:
        self.path = path
        self.source = source  # the file as written, to see what YAML left out of a text
        self.problems: list[Problem] = []
        # Set on a duplicate key while reading; build_tree then reports them all.
        self.duplicates = False
        self.languages: set[str] = set()
        self.ids: set[str] = set()  # ids already found valid (each is matched once)

    def language(self, code: str) -> bool:
        """True for a valid language code, remembered so each is matched once per file."""
        if LANG_RE.fullmatch(code):
            self.languages.add(code)
            return True
        return False

    def span(self, node: yaml.Node) -> Span:
        mark = node.start_mark
        return Span(self.path, mark.line + 1, mark.column + 1)

    def err(self, code: str, node: yaml.Node, message: str, hint: str | None = None) -> None:
        self.problems.append(error(code, self.span(node), message, hint))

    def wrong_type(self, node: yaml.Node, name: str, expected: str) -> None:
        self.err("wrong-type", node, f"'{name}' must be {expected}, found {describe(node)}")

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        allowed: Sequence[str],
        required: Sequence[str] = (),
        name: str | None = None,
    ) -> dict[str, yaml.Node] | None:
        """Keys of a mapping -> value nodes; unknown, duplicate and missing keys reported."""
        if node.__class__ is not yaml.MappingNode:
            if name is None:
                self.err("wrong-type", node, f"{what} must be a mapping, found {describe(node)}")
            else:
                self.wrong_type(node, name, "a mapping")
            return None
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if key.__class__ is not yaml.ScalarNode:
                self.err("wrong-type", key, f"keys of {what} must be names, found {describe(key)}")
                continue
            key_name = key.value
            if key_name in found:
                self.duplicates = True
                continue
            if key_name not in allowed:
                self.err(
                    "unknown-key",
                    key,
                    f"unknown key '{shown(key_name)}' in {what}{did_you_mean(key_name, allowed)}",
                    f"{what} takes: {', '.join(allowed)}",
                )
                continue
            found[key_name] = value
        for key_name in required:
            if key_name not in found:
                self.err("missing-key", node, f"{what} has no '{key_name}', which is required")
        return found

    def scalar(self, node: yaml.Node, name: str, expected: str = "a text") -> str | None:
        if not isinstance(node, yaml.ScalarNode) or is_nothing(node):
            self.wrong_type(node, name, expected)
            return None
        return str(node.value)

    def ident(
        self,
        node: yaml.Node,
        name: str,
        kind: Literal["node", "tree", "field", "answer", "checklist item", "option"] = "node",
    ) -> str | None:
        value = self.scalar(node, name, _AN_ID[kind])
        if value is None or value in self.ids:
            return value
        if ID_RE.fullmatch(value):
            self.ids.add(value)
        else:
            self.err("invalid-id", node, f"{kind} id '{shown(value)}' is not valid", ID_RULE)
            return None
        return value

    def boolean(self, node: yaml.Node, name: str) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and implicit_tag(node) == _BOOL:
            return node.value.lower() in ("true", "yes", "on", "y")
        self.wrong_type(node, name, "true or false")
        return None

    def integer(self, node: yaml.Node, name: str, maximum: int, unit: str) -> int | None:
        """A whole number from 1 to ``maximum`` (``unit`` names it in the message)."""
        if isinstance(node, yaml.ScalarNode) and implicit_tag(node) == _INT:
            try:
                value = int(node.value.replace("_", ""), 0)
            except ValueError:
                value = -1
            if 0 < value <= maximum:
                return value
        self.wrong_type(node, name, f"a whole number of {unit} from 1 to {maximum}")
        return None

    def date(self, node: yaml.Node, name: str) -> dt.date | None:
        if isinstance(node, yaml.ScalarNode):
            try:
                return dt.date.fromisoformat(str(node.value))
            except ValueError:
                pass
        self.wrong_type(node, name, "a date written YYYY-MM-DD")
        return None

    def text(self, node: yaml.Node, name: str) -> Text | None:
        kind = node.__class__
        if kind is _MAPPING:
            return self._texts(node, name)
        if kind is not _SCALAR or is_nothing(node):
            self.wrong_type(node, name, _A_TEXT)
            return None
        if not str(node.value).strip():
            self.err("empty-text", node, f"'{name}' is empty")
            return None
        if self._tagged(node, name):
            return None
        if node.tag == PLAIN:
            self._surprises(node, name)
        return Text(values=MappingProxyType({Text.DEFAULT: str(node.value)}), span=self.span(node))

    def _tagged(self, node: yaml.Node, name: str) -> bool:
        """True, with an error, for a text that starts with a '!' YAML took as a type tag
        (``en: !urgent call back`` reads as 'call back'); ``!!str`` is YAML's own."""
        start = node.start_mark.index
        if not self.source.startswith("!", start) or self.source.startswith("!!", start):
            return False
        end = node.end_mark.index
        tag = self.source[start:end].split(None, 1)[0]
        line_start = max(self.source.rfind("\n", 0, start), self.source.rfind("\r", 0, start))
        written = self.source[line_start + 1 : start].lstrip()
        if node.start_mark.line == node.end_mark.line:
            fix = f"put the whole text in quotes: {shown(written + quoted(self.source[start:end]))}"
        else:
            fix = "put the whole text in quotes, from its first line to its last"
        value = str(node.value)
        self.err(
            "yaml-tag",
            node,
            f"'{name}' starts with '{shown(tag)}', which YAML reads as a type tag, so the text "
            f"is only '{shown(value if len(value) <= 40 else value[:37] + '...')}'",
            fix,
        )
        return True

    def _surprises(self, node: yaml.Node, name: str) -> None:
        """Warn where an unquoted text is not what its line seems to say.

        A ' #' ends it (the rest of the line is a comment), and typographic quotes
        pasted around it are part of it (only straight quotes quote a YAML text).
        """
        value = str(node.value)
        closings = _TYPOGRAPHIC_QUOTES.get(value[0], "")
        if len(value) > 1 and value[-1] in closings and not set(value[1:-1]) & set(closings):
            self.problems.append(
                warning(
                    "typographic-quotes",
                    self.span(node),
                    f"'{name}' is wrapped in typographic quotes ({shown(value[0])}...{value[-1]}), "
                    "which YAML keeps as part of the text",
                    f"delete them; to show them, put the whole text in straight quotes: "
                    f"{quoted(shown(value))}",
                )
            )
        end = node.end_mark.index
        comment = _COMMENT_AFTER_RE.match(self.source, end) if self.source else None
        if comment is None:
            return
        hash_at = comment.group().index("#")
        line, col = node.end_mark.line + 1, node.end_mark.column + hash_at + 1
        if node.start_mark.line == node.end_mark.line:
            start = node.start_mark.index
            line_start = max(self.source.rfind("\n", 0, start), self.source.rfind("\r", 0, start))
            written = self.source[line_start + 1 : start].lstrip()
            whole = self.source[start : comment.end()].rstrip()
            fix = f"put the whole text in quotes: {shown(written + quoted(whole))}"
        else:
            fix = "put the whole text in quotes, from its first line to this one"
        self.problems.append(
            warning(
                "text-comment",
                Span(self.path, line, col),
                f"'{name}' ends before ' #': YAML reads the rest of the line as a comment, "
                f"so the text is only '{shown(value if len(value) <= 40 else value[:37] + '...')}'",
                f"{fix} (a comment meant as one goes on a line of its own)",
            )
        )

    def _texts(self, node: yaml.Node, name: str) -> Text | None:
        """A text written as a mapping from language to string (the common case)."""
        values: dict[str, str] = {}
        marks: dict[str, Mark] = {}
        languages = self.languages
        for key, value in node.value:
            lang = key.value if key.__class__ is _SCALAR else None
            if lang in values:
                self.duplicates = True
            if lang is None or (lang not in languages and not self.language(lang)):
                self.err(
                    "invalid-language",
                    key,
                    f"'{name}' has the key {describe(key)}, which is not a language code",
                    _colon_hint(node) or "write texts as {en: ..., es: ...}",
                )
                continue
            string = self.scalar(value, f"{name}.{lang}")
            if string is None or self._tagged(value, f"{name}.{lang}"):
                continue
            if not string.strip():
                self.err("empty-text", value, f"'{name}.{lang}' is empty")
                continue
            if value.tag == PLAIN:
                self._surprises(value, f"{name}.{lang}")
            values[lang] = string
            marks[lang] = value.start_mark
        if not values:
            if not node.value:
                self.err("empty-text", node, f"'{name}' is empty")
            return None
        return Text(
            values=MappingProxyType(values), span=self.span(node), marks=MappingProxyType(marks)
        )

    def sequence(self, node: yaml.Node, name: str) -> list[yaml.Node] | None:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        self.wrong_type(node, name, "a list")
        return None


def _colon_hint(node: yaml.Node) -> str | None:
    """For ``- Note: check the ID``: the text YAML read as a key and its value, quoted."""
    if len(node.value) != 1:
        return None
    key, value = node.value[0]
    plain = key.__class__ is _SCALAR and value.__class__ is _SCALAR and value.tag == PLAIN
    if not plain or key.tag != PLAIN or key.start_mark.line != value.end_mark.line:
        return None
    whole = shown(f"{key.value}: {value.value}")
    return f"if ': ' is part of the text, put the whole text in quotes: {quoted(whole)}"


def read_list(
    reader: Reader,
    node: yaml.Node,
    name: str,
    read_item: Callable[[Reader, yaml.Node, str], T | None],
) -> tuple[T, ...]:
    """The items of a list, each read by ``read_item`` (items it cannot read left out)."""
    if node.__class__ is not yaml.SequenceNode:
        reader.wrong_type(node, name, "a list")
        return ()
    built = []
    for i, item in enumerate(node.value):
        value = read_item(reader, item, f"{name}.{i}")
        if value is not None:
            built.append(value)
    return tuple(built)
