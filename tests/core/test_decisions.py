"""Conditions of decide nodes: the grammar, and the shared vectors the player must match."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from sopkit.conditions import Both, Compare, ConditionError, Not, parse, to_json
from sopkit.decisions import Facts, business_days_between, evaluate
from tests.conftest import ROOT

VECTORS = json.loads((ROOT / "tests" / "vectors" / "decide.json").read_text("utf-8"))["vectors"]


def facts_of(vector: dict[str, Any]) -> Facts:
    """The facts a vector gives, as the Python evaluator reads them."""
    return Facts(
        now=dt.datetime.fromisoformat(vector["now"]),
        zone=vector["zone"],
        values=dict(vector["values"]),
        types=dict(vector["types"]),
        answers=dict(vector["answers"]),
        ticked=dict(vector["ticked"]),
    )


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{i}" for i in range(len(VECTORS))])
def test_python_gives_the_shared_vectors(vector: dict[str, Any]) -> None:
    got = evaluate(parse(vector["condition"]), facts_of(vector))
    assert got is vector["result"], vector.get("about", vector["condition"])


def test_the_vectors_cover_zones_clock_changes_and_empty_values() -> None:
    zones = {v["zone"] for v in VECTORS}
    assert {"UTC", "America/New_York", "Europe/Madrid", "Pacific/Auckland"} <= zones
    conditions = " ".join(v["condition"] for v in VECTORS)
    for name in ("between", "business_days_since", "days_since", "hours_since", "count("):
        assert name in conditions
    assert any(v["values"] and v["values"][0][1] == "" for v in VECTORS)


def test_not_binds_tighter_than_and_which_binds_tighter_than_or() -> None:
    expr = parse("not a > 1 and b > 2 or c > 3")
    assert isinstance(expr, Both) and expr.op == "or"
    first = expr.args[0]
    assert isinstance(first, Both) and first.op == "and"
    assert isinstance(first.args[0], Not)


def test_the_parsed_condition_is_plain_json() -> None:
    expr = parse("days_since(opened) between 1 and 3 or answer(has-case) == yes")
    assert json.loads(json.dumps(to_json(expr))) == {
        "op": "or",
        "args": [
            {
                "op": "between",
                "left": {"ref": "days_since", "id": "opened"},
                "values": [{"kind": "number", "text": "1"}, {"kind": "number", "text": "3"}],
            },
            {
                "op": "==",
                "left": {"ref": "answer", "id": "has-case"},
                "values": [{"kind": "id", "text": "yes"}],
            },
        ],
    }


def test_is_not_empty_is_not_of_is_empty() -> None:
    expr = parse("amount is not empty")
    assert isinstance(expr, Not) and isinstance(expr.arg, Compare) and expr.arg.op == "empty"


@pytest.mark.parametrize(
    ("source", "col", "message"),
    [
        ("", 1, "the condition is empty"),
        ("amount = 500", 8, "'=' is not a comparison"),
        (
            "amount > ",
            10,
            "expected a value (a number, a date, a quoted text or an id), found "
            "the end of the condition",
        ),
        (
            "amount 500",
            8,
            "expected a comparison after 'amount' (==, !=, <, <=, >, >=, between, "
            "is empty), found '500'",
        ),
        ("days(opened) > 3", 1, "'days' is not a function of conditions"),
        ("amount between 1 500", 18, "expected 'and' after the low end of 'between', found '500'"),
        ("(amount > 1", 12, "expected ')', found the end of the condition"),
        (
            "amount > 1 amount < 3",
            12,
            "expected 'and', 'or' or the end of the condition, found 'amount'",
        ),
        ("amount > 5 €", 12, "'€' cannot be read here"),
        ("and > 3", 1, "expected a field or a function such as days_since(...), found 'and'"),
        ("amount is full", 11, "expected 'empty' after 'is', found 'full'"),
    ],
)
def test_a_condition_that_does_not_parse_is_located(source: str, col: int, message: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(source)
    assert (caught.value.col, caught.value.message) == (col, message)


def test_business_days_count_mondays_to_fridays_after_the_start() -> None:
    friday, monday = dt.date(2026, 3, 6), dt.date(2026, 3, 9)
    assert business_days_between(friday, monday) == 1
    assert business_days_between(monday, friday) == -1
    assert business_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 30)) == 20
