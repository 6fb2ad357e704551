"""The French guide of the third-language fixture site, walked in the browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Tab
from tests.browser.player import answer, at, axe_violations, tree

NOTE_TIME = "2026-11-03T14:05:00Z"


def test_walk_of_the_french_guide_speaks_french_to_the_case_note(tab: Tab, french_url: str) -> None:
    page = tab.page
    page.clock.set_fixed_time(NOTE_TIME)
    tab.goto(french_url + "fr/")
    printer = tree(page, "printer")
    assert printer.get_attribute("lang") == "fr"
    at(page, "printer", "check")
    step = printer.locator("li.sopkit-node:not([hidden])")
    step.get_by_label("L’imprimante est éteinte").check()
    step.get_by_label("Modèle d’imprimante").fill("LaserJet 4")
    answer(page, "printer", "Fait, continuer")
    at(page, "printer", "jam")
    answer(page, "printer", "Oui")
    at(page, "printer", "done")
    expect(printer.locator(".sopkit-toolbar button")).to_have_text(
        ["Retour", "Recommencer", "Nouvel appel", "Copier la note de dossier"]
    )
    assert axe_violations(page) == []
    # The Map: its summary and the flowchart's words are French, the step marked.
    summary = printer.locator("details.sopkit-map > summary")
    expect(summary).to_have_text("Carte")
    summary.click()
    current = printer.locator("g.sopkit-map__node[aria-current=step]")
    expect(current).to_have_id("sopkit-map--printer--done")
    expect(current.locator("text")).to_have_text(["3. Escalader: Escaladez au", "niveau 2"])
    printer.get_by_role("button", name="Copier la note de dossier").click()
    expect(printer.locator(".sopkit-copied")).to_have_text("Copié")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Note de dossier — 2026-11-03 14:05 UTC\n"
        "Début de l’appel: 14:05\n"
        "\n"
        "Guide: Bourrage d’imprimante (Version 2026-11-01 · 2867ae207d33)\n"
        "1. Demandez au client d’ouvrir la porte avant de l’imprimante.: fait\n"
        "2. Du papier est-il coincé ? Oui\n"
        "Issue: Escalader — Escaladez au niveau 2\n"
        "Vérifications:\n"
        "  [x] L’imprimante est éteinte\n"
        "Détails:\n"
        "  Modèle d’imprimante: LaserJet 4\n"
    )
