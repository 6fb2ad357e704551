"""The JSON Schema of tree files, generated from the tables the validator reads.

Editors get completion and inline errors from it (VS Code's YAML extension reads
``yaml.schemas`` or a ``# yaml-language-server: $schema=...`` line). It is built from
:data:`~sopkit.compile.validate.TOP_KEYS`, :data:`~sopkit.compile.nodes.NODE_KEYS` and the other
tables the validator reads, so the schema and ``sopkit check`` cannot disagree on which
keys exist. It describes shape only: links between nodes, reachability and scenarios
are for ``sopkit check``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..languages import LANG_RE
from ..model import (
    CALLOUT_KINDS,
    FIELD_TYPES,
    NODE_TYPES,
    NUMERIC_FIELD_TYPES,
    RESULTS,
    TIMEBOX_LIMIT,
)
from .fields import FIELD_KEYS, OPTION_KEYS
from .nodes import NODE_KEYS, REQUIRED_NODE_KEYS
from .reader import ID_RE
from .review import MAX_DAYS
from .validate import TOP_KEYS

_STABLE_ID = (
    "What saved progress and case notes record for this {what}; by default the {text} "
    "in the default language as an id. Set it to keep progress when the {text} is reworded."
)
# A time box as written: hours, minutes and seconds, each optional, in that order.
DURATION_PATTERN = r"^ *(?=[0-9])(?:[0-9]+ *[hH])? *(?:[0-9]+ *[mM])? *(?:[0-9]+ *[sS])? *$"
SCHEMA_ID = "https://sopkit.dev/schema/tree.schema.json"
PACKAGED = Path(__file__).parent.parent / "schemas" / "tree.schema.json"

Schema = dict[str, Any]

_TEXT_HELP = "a string (the default language) or a mapping from language code to string"

DEFINITIONS: dict[str, Schema] = {
    "id": {
        "type": "string",
        "pattern": ID_RE.pattern,
        "description": "Lowercase letters, digits and single hyphens, e.g. 'check-firmware'.",
    },
    "text": {
        "description": f"A text: {_TEXT_HELP}. Inline Markdown is allowed.",
        "anyOf": [
            {"type": "string", "pattern": r"\S"},
            {
                "type": "object",
                "patternProperties": {LANG_RE.pattern: {"type": "string", "pattern": r"\S"}},
                "additionalProperties": False,
                "minProperties": 1,
            },
        ],
    },
}


def _ref(name: str, description: str | None = None) -> Schema:
    schema: Schema = {"$ref": f"#/$defs/{name}"}
    if description:
        schema["description"] = description
    return schema


def _closed(
    properties: dict[str, Schema], required: tuple[str, ...] = (), description: str = ""
) -> Schema:
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _list(items: Schema, description: str, min_items: int = 0) -> Schema:
    schema: Schema = {"type": "array", "items": items, "description": description}
    if min_items:
        schema["minItems"] = min_items
    return schema


_KEYWORD_LIST: Schema = {
    "type": "array",
    "items": {"type": ["string", "number", "boolean"], "pattern": r"\S"},
    "minItems": 1,
}
_REQUIRED_FLAG = {"type": "boolean", "description": "true or false"}

_BOUND: Schema = {"type": "number", "description": "{} (number and money only)."}
_FIELD_VALUES: dict[str, Schema] = {
    "id": _ref("id", "Names the value in the case note and in conditions; unique in a tree."),
    "label": _ref("text"),
    "required": _REQUIRED_FLAG,
    "type": {
        "enum": list(FIELD_TYPES),
        "description": "What the agent enters (default: text); the player checks it as typed.",
    },
    "options": _list(
        _closed(
            {
                "id": _ref("id", "What the note, saved progress and conditions record."),
                "label": _ref("text"),
            },
            OPTION_KEYS,
        ),
        "The options of a choice (type: choice only).",
        min_items=1,
    ),
    "currency": {
        "type": "string",
        "pattern": "^[A-Z]{3}$",
        "description": "The ISO 4217 code of a money field's amounts, e.g. USD.",
    },
    "min": {**_BOUND, "description": _BOUND["description"].format("The smallest value")},
    "max": {**_BOUND, "description": _BOUND["description"].format("The largest value")},
}


def _only_when(key: str, types: tuple[str, ...]) -> Schema:
    """``key`` is allowed only when the field's type is one of ``types``."""
    return {
        "if": {"required": [key]},
        "then": {"required": ["type"], "properties": {"type": {"enum": list(types)}}},
    }


FIELD: Schema = {
    **_closed({key: _FIELD_VALUES[key] for key in FIELD_KEYS}, ("id", "label")),
    "allOf": [
        {
            "if": {"properties": {"type": {"const": "choice"}}, "required": ["type"]},
            "then": {"required": ["options"]},
        },
        {
            "if": {"properties": {"type": {"const": "money"}}, "required": ["type"]},
            "then": {"required": ["currency"]},
        },
        _only_when("options", ("choice",)),
        _only_when("currency", ("money",)),
        _only_when("min", NUMERIC_FIELD_TYPES),
        _only_when("max", NUMERIC_FIELD_TYPES),
    ],
}

# The value of every key the validator accepts; the generator checks that none is missing.
NODE_VALUES: dict[str, Schema] = {
    "type": {"enum": list(NODE_TYPES), "description": "What the node is."},
    "text": _ref("text", "The question, instruction or outcome (one line)."),
    "help": _ref("text", "More detail under the text (Markdown paragraphs)."),
    "callouts": _list(
        _closed(
            {"kind": {"enum": list(CALLOUT_KINDS)}, "text": _ref("text")},
            ("kind", "text"),
        ),
        "Panels shown with the node: note, tip, warning or danger.",
    ),
    "script": _ref("text", "The words the agent says to the customer."),
    "checklist": _list(
        {
            "anyOf": [
                _ref("text"),
                _closed(
                    {
                        "id": _ref("id", _STABLE_ID.format(what="item", text="text")),
                        "text": _ref("text"),
                        "required": _REQUIRED_FLAG,
                    },
                    ("text",),
                ),
            ]
        },
        "Things the agent confirms: a text, or {text, required: false} for optional items.",
    ),
    "fields": _list(_ref("field"), "Values the agent types for the case note."),
    "links": _list(
        _closed(
            {
                "text": _ref("text"),
                "href": {"type": "string", "description": "A path relative to docs/."},
            },
            ("text", "href"),
        ),
        "Links to other pages of the site.",
    ),
    "answers": _list(
        _closed(
            {
                "id": _ref("id", _STABLE_ID.format(what="answer", text="label")),
                "label": _ref("text"),
                "next": _ref("id", "The node this answer leads to."),
            },
            ("label", "next"),
        ),
        "The answers to the question, each leading to a node.",
        min_items=1,
    ),
    "next": _ref("id", "The node that follows this step."),
    "timebox": {
        "description": "A time limit shown to the agent as a countdown: 30s, 20m, 1h30m "
        "(at most 24h); a plain number is minutes.",
        "anyOf": [
            {"type": "string", "pattern": DURATION_PATTERN},
            {"type": "number", "exclusiveMinimum": 0, "maximum": TIMEBOX_LIMIT // 60},
            _closed(
                {"minutes": {"type": "number", "exclusiveMinimum": 0}},
                ("minutes",),
                "The older form of a number of minutes.",
            ),
        ],
    },
    "timeup": _ref(
        "text",
        "What to do when the time box runs out (one line). Default: go to the next step "
        "(with its result when it is an outcome), or answer the question.",
    ),
    "result": {"enum": list(RESULTS), "description": "How the procedure ends."},
    "rules": _list(
        _closed(
            {
                "when": {
                    "type": "string",
                    "description": "A condition: amount > 500, days_since(opened) < 30, "
                    "answer(node-id) == answer-id, joined with and, or, not.",
                },
                "next": _ref("id", "The node to go to when the condition holds."),
            },
            ("when", "next"),
        ),
        "A decision's rules, in order: the first whose condition holds is taken.",
        min_items=1,
    ),
    "otherwise": _ref("id", "The node a decision leads to when no rule holds."),
    "tree": _ref("id", "The tree to continue in."),
    "node": _ref("id", "The node of that tree to continue at (default: its start)."),
    "editor_note": _ref(
        "text",
        "A note for editors (how the step was rebuilt, which source rule wins). Never shown "
        "to agents nor on the job aid; 'sopkit diff' reports its changes. One language is "
        "enough.",
    ),
}

SCENARIO: Schema = _closed(
    {
        "name": {"type": "string", "description": "What the journey is."},
        "answers": _list(
            {"type": ["string", "number", "boolean"]},
            "The answers given in order: labels in the default language, or node ids.",
        ),
        "values": {
            "type": "object",
            "description": "Field id -> the value entered (620, 2026-03-31, an option id).",
            "additionalProperties": {"type": ["string", "number", "null"]},
        },
        "ticked": {
            "type": "object",
            "description": "Node id -> how many of its checklist items are ticked.",
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
        "now": {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$",
            "description": "The clock decisions read, YYYY-MM-DDTHH:MM (default zone UTC).",
        },
        "zone": {"type": "string", "description": "The time zone of 'now', e.g. America/New_York."},
        "expect": _ref("id", "The node the journey must end at."),
    },
    ("name", "answers", "expect"),
    "A scenario test: answers given in order and the node where the journey must end.",
)

TOP_VALUES: dict[str, Schema] = {
    "title": _ref("text", "The tree's title."),
    "summary": _ref("text", "When to use the guide (Markdown paragraphs)."),
    "keywords": {
        "description": (
            "Words agents type to find the guide in the site's search (boosted): a list "
            "(the default language) or a mapping from language code to a list."
        ),
        "anyOf": [
            _KEYWORD_LIST,
            {
                "type": "object",
                "patternProperties": {LANG_RE.pattern: _KEYWORD_LIST},
                "additionalProperties": False,
                "minProperties": 1,
            },
        ],
    },
    "owner": {"type": "string", "description": "The team that owns the procedure."},
    "reviewed": {
        "type": "string",
        "format": "date",
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
        "description": "Date of the last content review, YYYY-MM-DD.",
    },
    "review_every_days": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_DAYS,
        "description": "Days between reviews (default: the site's review_every_days).",
    },
    "start": _ref("id", "The id of the first node."),
    "nodes": {
        "type": "object",
        "description": "Node id -> node, in reading order.",
        "propertyNames": _ref("id"),
        "additionalProperties": _ref("node"),
        "minProperties": 1,
    },
    "tests": _list(SCENARIO, "Scenario tests run by 'sopkit check'."),
    "editor_note": _ref(
        "text",
        "A note for editors about the whole procedure (how the source was rebuilt). Never "
        "shown to agents nor on the job aid; 'sopkit diff' reports its changes.",
    ),
}


def _node_schema() -> Schema:
    branches = []
    for node_type in NODE_TYPES:
        keys = NODE_KEYS[node_type]
        required = ("type", *REQUIRED_NODE_KEYS[node_type])
        if node_type == "question":
            required = (*required, "answers")
        if node_type == "decide":
            required = (*required, "otherwise")
        branches.append(
            {
                "if": {"properties": {"type": {"const": node_type}}, "required": ["type"]},
                "then": _closed({key: NODE_VALUES[key] for key in keys}, required),
            }
        )
    return {
        "type": "object",
        "description": "A node: question, step, outcome, goto or decide.",
        "required": ["type"],
        "properties": {"type": NODE_VALUES["type"]},
        "allOf": branches,
    }


def tree_schema() -> Schema:
    """The JSON Schema (draft 2020-12) of a tree file."""
    node_keys = {key for keys in NODE_KEYS.values() for key in keys}
    missing = sorted((node_keys - NODE_VALUES.keys()) | (set(TOP_KEYS) - TOP_VALUES.keys()))
    if missing:  # pragma: no cover - a key the validator reads is not described here
        raise AssertionError(f"no schema for the keys {missing}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "sopkit decision tree",
        "description": "An escalation procedure as a decision tree (decision_trees/<id>.yml).",
        "type": "object",
        "required": ["title", "start", "nodes"],
        "properties": {key: TOP_VALUES[key] for key in TOP_KEYS},
        "additionalProperties": False,
        "$defs": {**DEFINITIONS, "field": FIELD, "node": _node_schema()},
    }


def schema_text() -> str:
    """The schema as written to files: indented JSON ending with a newline."""
    return json.dumps(tree_schema(), indent=2, ensure_ascii=False) + "\n"
