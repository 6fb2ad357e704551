"""The guide player in a real Chromium: what an agent on a call sees and does."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from .conftest import Tab
from .player import HeldSwap, answer, at, axe_violations, current, focused_id, stored, tree

pytestmark = pytest.mark.browser

NOTE_TIME = "2026-11-03T14:05:00Z"


def test_keyboard_walk_of_the_tier1_escalation(tab: Tab, demo_url: str) -> None:
    page = tab.page
    tab.goto(demo_url + "guides/tier1-escalation/")
    at(page, "tier1-escalation", "situation")
    assert axe_violations(page) == []
    page.keyboard.press("2")  # number keys choose answers; "2" is Case 1
    at(page, "tier1-escalation", "presales-check")
    assert focused_id(page) == "tier1-escalation--presales-check"
    expect(tree(page, "tier1-escalation").locator(".sopkit-live")).to_have_text(
        "Step 2 Is this a pre-sales call (the caller has not bought the product yet)?"
    )
    # From the focused heading, Tab reaches the answers in order; Enter follows one.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "No"
    page.keyboard.press("Enter")
    at(page, "tier1-escalation", "eligible")
    assert axe_violations(page) == []
    page.keyboard.press("1")
    at(page, "tier1-escalation", "prepare-and-escalate")
    page.keyboard.press("1")  # the goto: continue in the required-information guide
    page.wait_for_url("**/guides/tier1-required-info/#tier1-required-info--all-cases")
    page.wait_for_selector("section[data-sopkit-tree='tier1-required-info'][data-sopkit-ready]")
    required = tree(page, "tier1-required-info")
    at(page, "tier1-required-info", "all-cases")
    expect(required.locator(".sopkit-notice")).to_have_text(
        "Continued from: Escalate a technical case from Tier 1 to Tier 2"
    )
    # Tick the checklist and fill the fields by keyboard only, in page order.
    page.keyboard.press("Tab")
    for _ in range(2):
        while page.evaluate("document.activeElement.type") != "checkbox":
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    for value in ("IPC-1", "2.8", "SN-42"):
        while page.evaluate("document.activeElement.type") != "text":
            page.keyboard.press("Tab")
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    assert required.locator("input[type=checkbox]:checked").count() == 2
    while page.evaluate("document.activeElement.textContent") != "Done, continue":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    at(page, "tier1-required-info", "category")
    page.keyboard.press("1")  # yes, a cyber security concern
    node = current(page, "tier1-required-info")
    while page.locator(f"li[data-sopkit-node='{node}']").get_attribute("data-sopkit-type") != (
        "outcome"
    ):
        page.keyboard.press("1")
        node = current(page, "tier1-required-info")
    assert axe_violations(page) == []
    page.keyboard.press("Shift+Tab")
    for _ in range(20):
        if page.evaluate("document.activeElement.textContent") == "Copy case note":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(required.locator(".sopkit-copied")).to_have_text("Copied")
    note = page.evaluate("navigator.clipboard.readText()")
    assert "1. Which situation matches this call? I'm stuck; the case needs" in note
    assert "Device serial number: SN-42" in note
    assert "\nOutcome: Escalate — " in note


def walk_to_fixed(tab: Tab, url: str) -> None:
    """Router: Yes, tick Model, type a serial number, continue."""
    page = tab.page
    tab.goto(url)
    answer(page, "router", "Yes")
    page.check("#router--restart--check-0")
    page.fill("#router--field-serial", "SN-4711")
    answer(page, "router", "Done, continue")
    at(page, "router", "fixed")


def test_back_browser_back_change_and_restart(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    walk_to_fixed(tab, fixture_url + "router/")
    router = tree(page, "router")
    swap = HeldSwap(page, "/router/")
    router.get_by_role("button", name="Back", exact=True).click()
    at(page, "router", "restart")
    assert focused_id(page) == "router--restart"
    assert page.url.endswith("#router--restart")
    page.go_back()
    at(page, "router", "lights")
    # The page swapped in for itself arrives at the first step: the steps ahead stay ahead.
    swap.land("router")
    page.go_forward()
    at(page, "router", "restart")
    answer(page, "router", "Done, continue")
    answer(page, "router", "No")
    at(page, "router", "escalate")
    history = router.locator(".sopkit-history__item")
    # Each "Change" button is named after its question for screen readers.
    assert history.all_text_contents() == [
        "Is the power light on? → Yes Change: Is the power light on?",
        "Restart the router → done Change: Restart the router",
        "Is it working now? → No Change: Is it working now?",
    ]
    # Change the first answer to the same one: the later answers are kept.
    history.nth(0).get_by_role("button").click()
    at(page, "router", "lights")
    assert focused_id(page) == "router--lights"
    answer(page, "router", "Yes")
    at(page, "router", "escalate")
    assert history.count() == 3
    # Change it to another answer: the path is different, so it ends there.
    history.nth(0).get_by_role("button").click()
    answer(page, "router", "No")
    at(page, "router", "power")
    assert history.all_text_contents() == [
        "Is the power light on? → No Change: Is the power light on?"
    ]
    router.get_by_role("button", name="Restart").click()
    at(page, "router", "lights")
    assert history.count() == 0
    state = stored(page)["sopkit:journey:router"]
    assert (state["path"], state["checks"], state["fields"]) == (
        [{"node": "lights", "answer": None}],
        {},
        {},
    )
    assert page.input_value("#router--field-serial") == ""
    assert not page.is_checked("#router--restart--check-0")


def test_back_and_forward_before_the_page_swaps_in_keep_the_way_taken(
    tab: Tab, fixture_url: str
) -> None:
    page = tab.page
    walk_to_fixed(tab, fixture_url + "router/")
    swap = HeldSwap(page, "/router/")
    page.go_back()
    at(page, "router", "restart")
    page.go_back()
    at(page, "router", "lights")
    page.go_forward()
    at(page, "router", "restart")
    # The page Material swaps in lands after all three presses.
    swap.land("router")
    at(page, "router", "restart")
    page.go_forward()
    at(page, "router", "fixed")
    assert tree(page, "router").locator(".sopkit-history__item").all_text_contents() == [
        "Is the power light on? → Yes Change: Is the power light on?",
        "Restart the router → done Change: Restart the router",
    ]


def test_deep_link_starts_there_and_says_so(new_tab: Callable[..., Tab], fixture_url: str) -> None:
    tab = new_tab()
    page = tab.page
    tab.goto(fixture_url + "router/#router--fixed")
    router = tree(page, "router")
    at(page, "router", "fixed")
    expect(router.locator(".sopkit-notice")).to_have_text(
        "You started at this step from a link: earlier steps were skipped."
    )
    expect(router.get_by_role("button", name="Back", exact=True)).to_be_disabled()
    assert axe_violations(page) == []
    other = new_tab()
    other.goto(fixture_url + "router/#router--no-such-step")
    at(other.page, "router", "lights")
    expect(tree(other.page, "router").locator(".sopkit-notice")).to_be_hidden()


def test_reload_resumes_step_answers_and_values(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    walk_to_fixed(tab, fixture_url + "router/")
    page.reload()
    page.wait_for_selector("section[data-sopkit-ready]")
    at(page, "router", "fixed")
    assert tree(page, "router").locator(".sopkit-history__item").count() == 2
    tree(page, "router").get_by_role("button", name="Back", exact=True).click()
    at(page, "router", "restart")
    assert page.input_value("#router--field-serial") == "SN-4711"
    assert page.is_checked("#router--restart--check-0")


def test_spanish_page_speaks_spanish(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    tab.goto(fixture_url + "es/router/")
    router = tree(page, "router")
    assert router.get_attribute("lang") == "es"
    answer(page, "router", "Sí")
    expect(router.locator(".sopkit-toolbar button")).to_have_text(
        ["Atrás", "Reiniciar", "Nueva llamada", "Copiar nota del caso"]
    )
    assert axe_violations(page) == []


def test_number_keys_are_ignored_while_typing(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    tab.goto(fixture_url + "router/")
    answer(page, "router", "Yes")
    page.fill("#router--field-serial", "")
    page.focus("#router--field-serial")
    page.keyboard.type("12")
    at(page, "router", "restart")
    assert page.input_value("#router--field-serial") == "12"


def test_timebox_counts_down_survives_reload_and_never_moves_on(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    page.clock.install(time=NOTE_TIME)
    tab.goto(fixture_url + "router/")
    answer(page, "router", "Yes")
    node = tree(page, "router").locator("li[data-sopkit-node='restart']")
    expect(node.get_by_role("timer")).to_have_text("5:00 left")
    page.clock.fast_forward("03:00")
    expect(node.get_by_role("timer")).to_have_text("2:00 left")
    page.reload()
    page.wait_for_selector("section[data-sopkit-ready]")
    # It goes on from where it was (the reload itself takes a few seconds on a busy machine).
    expect(node.get_by_role("timer")).to_have_text(re.compile(r"^(2:00|1:[45]\d) left$"))
    page.clock.fast_forward("02:01")
    # The step leads to a question: the default says so, never "escalate".
    expect(node.get_by_role("alert")).to_have_text("Time is up (5 minutes): go to step 4.")
    expect(node.get_by_role("timer")).to_be_hidden()
    at(page, "router", "restart")
    assert axe_violations(page) == []
    # The case note says how the time box went.
    answer(page, "router", "Done, continue")
    tree(page, "router").get_by_role("button", name="Copy case note").click()
    expect(tree(page, "router").locator(".sopkit-copied")).to_have_text("Copied")
    note = str(page.evaluate("navigator.clipboard.readText()"))
    assert "Time boxes:\n  Step 2 (5 minutes): started 14:05, ended 14:10 (time ran out)\n" in note


def test_missing_items_are_listed_once_by_step_and_each_link_works(tab: Tab, demo_url: str) -> None:
    page = tab.page
    tab.goto(demo_url + "guides/tier1-required-info/")
    guide = "tier1-required-info"
    answer(page, guide, "Done, continue")
    answer(page, guide, "No")  # not cyber security
    answer(page, guide, "Yes")  # remote access: DDNS or port forwarding
    page.fill("#tier1-required-info--field-wan-ip", "203.0.113.7")
    answer(page, guide, "Done, continue")
    for _ in range(4):  # P2P, RMA, third-party software, third-party hardware
        answer(page, guide, "No")
    answer(page, guide, "Yes")  # a product in the Product field
    answer(page, guide, "Done, continue")
    at(page, guide, "escalated")
    missing = tree(page, guide).locator(".sopkit-missing")
    steps = missing.locator(".sopkit-missing__step")
    # One entry per earlier step with something missing; the outcome's own list is in view.
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Step 1: Enter the information that every escalated")
    expect(steps.nth(1)).to_contain_text("Step 4: Record the network details")
    expect(steps.nth(1).locator("li")).not_to_contain_text(["WAN IP"])
    expect(steps.nth(2)).to_contain_text("Step 10: Save the case")
    assert axe_violations(page) == []
    steps.nth(1).get_by_role("button", name="Go to step 4").click()
    at(page, guide, "remote-ddns")
    for field in page.locator(
        "li[data-sopkit-node='remote-ddns'] input[data-sopkit-required]"
    ).all():
        # The ports are numbers: "x" there would still be missing.
        field.fill("8080" if field.get_attribute("data-sopkit-type") == "number" else "x")
    answer(page, guide, "Done, continue")
    # The later answers are given again: straight back to the outcome.
    at(page, guide, "escalated")
    expect(steps).to_have_count(2)
    expect(missing).not_to_contain_text("Step 4")


def test_case_note_exact_text(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    page.clock.set_fixed_time(NOTE_TIME)
    walk_to_fixed(tab, fixture_url + "router/")
    answer(page, "router", "No")
    answer(page, "router", "Continue in: Printer jam")
    page.wait_for_selector("section[data-sopkit-tree='printer'][data-sopkit-ready]")
    answer(page, "printer", "Yes")
    tree(page, "printer").get_by_role("button", name="Copy case note").click()
    expect(tree(page, "printer").locator(".sopkit-copied")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Case note — 2026-11-03 14:05 UTC\n"
        "Call started: 14:05\n"
        "\n"
        "Guide: Router is offline (Version 2026-10-01 · 47c0be6b20cb)\n"
        "1. Is the power light on? Yes\n"
        "2. Restart the router: done\n"
        "3. Is it working now? No\n"
        "4. Continue in: Printer jam\n"
        "Checklist:\n"
        "  [x] Model\n"
        "Details:\n"
        "  Serial number: SN-4711\n"
        "Time boxes:\n"
        "  Step 2 (5 minutes): started 14:05, ended 14:05\n"
        "\n"
        "Guide: Printer jam (Version 76167da8cbba)\n"
        "1. Is paper stuck? Yes\n"
        "Outcome: Escalate — Escalate to Tier 2\n"
    )


def test_copy_falls_back_to_a_selected_textarea(
    new_tab: Callable[..., Tab], fixture_url: str
) -> None:
    tab = new_tab()
    page = tab.page
    page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));"
    )
    page.clock.set_fixed_time(NOTE_TIME)
    tab.goto(fixture_url + "router/#router--fixed")
    router = tree(page, "router")
    router.get_by_role("button", name="Copy case note").click()
    note = router.get_by_label("Case note")
    expect(note).to_be_visible()
    expect(note).to_be_focused()
    assert note.input_value() == (
        "Case note — 2026-11-03 14:05 UTC\n"
        "Call started: 14:05\n"
        "\n"
        "Guide: Router is offline (Version 2026-10-01 · 47c0be6b20cb)\n"
        "In progress at: Is it working now?\n"
    )
    assert page.evaluate(
        "[document.activeElement.selectionStart, document.activeElement.selectionEnd]"
    ) == [0, len(note.input_value())]
    expect(router.locator(".sopkit-note-fallback__message")).to_have_text(
        "Copy failed: select the text below and copy it"
    )
    assert axe_violations(page) == []


def test_script_copy_button(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    tab.goto(fixture_url + "router/#router--restart")
    tree(page, "router").get_by_role("button", name="Copy script").click()
    expect(tree(page, "router").locator(".sopkit-copied")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Please unplug the router for ten seconds."
    )


def test_dark_palette_is_accessible(new_tab: Callable[..., Tab], demo_url: str) -> None:
    tab = new_tab(color_scheme="dark")
    page = tab.page
    tab.goto(demo_url + "guides/tier1-escalation/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    answer(page, "tier1-escalation", "I'm stuck; the case needs a Tier 2 engineer (Case 1)")
    answer(page, "tier1-escalation", "Yes, pre-sales")
    assert axe_violations(page) == []
