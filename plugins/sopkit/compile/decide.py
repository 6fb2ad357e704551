"""Decide nodes: their rules read from YAML, and the checks of what their conditions read.

A condition may only read a field, an answer or ticked checklist items that every path
from the start collects before the decision; values are compared with literals of their
own type; a rule that can never be taken (rules above take every value it accepts) is a
mistake. Everything here returns problems located at the character of the condition.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from zoneinfo import ZoneInfo, available_timezones

import yaml

from ..conditions import Compare, ConditionError, Ref, Value, comparisons, parse, source_of
from ..model import Field, Node, Rule, Span, Tree
from ..problems import Problem, did_you_mean, error, one_of
from .coverage import Coverage, coverage_of
from .reader import Reader, is_nothing, read_list

NUMERIC = ("number", "money")
TIMES = ("date", "datetime")
_SINCE = ("days_since", "business_days_since", "hours_since")


def read_rules(reader: Reader, node_id: str, node: yaml.Node) -> tuple[Rule, ...]:
    """A decide node's ``rules``: a list of ``when:`` conditions with their ``next:``."""
    if isinstance(node, yaml.SequenceNode) and not node.value:
        reader.err(
            "no-rules",
            node,
            f"decide node '{node_id}' has no rules",
            "add rules such as '- {when: amount > 500, next: billing}'",
        )
        return ()
    return read_list(reader, node, "rules", _read_rule)


def _read_rule(reader: Reader, node: yaml.Node, name: str) -> Rule | None:
    keys = reader.mapping(node, "a rule", ("when", "next"), ("when", "next"), name)
    if keys is None or "when" not in keys or "next" not in keys:
        return None
    when_node, next_node = keys["when"], keys["next"]
    when = reader.scalar(when_node, "when", "a condition such as 'amount > 500'")
    target = reader.ident(next_node, "next")
    if when is None or target is None:
        return None
    when_span = reader.span(when_node)
    if isinstance(when_node, yaml.ScalarNode) and when_node.style in ("'", '"'):
        when_span = when_span._replace(col=when_span.col + 1)  # the quote is not the condition
    try:
        condition = parse(when)
    except ConditionError as problem:
        reader.problems.append(
            error("bad-condition", at(when_span, problem.col), problem.message, problem.hint)
        )
        return None
    return Rule(
        when=when,
        condition=condition,
        next=target,
        span=reader.span(node),
        when_span=when_span,
        next_span=reader.span(next_node),
    )


def at(when_span: Span, col: int) -> Span:
    """Where character ``col`` (from 1) of a condition written at ``when_span`` is."""
    return when_span._replace(col=when_span.col + col - 1)


@dataclass(frozen=True, slots=True)
class _Scope:
    """What a tree's conditions can name: its fields (with the node collecting each)."""

    tree: Tree
    fields: Mapping[str, tuple[Field, tuple[str, ...]]]
    default_lang: str


def field_type(field: Field) -> str:
    """A field's type (``text`` for a field that does not say)."""
    return field.type


def _scope(tree: Tree, default_lang: str) -> _Scope:
    """What the tree's conditions can name: each field with the nodes that collect it."""
    found: dict[str, tuple[Field, list[str]]] = {}
    for node in tree.nodes.values():
        for f in node.fields:
            found.setdefault(f.id, (f, []))[1].append(node.id)
    return _Scope(tree, {k: (f, tuple(ids)) for k, (f, ids) in found.items()}, default_lang)


def check_decisions(tree: Tree, default_lang: str) -> list[Problem]:
    """Every problem of the tree's decide nodes' conditions, in the order written."""
    scope = _scope(tree, default_lang)
    problems: list[Problem] = []
    for node in tree.nodes.values():
        if node.type == "decide":
            problems += _check_node(scope, node)
    return problems


@dataclass(frozen=True, slots=True)
class Input:
    """What a decide node reads (``what``), and the nodes where the agent gives it."""

    decision: str
    what: str
    done: str
    collectors: tuple[str, ...]

    def missing(self, tree: Tree, entry: str | None = None) -> list[str] | None:
        """A path from ``entry`` (the start when None) to the decision that gives no
        value to read, or None when every path passes a collector."""
        return path_avoiding(tree, self.decision, set(self.collectors), entry)

    def names(self) -> str:
        """The collecting nodes, quoted, as a sentence lists them."""
        return _names(self.collectors)


def decision_inputs(tree: Tree) -> list[Input]:
    """What each decide node of ``tree`` reads, once each, for the names that resolve
    (a name that does not is reported by :func:`check_decisions`)."""
    scope = _scope(tree, "*")
    inputs: dict[tuple[str, str, str], Input] = {}
    for node in tree.nodes.values():
        for rule in node.rules:
            for compare in comparisons(rule.condition):
                ref = compare.left
                collectors, problem = _resolve(scope, ref, rule.when_span)
                key = (node.id, *_reads(ref))
                if problem is None and key not in inputs:
                    what, done = _what(ref)
                    inputs[key] = Input(node.id, what, done, collectors)
    return list(inputs.values())


def _check_node(scope: _Scope, node: Node) -> list[Problem]:
    problems: list[Problem] = []
    missing_reported: set[tuple[str, str]] = set()
    taken: list[tuple[int, Coverage]] = []
    for number, rule in enumerate(node.rules, start=1):
        rule_problems: list[Problem] = []
        for compare in comparisons(rule.condition):
            rule_problems += _check_compare(scope, node, rule, compare, missing_reported)
        problems += rule_problems
        if not rule_problems:
            problems += _check_reachable(scope, rule, number, taken)
    return problems


def _check_compare(
    scope: _Scope, node: Node, rule: Rule, compare: Compare, reported: set[tuple[str, str]]
) -> list[Problem]:
    ref = compare.left
    where = at(rule.when_span, ref.col)
    collectors, problem = _resolve(scope, ref, where)
    if problem is not None:
        return [problem]
    problems = list(_check_types(scope, rule, compare))
    key = _reads(ref)
    if key not in reported:
        reported.add(key)
        path = path_avoiding(scope.tree, node.id, set(collectors))
        if path is not None:
            what, done = _what(ref)
            problems.append(
                error(
                    "not-collected",
                    where,
                    f"decide node '{node.id}' reads {what}, but the path {' > '.join(path)} "
                    f"does not pass {_names(collectors)}, where it is {done}",
                    f"collect it on a node every path to '{node.id}' passes, or send this "
                    "path around the decision",
                )
            )
    return problems


def _reads(ref: Ref) -> tuple[str, str]:
    """What a reference reads, as a key: ``days_since(x)`` and ``x`` read the same field."""
    return ("field" if ref.kind not in ("answer", "count") else ref.kind, ref.id)


def _what(ref: Ref) -> tuple[str, str]:
    """What a reference reads, and what the agent does to give it."""
    if ref.kind == "answer":
        return f"the answer to question '{ref.id}'", "answered"
    if ref.kind == "count":
        return f"the checklist of '{ref.id}'", "ticked"
    return f"field '{ref.id}'", "filled in"


def _names(ids: tuple[str, ...]) -> str:
    quoted = [f"'{i}'" for i in ids]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _resolve(scope: _Scope, ref: Ref, where: Span) -> tuple[tuple[str, ...], Problem | None]:
    """The nodes that collect what ``ref`` reads, or the problem naming it wrongly."""
    nodes = scope.tree.nodes
    if ref.kind in ("answer", "count"):
        node = nodes.get(ref.id)
        if node is None:
            return (), error(
                "unknown-node",
                where,
                f"{ref.kind}({ref.id}) names '{ref.id}', which is not a node of this tree"
                + did_you_mean(ref.id, nodes),
            )
        if ref.kind == "answer" and node.type != "question":
            return (), error(
                "wrong-node",
                where,
                f"answer({ref.id}) names a {node.type} node: only questions have answers",
            )
        if ref.kind == "count" and not node.checklist:
            return (), error(
                "wrong-node",
                where,
                f"count({ref.id}) counts ticked checklist items, and node '{ref.id}' has none",
            )
        return (ref.id,), None
    known = scope.fields.get(ref.id)
    if known is None:
        if ref.kind == "field" and ref.id in nodes:
            hint = f"to read the answer given at '{ref.id}', write answer({ref.id})"
        else:
            hint = "fields are declared under a node's 'fields:' with their 'id'"
        return (), error(
            "unknown-field",
            where,
            f"'{ref.id}' is not a field of this tree" + did_you_mean(ref.id, scope.fields),
            hint,
        )
    return known[1], None


def _check_types(scope: _Scope, rule: Rule, compare: Compare) -> Iterator[Problem]:
    """Comparisons of values with literals of another type, or with operators they lack."""
    ref = compare.left
    if compare.op == "empty":
        return
    if ref.kind in _SINCE and (written := field_type(scope.fields[ref.id][0])) not in TIMES:
        yield error(
            "type-mismatch",
            at(rule.when_span, ref.col),
            f"{ref.kind}() needs a date or date-and-time field, and '{ref.id}' is a "
            f"{written} field",
        )
        return
    kind = _kind_of(scope, ref)
    if kind in ("choice", "text", "answer") and compare.op not in ("==", "!="):
        yield error(
            "type-mismatch",
            at(rule.when_span, compare.col),
            f"{_described(ref, kind)} can only be compared with == or !=",
        )
        return
    for value in compare.values:
        expected = _expected(kind, value)
        if expected is not None:
            yield error(
                "type-mismatch",
                at(rule.when_span, value.col),
                f"{_described(ref, kind)} is compared with '{value.text}', which is not {expected}",
            )
        elif kind in ("choice", "answer"):
            yield from _check_id(scope, rule, ref, kind, value)


def _kind_of(scope: _Scope, ref: Ref) -> str:
    """What a reference reads: a field type, ``answer``, or ``number`` for a count or time."""
    if ref.kind == "answer":
        return "answer"
    if ref.kind == "count":
        return "number"
    kind = field_type(scope.fields[ref.id][0])
    return "number" if ref.kind in _SINCE and kind in TIMES else kind


def _described(ref: Ref, kind: str) -> str:
    if ref.kind == "field":
        return f"'{ref.id}' (a {kind} field)"
    if ref.kind == "answer":
        return f"answer({ref.id})"
    return f"{source_of(ref)} (a number)"


def _expected(kind: str, value: Value) -> str | None:
    """What ``value`` should be to compare with a ``kind``; None when it is that."""
    if kind in NUMERIC:
        return None if value.kind == "number" else "a number such as 500"
    if kind == "date":
        return None if value.kind == "date" else "a date such as 2026-03-31"
    if kind == "datetime":
        ok = value.kind in TIMES
        return None if ok else "a date and time such as 2026-03-31T17:00, or a date"
    if kind in ("choice", "answer"):
        return None if value.kind == "id" else "an id (without quotes)"
    return None if value.kind in ("text", "id") else 'a text in quotes, such as "gold"'


def _check_id(scope: _Scope, rule: Rule, ref: Ref, kind: str, value: Value) -> Iterator[Problem]:
    if kind == "answer":
        ids = [a.key(scope.default_lang) for a in scope.tree.nodes[ref.id].answers]
        what = f"an answer of question '{ref.id}'"
    else:
        field = scope.fields[ref.id][0]
        ids = [o.id for o in field.options]
        what = f"an option of field '{ref.id}'"
    if value.text not in ids:
        yield error(
            "unknown-answer" if kind == "answer" else "unknown-option",
            at(rule.when_span, value.col),
            f"'{value.text}' is not {what}" + did_you_mean(value.text, ids),
            f"its ids are {one_of(ids)}" if ids else None,
        )


def path_avoiding(
    tree: Tree, target: str, avoid: set[str], start: str | None = None
) -> list[str] | None:
    """A shortest path from ``start`` (the tree's start when None) to ``target`` through no
    node of ``avoid``, or None."""
    start = tree.start if start is None else start
    if start in avoid or start not in tree.nodes:
        return None
    parents: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == target:
            path = [current]
            while (parent := parents[path[-1]]) is not None:
                path.append(parent)
            return path[::-1]
        node = tree.nodes.get(current)
        for nxt in node.targets if node is not None else ():
            if nxt not in parents and nxt not in avoid and nxt in tree.nodes:
                parents[nxt] = current
                queue.append(nxt)
    return None


def _check_reachable(
    scope: _Scope, rule: Rule, number: int, taken: list[tuple[int, Coverage]]
) -> list[Problem]:
    """A rule no value can reach: it accepts nothing, or only what rules above take."""
    mine = coverage_of(rule.condition, lambda ref: _discrete(scope, ref))
    if mine is None:
        return []
    problems = []
    if mine.empty:
        problems.append(
            error(
                "unreachable-rule",
                rule.when_span,
                f"rule {number} ('{rule.when}') can never hold: no value of "
                f"{source_of(mine.ref)} satisfies it",
                "check the numbers and the comparisons (between includes both ends)",
            )
        )
    else:
        earlier = [(n, c) for n, c in taken if c.key == mine.key]
        if earlier and mine.within([c for _, c in earlier]):
            numbers = [str(n) for n, _ in earlier]
            above = (
                f"rule {numbers[0]} above already takes"
                if len(numbers) == 1
                else f"rules {', '.join(numbers[:-1])} and {numbers[-1]} above already take"
            )
            problems.append(
                error(
                    "unreachable-rule",
                    rule.when_span,
                    f"rule {number} ('{rule.when}') can never be taken: {above} every "
                    f"{source_of(mine.ref)} it accepts",
                    "the first rule that holds is taken: put the narrower rule first, "
                    "or remove this one",
                )
            )
    taken.append((number, mine))
    return problems


def _discrete(scope: _Scope, ref: Ref) -> bool:
    """True for references that only take whole values (counts, days, dates)."""
    if ref.kind in ("count", "days_since", "business_days_since"):
        return True
    return ref.kind == "field" and field_type(scope.fields[ref.id][0]) == "date"


@dataclass(frozen=True, slots=True)
class ScenarioFacts:
    """What a scenario gives the decide nodes on its way (see :class:`~sopkit.model.Scenario`)."""

    values: Mapping[str, tuple[str, Span]]
    ticked: Mapping[str, int]
    now: dt.datetime | None
    zone: str


def read_scenario_facts(reader: Reader, keys: Mapping[str, yaml.Node]) -> ScenarioFacts | None:
    """A scenario's ``values``, ``ticked``, ``now`` and ``zone``; None after an error."""
    before = len(reader.problems)
    values: dict[str, tuple[str, Span]] = {}
    ticked: dict[str, int] = {}
    for key_node, value_node in _pairs(reader, keys.get("values"), "values"):
        value = "" if is_nothing(value_node) else reader.scalar(value_node, key_node.value)
        if value is not None:
            values[key_node.value] = (value.strip(), reader.span(value_node))
    for key_node, value_node in _pairs(reader, keys.get("ticked"), "ticked"):
        count = reader.integer(value_node, key_node.value, 1000, "ticked items")
        if count is not None:
            ticked[key_node.value] = count
    zone = "UTC"
    if (zone_node := keys.get("zone")) is not None:
        zone = reader.scalar(zone_node, "zone", "a time zone such as America/New_York") or zone
        if zone not in available_timezones():
            reader.err(
                "unknown-zone",
                zone_node,
                f"'zone' must be a time zone such as America/New_York, found '{zone}'"
                + did_you_mean(zone, sorted(available_timezones())),
            )
    now = None
    if (now_node := keys.get("now")) is not None:
        written = reader.scalar(now_node, "now", "a date and time such as 2026-03-09T10:00")
        try:
            now = dt.datetime.strptime(written or "", "%Y-%m-%dT%H:%M")
        except ValueError:
            reader.wrong_type(now_node, "now", "a date and time written YYYY-MM-DDTHH:MM")
    if len(reader.problems) > before:
        return None
    if now is not None:
        now = now.replace(tzinfo=ZoneInfo(zone))
    return ScenarioFacts(MappingProxyType(values), MappingProxyType(ticked), now, zone)


def _pairs(
    reader: Reader, node: yaml.Node | None, name: str
) -> Iterator[tuple[yaml.ScalarNode, yaml.Node]]:
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        reader.wrong_type(node, name, "a mapping from id to value")
        return
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            yield key_node, value_node
