"""Durations in words with Babel: the shared vectors the player's Intl words must match too."""

from __future__ import annotations

import json

import pytest

from sopkit.durations import duration
from tests.conftest import ROOT

VECTORS = json.loads((ROOT / "tests" / "vectors" / "durations.json").read_text("utf-8"))["vectors"]


@pytest.mark.parametrize(
    ("seconds", "lang", "text"),
    [(v["seconds"], v["lang"], v["text"]) for v in VECTORS],
    ids=[f"{v['lang']}-{v['seconds']}" for v in VECTORS],
)
def test_babel_gives_the_shared_vectors(seconds: int, lang: str, text: str) -> None:
    assert duration(seconds, lang) == text


def test_the_vectors_cover_what_agents_see() -> None:
    texts = {(v["lang"], v["seconds"]): v["text"] for v in VECTORS}
    # Singular and plural, hours with minutes, minutes with seconds, in both languages.
    assert texts[("en", 1)] == "1 second" and texts[("es", 60)] == "1 minuto"
    assert texts[("en", 5400)] == "1 hour 30 minutes"
    assert texts[("es", 5400)] == "1 hora 30 minutos"
    assert texts[("en", 90)] == "1 minute 30 seconds"
    assert texts[("es", 30)] == "30 segundos"


def test_a_language_babel_does_not_know_is_written_in_english() -> None:
    assert duration(90, "x-klingon") == "1 minute 30 seconds"
