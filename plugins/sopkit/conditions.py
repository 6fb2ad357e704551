"""The conditions of ``decide`` nodes: sopkit's own small grammar, parsed without ``eval``.

A condition compares what the agent entered with a fixed value::

    amount > 500
    amount between 50 and 500                  (both ends included)
    days_since(charge_date) < 30
    business_days_since(opened) > 3            (Monday to Friday; holidays are not known)
    hours_since(called_at) >= 24
    count(escalations) >= 2                    (ticked checklist items of a node)
    answer(has-case) == yes                    (the id of the answer given at a node)
    plan == premium                            (a choice field's option id)
    reference is empty, reference is not empty
    not ..., ... and ..., ... or ...           (in that precedence; brackets group)

The left side of a comparison is always a reference (a field, or a function of one),
the right side a literal: a number (``500``, ``49.99``, ``-3``), a date (``2026-03-31``),
a date and time (``2026-03-31T17:00``), a quoted text (``"gold"``) or an id.
The parsed tree is plain data (:func:`to_json`) that the player evaluates as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeAlias

RefKind = Literal["field", "answer", "count", "days_since", "business_days_since", "hours_since"]
LiteralKind = Literal["number", "date", "datetime", "text", "id"]
CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]

FUNCTIONS: tuple[RefKind, ...] = (
    "answer",
    "count",
    "days_since",
    "business_days_since",
    "hours_since",
)
KEYWORDS = ("and", "or", "not", "between", "is", "empty")
COMPARE_OPS: tuple[CompareOp, ...] = ("==", "!=", "<=", ">=", "<", ">")


@dataclass(frozen=True, slots=True)
class Ref:
    """What a condition reads: a field's value, or a function of a field or node."""

    kind: RefKind
    id: str
    col: int


@dataclass(frozen=True, slots=True)
class Value:
    """A literal written in a condition; ``text`` is as written (quotes removed)."""

    kind: LiteralKind
    text: str
    col: int


@dataclass(frozen=True, slots=True)
class Compare:
    """``left op right``, ``left between low and high``, or ``left is empty``.

    ``op`` is a comparison operator, ``between`` (``values`` holds low and high) or
    ``empty`` (no values).
    """

    op: CompareOp | Literal["between", "empty"]
    left: Ref
    values: tuple[Value, ...]
    col: int


@dataclass(frozen=True, slots=True)
class Not:
    """``not arg``."""

    arg: Expr
    col: int


@dataclass(frozen=True, slots=True)
class Both:
    """``args[0] and args[1] and ...`` (``op`` "and") or the same with ``or``."""

    op: Literal["and", "or"]
    args: tuple[Expr, ...]
    col: int


Expr: TypeAlias = Compare | Not | Both


class ConditionError(ValueError):
    """A condition that does not parse; ``col`` counts from 1 within the condition."""

    def __init__(self, message: str, col: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.hint = hint


_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2})
  | (?P<date>\d{4}-\d{2}-\d{2})
  | (?P<number>-?\d+(?:\.\d+)?(?![\w-]))
  | (?P<text>"[^"]*"|'[^']*')
  | (?P<op>==|!=|<=|>=|<|>|=)
  | (?P<punct>[(),])
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*|[0-9]+(?:-[A-Za-z0-9_]+)+)
    """,
    re.VERBOSE,
)
_HINT = (
    "write e.g. 'amount > 500', 'days_since(opened) <= 30' or "
    "'answer(has-case) == yes', joined with and, or, not"
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    col: int


def _tokens(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN_RE.match(source, pos)
        if match is None:
            raise ConditionError(f"'{source[pos]}' cannot be read here", pos + 1, _HINT)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(_Token(kind, match.group(), pos + 1))
        pos = match.end()
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


class _Parser:
    """Recursive descent, one function per precedence level: or < and < not < comparison."""

    def __init__(self, source: str) -> None:
        self.tokens = _tokens(source)
        self.at = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def word(self, *words: str) -> bool:
        return self.token.kind == "word" and self.token.text in words

    def expect(self, kind: str, text: str, what: str) -> _Token:
        token = self.token
        if token.kind != kind or token.text != text:
            raise ConditionError(f"expected {what}, found {_found(token)}", token.col, _HINT)
        return self.take()

    def parse(self) -> Expr:
        expr = self.either()
        if self.token.kind != "end":
            raise ConditionError(
                f"expected 'and', 'or' or the end of the condition, found {_found(self.token)}",
                self.token.col,
                _HINT,
            )
        return expr

    def either(self) -> Expr:
        col = self.token.col
        args = [self.both()]
        while self.word("or"):
            self.take()
            args.append(self.both())
        return args[0] if len(args) == 1 else Both("or", tuple(args), col)

    def both(self) -> Expr:
        col = self.token.col
        args = [self.negation()]
        while self.word("and"):
            self.take()
            args.append(self.negation())
        return args[0] if len(args) == 1 else Both("and", tuple(args), col)

    def negation(self) -> Expr:
        if self.word("not"):
            col = self.take().col
            return Not(self.negation(), col)
        if self.token.kind == "punct" and self.token.text == "(":
            self.take()
            expr = self.either()
            self.expect("punct", ")", "')'")
            return expr
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.reference()
        token = self.token
        if token.kind == "op":
            if token.text == "=":
                raise ConditionError("'=' is not a comparison", token.col, "write '==' to compare")
            self.take()
            op: CompareOp = token.text  # type: ignore[assignment]
            return Compare(op, left, (self.literal(),), left.col)
        if self.word("between"):
            self.take()
            low = self.literal()
            self.expect("word", "and", "'and' after the low end of 'between'")
            return Compare("between", left, (low, self.literal()), left.col)
        if self.word("is"):
            self.take()
            negated = self.word("not")
            if negated:
                self.take()
            self.expect("word", "empty", "'empty' after 'is'")
            empty = Compare("empty", left, (), left.col)
            return Not(empty, token.col) if negated else empty
        raise ConditionError(
            f"expected a comparison after '{source_of(left)}' (==, !=, <, <=, >, >=, "
            f"between, is empty), found {_found(token)}",
            token.col,
            _HINT,
        )

    def reference(self) -> Ref:
        token = self.token
        if token.kind != "word" or token.text in KEYWORDS:
            raise ConditionError(
                f"expected a field or a function such as days_since(...), found {_found(token)}",
                token.col,
                _HINT,
            )
        self.take()
        if not (self.token.kind == "punct" and self.token.text == "("):
            return Ref("field", token.text, token.col)
        if token.text not in FUNCTIONS:
            raise ConditionError(
                f"'{token.text}' is not a function of conditions",
                token.col,
                f"the functions are {', '.join(FUNCTIONS)}",
            )
        self.take()
        inner = self.token
        if inner.kind != "word" or inner.text in KEYWORDS:
            raise ConditionError(
                f"expected an id inside {token.text}(...), found {_found(inner)}", inner.col
            )
        self.take()
        self.expect("punct", ")", "')'")
        kind: RefKind = token.text
        return Ref(kind, inner.text, inner.col)

    def literal(self) -> Value:
        token = self.token
        if token.kind in ("number", "date", "datetime"):
            self.take()
            return Value(token.kind, token.text, token.col)  # type: ignore[arg-type]
        if token.kind == "text":
            self.take()
            return Value("text", token.text[1:-1], token.col)
        if token.kind == "word" and token.text not in KEYWORDS:
            self.take()
            return Value("id", token.text, token.col)
        raise ConditionError(
            f"expected a value (a number, a date, a quoted text or an id), found {_found(token)}",
            token.col,
            _HINT,
        )


def _found(token: _Token) -> str:
    return "the end of the condition" if token.kind == "end" else f"'{token.text}'"


def parse(source: str) -> Expr:
    """The condition ``source`` as a tree; raises :class:`ConditionError` when it is not one."""
    if not source.strip():
        raise ConditionError("the condition is empty", 1, _HINT)
    return _Parser(source).parse()


def comparisons(expr: Expr) -> list[Compare]:
    """Every comparison of ``expr``, in the order written."""
    if isinstance(expr, Compare):
        return [expr]
    if isinstance(expr, Not):
        return comparisons(expr.arg)
    return [found for arg in expr.args for found in comparisons(arg)]


def to_json(expr: Expr) -> dict[str, object]:
    """``expr`` as plain JSON data, the form the player evaluates."""
    if isinstance(expr, Both):
        return {"op": expr.op, "args": [to_json(arg) for arg in expr.args]}
    if isinstance(expr, Not):
        return {"op": "not", "arg": to_json(expr.arg)}
    return {
        "op": expr.op,
        "left": {"ref": expr.left.kind, "id": expr.left.id},
        "values": [{"kind": v.kind, "text": v.text} for v in expr.values],
    }


def source_of(ref: Ref) -> str:
    """A reference as an editor writes it: ``amount`` or ``days_since(opened)``."""
    return ref.id if ref.kind == "field" else f"{ref.kind}({ref.id})"
