"""The nodes of a tree file read into the model: each kind's keys and each part of a node.

Problems are collected on the :class:`~sopkit.compile.reader.Reader`, never raised.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from ..model import (
    CALLOUT_KINDS,
    NODE_TYPES,
    RESULTS,
    Answer,
    Callout,
    ChecklistItem,
    Field,
    Link,
    Node,
    NodeType,
    Result,
    Rule,
    Text,
)
from ..problems import a_or_an, did_you_mean, one_of
from .decide import read_rules
from .fields import read_field
from .reader import ID_RE, ID_RULE, Reader, describe, read_list, shown
from .timebox import read_timebox

COMMON_NODE_KEYS = ("type", "text", "help", "callouts", "script", "checklist", "fields", "links")
EDITOR_NOTE = "editor_note"  # on every kind of node, listed last in messages
NODE_KEYS: Mapping[str, tuple[str, ...]] = {
    "question": (*COMMON_NODE_KEYS, "answers", "timebox", "timeup", EDITOR_NOTE),
    "step": (*COMMON_NODE_KEYS, "next", "timebox", "timeup", EDITOR_NOTE),
    "outcome": (*COMMON_NODE_KEYS, "result", EDITOR_NOTE),
    "goto": (*COMMON_NODE_KEYS, "tree", "node", EDITOR_NOTE),
    # A decision is taken, not shown as a step: what it decides, its rules, nothing to fill in.
    "decide": ("type", "text", "rules", "otherwise", EDITOR_NOTE),
}
REQUIRED_NODE_KEYS: Mapping[str, tuple[str, ...]] = {
    "question": ("text",),
    "step": ("text", "next"),
    "outcome": ("text", "result"),
    "goto": ("tree",),
    "decide": ("rules",),
}
_ONE_OF_TYPES = f"one of {one_of(NODE_TYPES)}"
_ONE_OF_RESULTS = f"one of {one_of(RESULTS)}"
_ONE_OF_KINDS = f"one of {one_of(CALLOUT_KINDS)}"
_A_NODE = {node_type: a_or_an(f"{node_type} node") for node_type in NODE_TYPES}


def read_nodes(reader: Reader, node: yaml.Node) -> dict[str, Node]:
    """The ``nodes`` mapping of a tree: node id -> node, for each node read without error."""
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


def _read_node(reader: Reader, node_id: str, key: yaml.Node, node: yaml.Node) -> Node | None:
    node_type = _read_type(reader, node_id, node)
    if node_type is None:
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
        callouts = read_list(reader, value, "callouts", _read_callout)
    checklist: tuple[ChecklistItem, ...] = ()
    if (value := get("checklist")) is not None:
        checklist = read_list(reader, value, "checklist", _read_check)
    fields: tuple[Field, ...] = ()
    if (value := get("fields")) is not None:
        fields = read_list(reader, value, "fields", read_field)
    links: tuple[Link, ...] = ()
    if (value := get("links")) is not None:
        links = read_list(reader, value, "links", _read_link)
    timebox = read_timebox(reader, value) if (value := get("timebox")) is not None else None
    timeup = _read_timeup(reader, node_id, get("timeup"), get("timebox"))
    note = None
    if (value := get(EDITOR_NOTE)) is not None:
        note = reader.text(value, EDITOR_NOTE)
    # The ways on, as each kind of node writes them (Node.ways reads them back).
    answers: tuple[Answer, ...] = ()
    rules: tuple[Rule, ...] = ()
    result: Result | None = None
    next_id = next_span = tree = tree_span = target_node = otherwise = otherwise_span = None
    if node_type == "question":
        answers = _read_answers(reader, node_id, node, get("answers"))
    elif node_type == "decide":
        if (value := get("rules")) is not None:
            rules = read_rules(reader, node_id, value)
        if (value := get("otherwise")) is not None:
            otherwise, otherwise_span = reader.ident(value, "otherwise"), reader.span(value)
        else:
            reader.err(
                "no-otherwise",
                node,
                f"decide node '{node_id}' has no 'otherwise': when no rule holds, "
                "the guide needs a node to go to",
                "add 'otherwise: <node id>' after the rules",
            )
    elif node_type == "step" and (value := get("next")) is not None:
        next_id, next_span = reader.ident(value, "next"), reader.span(value)
    elif node_type == "outcome" and (value := get("result")) is not None:
        result = _read_result(reader, value)
    elif node_type == "goto":
        if (value := get("tree")) is not None:
            tree, tree_span = reader.ident(value, "tree", "tree"), reader.span(value)
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
        timeup=timeup,
        result=result,
        tree=tree,
        tree_span=tree_span,
        target_node=target_node,
        editor_note=note,
        rules=rules,
        otherwise=otherwise,
        otherwise_span=otherwise_span,
    )


def _read_type(reader: Reader, node_id: str, node: yaml.Node) -> NodeType | None:
    """The type of a node, read before its other keys (which keys it takes depends on it)."""
    where = f"node '{node_id}'"
    if not isinstance(node, yaml.MappingNode):
        reader.err("wrong-type", node, f"{where} must be a mapping, found {describe(node)}")
        return None
    type_node = None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == "type":
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
    if node_type in NODE_TYPES:
        return node_type
    reader.err(
        "unknown-type",
        type_node,
        f"'type' must be one of {one_of(NODE_TYPES)}, found '{shown(node_type)}'"
        + did_you_mean(node_type, NODE_TYPES),
    )
    return None


def _read_answers(
    reader: Reader, node_id: str, node: yaml.Node, answers: yaml.Node | None
) -> tuple[Answer, ...]:
    if answers is None:
        reader.err(
            "no-answers", node, f"question '{node_id}' has no answers", "add an 'answers' list"
        )
        return ()
    if isinstance(answers, yaml.SequenceNode) and not answers.value:
        reader.err(
            "no-answers",
            answers,
            f"question '{node_id}' has no answers: a question needs at least one",
        )
        return ()
    return read_list(reader, answers, "answers", _read_answer)


def _read_result(reader: Reader, value: yaml.Node) -> Result | None:
    found = reader.scalar(value, "result", _ONE_OF_RESULTS)
    if found in RESULTS:
        return found
    if found is not None:
        reader.err(
            "unknown-result",
            value,
            f"'result' must be one of {one_of(RESULTS)}, found '{shown(found)}'"
            + did_you_mean(found, RESULTS),
        )
    return None


def _read_callout(reader: Reader, node: yaml.Node, name: str) -> Callout | None:
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


def _read_check(reader: Reader, node: yaml.Node, name: str) -> ChecklistItem | None:
    is_item = isinstance(node, yaml.MappingNode) and any(
        getattr(k, "value", None) == "text" for k, _ in node.value
    )
    if not is_item:
        text = reader.text(node, name)
        if text is None:
            return None
        return ChecklistItem(text=text, required=True, span=reader.span(node))
    keys = reader.mapping(node, "a checklist item", ("id", "text", "required"), ("text",), name)
    assert keys is not None
    text = reader.text(keys["text"], f"{name}.text")
    item_id = reader.ident(keys["id"], "id", "checklist item") if "id" in keys else None
    required = True
    if "required" in keys:
        value = reader.boolean(keys["required"], "required")
        required = True if value is None else value
    if text is None or ("id" in keys and item_id is None):
        return None
    return ChecklistItem(text=text, required=required, span=reader.span(node), id=item_id)


def _read_link(reader: Reader, node: yaml.Node, name: str) -> Link | None:
    keys = reader.mapping(node, "a link", ("text", "href"), ("text", "href"), name)
    if keys is None or "text" not in keys or "href" not in keys:
        return None
    text = reader.text(keys["text"], f"{name}.text")
    href = reader.scalar(keys["href"], "href", "a path")
    if text is None or href is None:
        return None
    return Link(text=text, href=href, span=reader.span(keys["href"]))


def _read_answer(reader: Reader, node: yaml.Node, name: str) -> Answer | None:
    keys = reader.mapping(node, "an answer", ("id", "label", "next"), ("label", "next"), name)
    if keys is None or "label" not in keys or "next" not in keys:
        return None
    label = reader.text(keys["label"], f"{name}.label")
    target = reader.ident(keys["next"], "next")
    answer_id = reader.ident(keys["id"], "id", "answer") if "id" in keys else None
    if label is None or target is None or ("id" in keys and answer_id is None):
        return None
    return Answer(
        label=label,
        next=target,
        span=reader.span(node),
        next_span=reader.span(keys["next"]),
        id=answer_id,
    )


def _read_timeup(
    reader: Reader, node_id: str, node: yaml.Node | None, timebox: yaml.Node | None
) -> Text | None:
    """What to do when the time box runs out; only a node with a time box has one."""
    if node is None:
        return None
    if timebox is None:
        reader.err(
            "timeup-without-timebox",
            node,
            f"node '{node_id}' has a 'timeup' text but no 'timebox': "
            "the text is shown when a time box runs out",
            "add how long the step may take, e.g. 'timebox: 5m', or remove 'timeup'",
        )
        return None
    return reader.text(node, "timeup")
