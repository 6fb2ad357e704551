"""Typed fields in the player: read as the agent types, kept canonical, written per language."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Servers, Tab
from tests.browser.player import answer, at, tree
from tests.browser.test_pages import SCHEMES, page_violations
from tests.conftest import FIXTURES, ROOT, SITE_FIXTURE, copy_project, run_build

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
PALETTES = """  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
"""
NOTE_TIME = "2026-11-03T14:05:00Z"


@pytest.fixture(scope="module")
def typed_url(tmp_path_factory: pytest.TempPathFactory, servers: Servers) -> str:
    """The fixture site with a page of typed fields (tests/fixtures/typed), no PDFs."""
    project = copy_project(SITE_FIXTURE, tmp_path_factory.mktemp("typed") / "project")
    shutil.copy2(FIXTURES / "typed" / "refund.yml", project / "decision_trees" / "refund.yml")
    fence = "\n\n```decision-tree\nrefund\n```\n"
    (project / "docs" / "refund.md").write_text("# Refund" + fence)
    (project / "docs" / "refund.es.md").write_text("# Reembolso" + fence)
    config = project / "mkdocs.yml"
    text = config.read_text().replace("  - sopkit\n", "  - sopkit:\n      pdf: false\n")
    text = text.replace("  font: false\n", "  font: false\n" + PALETTES)
    config.write_text(text.replace("  - printer.md\n", "  - printer.md\n  - refund.md\n"))
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.log
    return servers.url(project / "site")


def control(page: Page, field: str) -> str:
    return f"#refund--field-{field}"


def fill_every_field(page: Page, amount: str) -> None:
    page.fill(control(page, "amount"), amount)
    page.select_option(control(page, "reason"), "not-received")
    page.fill(control(page, "charged-on"), "2026-03-05")
    page.fill(control(page, "called-at"), "2026-03-05T14:30")
    page.fill(control(page, "earlier"), "2")


def note_details(page: Page, copy: str) -> list[str]:
    """The "details" lines of the case note, once copied."""
    tree(page, "refund").get_by_role("button", name=copy).click()
    note = str(page.evaluate("navigator.clipboard.readText()"))
    return [line.strip() for line in note.split("\n") if line.startswith("  ")]


def test_values_in_the_browser_match_the_shared_vectors(tab: Tab, typed_url: str) -> None:
    tab.goto(typed_url + "refund/")
    formatted = tab.page.evaluate(RUN, [VECTORS["format"], "format"])
    assert formatted == [v["text"] for v in VECTORS["format"]]
    parsed = tab.page.evaluate(RUN, [VECTORS["parse"], "parse"])
    assert parsed == [{"value": v["value"], "problem": v["problem"]} for v in VECTORS["parse"]]


def test_an_amount_is_checked_as_typed_in_the_pages_language(tab: Tab, typed_url: str) -> None:
    page = tab.page
    tab.goto(typed_url + "es/refund/")
    amount = page.locator(control(page, "amount"))
    message = page.locator("#refund--field-amount--error")
    expect(page.locator("#refund--field-amount--hint")).to_have_text(
        "Importe en USD. De 0 a 5.000."
    )
    amount.fill("doce")
    expect(message).to_have_text("Escriba un importe en USD, por ejemplo 1.234,50 US$.")
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_have_attribute("data-sopkit-value", "")
    amount.fill("6.000")
    expect(message).to_have_text("Escriba 5.000 o menos.")
    amount.fill("1.234,5")
    expect(amount).to_have_attribute("data-sopkit-value", "1234.5")
    expect(amount).not_to_have_attribute("aria-invalid", "true")
    expect(message).to_have_text("Se anota como 1.234,50 US$")
    # An amount that is not one is missing when the case is escalated.
    amount.fill("12,3,4")
    answer(page, "refund", "Hecho, continuar")
    at(page, "refund", "done")
    expect(tree(page, "refund").locator(".sopkit-missing li li")).to_have_text(
        "Importe cobrado: vacío"
    )


def test_the_note_writes_typed_values_in_each_language(
    new_tab: Callable[..., Tab], typed_url: str
) -> None:
    for lang, typed, copy, details in (
        (
            "en",
            "1,234.5",
            "Copy case note",
            [
                "Amount charged: $1,234.50",
                "Reason: Item not received",
                "Charge date: Mar 5, 2026",
                "Customer called at: Mar 5, 2026, 2:30 PM",
                "Earlier refunds: 2",
            ],
        ),
        (
            "es",
            "1234,5 US$",
            "Copiar nota del caso",
            [
                "Importe cobrado: 1.234,50 US$",  # the note squashes spaces
                "Motivo: Artículo no recibido",
                "Fecha del cargo: 5 mar 2026",
                "Hora de la llamada: 5 mar 2026, 14:30",
                "Reembolsos anteriores: 2",
            ],
        ),
    ):
        tab = new_tab(permissions=["clipboard-read", "clipboard-write"])
        page = tab.page
        page.clock.set_fixed_time(NOTE_TIME)
        tab.goto(typed_url + ("" if lang == "en" else "es/") + "refund/")
        fill_every_field(page, typed)
        values = [
            page.get_attribute(control(page, f), "data-sopkit-value")
            for f in ("amount", "reason", "charged-on", "called-at", "earlier")
        ]
        assert values == ["1234.5", "not-received", "2026-03-05", "2026-03-05T14:30", "2"]
        assert note_details(page, copy) == details


def test_values_come_back_after_a_reload_and_a_new_call_starts_empty(
    tab: Tab, typed_url: str
) -> None:
    page = tab.page
    tab.goto(typed_url + "es/refund/")
    fill_every_field(page, "49,9")
    page.reload()
    page.wait_for_selector("section[data-sopkit-ready]")
    tree(page, "refund").get_by_role("button", name="Continuar esta llamada").click()
    assert page.input_value(control(page, "amount")) == "49,9"
    assert page.get_attribute(control(page, "amount"), "data-sopkit-value") == "49.9"
    assert page.input_value(control(page, "reason")) == "not-received"
    assert page.input_value(control(page, "called-at")) == "2026-03-05T14:30"
    answer(page, "refund", "Hecho, continuar")
    at(page, "refund", "done")
    tree(page, "refund").get_by_role("button", name="Nueva llamada").click()
    at(page, "refund", "details")
    for field in ("amount", "reason", "charged-on", "called-at", "earlier", "order"):
        assert page.input_value(control(page, field)) == ""
        assert page.get_attribute(control(page, field), "data-sopkit-value") == ""
    assert page.get_attribute(control(page, "amount"), "aria-invalid") is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_typed_fields_with_a_message_pass_axe(
    new_tab: Callable[..., Tab], typed_url: str, scheme: str
) -> None:
    tab = new_tab(color_scheme=scheme)
    page = tab.page
    tab.goto(typed_url + "refund/")
    page.fill(control(page, "amount"), "12,3,4")
    page.fill(control(page, "earlier"), "-1")
    expect(page.locator("#refund--field-earlier--error")).to_have_text("Type 0 or more.")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
    assert page_violations(page) == []
