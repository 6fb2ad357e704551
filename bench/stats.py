"""Repeated timings and their summary (min / median / max)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """Several measurements of one quantity."""

    values: tuple[float, ...]

    @property
    def min(self) -> float:
        """The smallest value."""
        return min(self.values)

    @property
    def median(self) -> float:
        """The median value."""
        return statistics.median(self.values)

    @property
    def max(self) -> float:
        """The largest value."""
        return max(self.values)

    def scaled(self, factor: float) -> Sample:
        """Every value multiplied by ``factor`` (e.g. seconds -> ms per node)."""
        return Sample(tuple(v * factor for v in self.values))

    def fmt(self, unit: str = "s", digits: int = 2) -> str:
        """``median (min-max) unit``."""
        return f"{self.median:.{digits}f} ({self.min:.{digits}f}–{self.max:.{digits}f}) {unit}"


def timed(action: Callable[[], object], runs: int) -> Sample:
    """Wall-clock seconds of ``action``, ``runs`` times."""
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        values.append(time.perf_counter() - start)
    return Sample(tuple(values))
