"""Which values a rule of a decide node accepts, where that can be known: intervals.

A rule that compares one reference (a number, a date, a count, days since ...) with
literals, joined with ``and``/``or``, accepts a set of intervals of that reference's
values. ``not`` is left out: it also accepts an empty value, which no interval holds.
Counts, days and dates take whole values only, so ``count(x) > 1`` and
``count(x) >= 2`` accept the same.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..conditions import Both, Compare, Expr, Ref, Value


@dataclass(frozen=True, slots=True)
class Interval:
    """Values from ``lo`` to ``hi`` (None: no end), each end included or not."""

    lo: Fraction | None
    lo_in: bool
    hi: Fraction | None
    hi_in: bool

    @property
    def empty(self) -> bool:
        """True when no value lies in it."""
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_in and self.hi_in))

    def whole(self) -> Interval:
        """The same interval of whole numbers, with both ends included."""
        lo = None if self.lo is None else _ceil(self.lo, self.lo_in)
        hi = None if self.hi is None else _floor(self.hi, self.hi_in)
        return Interval(lo, True, hi, True)

    def meet(self, other: Interval) -> Interval:
        """The values in both intervals."""
        lo, lo_in = _higher_lo(self, other)
        hi, hi_in = _lower_hi(self, other)
        return Interval(lo, lo_in, hi, hi_in)

    def holds(self, inner: Interval) -> bool:
        """True when every value of ``inner`` is in this interval."""
        if self.lo is not None:
            if inner.lo is None or inner.lo < self.lo:
                return False
            if inner.lo == self.lo and inner.lo_in and not self.lo_in:
                return False
        if self.hi is not None:
            if inner.hi is None or inner.hi > self.hi:
                return False
            if inner.hi == self.hi and inner.hi_in and not self.hi_in:
                return False
        return True


def _ceil(value: Fraction, included: bool) -> Fraction:
    return Fraction(math.ceil(value) if included else math.floor(value) + 1)


def _floor(value: Fraction, included: bool) -> Fraction:
    return Fraction(math.floor(value) if included else math.ceil(value) - 1)


def _higher_lo(a: Interval, b: Interval) -> tuple[Fraction | None, bool]:
    if a.lo is None:
        return b.lo, b.lo_in
    if b.lo is None or a.lo > b.lo:
        return a.lo, a.lo_in
    if b.lo > a.lo:
        return b.lo, b.lo_in
    return a.lo, a.lo_in and b.lo_in


def _lower_hi(a: Interval, b: Interval) -> tuple[Fraction | None, bool]:
    if a.hi is None:
        return b.hi, b.hi_in
    if b.hi is None or a.hi < b.hi:
        return a.hi, a.hi_in
    if b.hi < a.hi:
        return b.hi, b.hi_in
    return a.hi, a.hi_in and b.hi_in


@dataclass(frozen=True, slots=True)
class Coverage:
    """The values of ``ref`` a rule accepts: a union of intervals."""

    ref: Ref
    intervals: tuple[Interval, ...]

    @property
    def key(self) -> tuple[str, str]:
        """What the reference reads, wherever it is written."""
        return (self.ref.kind, self.ref.id)

    @property
    def empty(self) -> bool:
        """True when the rule accepts no value at all."""
        return not self.intervals

    def within(self, others: list[Coverage]) -> bool:
        """True when every value accepted here is accepted by one of ``others``."""
        merged = _merge([i for other in others for i in other.intervals])
        return all(any(outer.holds(inner) for outer in merged) for inner in self.intervals)


def _merge(intervals: list[Interval]) -> list[Interval]:
    """The same values as fewer intervals: overlapping or touching ones joined."""
    ordered = sorted(intervals, key=lambda i: (i.lo is not None, i.lo or 0, not i.lo_in))
    merged: list[Interval] = []
    for interval in ordered:
        if merged and _touch(merged[-1], interval):
            last = merged[-1]
            hi, hi_in = _higher_hi(last, interval)
            merged[-1] = Interval(last.lo, last.lo_in, hi, hi_in)
        else:
            merged.append(interval)
    return merged


def _touch(first: Interval, second: Interval) -> bool:
    if first.hi is None or second.lo is None:
        return True
    return second.lo < first.hi or (second.lo == first.hi and (first.hi_in or second.lo_in))


def _higher_hi(a: Interval, b: Interval) -> tuple[Fraction | None, bool]:
    if a.hi is None or b.hi is None:
        return None, False
    if a.hi != b.hi:
        return (a.hi, a.hi_in) if a.hi > b.hi else (b.hi, b.hi_in)
    return a.hi, a.hi_in or b.hi_in


def coverage_of(expr: Expr, discrete: Callable[[Ref], bool]) -> Coverage | None:
    """The values ``expr`` accepts, when it reads one reference only; else None."""
    found = _cover(expr)
    if found is None:
        return None
    ref, intervals = found
    if discrete(ref):
        intervals = [i.whole() for i in intervals]
    return Coverage(ref, tuple(_merge([i for i in intervals if not i.empty])))


def _cover(expr: Expr) -> tuple[Ref, list[Interval]] | None:
    if isinstance(expr, Compare):
        return _compare(expr)
    if not isinstance(expr, Both):
        return None
    parts = [_cover(arg) for arg in expr.args]
    if any(p is None for p in parts):
        return None
    found = [p for p in parts if p is not None]
    ref = found[0][0]
    if any((r.kind, r.id) != (ref.kind, ref.id) for r, _ in found):
        return None
    if expr.op == "or":
        return ref, [i for _, intervals in found for i in intervals]
    result = found[0][1]
    for _, intervals in found[1:]:
        result = [a.meet(b) for a in result for b in intervals]
    return ref, result


def _compare(expr: Compare) -> tuple[Ref, list[Interval]] | None:
    values = [_number(v) for v in expr.values]
    if expr.op == "empty" or expr.left.kind == "answer" or any(v is None for v in values):
        return None
    points = [v for v in values if v is not None]
    v = points[0]
    shapes = {
        "==": [Interval(v, True, v, True)],
        "!=": [Interval(None, False, v, False), Interval(v, False, None, False)],
        "<": [Interval(None, False, v, False)],
        "<=": [Interval(None, False, v, True)],
        ">": [Interval(v, False, None, False)],
        ">=": [Interval(v, True, None, False)],
    }
    if expr.op == "between":
        return expr.left, [Interval(points[0], True, points[1], True)]
    return expr.left, shapes[expr.op]


def _number(value: Value) -> Fraction | None:
    """A literal on one line of numbers: dates as day numbers, times in days too."""
    if value.kind == "number":
        return Fraction(Decimal(value.text))
    if value.kind == "date":
        return Fraction(dt.date.fromisoformat(value.text).toordinal())
    if value.kind == "datetime":
        moment = dt.datetime.strptime(value.text, "%Y-%m-%dT%H:%M")
        return Fraction(moment.toordinal()) + Fraction(moment.hour * 60 + moment.minute, 1440)
    return None
