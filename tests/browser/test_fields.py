"""Typed fields in the player: values read and written as Python writes them."""

from __future__ import annotations

import json

from tests.browser.conftest import Tab
from tests.conftest import ROOT

VECTORS = json.loads((ROOT / "tests" / "vectors" / "values.json").read_text("utf-8"))
# A vector's field as the player's values.mjs takes it: option labels in the vector's language.
RUN = """async ([vectors, call]) => {
    const player = document.querySelector("script[src*='sopkit/player.mjs']").src;
    const m = await import(player.replace("player.mjs", "values.mjs"));
    return vectors.map((v) => {
        const labels = (v.field.options || []).map(([id, l]) => [id, l[v.lang] || l.en]);
        const field = {...v.field, options: v.field.options && new Map(labels)};
        return call === "format"
            ? m.formatValue(field, v.value, v.lang)
            : m.parseValue(field, v.typed, v.lang);
    });
}"""


def test_values_in_the_browser_match_the_shared_vectors(tab: Tab, demo_url: str) -> None:
    tab.goto(demo_url + "guides/irate-customer/")
    formatted = tab.page.evaluate(RUN, [VECTORS["format"], "format"])
    assert formatted == [v["text"] for v in VECTORS["format"]]
    parsed = tab.page.evaluate(RUN, [VECTORS["parse"], "parse"])
    assert parsed == [{"value": v["value"], "problem": v["problem"]} for v in VECTORS["parse"]]
