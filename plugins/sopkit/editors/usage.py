"""How guides were used, counted from the player's event lines (``sopkit report``).

The player sends one JSON object per event (the schema is in docs/editors/insight.md);
a ``beacon`` endpoint keeps them one per line. :class:`Usage` reads such lines as a
stream and keeps only counts, per tree and language: memory depends on how many trees,
nodes and answers there are, never on how many lines. Times per step go into fixed
log-scale buckets (:class:`Times`), so their median and 90th percentile are approximate
(within one bucket, about 6%), and said to be.

A line that is not such an event is counted, and the first one's place kept, rather
than stopping the report.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

EVENTS = frozenset(
    {"start", "step", "answer", "goto", "outcome", "restart", "note-copied", "abandon"}
)
"""The events of schema version 1."""
BUCKETS_PER_DECADE = 20
"""Times are kept in buckets 10^(1/20) (about 12%) wide."""
_MAX_BUCKET = 9 * BUCKETS_PER_DECADE  # 10^9 ms, 11 days: anything longer is kept there


def bucket_of(ms: float) -> int:
    """The bucket of a time in milliseconds (0 holds everything under 1 ms)."""
    if ms < 1:
        return 0
    return min(_MAX_BUCKET, 1 + math.floor(math.log10(ms) * BUCKETS_PER_DECADE))


def bucket_value(bucket: int) -> float:
    """The time a bucket stands for: the geometric middle of its bounds (ms)."""
    if bucket == 0:
        return 0.0
    return float(10 ** ((bucket - 0.5) / BUCKETS_PER_DECADE))


@dataclass
class Times:
    """Times of one step, counted per log-scale bucket."""

    counts: Counter[int] = field(default_factory=Counter)
    total: int = 0

    def add(self, ms: float) -> None:
        """Count one time (ms)."""
        self.counts[bucket_of(ms)] += 1
        self.total += 1

    def quantile(self, q: float) -> float:
        """The ``q`` quantile (nearest rank), as its bucket's time in ms (approximate)."""
        rank = max(1, math.ceil(q * self.total))
        seen = 0
        for bucket in sorted(self.counts):
            seen += self.counts[bucket]
            if seen >= rank:
                return bucket_value(bucket)
        return 0.0


@dataclass
class TreeUsage:
    """What the events of one tree in one language add up to."""

    tree: str
    lang: str
    starts: int = 0
    """Guides started afresh."""
    resumed: int = 0
    """Guides taken up again (a reload, the same call reopening the page)."""
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(outcome node, result) -> times reached."""
    exits: Counter[str] = field(default_factory=Counter)
    """Node -> guides left there before an outcome."""
    handoffs: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(goto node, tree) -> hand-offs."""
    visits: Counter[str] = field(default_factory=Counter)
    """Node -> times shown."""
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(node, next node shown) -> times."""
    answers: dict[str, Counter[str]] = field(default_factory=dict)
    """Question -> answer id -> times chosen."""
    times: dict[str, Times] = field(default_factory=dict)
    """Node -> time spent there before the next step was shown."""
    restarts: int = 0
    notes_copied: int = 0

    def add(self, event: dict[str, object]) -> None:
        """Count one event (already checked by :func:`parse`)."""
        name, node = event["event"], str(event["node"])
        if name == "start":
            if event.get("resumed") is True:
                self.resumed += 1
            else:
                self.starts += 1
        elif name == "step":
            self.visits[node] += 1
            before = event.get("from")
            if isinstance(before, str):
                self.moves[before, node] += 1
                ms = event.get("ms")
                if isinstance(ms, (int, float)):
                    self.times.setdefault(before, Times()).add(ms)
        elif name == "answer":
            self.answers.setdefault(node, Counter())[str(event["answer"])] += 1
        elif name == "outcome":
            self.outcomes[node, str(event["result"])] += 1
        elif name == "abandon":
            self.exits[node] += 1
        elif name == "goto":
            self.handoffs[node, str(event["to"])] += 1
        elif name == "restart":
            self.restarts += 1
        elif name == "note-copied":
            self.notes_copied += 1


# Fields an event must have as text, and those some events need besides.
_TEXT = ("event", "tree", "node", "lang")
_NEEDS = {"answer": "answer", "outcome": "result", "goto": "to"}


def parse(line: bytes) -> dict[str, object] | None:
    """One event line as a dict, or None when it is not an event of the schema."""
    try:
        # Decoded here: json.loads would first guess the encoding of bytes, every line.
        event = json.loads(line.decode("utf-8"))
    except ValueError:  # also a line that is not UTF-8
        return None
    if not isinstance(event, dict):
        return None
    for key in _TEXT:
        value = event.get(key)
        if not isinstance(value, str) or not value:
            return None
    name = event["event"]
    if name not in EVENTS:
        return None
    needed = _NEEDS.get(name)
    if needed is not None and not isinstance(event.get(needed), str):
        return None
    ms = event.get("ms")
    if ms is not None and (isinstance(ms, bool) or not isinstance(ms, (int, float)) or ms < 0):
        return None
    return event


@dataclass
class Usage:
    """Every tree's usage in every language, from any number of event streams."""

    trees: dict[tuple[str, str], TreeUsage] = field(default_factory=dict)
    lines: int = 0
    malformed: int = 0
    first_malformed: str | None = None
    """Where the first malformed line is (``file:line``)."""

    def read(self, stream: IO[bytes], name: str) -> None:
        """Count the events of one stream of lines (``name`` is how messages call it)."""
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            self.lines += 1
            event = parse(line)
            if event is None:
                self.malformed += 1
                if self.first_malformed is None:
                    self.first_malformed = f"{name}:{number}"
                continue
            key = (str(event["tree"]), str(event["lang"]))
            usage = self.trees.get(key)
            if usage is None:
                usage = self.trees[key] = TreeUsage(*key)
            usage.add(event)

    def each(self) -> Iterator[TreeUsage]:
        """Every tree's usage, by tree id, then language."""
        for key in sorted(self.trees):
            yield self.trees[key]


def shares(counts: Counter[str]) -> Iterable[tuple[str, int, float]]:
    """(key, count, share of the total) by count, most first (ties by key)."""
    total = sum(counts.values())
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        yield key, count, count / total if total else 0.0
