"""The agent on a live call: what is recorded is what was pressed, one press is one
answer, and one customer's call never leaks into the next."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Servers, Tab
from tests.browser.player import answer, at, axe_violations, stored, tree
from tests.conftest import run_build
from tests.hardening.test_every_character import spread, tree_source

IRATE = "irate-customer"
FOLLOW_UP = "irate-follow-up-case"


def copied_note(tab: Tab, tree_id: str) -> str:
    tree(tab.page, tree_id).locator(".sopkit-copy-note").click()
    expect(tree(tab.page, tree_id).locator(".sopkit-copied")).not_to_be_empty()
    return str(tab.page.evaluate("navigator.clipboard.readText()"))


def test_the_note_records_the_answer_pressed_when_two_lead_to_one_step(
    tab: Tab, demo_url: str
) -> None:
    page = tab.page
    tab.goto(demo_url + "guides/irate-customer/")
    answer(page, IRATE, "Yes, the customer asked")
    # Both "has not been updated" and "no case yet" lead to will-wait.
    answer(page, IRATE, "There is no case yet")
    at(page, IRATE, "will-wait")
    history = tree(page, IRATE).locator(".sopkit-history__answer")
    expect(history.nth(1)).to_have_text("There is no case yet")
    note = copied_note(tab, IRATE)
    assert "2. Is there already a case for this concern" in note
    assert note.count("There is no case yet") == 1
    assert "has not been updated" not in note
    # The step number is the agent's own: the third step taken.
    expect(
        tree(page, IRATE).locator("li[data-sopkit-node='will-wait'] .sopkit-node__step")
    ).to_have_text("Step 3")
    # Resumed after a reload, the answer is still the one pressed.
    page.reload()
    page.wait_for_selector("section[data-sopkit-ready]")
    at(page, IRATE, "will-wait")
    expect(history.nth(1)).to_have_text("There is no case yet")


def test_spanish_note_records_the_answer_pressed(tab: Tab, demo_url: str) -> None:
    page = tab.page
    guide = "support-request-escalation"
    tab.goto(demo_url + "es/guides/support-request-escalation/")
    third = tree(page, guide).locator("li[data-sopkit-node='why'] a.sopkit-answer").nth(2)
    label = third.inner_text()
    third.click()
    at(page, guide, "verify")
    note = copied_note(tab, guide)
    first = next(line for line in note.splitlines() if line.startswith("1. "))
    assert first.endswith(" " + label)
    assert note.count(label) == 1


def test_a_double_click_answers_one_question(tab: Tab, demo_url: str) -> None:
    page = tab.page
    guide = "tier1-escalation"
    tab.goto(demo_url + "guides/tier1-escalation/")
    tree(page, guide).locator("li.sopkit-node:not([hidden]) a.sopkit-answer").get_by_text(
        "I'm stuck; the case needs a Tier 2 engineer (Case 1)", exact=True
    ).dblclick()
    at(page, guide, "presales-check")
    expect(tree(page, guide).locator(".sopkit-history__item")).to_have_count(1)
    # A held number key answers one question too.
    page.keyboard.down("1")
    page.keyboard.down("1")  # the repeat
    page.keyboard.up("1")
    at(page, guide, "presales-escalate")


def test_reopening_a_guide_asks_continue_or_new_call(tab: Tab, demo_url: str) -> None:
    page = tab.page
    tab.goto(demo_url + "guides/tier1-required-info/")
    guide = "tier1-required-info"
    page.fill("#tier1-required-info--field-serial-number", "SN-OLD-CUSTOMER")
    answer(page, guide, "Done, continue")
    at(page, guide, "category")
    page.goto(demo_url)
    tab.goto(demo_url + "guides/tier1-required-info/")
    section = tree(page, guide)
    choice = section.locator(".sopkit-choice")
    expect(choice).to_be_visible()
    expect(choice.locator(".sopkit-choice__text")).to_contain_text(
        "step 2: Is it a cyber security concern?"
    )
    expect(section.locator("ol.sopkit-steps")).to_be_hidden()
    assert axe_violations(page) == []
    choice.get_by_role("button", name="Continue this call").click()
    at(page, guide, "category")
    # Again, and this time a new customer.
    tab.goto(demo_url + "guides/tier1-required-info/")
    choice.get_by_role("button", name="Start a new call").click()
    at(page, guide, "all-cases")
    assert page.input_value("#tier1-required-info--field-serial-number") == ""
    assert "SN-OLD-CUSTOMER" not in str(stored(page))
    assert "SN-OLD-CUSTOMER" not in copied_note(tab, guide)


def test_another_guide_opens_at_its_start_and_the_first_one_asks(tab: Tab, demo_url: str) -> None:
    page = tab.page
    tab.goto(demo_url + "guides/after-hours/")
    tree(page, "after-hours").locator("li.sopkit-node:not([hidden]) a.sopkit-answer").first.click()
    # Looking something up in another guide during the call: no question asked.
    tab.goto(demo_url + "guides/irate-customer/")
    expect(tree(page, IRATE).locator(".sopkit-choice")).to_be_hidden()
    at(page, IRATE, "asked")
    tab.goto(demo_url + "guides/after-hours/")
    choice = tree(page, "after-hours").locator(".sopkit-choice")
    expect(choice).to_be_visible()
    choice.get_by_role("button", name="Start a new call").click()
    assert [key for key in stored(page) if key.startswith("sopkit:journey:")] == [
        "sopkit:journey:after-hours"
    ]


def test_an_idle_call_ends_and_says_so(new_tab: Callable[..., Tab], demo_url: str) -> None:
    tab = new_tab(permissions=["clipboard-read", "clipboard-write"])
    page = tab.page
    page.clock.install(time="2026-11-03T09:00:00Z")
    tab.goto(demo_url + "guides/tier1-required-info/")
    guide = "tier1-required-info"
    page.fill("#tier1-required-info--field-serial-number", "SN-MORNING")
    answer(page, guide, "Done, continue")
    page.clock.fast_forward("04:01:00")
    # Back at the open tab hours later: the first press starts a new call.
    answer(page, guide, "Yes")  # a cyber security concern
    at(page, guide, "all-cases")
    expect(tree(page, guide).locator(".sopkit-notice")).to_have_text(
        "The previous call ended after 240 minutes without activity: this is a new call."
    )
    assert page.input_value("#tier1-required-info--field-serial-number") == ""
    assert "SN-MORNING" not in str(stored(page))


def walk_to_the_hand_off(tab: Tab, demo_url: str) -> None:
    page = tab.page
    tab.goto(demo_url + "guides/irate-customer/")
    answer(page, IRATE, "Yes, the customer asked")
    answer(page, IRATE, "There is no case yet")
    answer(page, IRATE, "Yes, they will wait for a follow-up")
    at(page, IRATE, "to-follow-up")


def test_after_a_hand_off_back_returns_and_restart_asks(tab: Tab, demo_url: str) -> None:
    page = tab.page
    walk_to_the_hand_off(tab, demo_url)
    tree(page, IRATE).locator("li.sopkit-node:not([hidden]) a.sopkit-goto").click()
    page.wait_for_selector(f"section[data-sopkit-tree='{FOLLOW_UP}'][data-sopkit-ready]")
    follow_up = tree(page, FOLLOW_UP)
    expect(follow_up.locator(".sopkit-notice")).to_contain_text("Continued from: ")
    back = follow_up.get_by_role("button", name="Back", exact=True)
    expect(back).to_be_enabled()
    back.click()
    page.wait_for_selector(f"section[data-sopkit-tree='{IRATE}'][data-sopkit-ready]")
    at(page, IRATE, "to-follow-up")
    expect(tree(page, IRATE).locator(".sopkit-history__item")).to_have_count(3)
    tree(page, IRATE).locator("li.sopkit-node:not([hidden]) a.sopkit-goto").click()
    page.wait_for_selector(f"section[data-sopkit-tree='{FOLLOW_UP}'][data-sopkit-ready]")
    first = follow_up.locator("li.sopkit-node:not([hidden])").get_attribute("data-sopkit-node")
    follow_up.locator("li.sopkit-node:not([hidden]) a.sopkit-answer").first.click()
    follow_up.get_by_role("button", name="Restart", exact=True).click()
    choice = follow_up.locator(".sopkit-choice")
    expect(choice.locator(".sopkit-choice__text")).to_have_text(
        "This call came through other guides first. Restart only this guide, or the whole call?"
    )
    assert axe_violations(page) == []
    choice.get_by_role("button", name="Restart this guide").click()
    at(page, FOLLOW_UP, str(first))
    # The first guide's part of the note survives a restart of the second.
    assert "There is no case yet" in copied_note(tab, FOLLOW_UP)
    follow_up.get_by_role("button", name="Restart", exact=True).click()
    choice.get_by_role("button", name="Restart the whole call").click()
    page.wait_for_selector(f"section[data-sopkit-tree='{IRATE}'][data-sopkit-ready]")
    at(page, IRATE, "asked")
    expect(tree(page, IRATE).locator(".sopkit-choice")).to_be_hidden()
    expect(tree(page, IRATE).locator(".sopkit-history__item")).to_have_count(0)


def test_a_hand_off_never_reaches_a_later_call(tab: Tab, demo_url: str) -> None:
    page = tab.page
    walk_to_the_hand_off(tab, demo_url)
    # Opened in another tab: this tab never follows the hand-off.
    with page.context.expect_page() as other:
        tree(page, IRATE).locator("li.sopkit-node:not([hidden]) a.sopkit-goto").click(
            modifiers=["Control"]
        )
    other.value.close()
    tree(page, IRATE).get_by_role("button", name="Restart", exact=True).click()
    tab.goto(demo_url + "guides/irate-follow-up-case/")
    follow_up = tree(page, FOLLOW_UP)
    expect(follow_up.locator(".sopkit-notice")).to_be_hidden()
    # The first guide's answers are not in this guide's note.
    assert "There is no case yet" not in copied_note(tab, FOLLOW_UP)


def test_browser_back_after_a_reload_moves_the_step(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    tab.goto(fixture_url + "router/")
    answer(page, "router", "Yes")
    at(page, "router", "restart")
    page.reload()
    page.wait_for_selector("section[data-sopkit-ready]")
    at(page, "router", "restart")
    page.go_back()
    at(page, "router", "lights")


LOOP = """title: Line test
start: q
nodes:
  q:
    type: question
    text: Is the line working?
    answers:
      - {label: "Yes", next: done}
      - {label: Try again, next: redial}
  redial: {type: step, text: Redial the number, next: q}
  done: {type: outcome, result: resolve, text: Working}
"""


@pytest.fixture(scope="module")
def small_site_url(tmp_path_factory: pytest.TempPathFactory, servers: Servers) -> str:
    """A small English site: a tree holding every hard piece of text (see
    ``tests/hardening/test_every_character.py``) shared out over the places a case note
    records, on the home page; a tree that asks one question again, on ``loop/``."""
    project = tmp_path_factory.mktemp("small") / "project"
    (project / "decision_trees").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(
        "site_name: T\ntheme: {name: material, font: false}\nplugins:\n  - sopkit:\n"
        "      languages: [en]\n      pdf: false\n      flowchart: false\n",
        encoding="utf-8",
    )
    texts, _ = spread(NOTED)
    trees = project / "decision_trees"
    (trees / "t.yml").write_text(tree_source(texts, ("en",)), encoding="utf-8")
    (trees / "loop.yml").write_text(LOOP, encoding="utf-8")
    for page, tree_id in (("index.md", "t"), ("loop.md", "loop")):
        fence = f"# {tree_id}\n\n```decision-tree\n{tree_id}\n```\n"
        (project / "docs" / page).write_text(fence, encoding="utf-8")
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.log
    return servers.url(project / "site")


NOTED = ("title", "question", "yes", "step", "check", "field", "outcome")


def test_the_note_keeps_every_character_of_the_texts_and_the_typed_value(
    tab: Tab, small_site_url: str
) -> None:
    page = tab.page
    tab.goto(small_site_url)
    guide = tree(page, "t")
    guide.locator("li.sopkit-node:not([hidden]) a.sopkit-answer").first.click()
    at(page, "t", "s")
    typed = "*72 line_status `x` <b> & \\ {0} 100% 👍🏽 שלום e\u0301"
    guide.locator("input[data-sopkit-check]").check()
    guide.locator("input[data-sopkit-field]").fill(typed)
    answer(page, "t", "Done, continue")
    at(page, "t", "done")
    note = " ".join(copied_note(tab, "t").split())
    _, seen = spread(NOTED)
    for place in NOTED:
        assert " ".join(seen[place].split()) in note, place
    assert typed in note


def test_change_on_the_first_visit_of_a_question_asked_again(tab: Tab, small_site_url: str) -> None:
    page = tab.page
    tab.goto(small_site_url + "loop/")
    for _ in range(2):
        answer(page, "loop", "Try again")
        answer(page, "loop", "Done, continue")
    at(page, "loop", "q")
    history = tree(page, "loop").locator(".sopkit-history__item")
    expect(history).to_have_count(4)
    # The first "Change" goes back to the first time the question was asked.
    history.nth(0).get_by_role("button").click()
    at(page, "loop", "q")
    answer(page, "loop", "Yes")
    at(page, "loop", "done")
    expect(history).to_have_count(1)
    expect(history.nth(0)).to_contain_text("Is the line working? → Yes")
    # The second one, to the second time.
    tree(page, "loop").get_by_role("button", name="Restart").click()
    answer(page, "loop", "Try again")
    answer(page, "loop", "Done, continue")
    answer(page, "loop", "Try again")
    answer(page, "loop", "Done, continue")
    history.nth(2).get_by_role("button").click()
    at(page, "loop", "q")
    answer(page, "loop", "Yes")
    expect(history).to_have_count(3)
