"""Scenario tests in tree files: journeys that must end at a given node."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit.compile.catalog import check_paths
from sopkit.compile.scenarios import check_scenarios
from tests.editors.helpers import tree_from

TREE = """\
title: {en: Printer, es: Impresora}
start: jam
nodes:
  jam:
    type: question
    text: {en: Is paper stuck?, es: ¿Hay papel atascado?}
    answers:
      - label: {en: Yes, es: Sí}
        next: open-tray
      - label: {en: No, es: No}
        next: online
  open-tray:
    type: step
    text: {en: Open the tray., es: Abra la bandeja.}
    next: fixed
  fixed:
    type: question
    text: {en: Does it print now?, es: ¿Imprime ahora?}
    answers:
      - label: {en: "Yes, it prints", es: "Sí, imprime"}
        next: resolved
      - label: {en: No, es: No}
        next: escalate
  online:
    type: goto
    tree: network
  resolved:
    type: outcome
    result: resolve
    text: {en: Close the call., es: Finalice la llamada.}
  escalate:
    type: outcome
    result: escalate
    text: {en: Escalate., es: Escale.}
"""


def run(tests: str) -> list[str]:
    tree = tree_from(TREE + "tests:\n" + tests)
    return [str(p) for p in check_scenarios(tree, "en")]


@pytest.mark.parametrize(
    "tests",
    [
        # labels, case and spacing ignored; steps continue by themselves
        "  - {name: fixed by the tray, answers: [yes, '  YES,   it prints'], expect: resolved}\n",
        # node ids of the answers' targets
        "  - {name: by ids, answers: [open-tray, escalate], expect: escalate}\n",
        # a goto ends the journey
        "  - {name: network, answers: [No], expect: online}\n",
        # no answers left: the journey stops at the question it reached
        "  - {name: stops at the question, answers: [Yes], expect: fixed}\n",
    ],
)
def test_passing_scenarios_report_nothing(tests: str) -> None:
    assert run(tests) == []


FAILURES = [
    (
        "  - name: wrong end\n    answers: [Yes, No]\n    expect: resolved\n",
        "decision_trees/t.yml:36:5: error[scenario-failed] scenario 'wrong end' ended at "
        "'escalate' instead of 'resolved' (path: jam > open-tray > fixed > escalate)\n"
        "    hint: the tree changed, or the scenario is wrong: fix whichever no longer says "
        "what the procedure must do",
    ),
    (
        "  - name: typo\n    answers: [Yes, Yess]\n    expect: resolved\n",
        "decision_trees/t.yml:37:20: error[scenario-failed] scenario 'typo': the answer 'Yess' "
        "does not match any answer of question 'fixed'; its answers are 'Yes, it prints' or "
        "'No'\n    hint: write an answer's label in the default language, or the id of its "
        "node",
    ),
    (
        "  - name: too many\n    answers: [No, Yes]\n    expect: online\n",
        "decision_trees/t.yml:37:19: error[scenario-failed] scenario 'too many': the journey "
        "ended at 'online' with answers left over: 'Yes'",
    ),
    (
        "  - name: unknown\n    answers: [No]\n    expect: onlin\n",
        "decision_trees/t.yml:38:13: error[scenario-failed] scenario 'unknown': 'expect' "
        "points to 'onlin', which is not a node of this tree (did you mean 'online'?)",
    ),
]


@pytest.mark.parametrize(("tests", "message"), FAILURES)
def test_failing_scenarios_say_where_the_journey_went(tests: str, message: str) -> None:
    assert run(tests) == [message]


def test_spanish_labels_do_not_match_when_english_is_the_default() -> None:
    problems = run("  - {name: es, answers: [Sí], expect: open-tray}\n")
    assert len(problems) == 1
    assert "the answer 'Sí' does not match any answer of question 'jam'" in problems[0]


def test_sopkit_check_runs_the_scenarios(tmp_path: Path) -> None:
    path = tmp_path / "decision_trees" / "t.yml"
    path.parent.mkdir()
    path.write_text(
        TREE + "tests:\n  - {name: broken, answers: [No], expect: resolved}\n", encoding="utf-8"
    )
    result = check_paths([path], root=tmp_path)
    failed = [p for p in result.errors if p.code == "scenario-failed"]
    assert [(p.span.line, p.span.col) for p in failed] == [(36, 5)]
    assert "scenario 'broken' ended at 'online' instead of 'resolved'" in failed[0].message
