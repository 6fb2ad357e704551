"""Helpers to drive the guide player in a page."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, Route, expect

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
_axe = Axe()


def tree(page: Page, tree_id: str) -> Locator:
    """The section of one tree."""
    return page.locator(f"section.sopkit-tree[data-sopkit-tree='{tree_id}']")


def current(page: Page, tree_id: str) -> str:
    """The id of the node the player shows (exactly one is visible)."""
    shown = tree(page, tree_id).locator("li.sopkit-node:not([hidden])")
    assert shown.count() == 1, f"{shown.count()} nodes visible"
    return str(shown.get_attribute("data-sopkit-node"))


def at(page: Page, tree_id: str, node_id: str) -> None:
    """Wait until the player shows ``node_id`` (and only it)."""
    shown = tree(page, tree_id).locator("li.sopkit-node:not([hidden])")
    expect(shown).to_have_attribute("data-sopkit-node", node_id)
    assert shown.count() == 1


def answer(page: Page, tree_id: str, label: str) -> None:
    """Click the answer of the visible node with this exact label."""
    node = tree(page, tree_id).locator("li.sopkit-node:not([hidden])")
    node.locator("a.sopkit-answer").get_by_text(label, exact=True).click()


class HeldSwap:
    """Material's instant navigation fetches the page again on its first Back or Forward
    and swaps it in; holding that fetch lets a test choose when the swap lands."""

    def __init__(self, page: Page, path: str) -> None:
        self.page = page
        self.pattern = "**" + path
        self.held: list[Route] = []
        page.route(self.pattern, self.hold)

    def hold(self, route: Route) -> None:
        """Keep the fetch waiting (Playwright calls a Python function, not a builtin)."""
        self.held.append(route)

    def land(self, tree_id: str) -> None:
        """Let the held fetch through and wait until the page swapped in has its guide."""
        assert self.held, "no fetch of the page to hold"
        self.page.evaluate(
            "id => document.querySelector(`section[data-sopkit-tree='${id}']`)"
            ".setAttribute('data-test-before-swap', '')",
            tree_id,
        )
        for route in self.held:
            route.continue_()
        self.page.unroute(self.pattern)
        self.page.wait_for_selector(
            f"section[data-sopkit-tree='{tree_id}'][data-sopkit-ready]"
            ":not([data-test-before-swap])",
            state="attached",
        )


def focused_id(page: Page) -> str:
    """The id of the focused element."""
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def stored(page: Page) -> dict[str, Any]:
    """Everything the player keeps in sessionStorage."""
    return dict(
        page.evaluate(
            "Object.fromEntries(Object.keys(sessionStorage)"
            ".map(k => [k, JSON.parse(sessionStorage.getItem(k))]))"
        )
    )


def axe_violations(page: Page) -> list[str]:
    """axe-core violations (WCAG 2.0/2.1/2.2 A and AA) in the guides, as readable lines.

    The run is scoped to the guides: the theme's own footer and the pages' prose are
    not the player's (see the report of this suite).
    """
    # Colours are judged as the agent sees them once a transition (Material's buttons
    # fade for 125 ms) has ended, not halfway through one on a busy machine.
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter((a) => a.effect.getComputedTiming().endTime !== Infinity)
            .map((a) => a.finished.catch(() => null)))"""
    )
    results = _axe.run(
        page,
        context={"include": [["section.sopkit-tree"]]},
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}},
    )
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]
    ]
