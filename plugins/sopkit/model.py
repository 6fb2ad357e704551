"""The decision-tree model: small frozen dataclasses that keep their source position.

Every value an editor wrote carries a :class:`Span`, so each later stage (rendering,
checks, diffs) can point back at the exact place in the YAML file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, NamedTuple, Protocol, TypeAlias

NodeType = Literal["question", "step", "outcome", "goto"]
Result = Literal["escalate", "resolve", "transfer", "new-case", "stop"]
CalloutKind = Literal["note", "tip", "warning", "danger"]

NODE_TYPES: tuple[NodeType, ...] = ("question", "step", "outcome", "goto")
RESULTS: tuple[Result, ...] = ("escalate", "resolve", "transfer", "new-case", "stop")
CALLOUT_KINDS: tuple[CalloutKind, ...] = ("note", "tip", "warning", "danger")


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
    """Something the agent confirms; ``required`` items are reported when unchecked."""

    text: Text
    required: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Field:
    """A value the agent types for the case note."""

    id: str
    label: Text
    required: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page of the site; ``href`` is relative to the docs directory."""

    text: Text
    href: str
    span: Span


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer to a question and the node it leads to: a question's ways on."""

    label: Text
    next: str
    span: Span
    next_span: Span


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


Way: TypeAlias = Answer | Next | Handoff
"""A way on from a node. Answers and a step's ``next`` lead to a node of the same tree
(their ``next``); a hand-off leads out of it."""


@dataclass(frozen=True, slots=True)
class Timebox:
    """A time limit for a step, shown to the agent as a countdown."""

    minutes: float
    span: Span

    @property
    def seconds(self) -> int:
        """The time box in whole seconds."""
        return round(self.minutes * 60)


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
    result: Result | None = None
    tree: str | None = None
    tree_span: Span | None = None
    target_node: str | None = None

    @property
    def ways(self) -> tuple[Way, ...]:
        """Every way on from the node, in the order written.

        A question's answers, a step's ``next``, a goto's hand-off; an outcome has none.
        This is the one place that says where each kind of node can lead.
        """
        if self.type == "question":
            return self.answers
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
        """Every text of the node with a dotted name saying where it is (``answers.0.label``)."""
        if self.text is not None:
            yield "text", self.text
        if self.help is not None:
            yield "help", self.help
        if self.script is not None:
            yield "script", self.script
        for i, callout in enumerate(self.callouts):
            yield f"callouts.{i}.text", callout.text
        for i, item in enumerate(self.checklist):
            yield f"checklist.{i}", item.text
        for f in self.fields:
            yield f"fields.{f.id}.label", f.label
        for i, link in enumerate(self.links):
            yield f"links.{i}.text", link.text
        for i, answer in enumerate(self.answers):
            yield f"answers.{i}.label", answer.label


@dataclass(frozen=True, slots=True)
class Scenario:
    """A journey the tree must keep: the answers given in order and where it must end."""

    name: str
    answers: tuple[tuple[str, Span], ...]
    expect: str
    span: Span
    expect_span: Span


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
    keywords: Keywords | None = None

    @property
    def version(self) -> str:
        """The version shown to agents: the review date (when set) and the content hash."""
        if self.reviewed is not None:
            return f"{self.reviewed.isoformat()} · {self.content_hash}"
        return self.content_hash

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every text of the tree with a dotted name (``nodes.<id>.answers.0.label``)."""
        yield "title", self.title
        if self.summary is not None:
            yield "summary", self.summary
        for node in self.nodes.values():
            prefix = f"nodes.{node.id}."
            for name, text in node.texts():
                yield prefix + name, text

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
