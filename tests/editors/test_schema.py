"""The JSON Schema: generated from the validator's tables, accepts every demo tree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sopkit.cli import main
from sopkit.compile.schema import PACKAGED, schema_text, tree_schema
from tests.conftest import ROOT, SITE_FIXTURE

REPO_SCHEMA = ROOT / "schema" / "tree.schema.json"


def as_editor_sees(node: yaml.Node) -> Any:
    """The JSON value VS Code's YAML 1.2 tooling reads (``Yes`` and dates stay strings)."""
    if isinstance(node, yaml.MappingNode):
        return {key.value: as_editor_sees(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [as_editor_sees(item) for item in node.value]
    tag, value = node.tag.rsplit(":", 1)[-1], node.value
    if tag == "int":
        return int(value)
    if tag == "float":
        return float(value)
    if tag == "bool" and value in ("true", "false"):
        return value == "true"
    if tag == "null" and value in ("", "~", "null"):
        return None
    return value


def errors(text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(tree_schema())
    instance = as_editor_sees(yaml.compose(text, Loader=yaml.CSafeLoader))
    return [error.message for error in validator.iter_errors(instance)]


def test_committed_schemas_equal_the_generated_one() -> None:
    assert PACKAGED.read_text(encoding="utf-8") == schema_text()
    assert REPO_SCHEMA.read_text(encoding="utf-8") == schema_text()


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(tree_schema())


TREES = sorted((ROOT / "decision_trees").glob("*.yml")) + sorted(
    (SITE_FIXTURE / "decision_trees").glob("*.yml")
)


@pytest.mark.parametrize("path", TREES, ids=lambda p: p.stem)
def test_schema_accepts_every_demo_tree(path: Path) -> None:
    assert errors(path.read_text(encoding="utf-8")) == []


GOOD = """\
title: {en: T, es: T}
start: ask
nodes:
  ask:
    type: question
    text: Ask
    answers:
      - {label: Yes, next: done}
  done:
    type: outcome
    result: stop
    text: Done
"""

BAD = {
    "unknown top-level key": GOOD + "titel: x\n",
    "missing start": GOOD.replace("start: ask\n", ""),
    "unknown node type": GOOD.replace("type: outcome", "type: outcom"),
    "unknown result": GOOD.replace("result: stop", "result: stopp"),
    "invalid node id": GOOD.replace("  done:", "  Done_Now:"),
    "answer without next": GOOD.replace("{label: Yes, next: done}", "{label: Yes}"),
    "question without answers": GOOD.replace(
        "    answers:\n      - {label: Yes, next: done}\n", ""
    ),
    "empty answers": GOOD.replace("      - {label: Yes, next: done}\n", "      []\n").replace(
        "    answers:\n      []", "    answers: []"
    ),
    "step key on an outcome": GOOD + "    next: ask\n",
    "unknown callout kind": GOOD + "    callouts: [{kind: danjer, text: x}]\n",
    "timebox of zero": GOOD.replace(
        "    text: Ask\n", "    text: Ask\n    timebox: {minutes: 0}\n"
    ),
    "timebox in an unknown unit": GOOD.replace(
        "    text: Ask\n", "    text: Ask\n    timebox: 10x\n"
    ),
    "timebox of minutes over 24 hours": GOOD.replace(
        "    text: Ask\n", "    text: Ask\n    timebox: 1500\n"
    ),
    "timeup on an outcome": GOOD + "    timeup: Hang up\n",
    "text that is a number-keyed mapping": GOOD.replace("text: Done", "text: {1: Done}"),
    "review period of zero": GOOD + "review_every_days: 0\n",
    "scenario without expect": GOOD + "tests:\n  - {name: n, answers: [Yes]}\n",
    "keywords as one word": GOOD + "keywords: manager\n",
    "a language's keywords as one word": GOOD + "keywords: {en: [manager], es: gerente}\n",
    "empty keywords": GOOD + "keywords: {en: []}\n",
    "unknown field type": GOOD + "    fields: [{id: a, label: A, type: numbr}]\n",
    "choice without options": GOOD + "    fields: [{id: a, label: A, type: choice}]\n",
    "money without currency": GOOD + "    fields: [{id: a, label: A, type: money}]\n",
    "options on a number": GOOD
    + "    fields: [{id: a, label: A, type: number, options: [{id: b, label: B}]}]\n",
    "currency on a text": GOOD + "    fields: [{id: a, label: A, currency: USD}]\n",
    "min on a date": GOOD + "    fields: [{id: a, label: A, type: date, min: 1}]\n",
}


@pytest.mark.parametrize("text", BAD.values(), ids=list(BAD))
def test_schema_rejects_bad_input(text: str) -> None:
    assert errors(text) != []


def test_good_example_is_accepted() -> None:
    assert errors(GOOD) == []


def test_typed_fields_are_accepted() -> None:
    fields = (
        "    fields:\n"
        "      - {id: a, label: A, type: money, currency: USD, min: 0, max: 500}\n"
        "      - {id: b, label: B, type: choice, options: [{id: x, label: X}]}\n"
        "      - {id: c, label: C, type: datetime, required: true}\n"
    )
    assert errors(GOOD + fields) == []


@pytest.mark.parametrize("timebox", ["30s", "20m", "1h30m", "1h 30m", "90s", "20", "0.5"])
def test_time_boxes_as_editors_write_them_are_accepted(timebox: str) -> None:
    timed = f"    text: Ask\n    timebox: {timebox}\n    timeup: {{en: Go on, es: Siga}}\n"
    assert errors(GOOD.replace("    text: Ask\n", timed)) == []


def test_sopkit_schema_prints_and_writes_the_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == tree_schema()
    target = tmp_path / "out" / "tree.schema.json"
    assert main(["schema", "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()


def test_vscode_maps_the_schema_to_the_trees() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert "decision_trees/*.yml" in settings["yaml.schemas"]["./schema/tree.schema.json"]
