"""Conditions evaluated against what the agent entered: the Python half of one semantics.

``assets/sopkit/decide.mjs`` is the other half; ``tests/vectors/decide.json`` shows both
give the same result. The rules, as the authoring guide states them:

- Values are canonical strings (``"620"``, ``"2026-03-31"``, ``"2026-03-31T17:00"``, an
  option id, a text); ``""`` is empty. Numbers are compared exactly (no rounding).
- A comparison whose reference is empty is false, whatever the operator (``!=`` too);
  ``not`` then makes it true. ``is empty`` tests for it. ``count(...)`` is never empty.
- Texts compare without regard to case or surrounding spaces.
- "Now" and "today" are the agent's clock and time zone. ``days_since(d)`` is the number
  of calendar days from ``d`` to today; ``business_days_since(d)`` the Mondays to
  Fridays after ``d`` up to today (holidays are not known); ``hours_since(t)`` the exact
  hours elapsed since the wall time ``t`` in the agent's zone (a time that a clock change
  skips or repeats is read as the clocks of that zone's browser read it: the earlier of
  two, and a skipped time as the same time before the change). A future date gives a
  negative number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from types import MappingProxyType
from zoneinfo import ZoneInfo

from .conditions import Both, Compare, Expr, Not, Ref, Value

Scalar = Fraction | dt.date | dt.datetime | str
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CANONICAL = {
    "number": _NUMBER,
    "money": _NUMBER,
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
}
_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Facts:
    """What a decision can read: typed values, answers given, items ticked, and the clock.

    ``values`` and ``types`` map field ids to canonical values and field types; ``answers``
    node ids to answer ids; ``ticked`` node ids to how many checklist items were ticked.
    ``now`` is an aware instant and ``zone`` the agent's IANA time zone.
    """

    now: dt.datetime
    zone: str = "UTC"
    values: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    types: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    answers: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    ticked: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def local_now(self) -> dt.datetime:
        """Now on the agent's wall clock."""
        return self.now.astimezone(ZoneInfo(self.zone))


def evaluate(expr: Expr, facts: Facts) -> bool:
    """Whether ``expr`` holds for ``facts``."""
    if isinstance(expr, Both):
        if expr.op == "and":
            return all(evaluate(arg, facts) for arg in expr.args)
        return any(evaluate(arg, facts) for arg in expr.args)
    if isinstance(expr, Not):
        return not evaluate(expr.arg, facts)
    return _compare(expr, facts)


def _compare(expr: Compare, facts: Facts) -> bool:
    left = read(expr.left, facts)
    if expr.op == "empty":
        return left is None
    if left is None:
        return False
    values = [literal(value, left) for value in expr.values]
    if any(value is None for value in values):
        return False
    if expr.op == "between":
        return bool(values[0] <= left <= values[1])  # type: ignore[operator]
    right = values[0]
    if isinstance(left, str):
        left, right = left.strip().lower(), str(right).strip().lower()
    if expr.op == "==":
        return bool(left == right)
    if expr.op == "!=":
        return bool(left != right)
    if expr.op == "<":
        return bool(left < right)  # type: ignore[operator]
    if expr.op == "<=":
        return bool(left <= right)  # type: ignore[operator]
    if expr.op == ">":
        return bool(left > right)  # type: ignore[operator]
    return bool(left >= right)  # type: ignore[operator]


def read(ref: Ref, facts: Facts) -> Scalar | None:
    """The value a reference reads, or None when it is empty."""
    if ref.kind == "answer":
        return facts.answers.get(ref.id) or None
    if ref.kind == "count":
        return Fraction(facts.ticked.get(ref.id, 0))
    value = typed(facts.values.get(ref.id, ""), facts.types.get(ref.id, "text"))
    if ref.kind == "field" or value is None:
        return value
    if not isinstance(value, dt.date):
        return None
    if ref.kind == "hours_since":
        return _hours_since(value, facts)
    today = facts.local_now.date()
    day = value.date() if isinstance(value, dt.datetime) else value
    if ref.kind == "days_since":
        return Fraction((today - day).days)
    return Fraction(business_days_between(day, today))


def typed(value: str, field_type: str) -> Scalar | None:
    """A canonical value read as its type; None when it is empty or not a valid value.

    Only the canonical forms count (``1e3``, ``+5`` or ``2026-3-9`` are not), as in the player.
    """
    pattern = _CANONICAL.get(field_type)
    if value == "" or (pattern is not None and not pattern.fullmatch(value)):
        return None
    try:
        if field_type in ("number", "money"):
            return Fraction(Decimal(value))
        if field_type == "date":
            return dt.date.fromisoformat(value)
        if field_type == "datetime":
            return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except (ValueError, InvalidOperation):
        return None
    return value


def literal(value: Value, left: Scalar) -> Scalar | None:
    """A literal read as the type of what it is compared with; None when they cannot be
    compared (``sopkit check`` reports that; the player then finds the rule false)."""
    if isinstance(left, Fraction):
        return Fraction(Decimal(value.text)) if value.kind == "number" else None
    if isinstance(left, str):
        return value.text if value.kind in ("text", "id") else None
    if value.kind == "datetime" and isinstance(left, dt.datetime):
        return dt.datetime.strptime(value.text, "%Y-%m-%dT%H:%M")
    if value.kind == "date":
        day = dt.date.fromisoformat(value.text)
        return dt.datetime.combine(day, dt.time()) if isinstance(left, dt.datetime) else day
    return None


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Mondays to Fridays after ``start`` up to and including ``end`` (negative if reversed)."""
    return _weekdays_before(end.toordinal() + 1) - _weekdays_before(start.toordinal() + 1)


def _weekdays_before(ordinal: int) -> int:
    # Ordinal 1 (0001-01-01) is a Monday: count Mon-Fri among the days before ``ordinal``.
    days = ordinal - 1
    return 5 * (days // 7) + min(days % 7, 5)


def _hours_since(value: dt.date, facts: Facts) -> Fraction:
    wall = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    # Aware datetimes of one zone subtract as wall times: compare instants in UTC.
    then = wall.replace(tzinfo=ZoneInfo(facts.zone), fold=0).astimezone(dt.UTC)
    elapsed_ms = (facts.now.astimezone(dt.UTC) - then) // dt.timedelta(milliseconds=1)
    return Fraction(elapsed_ms, 3_600_000)
