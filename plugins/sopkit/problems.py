"""Problems found in trees and pages, and how they print (text, GitHub annotations, JSON)."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .model import Span

Severity = Literal["error", "warning"]
OutputFormat = Literal["text", "github", "json"]
FORMATS: tuple[OutputFormat, ...] = ("text", "github", "json")


# Control characters, line breaks, and the direction controls that reorder a line.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: str) -> str:
    """``value`` with control characters and line breaks escaped (``\\x1b``, ``\\n``).

    Whatever sopkit prints from content or file names stays on its line and cannot
    drive the terminal (clear the screen, move the cursor, forge lines of output), nor
    show its words in another order (``\\u202e``).
    """
    return _CONTROL_RE.sub(lambda m: repr(m.group())[1:-1], value)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, with where it is and how to fix it."""

    code: str
    severity: Severity
    span: Span
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = printable(f"{self.span}: {self.severity}[{self.code}] {self.message}")
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text

    @property
    def is_error(self) -> bool:
        """True for errors, false for warnings."""
        return self.severity == "error"


def error(code: str, span: Span, message: str, hint: str | None = None) -> Problem:
    """Make an error."""
    return Problem(code=code, severity="error", span=span, message=message, hint=hint)


def warning(code: str, span: Span, message: str, hint: str | None = None) -> Problem:
    """Make a warning."""
    return Problem(code=code, severity="warning", span=span, message=message, hint=hint)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def a_or_an(words: str) -> str:
    """``words`` after the article its first letter asks for: ``an outcome node``,
    ``a step node``, ``an answer id`` (messages are built from words, so say it once)."""
    return f"{'an' if words[:1].lower() in 'aeiou' else 'a'} {words}"


def one_of(choices: Sequence[str]) -> str:
    """``'a', 'b' or 'c'``."""
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file, line, column order (errors before warnings at one place)."""
    return sorted(
        problems, key=lambda p: (p.span.file, p.span.line, p.span.col, p.severity != "error")
    )


_JSON_RAW_RE = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def _json_printable(document: str) -> str:
    """JSON with the control characters ``json`` leaves raw written as ``\\u`` escapes."""
    return _JSON_RAW_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_problems(problems: Sequence[Problem], fmt: OutputFormat) -> str:
    """Print problems as plain text, GitHub workflow commands, or a JSON document."""
    if fmt == "json":
        return _json_printable(
            json.dumps(
                [
                    {
                        "code": p.code,
                        "severity": p.severity,
                        "file": p.span.file,
                        "line": p.span.line,
                        "col": p.span.col,
                        "message": p.message,
                        "hint": p.hint,
                    }
                    for p in problems
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    if fmt == "github":
        lines = []
        for p in problems:
            message = printable(p.message) + (f"\nhint: {printable(p.hint)}" if p.hint else "")
            props = (
                f"file={_github_escape(printable(p.span.file), prop=True)},line={p.span.line},"
                f"col={p.span.col},title={_github_escape(p.code, prop=True)}"
            )
            lines.append(f"::{p.severity} {props}::{_github_escape(message)}")
        return "\n".join(lines)
    return "\n".join(str(p) for p in problems)


def summary_line(problems: Sequence[Problem], files: int) -> str:
    """``2 errors, 1 warning in 5 files`` (or ``No problems in 5 files``)."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    where = plural(files, "file")
    if not problems:
        return f"No problems in {where}."
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {where}."
