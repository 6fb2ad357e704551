"""The player on a site Zensical built (tests/fixtures/zensical): an English and a
Spanish guide work, each in its page's language, with no console error and no request
that fails. (Served without the CSP: Zensical's theme has inline scripts of its own.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import Build

from .conftest import Servers, Tab
from .player import answer, at, tree

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def zensical_url(zensical_build: Build, servers: Servers) -> str:
    """Base URL of the Zensical-built fixture."""
    return servers.url(zensical_build.site_dir)


def _no_failed_requests(tab: Tab) -> None:
    failed = [r.url for r in tab.requests if r.failure is not None]
    responses = [r.response() for r in tab.requests]
    missing = [r.url for r in responses if r is not None and r.status >= 400]
    assert failed == [] and missing == [], (failed, missing)


def test_an_english_guide_plays_and_goes_back(tab: Tab, zensical_url: str) -> None:
    tab.goto(zensical_url + "router/")
    guide = tree(tab.page, "router")
    expect(guide.locator("li.sopkit-node:not([hidden])")).to_contain_text("Is the power light on?")
    answer(tab.page, "router", "Yes")
    at(tab.page, "router", "restart")
    tab.page.go_back()
    at(tab.page, "router", "lights")
    _no_failed_requests(tab)


def test_a_spanish_guide_shows_the_spanish_tree(tab: Tab, zensical_url: str) -> None:
    tab.goto(zensical_url + "router.es/")
    shown = tree(tab.page, "router").locator("li.sopkit-node:not([hidden])")
    expect(shown).to_contain_text("¿Está encendida la luz de encendido?")
    answer(tab.page, "router", "No")
    at(tab.page, "router", "power")
    expect(tree(tab.page, "router").locator("li.sopkit-node:not([hidden])")).to_contain_text(
        "Transfiera a soporte de hardware"
    )
    _no_failed_requests(tab)
