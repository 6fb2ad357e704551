"""Decide nodes in the browser: the shared vectors in four time zones, and a guide that
decides from a date the agent enters, says why, records it in the note and goes Back
past it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from sopkit.conditions import parse, to_json
from tests.conftest import ROOT

from .conftest import Tab

pytestmark = pytest.mark.browser

VECTORS = json.loads((ROOT / "tests" / "vectors" / "decide.json").read_text("utf-8"))["vectors"]
ZONES = sorted({v["zone"] for v in VECTORS})
GUIDE = "guides/complaint-escalation/"
NOW = "2026-11-05T14:00:00Z"  # Thursday 09:00 in New York


@pytest.mark.parametrize("zone", ZONES)
def test_the_browser_gives_the_shared_vectors(
    new_tab: Callable[..., Tab], demo_url: str, zone: str
) -> None:
    tab = new_tab(timezone_id=zone)
    tab.goto(demo_url + GUIDE)
    cases = [
        {**v, "when": to_json(parse(v["condition"])), "index": i}
        for i, v in enumerate(VECTORS)
        if v["zone"] == zone
    ]
    got = tab.page.evaluate(
        """async (cases) => {
            const player = document.querySelector('script[src$="player.mjs"]').src;
            const m = await import(player.replace("player.mjs", "decide.mjs"));
            return cases.map((v) => [v.index, m.evaluate(v.when, {
                values: new Map(v.values), types: new Map(v.types), answers: new Map(v.answers),
                ticked: new Map(v.ticked), now: new Date(v.now)
            })]);
        }""",
        cases,
    )
    wrong = [VECTORS[i] for i, result in got if result is not VECTORS[i]["result"]]
    assert wrong == [] and len(got) == len(cases)


def _walk(tab: Tab, url: str, referred: str) -> None:
    page = tab.page
    tab.goto(url)
    page.locator("li.sopkit-node:not([hidden]) a.sopkit-answer").nth(2).click()
    expect(page.locator("li.sopkit-node:not([hidden])")).to_have_attribute(
        "data-sopkit-node", "solutions-referred"
    )
    page.locator('[data-sopkit-field="referred-on"]').fill(referred)
    page.locator("li.sopkit-node:not([hidden]) a.sopkit-answer").click()


def test_a_decision_says_which_rule_applied_and_the_note_records_it(
    new_tab: Callable[..., Tab], demo_url: str
) -> None:
    tab = new_tab(timezone_id="America/New_York", permissions=["clipboard-read", "clipboard-write"])
    page = tab.page
    page.clock.set_fixed_time(NOW)
    _walk(tab, demo_url + GUIDE, "2026-11-03")  # a Tuesday: 2 business days by Thursday
    current = page.locator("li.sopkit-node:not([hidden])")
    expect(current).to_have_attribute("data-sopkit-node", "solutions-pending")
    expect(current.locator(".sopkit-node__step")).to_have_text("Step 3")  # a decision is no step
    decided = page.locator(".sopkit-decided")
    expect(decided).to_be_visible()
    expect(decided.locator(".sopkit-decided__why")).to_have_text(
        "Business days since Referred to Solutions on (2) is 2 or less: Tell the customer the "
        "Solutions team will contact them within 2 working days of the referral, and note the "
        "call in the case."
    )
    page.get_by_role("button", name="Copy case note").click()
    note = page.evaluate("navigator.clipboard.readText()")
    assert (
        "3. Decision: Business days since Referred to Solutions on (2) is 2 or less → Tell the "
        "customer the Solutions team will contact them" in note
    )
    assert "  Referred to Solutions on: Nov 3, 2026" in note
    # Back goes to the step before the decision, not to the decision.
    page.get_by_role("button", name="Back", exact=True).click()
    expect(current).to_have_attribute("data-sopkit-node", "solutions-referred")
    expect(decided).to_be_hidden()
    # A date one business day earlier (the weekend does not count) decides otherwise.
    page.locator('[data-sopkit-field="referred-on"]').fill("2026-11-02")
    page.locator("li.sopkit-node:not([hidden]) a.sopkit-answer").click()
    expect(current).to_have_attribute("data-sopkit-node", "solutions-overdue")
    expect(decided.locator(".sopkit-decided__why")).to_have_text(
        "No rule applied (business days since Referred to Solutions on: 3): Note the call in "
        "the case and tell the Solutions team that the customer has not been contacted within "
        "2 working days."
    )
    # "Your answers" lists the decision with its reason; its Change opens the date again.
    item = page.locator(".sopkit-history__item").nth(2)
    expect(item.locator(".sopkit-history__answer")).to_have_text(
        "No rule applied (business days since Referred to Solutions on: 3): Note the call in "
        "the case and tell the Solutions team that the customer has not been contacted within "
        "2 working days."
    )
    item.locator(".sopkit-change").click()
    expect(current).to_have_attribute("data-sopkit-node", "solutions-referred")
    # A new call starts clean: no date, so the referral counts as overdue, read from nothing.
    page.get_by_role("button", name="New call").click()
    page.locator("li.sopkit-node:not([hidden]) a.sopkit-answer").nth(2).click()
    page.locator("li.sopkit-node:not([hidden]) a.sopkit-answer").click()
    expect(current).to_have_attribute("data-sopkit-node", "solutions-overdue")
    expect(decided.locator(".sopkit-decided__why")).to_have_text(
        "No rule applied (—): Note the call in the case and tell the Solutions team that the "
        "customer has not been contacted within 2 working days."
    )


def test_the_spanish_guide_explains_in_spanish(new_tab: Callable[..., Tab], demo_url: str) -> None:
    tab = new_tab(timezone_id="America/Mexico_City")
    tab.page.clock.set_fixed_time(NOW)
    _walk(tab, demo_url + "es/" + GUIDE, "2026-11-04")
    expect(tab.page.locator(".sopkit-decided__why")).to_have_text(
        "Días hábiles desde Derivada a Soluciones el (1) es 2 o menos: Dígale al cliente que el "
        "equipo de Soluciones se comunicará en un plazo de 2 días hábiles desde la derivación, "
        "y anote la llamada en el caso."
    )
