"""Material's search on the demo: agents' words find the guide, in the page's language first."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import Tab

pytestmark = pytest.mark.browser


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` in the search box; the pages listed, in order, relative to the site."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press("Control+a")
    box.press("Backspace")  # Material clears the results
    page.wait_for_selector(".md-search-result__item", state="detached")
    box.press_sequentially(query)  # Material searches on key presses
    page.wait_for_selector(".md-search-result__item", state="attached")
    hrefs: list[str] = page.eval_on_selector_all(
        ".md-search-result__item > a:first-child",
        "links => links.map(a => new URL(a.href).pathname)",
    )
    return [href.removeprefix("/") for href in hrefs]


def test_manager_finds_the_irate_customer_guide(tab: Tab, demo_url: str) -> None:
    tab.goto(demo_url + "guides/tier1-escalation/")
    found = search(tab.page, "manager")
    assert "guides/irate-customer/" in found[:5], found
    english = [not page.startswith("es/") for page in found]
    assert english == sorted(english, reverse=True), found


def test_a_spanish_page_lists_spanish_pages_first(tab: Tab, demo_url: str) -> None:
    tab.goto(demo_url + "es/guides/tier1-escalation/")
    found = search(tab.page, "supervisor")
    assert found[0] == "es/guides/irate-customer/", found
    # The English irate-customer guide has the keyword too, but comes after every Spanish page.
    assert "guides/irate-customer/" in found, found
    spanish = [page.startswith("es/") for page in found]
    assert spanish == sorted(spanish, reverse=True), found
    found = search(tab.page, "gerente")
    assert found[0] == "es/guides/irate-customer/", found


def test_spanish_words_are_found_by_their_stem(tab: Tab, demo_url: str) -> None:
    # No page says "reembolsos"; the complaint guide's keywords say "disputa de reembolso"
    # (Material's search finds a word by its beginnings only: the index has the plural).
    tab.goto(demo_url + "es/guides/tier1-escalation/")
    found = search(tab.page, "reembolsos")
    assert found[0] == "es/guides/complaint-escalation/", found
