"""A node's ``timebox`` as editors write it: ``30s``, ``20m``, ``1h30m`` or minutes.

``timebox: 90s`` and ``timebox: 1m30s`` are the same time box; a plain number is
minutes (``timebox: 20``, ``timebox: 0.5``), and so is the older ``{minutes: 20}``.
A value sopkit cannot read, zero, or over 24 hours is a located error with the fix.
"""

from __future__ import annotations

import re

import yaml

from ..durations import duration
from ..model import TIMEBOX_LIMIT, Timebox
from .reader import Reader, is_nothing, shown

_PARTS_RE = re.compile(r"(?:(?P<h>\d+) *h)? *(?:(?P<m>\d+) *m)? *(?:(?P<s>\d+) *s)?")
_MINUTES_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_CLOCK_RE = re.compile(r"(?P<m>\d+):(?P<s>[0-5]\d)")
# Units written as words: 30 sec, 20 minutes, 1 hour.
_WORDS_RE = re.compile(
    r"(?P<n>\d+) *(?P<unit>seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)\.?", re.IGNORECASE
)
_LIMIT = "24 hours"  # TIMEBOX_LIMIT, as the messages say it
_HOW = (
    "write the number, then s for seconds, m for minutes or h for hours "
    "(e.g. 'timebox: 30s', 'timebox: 20m', 'timebox: 1h30m'); a plain number is minutes"
)
SHAPE = "a duration such as 30s, 20m or 1h30m"


class TimeboxError(ValueError):
    """A time box sopkit cannot use: what is wrong, and the fix."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def timebox_seconds(written: str) -> int:
    """The seconds of a time box as written (``30s``, ``1h30m``, ``20`` minutes).

    Raises :class:`TimeboxError` for anything else, for zero and for more than 24 hours.
    """
    value = written.strip()
    if _MINUTES_RE.fullmatch(value):
        return _checked(float(value) * 60, value, minutes=True)
    parts = _PARTS_RE.fullmatch(value.lower())
    if value and parts and any(parts.groups()):
        hours, minutes, seconds = (int(part or 0) for part in parts.group("h", "m", "s"))
        return _checked(hours * 3600 + minutes * 60 + seconds, value, minutes=False)
    raise TimeboxError(f"'timebox' must be {SHAPE}, found '{_short(value)}'", _fix(value))


def read_timebox(reader: Reader, node: yaml.Node) -> Timebox | None:
    """A node's ``timebox``: a duration, a number of minutes, or ``{minutes: N}``."""
    value = node
    if isinstance(node, yaml.MappingNode):
        keys = reader.mapping(node, "a timebox", ("minutes",), ("minutes",), "timebox")
        if keys is None or "minutes" not in keys:
            return None
        value = keys["minutes"]
        if isinstance(value, yaml.ScalarNode) and not _MINUTES_RE.fullmatch(value.value.strip()):
            reader.wrong_type(value, "minutes", "a number of minutes")
            return None
    if not isinstance(value, yaml.ScalarNode) or is_nothing(value):
        reader.wrong_type(value, "timebox", f"{SHAPE} (a plain number is minutes)")
        return None
    try:
        seconds = timebox_seconds(str(value.value))
    except TimeboxError as problem:
        reader.err("invalid-timebox", value, problem.message, problem.hint)
        return None
    return Timebox(seconds=seconds, span=reader.span(node))


def _checked(seconds: float, value: str, minutes: bool) -> int:
    """``seconds``, whole, when it is a time box's length; else the error, in the editor's terms."""
    if seconds <= 0:
        raise TimeboxError(
            f"'timebox' must be longer than zero, found '{_short(value)}'",
            "write how long the step may take, e.g. 'timebox: 30s' or 'timebox: 5m'",
        )
    if seconds < 0.5:
        raise TimeboxError(
            f"'timebox' is {_short(value)} minutes, less than the 1 second a time box must last",
            "a plain number is minutes: write seconds with s, e.g. 'timebox: 30s'",
        )
    if seconds > TIMEBOX_LIMIT:
        words = f" ({duration(int(seconds), 'en')})" if seconds < 1000 * TIMEBOX_LIMIT else ""
        written = f"{_short(value)}{' minutes' if minutes else ''}{words}"
        hint = "a time box is for one step of a call: write at most 24h, e.g. 'timebox: 20m'"
        if minutes and value.isdigit() and len(value) < 6 and int(value) <= TIMEBOX_LIMIT:
            hint = f"a plain number is minutes: for {value} seconds write 'timebox: {value}s'"
        raise TimeboxError(
            f"'timebox' is {written}, longer than the {_LIMIT} a time box may last", hint
        )
    return round(seconds)


def _fix(value: str) -> str:
    """How to write what the editor meant: ``1:30`` is ``1m30s``, ``20 min`` is ``20m``."""
    clock = _CLOCK_RE.fullmatch(value)
    if clock:
        minutes, seconds = int(clock.group("m")), int(clock.group("s"))
        return f"for {duration(minutes * 60 + seconds, 'en')} write 'timebox: {minutes}m{seconds}s'"
    words = list(_WORDS_RE.finditer(value))
    amounts = {w.group("unit")[0].lower(): w.group("n") for w in words}
    whole = "".join(w.group() for w in words).replace(" ", "") == value.replace(" ", "")
    if words and whole and len(amounts) == len(words):
        short = "".join(f"{amounts[unit]}{unit}" for unit in "hms" if unit in amounts)
        return f"write 'timebox: {short}'"
    return _HOW


def _short(value: str) -> str:
    """``value`` as quoted in a message: one line, at most 40 characters."""
    return shown(value if len(value) <= 40 else value[:37] + "...")
