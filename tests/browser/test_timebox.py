"""Time boxes in the player: durations in words and the step's own time-up words."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT

from .conftest import Tab
from .player import answer, at, axe_violations, tree

pytestmark = pytest.mark.browser

VECTORS = json.loads((ROOT / "tests" / "vectors" / "durations.json").read_text("utf-8"))["vectors"]
TO_WARM_TRANSFER = {
    "en": (
        "Yes, the customer asked",
        "There is no case yet",
        "No, they refuse to wait",
        "Available",
    ),
    "es": (
        "Sí, el cliente lo pidió",
        "Todavía no hay caso",
        "No, se niega a esperar",
        "Disponible",
    ),
}
WARM_TRANSFER_TIMEUP = {
    "en": "If no resolution lead has answered, complete the transfer to voicemail (the customer "
    "is asked to leave a message) and stop here.",
    "es": "Si ningún responsable de resolución respondió, complete la transferencia al buzón de "
    "voz (se le pedirá al cliente que deje un mensaje) y termine aquí.",
}
LINE = {
    "en": ("Time box: 30 seconds. When time is up: ", "Time is up (30 seconds): "),
    "es": (
        "Tiempo límite: 30 segundos. Cuando se acabe el tiempo: ",
        "Se acabó el tiempo (30 segundos): ",
    ),
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_warm_transfer_wait_ends_with_its_own_words_never_escalate(
    tab: Tab, demo_url: str, lang: str
) -> None:
    page = tab.page
    page.clock.install(time="2026-11-03T14:05:00Z")
    tab.goto(demo_url + ("es/" if lang == "es" else "") + "guides/irate-customer/")
    for label in TO_WARM_TRANSFER[lang]:
        answer(page, "irate-customer", label)
    at(page, "irate-customer", "warm-transfer")
    node = tree(page, "irate-customer").locator("li[data-sopkit-node='warm-transfer']")
    static, up = LINE[lang]
    expect(node.locator(".sopkit-timebox")).to_have_text(static + WARM_TRANSFER_TIMEUP[lang])
    expect(node.get_by_role("timer")).to_have_text("0:30 left" if lang == "en" else "Quedan 0:30")
    page.clock.fast_forward("00:31")
    alert = node.get_by_role("alert")
    expect(alert).to_have_text(up + WARM_TRANSFER_TIMEUP[lang])
    assert "escal" not in str(alert.text_content()).lower()
    expect(node.get_by_role("timer")).to_be_hidden()
    at(page, "irate-customer", "warm-transfer")  # time up never moves the guide on
    assert axe_violations(page) == []


def test_durations_in_the_browser_match_the_shared_vectors(tab: Tab, demo_url: str) -> None:
    page = tab.page
    tab.goto(demo_url + "guides/irate-customer/")
    assert page.evaluate("typeof Intl.DurationFormat") == "function"
    found = page.evaluate(
        """async (vectors) => {
            const player = document.querySelector("script[src*='sopkit/player.mjs']").src;
            const m = await import(player.replace("player.mjs", "duration.mjs"));
            return vectors.map(({seconds, lang}) => [
                seconds, lang, m.duration(seconds, lang), m.durationByUnits(seconds, lang)
            ]);
        }""",
        VECTORS,
    )
    expected = [[v["seconds"], v["lang"], v["text"], v["text"]] for v in VECTORS]
    assert found == expected
