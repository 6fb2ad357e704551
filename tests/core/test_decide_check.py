"""sopkit check on decide nodes and scenarios with values: each mistake, located, in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit import Languages, check_paths
from sopkit.problems import format_problems

LANGS = Languages.of(["en", "es"])
HEAD = "title: {en: T, es: T}\nstart: q\nnodes:\n"
QUESTION = """\
  q:
    type: question
    text: {en: Q?, es: ¿Q?}
    fields:
      - {id: amount, label: {en: Amount, es: Monto}, type: money, currency: USD}
      - {id: opened, label: {en: Opened on, es: Abierto el}, type: date}
      - id: plan
        label: {en: Plan, es: Plan}
        type: choice
        options: [{id: basic, label: {en: Basic, es: Básico}}, {id: premium, label: {en: P, es: P}}]
    checklist:
      - {id: id-checked, text: {en: ID checked, es: ID verificada}}
    answers:
      - {id: vip, label: {en: VIP, es: VIP}, next: route}
      - {id: regular, label: {en: Regular, es: Regular}, next: route}
"""
ENDS = """\
  done:
    type: outcome
    result: resolve
    text: {en: Done, es: Hecho}
  billing:
    type: outcome
    result: escalate
    text: {en: Billing, es: Facturación}
"""
LINE = 22  # the line of the first rule's condition
SCENARIO = """\
tests:
  - name: big
    answers: [VIP]
    values: {amount: 620, opened: 2026-03-06}
    now: 2026-03-09T10:00
    zone: America/New_York
    expect: billing
"""
LATER = (
    "\n    hint: the first rule that holds is taken: put the narrower rule first, "
    "or remove this one"
)


def tree(*rules: str, otherwise: str | None = "done", start: str = "") -> str:
    """A tree whose decide node 'route' has ``rules`` (condition -> billing)."""
    text = "  route:\n    type: decide\n    rules:\n"
    for when in rules:
        text += f"      - when: {when}\n        next: billing\n"
    if otherwise:
        text += f"    otherwise: {otherwise}\n"
    return HEAD + start + QUESTION + text + ENDS


CASES = [
    ("a valid decision", tree("amount > 500"), ""),
    (
        "= for ==",
        tree("amount = 500"),
        f"t.yml:{LINE}:22: error[bad-condition] '=' is not a comparison\n"
        "    hint: write '==' to compare",
    ),
    (
        "a quoted condition is located inside the quotes",
        tree("'amount >> 500'"),
        f"t.yml:{LINE}:24: error[bad-condition] expected a value (a number, a date, a quoted "
        "text or an id), found '>'\n    hint: write e.g. 'amount > 500', 'days_since(opened) "
        "<= 30' or 'answer(has-case) == yes', joined with and, or, not",
    ),
    (
        "unknown field",
        tree("amout > 500"),
        f"t.yml:{LINE}:15: error[unknown-field] 'amout' is not a field of this tree "
        "(did you mean 'amount'?)\n"
        "    hint: fields are declared under a node's 'fields:' with their 'id'",
    ),
    (
        "a node named as a field",
        tree("q == vip"),
        f"t.yml:{LINE}:15: error[unknown-field] 'q' is not a field of this tree\n"
        "    hint: to read the answer given at 'q', write answer(q)",
    ),
    (
        "unknown node",
        tree("answer(qq) == vip"),
        f"t.yml:{LINE}:22: error[unknown-node] answer(qq) names 'qq', which is not a node of "
        "this tree (did you mean 'q'?)",
    ),
    (
        "unknown answer",
        tree("answer(q) == vipp"),
        f"t.yml:{LINE}:28: error[unknown-answer] 'vipp' is not an answer of question 'q' "
        "(did you mean 'vip'?)\n    hint: its ids are 'vip' or 'regular'",
    ),
    (
        "unknown option",
        tree("plan == gold"),
        f"t.yml:{LINE}:23: error[unknown-option] 'gold' is not an option of field 'plan'\n"
        "    hint: its ids are 'basic' or 'premium'",
    ),
    (
        "a date compared with a number",
        tree("opened > 500"),
        f"t.yml:{LINE}:24: error[type-mismatch] 'opened' (a date field) is compared with '500', "
        "which is not a date such as 2026-03-31",
    ),
    (
        "days since a money field",
        tree("days_since(amount) > 5"),
        f"t.yml:{LINE}:26: error[type-mismatch] days_since() needs a date or date-and-time "
        "field, and 'amount' is a money field",
    ),
    (
        "a choice has no order",
        tree("plan > basic"),
        f"t.yml:{LINE}:15: error[type-mismatch] 'plan' (a choice field) can only be compared "
        "with == or !=",
    ),
    (
        "count of a node without a checklist",
        tree("count(done) > 1"),
        f"t.yml:{LINE}:21: error[wrong-node] count(done) counts ticked checklist items, and "
        "node 'done' has none",
    ),
    (
        "a rule inside an earlier one",
        tree("amount > 100", "amount between 200 and 300"),
        f"t.yml:{LINE + 2}:15: error[unreachable-rule] rule 2 ('amount between 200 and 300') "
        "can never be taken: rule 1 above already takes every amount it accepts" + LATER,
    ),
    (
        "a rule inside two earlier ones",
        tree("amount <= 50", "amount > 50", "amount == 7"),
        f"t.yml:{LINE + 4}:15: error[unreachable-rule] rule 3 ('amount == 7') can never be "
        "taken: rules 1 and 2 above already take every amount it accepts" + LATER,
    ),
    ("a boundary left to a later rule", tree("amount > 100", "amount >= 100"), ""),
    (
        "whole days: > 1 is >= 2",
        tree("days_since(opened) > 1", "days_since(opened) >= 2 and days_since(opened) < 9"),
        f"t.yml:{LINE + 2}:15: error[unreachable-rule] rule 2 ('days_since(opened) >= 2 and "
        "days_since(opened) < 9') can never be taken: rule 1 above already takes every "
        "days_since(opened) it accepts" + LATER,
    ),
    (
        "a rule that holds for no value",
        tree("amount > 500 and amount < 100"),
        f"t.yml:{LINE}:15: error[unreachable-rule] rule 1 ('amount > 500 and amount < 100') "
        "can never hold: no value of amount satisfies it\n"
        "    hint: check the numbers and the comparisons (between includes both ends)",
    ),
    (
        "no otherwise",
        tree("amount > 500", otherwise=None),
        f"t.yml:{LINE - 2}:5: error[no-otherwise] decide node 'route' has no 'otherwise': when "
        "no rule holds, the guide needs a node to go to\n"
        "    hint: add 'otherwise: <node id>' after the rules",
    ),
    (
        "a value not collected on every path, with the path",
        tree(
            "amount > 500",
            "count(q) >= 1",
            start="  s:\n    type: question\n    text: {en: S?, es: ¿S?}\n    answers:\n"
            "      - {label: {en: Skip, es: Saltar}, next: route}\n"
            "      - {label: {en: Ask, es: Preguntar}, next: q}\n",
        ).replace("start: q", "start: s"),
        f"t.yml:{LINE + 6}:15: error[not-collected] decide node 'route' reads field 'amount', "
        "but the path s > route does not pass 'q', where it is filled in\n"
        "    hint: collect it on a node every path to 'route' passes, or send this path around "
        "the decision\n"
        f"t.yml:{LINE + 8}:21: error[not-collected] decide node 'route' reads the checklist of "
        "'q', but the path s > route does not pass 'q', where it is ticked\n"
        "    hint: collect it on a node every path to 'route' passes, or send this path around "
        "the decision",
    ),
    ("a scenario decided by a value", tree("amount > 500") + SCENARIO, ""),
    (
        "a scenario the decision sends elsewhere",
        tree("amount > 700") + SCENARIO,
        "t.yml:34:5: error[scenario-failed] scenario 'big' ended at 'done' instead of 'billing' "
        "(path: q > route > done)\n    hint: the tree changed, or the scenario is wrong: fix "
        "whichever no longer says what the procedure must do",
    ),
    (
        "a scenario decided by business days and an answer, at its own clock",
        tree("business_days_since(opened) >= 1 and answer(q) == vip") + SCENARIO,
        "",
    ),
    (
        "a scenario on the clock with no 'now'",
        tree("business_days_since(opened) >= 1")
        + SCENARIO.replace("    now: 2026-03-09T10:00\n", ""),
        "t.yml:34:5: error[scenario-failed] scenario 'big' reaches decide node 'route', whose "
        "rules read the clock, and gives no 'now'\n"
        "    hint: add e.g. 'now: 2026-03-09T10:00' (and 'zone:' when not UTC)",
    ),
    (
        "a scenario value that is not of the field's type",
        tree("amount > 500") + SCENARIO.replace("620", "lots"),
        "t.yml:36:22: error[scenario-failed] scenario 'big': 'lots' is not a money value for "
        "field 'amount'\n    hint: numbers are written 620 or 49.99, dates 2026-03-31, times "
        "2026-03-31T17:00",
    ),
    (
        "a scenario value for no field",
        tree("amount > 500") + SCENARIO.replace("opened:", "opend:"),
        "t.yml:36:34: error[scenario-failed] scenario 'big' gives a value for 'opend', which is "
        "not a field of this tree (did you mean 'opened'?)",
    ),
    (
        "a scenario zone that does not exist",
        tree("amount > 500") + SCENARIO.replace("America/New_York", "America/NewYork"),
        "t.yml:38:11: error[unknown-zone] 'zone' must be a time zone such as America/New_York, "
        "found 'America/NewYork' (did you mean 'America/New_York'?)",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_message(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / "t.yml"
    path.write_text(content, encoding="utf-8")
    result = check_paths([path], LANGS, root=tmp_path)
    assert format_problems(result.problems, "text") == expected


HANDOFF = """\
title: {en: H, es: H}
start: go
nodes:
  go:
    type: goto
    tree: t
    node: route
"""


def test_a_hand_off_into_the_tree_after_its_values_are_collected_is_an_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "t.yml").write_text(tree("amount > 500"), encoding="utf-8")
    (tmp_path / "h.yml").write_text(HANDOFF, encoding="utf-8")
    result = check_paths([tmp_path / "h.yml", tmp_path / "t.yml"], LANGS, root=tmp_path)
    assert format_problems(result.problems, "text") == (
        "h.yml:6:11: error[not-collected] this goto enters 't' at its decide node 'route', "
        "which reads field 'amount', without passing 'q', where it is filled in\n"
        "    hint: hand off to 't' at its start or at a node before 'q'"
    )


def test_a_hand_off_to_the_start_or_before_the_values_is_not(tmp_path: Path) -> None:
    (tmp_path / "t.yml").write_text(tree("amount > 500"), encoding="utf-8")
    for target in ("", "    node: q\n"):
        (tmp_path / "h.yml").write_text(
            HANDOFF.replace("    node: route\n", target), encoding="utf-8"
        )
        result = check_paths([tmp_path / "h.yml", tmp_path / "t.yml"], LANGS, root=tmp_path)
        assert result.problems == [], target


def test_the_error_names_the_path_from_the_entry_to_the_decision(tmp_path: Path) -> None:
    later = "  later:\n    type: step\n    text: {en: L, es: L}\n    next: route\n"
    (tmp_path / "t.yml").write_text(tree("amount > 500") + later, encoding="utf-8")
    (tmp_path / "h.yml").write_text(HANDOFF.replace("node: route", "node: later"), "utf-8")
    result = check_paths([tmp_path / "h.yml", tmp_path / "t.yml"], LANGS, root=tmp_path)
    assert [p.message for p in result.problems if p.code == "not-collected"] == [
        "this goto enters 't' at 'later', and the path later > route reaches its decide node "
        "'route', which reads field 'amount', without passing 'q', where it is filled in"
    ]
