"""Scenario tests: journeys written in a tree's ``tests:`` list, walked through the tree.

A scenario gives the answers an agent picks, in order, and the node the journey must
end at. Each answer is matched against the current question's answers by their label
in the default language (case and surrounding spaces ignored) or, failing that, by the
id of the node the answer leads to. Steps continue by themselves; decide nodes decide
from the scenario's ``values``, ``ticked`` items, the answers given so far and its fixed
``now``; an outcome or a ``goto`` ends the journey, as does running out of answers at a
question.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..conditions import comparisons
from ..decisions import Facts, evaluate, typed
from ..model import Answer, Node, Scenario, Text, Tree
from ..problems import Problem, did_you_mean, error
from .decide import field_type


@dataclass(frozen=True, slots=True)
class Walk:
    """Where a scenario's journey went: the nodes visited and why it stopped."""

    path: tuple[str, ...]
    problem: Problem | None = None

    @property
    def end(self) -> str:
        """The node the journey stopped at."""
        return self.path[-1]


def label_of(answer: Answer, default_lang: str | None) -> str:
    """An answer's label in the default language (as matched by scenarios)."""
    values = answer.label.values
    if default_lang is not None and default_lang in values:
        return values[default_lang]
    if Text.DEFAULT in values:
        return values[Text.DEFAULT]
    return next(iter(values.values()), "")


def _normal(value: str) -> str:
    return " ".join(value.split()).casefold()


def choose(node: Node, given: str, default_lang: str | None) -> Answer | None:
    """The answer of question ``node`` that ``given`` names (label first, then target id)."""
    wanted = _normal(given)
    for answer in node.answers:
        if _normal(label_of(answer, default_lang)) == wanted:
            return answer
    for answer in node.answers:
        if answer.next == given.strip():
            return answer
    return None


def _quoted(values: list[str]) -> str:
    quoted = [f"'{v}'" for v in values]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def walk(tree: Tree, scenario: Scenario, default_lang: str | None) -> Walk:
    """Follow ``scenario``'s answers from the tree's start to where the journey stops."""
    where = f"scenario '{scenario.name}'"
    node_id = tree.start
    path = [node_id]
    answers = list(scenario.answers)
    chosen: dict[str, str] = {}
    key = default_lang or Text.DEFAULT
    steps_left = len(tree.nodes) + 1  # a loop of steps would otherwise never end
    while True:
        node = tree.nodes.get(node_id)
        if node is None or node.terminal:
            break
        if node.type in ("step", "decide"):
            steps_left -= 1
            if steps_left < 0:
                break
            if node.type == "decide":
                decided = decide(tree, node, scenario, chosen)
                if isinstance(decided, Problem):
                    return Walk(tuple(path), decided)
                node_id = decided
            elif node.next is None:
                break
            else:
                node_id = node.next
        else:
            if not answers:
                break
            given, span = answers.pop(0)
            answer = choose(node, given, default_lang)
            if answer is None:
                labels = [label_of(a, default_lang) for a in node.answers]
                message = (
                    f"{where}: the answer '{given}' does not match any answer of question "
                    f"'{node.id}'; its answers are {_quoted(labels)}" + did_you_mean(given, labels)
                )
                hint = "write an answer's label in the default language, or the id of its node"
                return Walk(tuple(path), error("scenario-failed", span, message, hint))
            chosen[node.id] = answer.key(key)
            node_id = answer.next
        path.append(node_id)
    if answers:
        left = [value for value, _ in answers]
        message = (
            f"{where}: the journey ended at '{node_id}' with answers left over: "
            f"{', '.join(repr(v) for v in left)}"
        )
        return Walk(tuple(path), error("scenario-failed", answers[0][1], message))
    return Walk(tuple(path))


def decide(tree: Tree, node: Node, scenario: Scenario, given: dict[str, str]) -> str | Problem:
    """Where decide node ``node`` leads for the scenario (or why it cannot say)."""
    # An empty value reads no clock: only a value given to a *_since() needs 'now'.
    reads_clock = any(
        c.left.kind.endswith("_since") and scenario.values.get(c.left.id, ("", None))[0]
        for rule in node.rules
        for c in comparisons(rule.condition)
    )
    if reads_clock and scenario.now is None:
        return error(
            "scenario-failed",
            scenario.span,
            f"scenario '{scenario.name}' reaches decide node '{node.id}', whose rules read "
            "the clock, and gives no 'now'",
            "add e.g. 'now: 2026-03-09T10:00' (and 'zone:' when not UTC)",
        )
    types = {f.id: field_type(f) for n in tree.nodes.values() for f in n.fields}
    for field_id, (value, span) in scenario.values.items():
        if field_id not in types:
            return error(
                "scenario-failed",
                span,
                f"scenario '{scenario.name}' gives a value for '{field_id}', which is not a "
                "field of this tree" + did_you_mean(field_id, types),
            )
        if value and typed(value, types[field_id]) is None:
            return error(
                "scenario-failed",
                span,
                f"scenario '{scenario.name}': '{value}' is not a {types[field_id]} value "
                f"for field '{field_id}'",
                "numbers are written 620 or 49.99, dates 2026-03-31, times 2026-03-31T17:00",
            )
    facts = Facts(
        now=scenario.now or dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        zone=scenario.zone,
        values={k: v for k, (v, _) in scenario.values.items()},
        types=types,
        answers=given,
        ticked=scenario.ticked,
    )
    for rule in node.rules:
        if evaluate(rule.condition, facts):
            return rule.next
    return node.otherwise or node.id


def run_scenario(tree: Tree, scenario: Scenario, default_lang: str | None) -> Problem | None:
    """Run one scenario: None when it ends where expected, else the problem found."""
    where = f"scenario '{scenario.name}'"
    if scenario.expect not in tree.nodes:
        return error(
            "scenario-failed",
            scenario.expect_span,
            f"{where}: 'expect' points to '{scenario.expect}', which is not a node of this "
            f"tree" + did_you_mean(scenario.expect, tree.nodes),
        )
    if tree.start not in tree.nodes:
        return None  # the graph check reports the missing start node
    done = walk(tree, scenario, default_lang)
    if done.problem is not None:
        return done.problem
    if done.end == scenario.expect:
        return None
    return error(
        "scenario-failed",
        scenario.span,
        f"{where} ended at '{done.end}' instead of '{scenario.expect}' "
        f"(path: {' > '.join(done.path)})",
        "the tree changed, or the scenario is wrong: fix whichever no longer says "
        "what the procedure must do",
    )


def check_scenarios(tree: Tree, default_lang: str | None) -> list[Problem]:
    """Run every scenario of a tree; one problem per failing scenario."""
    problems = []
    for scenario in tree.tests:
        problem = run_scenario(tree, scenario, default_lang)
        if problem is not None:
            problems.append(problem)
    return problems
