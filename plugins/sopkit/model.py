"""The decision-tree model: small frozen dataclasses that keep their source position.

Every value an editor wrote carries a :class:`Span`, so each later stage (rendering,
checks, diffs) can point back at the exact place in the YAML file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, NamedTuple, Protocol, TypeAlias

from .conditions import Expr

NodeType = Literal["question", "step", "outcome", "goto", "decide"]
Result = Literal["escalate", "resolve", "transfer", "new-case", "stop"]
CalloutKind = Literal["note", "tip", "warning", "danger"]
FieldType = Literal["text", "number", "money", "date", "datetime", "choice"]

NODE_TYPES: tuple[NodeType, ...] = ("question", "step", "outcome", "goto", "decide")
RESULTS: tuple[Result, ...] = ("escalate", "resolve", "transfer", "new-case", "stop")
CALLOUT_KINDS: tuple[CalloutKind, ...] = ("note", "tip", "warning", "danger")
FIELD_TYPES: tuple[FieldType, ...] = ("text", "number", "money", "date", "datetime", "choice")
NUMERIC_FIELD_TYPES: tuple[FieldType, ...] = ("number", "money")


_NOT_ID_RE = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An id made from a text: lowercase ASCII letters and digits joined by hyphens.

    "¿Sí, 30 días o más?" -> "si-30-dias-o-mas". Empty when the text has no letter or digit.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ID_RE.sub("-", ascii_text.lower()).strip("-")[:60].strip("-")


class Span(NamedTuple):
    """A position in a source file; ``line`` and ``col`` count from 1.

    A named tuple rather than a frozen dataclass: the validator makes one for every value
    of every tree, and a frozen dataclass's ``__init__`` cost three times as much.
    """

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class Mark(Protocol):
    """Where a YAML value starts, as the composer reports it (0-based line and column).

    libyaml's marks are immutable and already made for every value, so texts keep them
    and make a :class:`Span` only when a message needs one.
    """

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Text:
    """A text in several languages: language code -> Markdown source.

    A plain string in the YAML stands for the default language only; it is kept under
    the key :data:`DEFAULT` because the default language may only be known later.
    ``marks`` says where each language's text starts (see :meth:`span_of`).
    """

    DEFAULT = "*"

    values: Mapping[str, str]
    span: Span
    marks: Mapping[str, Mark] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, lang: str, default_lang: str) -> tuple[str, bool]:
        """Return ``(text, translated)`` for ``lang``, falling back to ``default_lang``.

        ``translated`` is false when the text is missing in ``lang`` and the default
        language's text is returned instead.
        """
        values = self.values
        if lang in values:
            return values[lang], True
        if Text.DEFAULT in values:
            return values[Text.DEFAULT], lang == default_lang
        if default_lang in values:
            return values[default_lang], False
        # A text with neither language still renders something rather than nothing.
        first = next(iter(self.values.values()), "")
        return first, False

    def has(self, lang: str, default_lang: str) -> bool:
        """True when the text is written in ``lang`` (plain strings count as the default)."""
        return lang in self.values or (lang == default_lang and Text.DEFAULT in self.values)

    def span_of(self, lang: str) -> Span:
        """Where the text of ``lang`` was written (the whole text when unknown)."""
        mark = self.marks.get(lang)
        if mark is None:
            return self.span
        return Span(self.span.file, mark.line + 1, mark.column + 1)


@dataclass(frozen=True, slots=True)
class Keywords:
    """The words agents type to find a tree, per language: language code -> words.

    A plain list in the YAML stands for the default language only and is kept under
    :data:`Text.DEFAULT`, as texts are. Keywords are search terms, not prose: they are
    not among a tree's :meth:`Tree.texts` and a language without them is not reported
    as a missing translation.
    """

    values: Mapping[str, tuple[str, ...]]
    span: Span
    spans: Mapping[str, Span] = field(default_factory=lambda: MappingProxyType({}))
    """Where each language's list was written."""

    def get(self, lang: str, default_lang: str) -> tuple[str, ...]:
        """The keywords of ``lang`` (a plain list counts as the default language's).

        There is no fallback: English words on a Spanish page would find the Spanish
        page for an English search.
        """
        if lang in self.values:
            return self.values[lang]
        if lang == default_lang:
            return self.values.get(Text.DEFAULT, ())
        return ()


@dataclass(frozen=True, slots=True)
class Callout:
    """A panel shown with a step: a note, tip, warning or danger."""

    kind: CalloutKind
    text: Text
    span: Span


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """Something the agent confirms; ``required`` items are reported when unchecked.

    ``id`` is the editor's, when written; :meth:`key` is the id everything records.
    """

    text: Text
    required: bool
    span: Span
    id: str | None = None

    def key(self, default_lang: str) -> str:
        """The item's stable id: its ``id``, else the slug of its default-language text."""
        return self.id or slug(self.text.get(default_lang, default_lang)[0]) or "item"


@dataclass(frozen=True, slots=True)
class Option:
    """One option of a ``choice`` field; ``id`` is what the note, progress and conditions record."""

    id: str
    label: Text
    span: Span

    def key(self, default_lang: str) -> str:
        """The option's stable id (written by the editor, so the same in every language)."""
        return self.id


@dataclass(frozen=True, slots=True)
class Field:
    """A value the agent types for the case note, of a ``type`` the player checks.

    Canonical values (saved progress, conditions, test vectors): number and money a
    decimal string with ``.`` and no grouping (``"49.99"``), date ``YYYY-MM-DD``,
    datetime ``YYYY-MM-DDTHH:MM`` (local wall time), choice the option id, text as typed.
    ``min`` and ``max`` bound number and money; ``currency`` (ISO 4217) is money's.
    """

    id: str
    label: Text
    required: bool
    span: Span
    type: FieldType = "text"
    options: tuple[Option, ...] = ()
    currency: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None (a choice's value no longer offered)."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page of the site; ``href`` is relative to the docs directory."""

    text: Text
    href: str
    span: Span


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer to a question and the node it leads to: a question's ways on.

    ``id`` is the editor's, when written; :meth:`key` is the id that saved progress,
    the case note and events record, never the answer's position or target.
    """

    label: Text
    next: str
    span: Span
    next_span: Span
    id: str | None = None

    def key(self, default_lang: str) -> str:
        """The answer's stable id: its ``id``, else the slug of its default-language label."""
        return self.id or slug(self.label.get(default_lang, default_lang)[0]) or "answer"


@dataclass(frozen=True, slots=True)
class Next:
    """A step's way on: the node that follows once the step is done."""

    next: str
    next_span: Span


@dataclass(frozen=True, slots=True)
class Handoff:
    """A goto's way on: another tree, at its start or at ``node``."""

    tree: str
    node: str | None
    tree_span: Span

    @property
    def target(self) -> str:
        """``<tree>`` or ``<tree>#<node>``, as a reviewer reads it."""
        return self.tree if self.node is None else f"{self.tree}#{self.node}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of a decide node: when the condition holds (and no rule above did), ``next``.

    ``when`` is the condition as written, ``condition`` as parsed (see
    :mod:`sopkit.conditions`); ``when_span`` is where its first character is.
    """

    when: str
    condition: Expr
    next: str
    span: Span
    when_span: Span
    next_span: Span


Way: TypeAlias = Answer | Rule | Next | Handoff
"""A way on from a node. Answers, rules, a step's or a decision's ``next`` lead to a node
of the same tree (their ``next``); a hand-off leads out of it."""


@dataclass(frozen=True, slots=True)
class Timebox:
    """A time limit for a step, shown to the agent as a countdown.

    ``seconds`` is whole seconds, from 1 to :data:`TIMEBOX_LIMIT`; what to do when it
    runs out is the node's ``timeup`` text (or a default that follows from its ways on).
    """

    seconds: int
    span: Span


TIMEBOX_LIMIT = 24 * 60 * 60
"""The longest time box, in seconds: a step on a call, not a working day."""


@dataclass(frozen=True, slots=True)
class Node:
    """A node of a tree: a question, a step, an outcome or a hand-off to another tree."""

    id: str
    type: NodeType
    span: Span
    text: Text | None = None
    help: Text | None = None
    callouts: tuple[Callout, ...] = ()
    script: Text | None = None
    checklist: tuple[ChecklistItem, ...] = ()
    fields: tuple[Field, ...] = ()
    links: tuple[Link, ...] = ()
    answers: tuple[Answer, ...] = ()
    next: str | None = None
    next_span: Span | None = None
    timebox: Timebox | None = None
    timeup: Text | None = None
    result: Result | None = None
    tree: str | None = None
    tree_span: Span | None = None
    target_node: str | None = None
    editor_note: Text | None = None
    """A note for editors (how the step was rebuilt, which rule wins): never shown to
    agents or printed on the job aid, so it is not one of :meth:`texts`."""
    rules: tuple[Rule, ...] = ()
    """A decide node's rules, in order; the first that holds is taken."""
    otherwise: str | None = None
    """Where a decide node leads when no rule holds."""
    otherwise_span: Span | None = None

    @property
    def ways(self) -> tuple[Way, ...]:
        """Every way on from the node, in the order written.

        A question's answers, a step's ``next``, a decision's rules then its ``otherwise``
        (a :class:`Next`), a goto's hand-off; an outcome has none.
        This is the one place that says where each kind of node can lead.
        """
        if self.type == "question":
            return self.answers
        if self.type == "decide":
            otherwise: tuple[Way, ...] = ()
            if self.otherwise is not None and self.otherwise_span is not None:
                otherwise = (Next(next=self.otherwise, next_span=self.otherwise_span),)
            return self.rules + otherwise
        if self.type == "step" and self.next is not None and self.next_span is not None:
            return (Next(next=self.next, next_span=self.next_span),)
        if self.type == "goto" and self.tree is not None and self.tree_span is not None:
            return (Handoff(tree=self.tree, node=self.target_node, tree_span=self.tree_span),)
        return ()

    @property
    def targets(self) -> tuple[str, ...]:
        """Ids of the nodes of this tree the node leads to, in order, without repeats."""
        return tuple(dict.fromkeys(way.next for way in self.ways if not isinstance(way, Handoff)))

    @property
    def terminal(self) -> bool:
        """True for outcomes and hand-offs: the tree ends here."""
        return self.type in ("outcome", "goto")

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every text agents see, with a dotted name saying where it is (``answers.0.label``).

        Translation, drift and URL checks read these; the editor note is not one of them.
        """
        if self.text is not None:
            yield "text", self.text
        if self.help is not None:
            yield "help", self.help
        if self.script is not None:
            yield "script", self.script
        if self.timeup is not None:
            yield "timeup", self.timeup
        for i, callout in enumerate(self.callouts):
            yield f"callouts.{i}.text", callout.text
        for i, item in enumerate(self.checklist):
            yield f"checklist.{i}", item.text
        for f in self.fields:
            yield f"fields.{f.id}.label", f.label
            for option in f.options:
                yield f"fields.{f.id}.options.{option.id}", option.label
        for i, link in enumerate(self.links):
            yield f"links.{i}.text", link.text
        for i, answer in enumerate(self.answers):
            yield f"answers.{i}.label", answer.label


@dataclass(frozen=True, slots=True)
class Scenario:
    """A journey the tree must keep: the answers given in order and where it must end.

    ``values`` (field id -> canonical value, with where it was written), ``ticked``
    (node id -> checklist items ticked) and the fixed clock ``now`` in time zone
    ``zone`` are what decide nodes on the way read.
    """

    name: str
    answers: tuple[tuple[str, Span], ...]
    expect: str
    span: Span
    expect_span: Span
    values: Mapping[str, tuple[str, Span]] = field(default_factory=lambda: MappingProxyType({}))
    ticked: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    now: dt.datetime | None = None
    zone: str = "UTC"


@dataclass(frozen=True, slots=True)
class Tree:
    """A whole decision tree, as loaded from ``decision_trees/<id>.yml``."""

    id: str
    path: str
    span: Span
    title: Text
    start: str
    start_span: Span
    nodes: Mapping[str, Node]
    content_hash: str
    summary: Text | None = None
    owner: str | None = None
    reviewed: dt.date | None = None
    review_every_days: int | None = None
    tests: tuple[Scenario, ...] = ()
    reviewed_span: Span | None = None
    editor_note: Text | None = None
    """A note for editors about the whole procedure (see :attr:`Node.editor_note`)."""
    keywords: Keywords | None = None

    @property
    def version(self) -> str:
        """The version shown to agents: the review date (when set) and the content hash."""
        if self.reviewed is not None:
            return f"{self.reviewed.isoformat()} · {self.content_hash}"
        return self.content_hash

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every text agents see, with a dotted name (``nodes.<id>.answers.0.label``)."""
        yield "title", self.title
        if self.summary is not None:
            yield "summary", self.summary
        for node in self.nodes.values():
            prefix = f"nodes.{node.id}."
            for name, text in node.texts():
                yield prefix + name, text

    def editor_notes(self) -> Iterator[tuple[str, Text]]:
        """The editor notes: the tree's (``editor_note``), then the nodes'
        (``nodes.<id>.editor_note``), in reading order."""
        if self.editor_note is not None:
            yield "editor_note", self.editor_note
        for node in self.nodes.values():
            if node.editor_note is not None:
                yield f"nodes.{node.id}.editor_note", node.editor_note

    def languages(self) -> list[str]:
        """Languages used by the tree's texts, in order of first use."""
        seen: dict[str, None] = {}
        for _, text in self.texts():
            for lang in text.values:
                if lang != Text.DEFAULT:
                    seen.setdefault(lang, None)
        return list(seen)

    def step_numbers(self) -> dict[str, int]:
        """Node id -> step number (1-based, in reading order)."""
        return {node_id: i for i, node_id in enumerate(self.nodes, start=1)}
