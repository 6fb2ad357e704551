"""Conditions of decide nodes in plain words, in a page's language.

``Amount is above 500``, ``Business days since Opened on is 3 or more``, ``The answer in
step 2 is “Yes”``: the guide's rules, the job aid's IF column, the flowchart's edges and
the player's "why" all read these. Values are formatted for the language (Babel).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from ..conditions import Both, Compare, Expr, Not, Ref, Value, to_json
from ..model import Field, Tree
from ..values import format_number, format_value

if TYPE_CHECKING:
    from .guide import Texts

_OPS = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_DATE_OPS = {"<": "before", "<=": "on_or_before", ">": "after", ">=": "on_or_after"}


class ConditionWords:
    """Conditions of one tree in words of ``lang`` (the page's language by default)."""

    def __init__(self, tree: Tree, texts: Texts, lang: str | None = None) -> None:
        self.tree = tree
        self.texts = texts
        self.lang = lang or texts.ctx.lang
        self.ui: Mapping[str, str] = texts.ctx.ui if lang is None else texts.ctx.note_ui
        self.steps = tree.step_numbers()
        self.fields: dict[str, Field] = {}
        for node in tree.nodes.values():
            for f in node.fields:
                self.fields.setdefault(f.id, f)

    def say(self, expr: Expr) -> str:
        """The whole condition in words: ``Amount is above 500 and ...``."""
        if isinstance(expr, Both):
            joined = self._part(expr.args[0])
            for arg in expr.args[1:]:
                joined = self.ui[f"decide.{expr.op}"].format(a=joined, b=self._part(arg))
            return joined
        if isinstance(expr, Not):
            if isinstance(expr.arg, Compare) and expr.arg.op == "empty":
                return self.ui["decide.filled"].format(what=self.name(expr.arg.left))
            return self.ui["decide.not"].format(what=self.say(expr.arg))
        return self.compare(expr)

    def _part(self, expr: Expr) -> str:
        """A part of ``and``/``or`` in brackets when it is itself the other of the two."""
        words = self.say(expr)
        return f"({words})" if isinstance(expr, Both) else words

    def compare(self, expr: Compare, actual: str | None = None) -> str:
        """One comparison in words; with ``actual``, the value the agent entered after the
        name (``Amount 620 USD is above 500``)."""
        what = self.name(expr.left)
        if actual is not None:
            key = "decide.with_value" if expr.left.kind == "field" else "decide.with_number"
            what = self.ui[key].format(what=what, value=actual)
        if expr.op == "empty":
            return self.ui["decide.empty"].format(what=what)
        values = [self.literal(expr.left, value) for value in expr.values]
        if expr.op == "between":
            return self.ui["decide.between"].format(what=what, low=values[0], high=values[1])
        timed = expr.left.kind == "field" and self._type(expr.left) in ("date", "datetime")
        op = _DATE_OPS.get(expr.op, _OPS[expr.op]) if timed else _OPS[expr.op]
        return self.ui[f"decide.{op}"].format(what=what, value=values[0])

    def name(self, ref: Ref) -> str:
        """What a reference reads, named for agents: a field's label, ``days since ...``."""
        if ref.kind in ("answer", "count"):
            return self.ui[f"decide.{ref.kind}"].format(n=self.steps.get(ref.id, "?"))
        field = self.fields.get(ref.id)
        label = self.texts.plain(field.label, self.lang) if field is not None else ref.id
        if ref.kind == "field":
            return label
        return self.ui[f"decide.{ref.kind}"].format(what=label)

    def literal(self, ref: Ref, value: Value) -> str:
        """A literal as agents read it: an answer's label, a number or date of the language."""
        if ref.kind == "answer":
            node = self.tree.nodes.get(ref.id)
            default = self.texts.ctx.languages.default
            for answer in node.answers if node is not None else ():
                if answer.key(default) == value.text:
                    return self.ui["decide.quoted"].format(
                        text=self.texts.plain(answer.label, self.lang)
                    )
        field = self.fields.get(ref.id) if ref.kind == "field" else None
        if field is not None and value.kind in ("number", "date", "datetime"):
            # A threshold reads as the field's values do: "$500.00", "Mar 31, 2026".
            kind = "date" if value.kind == "date" and field.type == "datetime" else field.type
            return format_value(replace(field, type=kind), value.text, self.lang)
        if value.kind == "number":
            return format_number(Decimal(value.text), self.lang)
        if value.kind == "text":
            return self.ui["decide.quoted"].format(text=value.text)
        return self._option(ref, value.text)

    def _type(self, ref: Ref) -> str:
        field = self.fields.get(ref.id)
        return field.type if field is not None else "text"

    def _option(self, ref: Ref, option_id: str) -> str:
        field = self.fields.get(ref.id)
        for option in field.options if field is not None else ():
            if option.id == option_id:
                return self.ui["decide.quoted"].format(
                    text=self.texts.plain(option.label, self.lang)
                )
        return option_id

    def for_player(self, expr: Expr) -> dict[str, object]:
        """``expr`` as the player evaluates it, each comparison with its words: ``say``
        as written, ``why`` with ``{value}`` where the entered value goes, and the
        ``name`` of what it reads."""
        data = to_json(expr)
        self._annotate(expr, data)
        return data

    def _annotate(self, expr: Expr, data: dict[str, object]) -> None:
        if isinstance(expr, Both):
            for arg, arg_data in zip(expr.args, data["args"], strict=True):  # type: ignore[call-overload]
                self._annotate(arg, arg_data)
        elif isinstance(expr, Not):
            data["say"] = self.say(expr)  # why a 'not' holds: it says so as a whole
            self._annotate(expr.arg, data["arg"])  # type: ignore[arg-type]
        else:
            data["say"] = self.compare(expr)
            data["why"] = self.compare(expr, "{value}")
            data["name"] = self.name(expr.left)
