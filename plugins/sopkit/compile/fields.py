"""A node's ``fields`` read into the model: typed values the agent enters for the note.

A field has an ``id``, a ``label`` and a ``type`` (text by default); a choice has
``options``, money a ``currency`` (ISO 4217), number and money may have ``min`` and
``max``. Each key that does not fit the field's type is a located error with the fix.
"""

from __future__ import annotations

import re
from decimal import Decimal

import yaml
from babel.numbers import is_currency

from ..model import FIELD_TYPES, NUMERIC_FIELD_TYPES, Field, FieldType, Option
from ..problems import Problem, did_you_mean, error, one_of
from .reader import Reader, describe, read_list, shown

FIELD_KEYS = ("id", "label", "required", "type", "options", "currency", "min", "max")
OPTION_KEYS = ("id", "label")
_ONE_OF_FIELD_TYPES = f"one of {one_of(FIELD_TYPES)}"
# A bound as editors write it: digits with an optional sign and decimal point.
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_A_NUMBER = "a number such as 50 or 49.99"


def read_field(reader: Reader, node: yaml.Node, name: str) -> Field | None:
    """One item of ``fields``; None when it cannot be used (the problems are recorded)."""
    keys = reader.mapping(node, "a field", FIELD_KEYS, ("id", "label"), name)
    if keys is None or "id" not in keys or "label" not in keys:
        return None
    field_id = reader.ident(keys["id"], "id", "field")
    label = reader.text(keys["label"], f"{name}.label")
    required = False
    if "required" in keys:
        required = bool(reader.boolean(keys["required"], "required"))
    field_type = _read_type(reader, keys["type"]) if "type" in keys else "text"
    if field_id is None or label is None or field_type is None:
        return None
    where = f"field '{field_id}'"
    options = _read_options(reader, node, where, field_type, keys.get("options"))
    currency = _read_currency(reader, node, where, field_type, keys.get("currency"))
    low, high = _read_range(reader, where, field_type, keys.get("min"), keys.get("max"))
    return Field(
        id=field_id,
        label=label,
        required=required,
        span=reader.span(keys["id"]),
        type=field_type,
        options=options,
        currency=currency,
        min=low,
        max=high,
    )


def _read_type(reader: Reader, node: yaml.Node) -> FieldType | None:
    found = reader.scalar(node, "type", _ONE_OF_FIELD_TYPES)
    if found is None:
        return None
    for field_type in FIELD_TYPES:
        if found == field_type:
            return field_type
    reader.err(
        "unknown-field-type",
        node,
        f"a field's 'type' must be {_ONE_OF_FIELD_TYPES}, found '{shown(found)}'"
        + did_you_mean(found, FIELD_TYPES),
        "leave 'type' out for a text the agent types freely",
    )
    return None


def _read_options(
    reader: Reader, field: yaml.Node, where: str, field_type: FieldType, node: yaml.Node | None
) -> tuple[Option, ...]:
    """A choice's options, each id once; an error for a choice without them or a
    field with them that is not a choice."""
    if field_type != "choice":
        if node is not None:
            reader.err(
                "options-not-choice",
                node,
                f"{where} has 'options' but its type is '{field_type}': only a choice has options",
                "write 'type: choice', or remove 'options'",
            )
        return ()
    if node is None or (isinstance(node, yaml.SequenceNode) and not node.value):
        reader.err(
            "no-options",
            field if node is None else node,
            f"choice {where} has no options: the agent picks one of them",
            "add 'options', a list of {id, label}, e.g. "
            "'options: [{id: refund, label: Refund}, {id: credit, label: Credit}]'",
        )
        return ()
    options = read_list(reader, node, "options", _read_option)
    seen: dict[str, Option] = {}
    for option in options:
        if option.id in seen:
            reader.problems.append(_duplicate(where, option, seen[option.id]))
        else:
            seen[option.id] = option
    return tuple(seen.values())


def _duplicate(where: str, option: Option, first: Option) -> Problem:
    return error(
        "duplicate-option",
        option.span,
        f"option id '{option.id}' of {where} is already used on line {first.span.line}",
        "each option needs its own id: the case note, saved progress and conditions record the id",
    )


def _read_option(reader: Reader, node: yaml.Node, name: str) -> Option | None:
    keys = reader.mapping(node, "an option", OPTION_KEYS, OPTION_KEYS, name)
    if keys is None or "id" not in keys or "label" not in keys:
        return None
    option_id = reader.ident(keys["id"], "id", "option")
    label = reader.text(keys["label"], f"{name}.label")
    if option_id is None or label is None:
        return None
    return Option(id=option_id, label=label, span=reader.span(keys["id"]))


def _read_currency(
    reader: Reader, field: yaml.Node, where: str, field_type: FieldType, node: yaml.Node | None
) -> str | None:
    """Money's ISO 4217 code (required for money, refused on any other type)."""
    if field_type != "money":
        if node is not None:
            reader.err(
                "currency-not-money",
                node,
                f"{where} has a 'currency' but its type is '{field_type}': "
                "only a money field has one",
                "write 'type: money', or remove 'currency'",
            )
        return None
    if node is None:
        reader.err(
            "no-currency",
            field,
            f"money {where} has no 'currency': the agent must see which currency to type",
            "add the ISO 4217 code of the amounts, e.g. 'currency: USD'",
        )
        return None
    code = reader.scalar(node, "currency", "an ISO 4217 currency code such as 'USD'")
    if code is None:
        return None
    if is_currency(code):
        return code
    fix = f"write 'currency: {code.upper()}'" if is_currency(code.upper()) else None
    reader.err(
        "unknown-currency",
        node,
        f"'currency' must be an ISO 4217 code such as 'USD' or 'EUR', found '{shown(code)}'",
        fix or "use the three capital letters of the currency's ISO 4217 code",
    )
    return None


def _read_range(
    reader: Reader,
    where: str,
    field_type: FieldType,
    low_node: yaml.Node | None,
    high_node: yaml.Node | None,
) -> tuple[Decimal | None, Decimal | None]:
    """``min`` and ``max`` of a number or money field; ``min`` must not exceed ``max``."""
    if field_type not in NUMERIC_FIELD_TYPES:
        for key, node in (("min", low_node), ("max", high_node)):
            if node is not None:
                reader.err(
                    "range-not-number",
                    node,
                    f"{where} has '{key}' but its type is '{field_type}': "
                    "only number and money fields have a range",
                    f"write 'type: number' or 'type: money', or remove '{key}'",
                )
        return None, None
    low = _read_bound(reader, low_node, "min")
    high = _read_bound(reader, high_node, "max")
    if low is not None and high is not None and low > high and high_node is not None:
        reader.err(
            "min-above-max",
            high_node,
            f"{where} has 'max' {high}, below its 'min' {low}: no value could be entered",
            "swap them, or correct the one that is wrong",
        )
        return None, None
    return low, high


def _read_bound(reader: Reader, node: yaml.Node | None, key: str) -> Decimal | None:
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode) and _NUMBER_RE.fullmatch(str(node.value).strip()):
        return Decimal(str(node.value).strip())
    reader.err("wrong-type", node, f"'{key}' must be {_A_NUMBER}, found {describe(node)}")
    return None
