"""Composed YAML -> :class:`~sopkit.model.Tree` plus every problem found.

Problems are collected, never raised: one run reports everything wrong with every
file. Values are read from scalars *as written* (``No`` is the text "No"). Checks of
whole trees (graph, languages, URLs, links) are in :mod:`sopkit.compile.checks`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Literal, TypeVar

import yaml

from ..languages import LANG_RE
from ..model import (
    CALLOUT_KINDS,
    NODE_TYPES,
    RESULTS,
    Answer,
    Callout,
    ChecklistItem,
    Field,
    Link,
    Mark,
    Node,
    Result,
    Scenario,
    Span,
    Text,
    Timebox,
    Tree,
)
from ..problems import Problem, did_you_mean, error, one_of
from .loader import PLAIN, Document, span_of

T = TypeVar("T")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NULL = "tag:yaml.org,2002:null"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_NULL_TAGS = (PLAIN, _NULL)  # an unquoted scalar, or one tagged !!null
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

TOP_KEYS = ("title", "summary", "owner", "reviewed", "review_every_days", "start", "nodes", "tests")
COMMON_NODE_KEYS = ("type", "text", "help", "callouts", "script", "checklist", "fields", "links")
NODE_KEYS: Mapping[str, tuple[str, ...]] = {
    "question": (*COMMON_NODE_KEYS, "answers", "timebox"),
    "step": (*COMMON_NODE_KEYS, "next", "timebox"),
    "outcome": (*COMMON_NODE_KEYS, "result"),
    "goto": (*COMMON_NODE_KEYS, "tree", "node"),
}
REQUIRED_NODE_KEYS: Mapping[str, tuple[str, ...]] = {
    "question": ("text",),
    "step": ("text", "next"),
    "outcome": ("text", "result"),
    "goto": ("tree",),
}
ID_RULE = "use lowercase letters, digits and single hyphens, e.g. 'check-firmware'"
# What a message says is expected, written once (the readers run for every node).
_ONE_OF_TYPES = f"one of {one_of(NODE_TYPES)}"
_ONE_OF_RESULTS = f"one of {one_of(RESULTS)}"
_ONE_OF_KINDS = f"one of {one_of(CALLOUT_KINDS)}"
_AN_ID = {kind: f"a {kind} id" for kind in ("node", "tree", "field")}
_A_NODE = {node_type: f"a {node_type} node" for node_type in NODE_TYPES}
_A_TEXT = "a text (a string, or a mapping from language to string)"
_SCALAR, _MAPPING = yaml.ScalarNode, yaml.MappingNode


def shown(value: str) -> str:
    """``value`` as quoted in a message: control characters and line breaks escaped.

    A message stays one line, so a hostile value cannot forge more lines of output.
    """
    return _CONTROL_RE.sub(lambda m: repr(m.group())[1:-1], value)


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


class _Reader:
    """Reads one composed document, collecting problems as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
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
        self, node: yaml.Node, name: str, kind: Literal["node", "tree", "field"] = "node"
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

    def number(self, node: yaml.Node, name: str) -> float | None:
        if isinstance(node, yaml.ScalarNode) and implicit_tag(node) in (_INT, _FLOAT):
            try:
                value = float(node.value.replace("_", ""))
            except ValueError:
                value = -1.0
            if 0 < value < float("inf"):
                return value
        self.wrong_type(node, name, "a positive number")
        return None

    def integer(self, node: yaml.Node, name: str) -> int | None:
        if isinstance(node, yaml.ScalarNode) and implicit_tag(node) == _INT:
            try:
                value = int(node.value.replace("_", ""), 0)
            except ValueError:
                value = -1
            if value > 0:
                return value
        self.wrong_type(node, name, "a positive whole number")
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
        return Text(values=MappingProxyType({Text.DEFAULT: str(node.value)}), span=self.span(node))

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
                    "write texts as {en: ..., es: ...}",
                )
                continue
            string = self.scalar(value, f"{name}.{lang}")
            if string is None:
                continue
            if not string.strip():
                self.err("empty-text", value, f"'{name}.{lang}' is empty")
                continue
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


def build_tree(doc: Document, tree_id: str) -> tuple[Tree | None, list[Problem]]:
    """Turn one composed document into a :class:`Tree` and the problems found in it.

    Only problems inside the file are found here; :mod:`sopkit.compile.checks` looks at the
    graph, languages and links, and at hand-offs between trees.
    """
    if doc.root is None:
        return None, []
    reader = _Reader(doc.path)
    tree = _build(reader, doc, tree_id)
    duplicates: list[Problem] = []
    if reader.duplicates or any(p.is_error for p in reader.problems):
        # Reading notices a key it has already read, but skips what follows an error
        # (a value under an unknown key, a node with no type): duplicates are then
        # looked for, and reported, in the whole document.
        duplicates = _find_duplicate_keys(doc.root, doc.path)
    return tree, duplicates + reader.problems


def _build(reader: _Reader, doc: Document, tree_id: str) -> Tree | None:
    assert doc.root is not None
    root = doc.root
    if not ID_RE.fullmatch(tree_id):
        reader.problems.append(
            error(
                "invalid-id",
                Span(doc.path, 1, 1),
                f"tree id '{shown(tree_id)}' (the file name) is not valid",
                ID_RULE,
            )
        )
    if not isinstance(root, yaml.MappingNode):
        reader.err(
            "wrong-type",
            root,
            f"the top level must be a mapping with 'title', 'start' and 'nodes', "
            f"found {describe(root)}",
        )
        return None
    keys = reader.mapping(root, "a tree", TOP_KEYS, ("title", "start", "nodes"))
    assert keys is not None
    title = reader.text(keys["title"], "title") if "title" in keys else None
    summary = reader.text(keys["summary"], "summary") if "summary" in keys else None
    owner = reader.scalar(keys["owner"], "owner") if "owner" in keys else None
    reviewed = reader.date(keys["reviewed"], "reviewed") if "reviewed" in keys else None
    every = None
    if "review_every_days" in keys:
        every = reader.integer(keys["review_every_days"], "review_every_days")
    start = start_span = None
    if "start" in keys:
        start = reader.ident(keys["start"], "start")
        start_span = reader.span(keys["start"])
    nodes: dict[str, Node] = {}
    if "nodes" in keys:
        nodes = _read_nodes(reader, keys["nodes"])
    tests: tuple[Scenario, ...] = ()
    if "tests" in keys:
        tests = _read_scenarios(reader, keys["tests"])
    _check_field_ids(reader, nodes)
    # A tree with structural errors is not checked further: its graph would only
    # repeat the same mistakes as dangling links and unreachable nodes.
    if any(p.is_error for p in reader.problems):
        return None
    if title is None or start is None or start_span is None or "nodes" not in keys:
        return None
    tree = Tree(
        id=tree_id,
        path=doc.path,
        span=reader.span(root),
        title=title,
        start=start,
        start_span=start_span,
        nodes=MappingProxyType(nodes),
        content_hash=doc.content_hash,
        summary=summary,
        owner=owner,
        reviewed=reviewed,
        review_every_days=every,
        tests=tests,
        reviewed_span=reader.span(keys["reviewed"]) if "reviewed" in keys else None,
    )
    return tree


def _duplicate_key(path: str, key: yaml.Node, first: yaml.Node) -> Problem:
    return error(
        "duplicate-key",
        span_of(path, key),
        f"duplicate key '{key.value}': it is already set on line {first.start_mark.line + 1}",
        "a key may appear only once in a mapping; keep one of them",
    )


def _find_duplicate_keys(root: yaml.Node, path: str) -> list[Problem]:
    """Every duplicate mapping key of a document (PyYAML would silently merge them)."""
    problems: list[Problem] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            first: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in first:
                        problems.append(_duplicate_key(path, key, first[key.value]))
                    else:
                        first[key.value] = key
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return problems


def _read_nodes(reader: _Reader, node: yaml.Node) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    if not isinstance(node, yaml.MappingNode):
        reader.wrong_type(node, "nodes", "a mapping from node id to node")
        return nodes
    if not node.value:
        reader.err("missing-key", node, "'nodes' is empty: a tree needs at least one node")
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            reader.err("invalid-id", key, f"node id {describe(key)} is not valid", ID_RULE)
            continue
        node_id = key.value
        if node_id in nodes:
            reader.duplicates = True
        if node_id not in reader.ids:
            if not ID_RE.fullmatch(node_id):
                reader.err("invalid-id", key, f"node id '{shown(node_id)}' is not valid", ID_RULE)
                continue
            reader.ids.add(node_id)  # answers that lead here need not match it again
        built = _read_node(reader, node_id, key, value)
        if built is not None and node_id not in nodes:
            nodes[node_id] = built
    return nodes


def _read_node(reader: _Reader, node_id: str, key: yaml.Node, node: yaml.Node) -> Node | None:
    where = f"node '{node_id}'"
    if not isinstance(node, yaml.MappingNode):
        reader.err("wrong-type", node, f"{where} must be a mapping, found {describe(node)}")
        return None
    type_node = None
    for key_node, value_node in node.value:
        if key_node.__class__ is _SCALAR and key_node.value == "type":
            type_node = value_node
            break
    if type_node is None:
        reader.err(
            "missing-key",
            node,
            f"{where} has no 'type', which is required",
            f"a node's type is one of {one_of(NODE_TYPES)}",
        )
        return None
    node_type = reader.scalar(type_node, "type", _ONE_OF_TYPES)
    if node_type is None:
        return None
    if node_type not in NODE_TYPES:
        reader.err(
            "unknown-type",
            type_node,
            f"'type' must be one of {one_of(NODE_TYPES)}, found '{shown(node_type)}'"
            + did_you_mean(node_type, NODE_TYPES),
        )
        return None
    keys = reader.mapping(
        node, _A_NODE[node_type], NODE_KEYS[node_type], REQUIRED_NODE_KEYS[node_type]
    )
    assert keys is not None

    get = keys.get
    text = reader.text(value, "text") if (value := get("text")) is not None else None
    help_ = reader.text(value, "help") if (value := get("help")) is not None else None
    script = reader.text(value, "script") if (value := get("script")) is not None else None
    callouts: tuple[Callout, ...] = ()
    if (value := get("callouts")) is not None:
        callouts = _read_list(reader, value, "callouts", _read_callout)
    checklist: tuple[ChecklistItem, ...] = ()
    if (value := get("checklist")) is not None:
        checklist = _read_list(reader, value, "checklist", _read_check)
    fields: tuple[Field, ...] = ()
    if (value := get("fields")) is not None:
        fields = _read_list(reader, value, "fields", _read_field)
    links: tuple[Link, ...] = ()
    if (value := get("links")) is not None:
        links = _read_list(reader, value, "links", _read_link)
    timebox = _read_timebox(reader, value) if (value := get("timebox")) is not None else None
    answers: tuple[Answer, ...] = ()
    result: Result | None = None
    next_id = next_span = tree = tree_span = target_node = None
    if node_type == "question":
        answers_node = get("answers")
        if answers_node is None:
            reader.err(
                "no-answers", node, f"question '{node_id}' has no answers", "add an 'answers' list"
            )
        else:
            answers = _read_list(reader, answers_node, "answers", _read_answer)
            if isinstance(answers_node, yaml.SequenceNode) and not answers_node.value:
                reader.err(
                    "no-answers",
                    answers_node,
                    f"question '{node_id}' has no answers: a question needs at least one",
                )
    elif node_type == "step" and (value := get("next")) is not None:
        next_id = reader.ident(value, "next")
        next_span = reader.span(value)
    elif node_type == "outcome" and (value := get("result")) is not None:
        found = reader.scalar(value, "result", _ONE_OF_RESULTS)
        if found in RESULTS:
            result = found
        elif found is not None:
            reader.err(
                "unknown-result",
                value,
                f"'result' must be one of {one_of(RESULTS)}, found '{shown(found)}'"
                + did_you_mean(found, RESULTS),
            )
    elif node_type == "goto":
        if (value := get("tree")) is not None:
            tree = reader.ident(value, "tree", "tree")
            tree_span = reader.span(value)
        if (value := get("node")) is not None:
            target_node = reader.ident(value, "node")
    return Node(
        id=node_id,
        type=node_type,
        span=reader.span(key),
        text=text,
        help=help_,
        callouts=callouts,
        script=script,
        checklist=checklist,
        fields=fields,
        links=links,
        answers=answers,
        next=next_id,
        next_span=next_span,
        timebox=timebox,
        result=result,
        tree=tree,
        tree_span=tree_span,
        target_node=target_node,
    )


def _read_list(
    reader: _Reader,
    node: yaml.Node,
    name: str,
    read_item: Callable[[_Reader, yaml.Node, str], T | None],
) -> tuple[T, ...]:
    if node.__class__ is not yaml.SequenceNode:
        reader.wrong_type(node, name, "a list")
        return ()
    built = []
    for i, item in enumerate(node.value):
        value = read_item(reader, item, f"{name}.{i}")
        if value is not None:
            built.append(value)
    return tuple(built)


def _read_callout(reader: _Reader, node: yaml.Node, name: str) -> Callout | None:
    keys = reader.mapping(node, "a callout", ("kind", "text"), ("kind", "text"), name)
    if keys is None or "kind" not in keys or "text" not in keys:
        return None
    kind_node = keys["kind"]
    kind = reader.scalar(kind_node, "kind", _ONE_OF_KINDS)
    text = reader.text(keys["text"], f"{name}.text")
    if kind is not None and kind not in CALLOUT_KINDS:
        reader.err(
            "unknown-kind",
            kind_node,
            f"'kind' must be one of {one_of(CALLOUT_KINDS)}, found '{shown(kind)}'"
            + did_you_mean(kind, CALLOUT_KINDS),
        )
        return None
    if kind is None or text is None:
        return None
    return Callout(kind=kind, text=text, span=reader.span(node))


def _read_check(reader: _Reader, node: yaml.Node, name: str) -> ChecklistItem | None:
    is_item = isinstance(node, yaml.MappingNode) and any(
        getattr(k, "value", None) == "text" for k, _ in node.value
    )
    if not is_item:
        text = reader.text(node, name)
        if text is None:
            return None
        return ChecklistItem(text=text, required=True, span=reader.span(node))
    keys = reader.mapping(node, "a checklist item", ("text", "required"), ("text",), name)
    assert keys is not None
    text = reader.text(keys["text"], f"{name}.text")
    required = True
    if "required" in keys:
        value = reader.boolean(keys["required"], "required")
        required = True if value is None else value
    if text is None:
        return None
    return ChecklistItem(text=text, required=required, span=reader.span(node))


def _read_field(reader: _Reader, node: yaml.Node, name: str) -> Field | None:
    keys = reader.mapping(node, "a field", ("id", "label", "required"), ("id", "label"), name)
    if keys is None or "id" not in keys or "label" not in keys:
        return None
    field_id = reader.ident(keys["id"], "id", "field")
    label = reader.text(keys["label"], f"{name}.label")
    required = False
    if "required" in keys:
        value = reader.boolean(keys["required"], "required")
        required = bool(value)
    if field_id is None or label is None:
        return None
    return Field(id=field_id, label=label, required=required, span=reader.span(keys["id"]))


def _read_link(reader: _Reader, node: yaml.Node, name: str) -> Link | None:
    keys = reader.mapping(node, "a link", ("text", "href"), ("text", "href"), name)
    if keys is None or "text" not in keys or "href" not in keys:
        return None
    text = reader.text(keys["text"], f"{name}.text")
    href = reader.scalar(keys["href"], "href", "a path")
    if text is None or href is None:
        return None
    return Link(text=text, href=href, span=reader.span(keys["href"]))


def _read_answer(reader: _Reader, node: yaml.Node, name: str) -> Answer | None:
    keys = reader.mapping(node, "an answer", ("label", "next"), ("label", "next"), name)
    if keys is None or "label" not in keys or "next" not in keys:
        return None
    label = reader.text(keys["label"], f"{name}.label")
    target = reader.ident(keys["next"], "next")
    if label is None or target is None:
        return None
    return Answer(
        label=label, next=target, span=reader.span(node), next_span=reader.span(keys["next"])
    )


def _read_timebox(reader: _Reader, node: yaml.Node) -> Timebox | None:
    keys = reader.mapping(node, "a timebox", ("minutes",), ("minutes",), "timebox")
    if keys is None or "minutes" not in keys:
        return None
    minutes = reader.number(keys["minutes"], "minutes")
    if minutes is None:
        return None
    return Timebox(minutes=minutes, span=reader.span(node))


def _read_scenarios(reader: _Reader, node: yaml.Node) -> tuple[Scenario, ...]:
    return _read_list(reader, node, "tests", _read_scenario)


def _read_scenario(reader: _Reader, node: yaml.Node, name: str) -> Scenario | None:
    keys = reader.mapping(
        node, "a scenario test", ("name", "answers", "expect"), ("name", "answers", "expect"), name
    )
    if keys is None or not {"name", "answers", "expect"} <= keys.keys():
        return None
    title = reader.scalar(keys["name"], "name")
    expect = reader.ident(keys["expect"], "expect")
    items = reader.sequence(keys["answers"], "answers")
    if title is None or expect is None or items is None:
        return None
    answers = []
    for item in items:
        value = reader.scalar(item, "answers", "an answer label or node id")
        if value is not None:
            answers.append((value, reader.span(item)))
    return Scenario(
        name=title,
        answers=tuple(answers),
        expect=expect,
        span=reader.span(node),
        expect_span=reader.span(keys["expect"]),
    )


def _check_field_ids(reader: _Reader, nodes: Mapping[str, Node]) -> None:
    seen: dict[str, Field] = {}
    for node in nodes.values():
        for f in node.fields:
            if f.id in seen:
                reader.problems.append(
                    error(
                        "duplicate-field",
                        f.span,
                        f"field id '{f.id}' is already used on line {seen[f.id].span.line}",
                        "field ids name values in the case note: each must be unique in a tree",
                    )
                )
            else:
                seen[f.id] = f
