"""What a printed page shows, read back with pypdf: text runs at their printed size and
place, and the horizontal lines drawn on the page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject

Matrix = list[float]


@dataclass(frozen=True)
class Run:
    """A piece of text as printed: its words, size (pt) and baseline origin (pt)."""

    text: str
    size: float
    x: float
    y: float


@dataclass(frozen=True)
class Segment:
    """A horizontal line drawn on the page, from ``x0`` to ``x1`` at height ``y`` (pt)."""

    x0: float
    x1: float
    y: float


def _mul(a: Matrix, b: Matrix) -> Matrix:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _point(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def text_runs(page: PageObject) -> list[Run]:
    """Every non-blank text run of ``page``, with the size it prints at.

    The printed size is the font size scaled by the text matrix and the current
    transformation (an SVG chart scaled down prints its labels smaller)."""
    runs: list[Run] = []

    def visit(text: str, cm: Matrix, tm: Matrix, font: Any, size: float) -> None:
        if not text.strip():
            return
        m = _mul(list(tm), list(cm))
        scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        runs.append(Run(text.strip(), size * scale, m[4], m[5]))

    page.extract_text(visitor_text=visit)
    return runs


def horizontal_segments(page: PageObject, min_length: float = 20) -> list[Segment]:
    """The horizontal straight lines (``m`` then ``l``) drawn on ``page``."""
    segments: list[Segment] = []
    start: list[tuple[float, float]] = []

    def visit(op: bytes, args: list[Any], cm: Matrix, tm: Matrix) -> None:
        if op == b"m" and len(args) == 2:
            start[:] = [_point(list(cm), float(args[0]), float(args[1]))]
        elif op == b"l" and len(args) == 2 and start:
            x0, y0 = start[0]
            x1, y1 = _point(list(cm), float(args[0]), float(args[1]))
            if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= min_length:
                segments.append(Segment(min(x0, x1), max(x0, x1), y0))
            start[:] = [(x1, y1)]

    page.extract_text(visitor_operand_before=visit)
    return _merge_thin_rules(segments)


def _merge_thin_rules(segments: list[Segment]) -> list[Segment]:
    """One segment for a thin rule drawn as a filled box (its two long edges)."""
    merged: list[Segment] = []
    for segment in sorted(segments, key=lambda s: (s.x0, s.x1, s.y)):
        last = merged[-1] if merged else None
        if (
            last is not None
            and abs(last.x0 - segment.x0) < 0.5
            and abs(last.x1 - segment.x1) < 0.5
            and abs(last.y - segment.y) < 1.2
        ):
            continue
        merged.append(segment)
    return merged
