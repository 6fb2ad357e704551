"""Typed values written with Babel: the shared vectors the player's Intl must match too."""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any

import pytest

from sopkit.model import Field, Option, Span, Text
from sopkit.values import format_value
from tests.conftest import ROOT

VECTORS = json.loads((ROOT / "tests" / "vectors" / "values.json").read_text("utf-8"))
SPAN = Span("values.json", 1, 1)


def field_of(spec: dict[str, Any]) -> Field:
    """The model's field for a vector's ``field`` (a choice's labels in every language)."""
    options = tuple(
        Option(id=option_id, label=Text(MappingProxyType(labels), SPAN), span=SPAN)
        for option_id, labels in spec.get("options", [])
    )
    return Field(
        id="f",
        label=Text(MappingProxyType({"en": "F"}), SPAN),
        required=False,
        span=SPAN,
        type=spec["type"],
        options=options,
        currency=spec.get("currency"),
    )


@pytest.mark.parametrize(
    "vector",
    VECTORS["format"],
    ids=[f"{v['lang']}-{v['field']['type']}-{v['value']}" for v in VECTORS["format"]],
)
def test_babel_gives_the_shared_vectors(vector: dict[str, Any]) -> None:
    assert (
        format_value(field_of(vector["field"]), vector["value"], vector["lang"]) == vector["text"]
    )


def test_the_vectors_cover_what_agents_and_readers_see() -> None:
    texts = {
        (v["lang"], v["field"]["type"], v["field"].get("currency"), v["value"]): v["text"]
        for v in VECTORS["format"]
    }
    # Decimals, a number as typed (a port is 8080, not 8,080), money grouped, negatives,
    # where the currency goes, dates and times.
    assert texts[("en", "number", None, "1234567.125")] == "1234567.125"
    assert texts[("es", "number", None, "1234567.125")] == "1234567,125"
    assert texts[("en", "number", None, "8080")] == "8080"
    assert texts[("en", "money", "USD", "-1234.5")] == "-$1,234.50"
    assert texts[("es", "money", "USD", "-1234.5")] == "-1.234,50\u00a0US$"
    assert texts[("es", "date", None, "2026-03-05")] == "5 mar 2026"
    assert texts[("en", "datetime", None, "2026-12-31T00:05")] == "Dec 31, 2026, 12:05 AM"
    assert texts[("es", "choice", None, "credit")] == "Saldo a favor"
    parsed = {(v["lang"], v["typed"]): v["value"] for v in VECTORS["parse"]}
    assert parsed[("es", "1.234,56")] == parsed[("en", "1,234.56")] == "1234.56"
