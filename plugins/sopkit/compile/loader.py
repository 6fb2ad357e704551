"""Read a tree file into composed YAML nodes that keep their line and column.

Only libyaml's ``CSafeLoader`` is used, and only to *compose*: values are read from the
scalars as written, so an unquoted ``No`` stays the text ``No``. Everything that makes a
file unreadable (size, encoding, syntax, anchors, depth) becomes a located
:class:`~sopkit.problems.Problem`, never an exception. Duplicate keys are found by
:mod:`sopkit.compile.validate` while it reads the mappings.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model import Span
from ..problems import Problem, error
from .characters import odd_indentation
from .quoting import quoted
from .refusal import FLOW_ITEM_RE as _FLOW_ITEM_RE
from .syntax import explain

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
# Above this many collection indicators a file *could* nest deep enough to overflow
# libyaml's recursive composer, so its depth is measured from the event stream first.
_DEPTH_SCAN_THRESHOLD = 4000
# The characters that can open a level of nesting: flow brackets, block entries, keys.
_INDICATORS = "[{-:?"
# An anchor or alias starts with & or * after a space, a line break, a flow bracket or
# a comma (or at the very start) and is followed by a name character. Markdown emphasis
# glued to a word or doubled (``a **bold** word``) is not a candidate.
_BEFORE_ANCHOR = frozenset(b" \t\r\n[{,")
_NOT_A_NAME = frozenset(b" \t\r\n[]{},*")
# A comment after a value, to the end of its line.
_COMMENT_RE = re.compile(r"\s+#.*$")


def _may_have_anchor(data: bytes) -> bool:
    """True when ``data`` might hold a YAML anchor or alias (false positives are fine).

    A ``find`` loop over the few ``&``/``*`` characters: a regex over the whole file
    cost more than composing it.
    """
    end = len(data)
    for char in (38, 42):  # & and *
        i = data.find(char)
        while i != -1:
            before_ok = i == 0 or data[i - 1] in _BEFORE_ANCHOR
            if before_ok and i + 1 < end and data[i + 1] not in _NOT_A_NAME:
                return True
            i = data.find(char, i + 1)
    return False


# Characters YAML does not allow in a stream. libyaml refuses them while reading, by
# byte offset only, so a file it refuses is searched for one to say where it is.
_UNPRINTABLE_RE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

if not hasattr(yaml, "CSafeLoader"):  # pragma: no cover - PyYAML built without libyaml
    raise ImportError(
        "sopkit needs PyYAML with libyaml (yaml.CSafeLoader); reinstall PyYAML from a wheel"
    )

PLAIN = "!plain"
"""The tag of every unquoted scalar: whether it reads as a number is decided on demand."""


class _Loader(yaml.CSafeLoader):
    """libyaml's composer without PyYAML's implicit typing.

    Trees read every scalar as the text written, so matching each unquoted scalar
    against PyYAML's regexes for booleans, numbers and dates (a quarter of the cost of
    composing) is wasted work. Unquoted scalars are tagged :data:`PLAIN` and quoted ones
    as strings; :func:`sopkit.compile.validate.implicit_tag` types one when a key asks for a
    boolean or a number. Explicit tags (``!!str``) are kept as written.
    """

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return PLAIN if implicit[0] else "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


@dataclass(frozen=True, slots=True)
class Document:
    """A tree file's composed YAML (``root`` is None when it could not be read)."""

    path: str
    root: yaml.Node | None
    content_hash: str
    text: str = ""  # the file as read: texts are checked against what was written


def span_of(path: str, node: yaml.Node) -> Span:
    """The 1-based position where a composed node starts."""
    mark = node.start_mark
    return Span(path, mark.line + 1, mark.column + 1)


def content_hash(data: bytes) -> str:
    """The short content hash that versions a tree (12 hex digits of SHA-256)."""
    return hashlib.sha256(data).hexdigest()[:12]


def load_file(path: Path, display: str | None = None) -> tuple[Document, list[Problem]]:
    """Read and compose one tree file; ``display`` is the path used in messages."""
    shown = display if display is not None else path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = error("unreadable", Span(shown, 1, 1), f"cannot read the file: {exc.strerror}")
        return Document(shown, None, ""), [problem]
    return load_bytes(data, shown)


def load_bytes(data: bytes, path: str) -> tuple[Document, list[Problem]]:
    """Compose tree YAML from bytes; ``path`` is used in messages."""
    digest = content_hash(data)
    text, problems = _decode(data, path)
    if text is None:
        return Document(path, None, digest), problems
    problems = _check_depth_and_aliases(data, text, path)
    if problems:
        return Document(path, None, digest), problems
    try:
        root = _compose(text)
    except yaml.YAMLError as exc:
        return Document(path, None, digest), _refusal(exc, text, path)
    if root is None:
        return Document(path, None, digest), [_empty(path)]
    misindented = odd_indentation(text, root, path)
    if misindented is not None:
        return Document(path, None, digest), [misindented]
    return Document(path, root, digest, text), []


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _empty(path: str) -> Problem:
    return error(
        "empty-file",
        Span(path, 1, 1),
        "the file is empty: expected a tree with 'title', 'start' and 'nodes'",
    )


def _decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and why it is not a readable text file."""
    if len(data) > MAX_BYTES:
        size = len(data) / MAX_BYTES
        return None, [
            error(
                "file-too-large",
                Span(path, 1, 1),
                f"the file is {size:.1f} MiB; tree files may be at most 1 MiB",
                "split the procedure into smaller trees linked with 'goto'",
            )
        ]
    if not data.strip():
        return None, [_empty(path)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            error(
                "not-utf8",
                Span(path, line, col),
                f"the file is not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
                "save the file as UTF-8",
            )
        ]
    if b"\x00" in data:
        before = data[: data.index(b"\x00")]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [error("not-utf8", Span(path, line, col), "the file contains a NUL byte")]
    return text, []


def _check_characters(text: str, path: str) -> list[Problem]:
    """The first character YAML does not allow, located (none: an empty list)."""
    found = _UNPRINTABLE_RE.search(text)
    if found is None:
        return []
    before = text[: found.start()]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return [
        error(
            "bad-character",
            Span(path, line, col),
            f"the file contains the control character U+{ord(found.group()):04X}, which YAML "
            "does not allow",
            "delete it (such characters usually come from text pasted from another program)",
        )
    ]


def _check_depth_and_aliases(data: bytes, text: str, path: str) -> list[Problem]:
    """Reject anchors, aliases and deep nesting before composing.

    Cheap character counts decide whether the (slower) event scan is needed at all, so
    ordinary files pay almost nothing.
    """
    if _indicators(text) <= _DEPTH_SCAN_THRESHOLD and not _may_have_anchor(data):
        return []
    try:
        problems = _scan_events(yaml.parse(text, Loader=_Loader), path, text)
    except yaml.YAMLError as exc:
        return _refusal(exc, text, path)
    return _first_of_each(problems)


def _indicators(text: str) -> int:
    """How many characters of ``text`` could open a level of nesting."""
    return sum(text.count(char) for char in _INDICATORS)


def _scan_events(events: Iterable[yaml.Event], path: str, text: str = "") -> list[Problem]:
    """Anchors and aliases in ``events``, and where they first nest too deep (then stop).

    ``text`` is the file, to show a text that YAML read as an alias or anchor in quotes.
    """
    problems: list[Problem] = []
    depth = 0
    for event in events:
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            problems.append(_alias_problem(path, event, f"alias '*{anchor}'", text))
        elif anchor is not None:
            problems.append(_alias_problem(path, event, f"anchor '&{anchor}'", text))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return [_too_deep(path, event.start_mark)]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return problems


def _too_deep(path: str, mark: Any) -> Problem:
    return error(
        "too-deep",
        _mark_span(path, mark),
        f"the YAML nests more than {MAX_DEPTH} levels deep",
        "a tree needs only a few levels: check the indentation",
    )


def _refusal(exc: yaml.YAMLError, text: str, path: str) -> list[Problem]:
    """sopkit's problem for a file libyaml refused to read.

    A character YAML forbids is named first: libyaml may meet a syntax error before it
    reads that far. Then deep nesting: libyaml 0.2.6 and later refuse it on their own
    (at 1,000 levels), and the file gets sopkit's message whichever layer noticed.
    """
    return _check_characters(text, path) or [
        _nesting_before(exc, text, path) or explain(exc, text, path)
    ]


def _nesting_before(exc: yaml.YAMLError, text: str, path: str) -> Problem | None:
    """A too-deep problem if the text libyaml read before refusing nests too deep."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return None
    read = text[: mark.index + 1]
    if _indicators(read) <= MAX_DEPTH:
        return None  # each level needs an indicator, so this text cannot nest too deep
    try:
        # PyYAML's pure-Python parser has no nesting limit of its own; only the text
        # libyaml read goes through it, so this stays fast.
        problems = _scan_events(yaml.parse(read, Loader=yaml.SafeLoader), path)
    except yaml.YAMLError:
        return None
    return next((problem for problem in problems if problem.code == "too-deep"), None)


def _first_of_each(problems: list[Problem]) -> list[Problem]:
    """One problem per kind of message (anchor, alias), saying how many more there are."""
    kept: dict[str, tuple[Problem, int]] = {}
    for problem in problems:
        kind = problem.message.split("found ", 1)[-1].split(" ", 1)[0]
        first, count = kept.get(kind, (problem, 0))
        kept[kind] = (first, count + 1)
    return [
        error(first.code, first.span, f"{first.message} (and {count - 1} more)", first.hint)
        if count > 1
        else first
        for first, count in kept.values()
    ]


def _mark_span(path: str, mark: Any) -> Span:
    return Span(path, mark.line + 1, mark.column + 1) if mark is not None else Span(path, 1, 1)


def _alias_problem(path: str, event: yaml.Event, what: str, text: str) -> Problem:
    return error(
        "yaml-alias",
        _mark_span(path, event.start_mark),
        f"anchors and aliases are not allowed in tree files, found {what}",
        _alias_hint(event, text),
    )


_WRITE_IT_OUT = "write the value out in full where it is used"


def _alias_hint(event: yaml.Event, text: str) -> str:
    """How to fix an alias or anchor: when it may be the start of a text (``*Important``,
    ``&Co partners``), the line with that text in quotes."""
    plain_text = isinstance(event, yaml.ScalarEvent) and event.style in ("", None)
    if not text or event.start_mark is None:
        return _WRITE_IT_OUT
    if not (isinstance(event, yaml.AliasEvent) or plain_text):
        return _WRITE_IT_OUT
    start = event.start_mark.index
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end != -1 else len(text)].rstrip("\r")
    col = start - line_start
    value = _COMMENT_RE.sub("", line[col:]).rstrip()
    before = line[:col]
    if before.count("[") + before.count("{") > before.count("]") + before.count("}"):
        value = _FLOW_ITEM_RE.match(value).group().rstrip()  # type: ignore[union-attr]
    if not value:
        return _WRITE_IT_OUT
    fixed = (before + quoted(value) + line[col + len(value) :]).strip()
    return (
        f"if '{value}' is a text, put the whole text in quotes: {fixed}; otherwise {_WRITE_IT_OUT}"
    )
