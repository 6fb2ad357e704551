"""The player never breaks mid-call and never leaks: no JS, CSP, instant navigation,
storage failures, edited trees, typed values, and case notes in another language."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import SITE_FIXTURE, Build, copy_project, run_build

from .conftest import CSP, Servers, Tab, free_port
from .player import answer, at, axe_violations, stored, tree

pytestmark = pytest.mark.browser

SECRET = "SN-SECRET-4711"


def test_without_javascript_every_step_is_readable_and_linked(
    new_tab: Callable[..., Tab], fixture_url: str
) -> None:
    tab = new_tab(java_script_enabled=False)
    page = tab.page
    page.goto(fixture_url + "router/")
    router = tree(page, "router")
    expect(router.locator("li.sopkit-node")).to_have_count(6)
    for node in router.locator("li.sopkit-node").all():
        expect(node).to_be_visible()
    expect(router.locator(".sopkit-toolbar")).to_have_count(0)
    router.locator("li[data-sopkit-node='lights']").get_by_text("Yes", exact=True).click()
    assert page.url.endswith("/router/#router--restart")
    assert page.locator(":target").get_attribute("id") == "router--restart"
    # axe needs scripts: check the same static guide with the player's file left empty.
    static = new_tab()
    static.page.route(
        "**/sopkit/player.mjs",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    static.page.goto(fixture_url + "router/")
    expect(tree(static.page, "router").locator("li.sopkit-node:visible")).to_have_count(6)
    assert axe_violations(static.page) == []


def test_works_under_content_security_policy(
    new_tab: Callable[..., Tab], fixture_build: Build, servers: Servers
) -> None:
    url = servers.url(fixture_build.site_dir, csp=CSP)
    tab = new_tab()
    page = tab.page
    page.on("console", lambda msg: None)
    tab.goto(url + "router/")
    answer(page, "router", "Yes")
    at(page, "router", "restart")
    answer(page, "router", "Done, continue")
    at(page, "router", "fixed")
    # The theme's own inline snippets are refused; nothing of sopkit's may be.
    refused = [e for e in tab.errors if "Content Security Policy" in e]
    assert refused, "the CSP header was not enforced"
    assert all("inline script" in e for e in refused), refused
    tab.errors[:] = [e for e in tab.errors if e not in refused]


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory: pytest.TempPathFactory, servers: Servers) -> str:
    """The fixture site with a ``site_url``, which Material's instant navigation needs."""
    project = copy_project(SITE_FIXTURE, tmp_path_factory.mktemp("instant") / "project")
    port = free_port()
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: http://127.0.0.1:{port}/\n" + config.read_text())
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.log
    return servers.url(project / "site", port=port)


def test_instant_navigation_reinitialises_once_per_page(tab: Tab, instant_url: str) -> None:
    page = tab.page
    with page.expect_response("**/sitemap.xml"):
        tab.goto(instant_url + "router/")
    page.wait_for_timeout(200)  # the theme reads the sitemap before it takes over links
    page.evaluate("window.sopkitMarker = 'same document'")
    answer(page, "router", "No")
    at(page, "router", "power")
    page.locator("nav.md-nav--primary").get_by_role("link", name="Printer", exact=True).click()
    page.wait_for_url("**/printer/")
    page.wait_for_selector("section[data-sopkit-tree='printer'][data-sopkit-ready]")
    at(page, "printer", "jam")
    page.locator("nav.md-nav--primary").get_by_role("link", name="Router", exact=True).click()
    page.wait_for_url("**/router/")
    page.wait_for_selector("section[data-sopkit-tree='router'][data-sopkit-ready]")
    assert page.evaluate("window.sopkitMarker") == "same document"  # no full reload
    # Opened again from the navigation: the agent says whether it is the same call.
    tree(page, "router").get_by_role("button", name="Continue this call").click()
    at(page, "router", "power")  # resumed
    expect(tree(page, "router").locator(".sopkit-toolbar")).to_have_count(1)
    tree(page, "router").get_by_role("button", name="Back", exact=True).click()
    at(page, "router", "lights")
    page.keyboard.press("1")
    at(page, "router", "restart")


def test_storage_that_throws_does_not_break_the_guide(
    new_tab: Callable[..., Tab], fixture_url: str
) -> None:
    tab = new_tab()
    page = tab.page
    # sessionStorage fails on every call, as in some private modes or when full.
    page.add_init_script(
        "for (const name of ['getItem', 'setItem', 'removeItem', 'key']) {"
        "  const real = Storage.prototype[name];"
        "  Storage.prototype[name] = function (...args) {"
        "    if (this === window.sessionStorage) {"
        "      throw new DOMException('full', 'QuotaExceededError');"
        "    }"
        "    return real.apply(this, args);"
        "  };"
        "}"
    )
    tab.goto(fixture_url + "router/")
    answer(page, "router", "Yes")
    page.fill("#router--field-serial", "SN-1")
    answer(page, "router", "Done, continue")
    at(page, "router", "fixed")
    tree(page, "router").get_by_role("button", name="Back", exact=True).click()
    at(page, "router", "restart")
    assert page.input_value("#router--field-serial") == "SN-1"


def test_typed_values_never_leave_the_tab(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    urls: list[str] = []
    page.on("framenavigated", lambda frame: urls.append(frame.url))
    tab.goto(fixture_url + "router/")
    answer(page, "router", "Yes")
    page.fill("#router--field-serial", SECRET)
    answer(page, "router", "Done, continue")
    tree(page, "router").get_by_role("button", name="Copy case note").click()
    answer(page, "router", "No")
    answer(page, "router", "Continue in: Printer jam")
    page.wait_for_selector("section[data-sopkit-tree='printer'][data-sopkit-ready]")
    answer(page, "printer", "Yes")
    page.reload()
    page.wait_for_selector("section[data-sopkit-ready]")
    urls.append(page.url)
    assert tab.requests, "no request was recorded"
    for request in tab.requests:
        assert SECRET not in request.url
        assert SECRET not in (request.post_data or "")
        assert SECRET not in str(request.headers)
    assert not [u for u in urls if SECRET in u]
    assert page.evaluate("localStorage.length") == 0
    assert page.context.cookies() == []
    # sessionStorage is the one place it is kept, so a reload can resume.
    assert SECRET in str(stored(page))


def test_an_updated_guide_keeps_what_still_applies_and_says_so(
    tab: Tab, tmp_path: Path, servers: Servers
) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "project")
    site = tmp_path / "site"
    assert run_build(project, site).returncode == 0
    url = servers.url(site)
    page = tab.page
    tab.goto(url + "router/")
    answer(page, "router", "Yes")
    page.fill("#router--field-serial", "SN-77")
    answer(page, "router", "Done, continue")
    at(page, "router", "fixed")
    source = project / "decision_trees" / "router.yml"
    source.write_text(
        source.read_text().replace("Is it working now?", "Is the router working now?")
    )
    assert run_build(project, site).returncode == 0
    page.reload()  # redeployed mid-call
    page.wait_for_selector("section[data-sopkit-ready]")
    at(page, "router", "fixed")
    router = tree(page, "router")
    expect(router.locator(".sopkit-notice")).to_have_text(
        "This procedure was updated since you started: the answers and details that still "
        "apply were kept."
    )
    assert router.locator(".sopkit-history__item").count() == 2
    expect(router.locator("li[data-sopkit-node='fixed'] h3")).to_contain_text(
        "Is the router working now?"
    )
    # An answer reworded (so with another id) no longer applies: the path ends before it.
    source.write_text(
        source.read_text().replace("label: {en: Yes,", "label: {en: 'Yes, it is on',", 1)
    )
    assert run_build(project, site).returncode == 0
    page.reload()
    page.wait_for_selector("section[data-sopkit-ready]")
    at(page, "router", "lights")
    expect(router.locator(".sopkit-notice")).to_contain_text("This procedure was updated")
    assert page.input_value("#router--field-serial") == "SN-77"


@pytest.fixture(scope="module")
def english_notes_url(tmp_path_factory: pytest.TempPathFactory, servers: Servers) -> str:
    """The fixture site with English case notes and both trees on one extra page."""
    project = copy_project(SITE_FIXTURE, tmp_path_factory.mktemp("notes") / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        re.sub(r"  - sopkit\n", "  - sopkit:\n      case_note_language: en\n", config.read_text())
    )
    both = "# Both\n\n```decision-tree\nrouter\n```\n\n```decision-tree\nprinter\n```\n"
    (project / "docs" / "both.md").write_text(both)
    (project / "docs" / "both.es.md").write_text(both.replace("# Both", "# Ambos"))
    config.write_text(
        config.read_text().replace("  - printer.md\n", "  - printer.md\n  - both.md\n")
    )
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.log
    return servers.url(project / "site")


def test_spanish_page_writes_an_english_case_note(tab: Tab, english_notes_url: str) -> None:
    page = tab.page
    page.clock.set_fixed_time("2026-11-03T14:05:00Z")
    tab.goto(english_notes_url + "es/router/")
    answer(page, "router", "No")
    at(page, "router", "power")
    tree(page, "router").get_by_role("button", name="Copiar nota del caso").click()
    expect(tree(page, "router").locator(".sopkit-copied")).to_have_text("Copiado")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Case note — 2026-11-03 14:05 UTC\n"
        "Call started: 14:05\n"
        "\n"
        "Guide: Router is offline (Version 2026-10-01 · 47c0be6b20cb)\n"
        "1. Is the power light on? No\n"
        "Outcome: Transfer — Transfer to hardware support\n"
    )


def test_two_trees_on_one_page(tab: Tab, english_notes_url: str) -> None:
    page = tab.page
    tab.goto(english_notes_url + "both/")
    at(page, "router", "lights")
    at(page, "printer", "jam")
    answer(page, "router", "Yes")
    answer(page, "router", "Done, continue")
    answer(page, "router", "No")
    at(page, "printer", "jam")
    answer(page, "router", "Continue in: Printer jam")
    expect(tree(page, "printer").locator(".sopkit-notice")).to_have_text(
        "Continued from: Router is offline"
    )
    assert page.evaluate("document.activeElement.id") == "printer--jam"
    page.keyboard.press("2")  # keys go to the tree that has the focus
    at(page, "printer", "done")
    at(page, "router", "escalate")
    page.go_back()
    at(page, "printer", "jam")
    assert axe_violations(page) == []


BUILT_INS = """title: {en: Built-in names, es: Nombres integrados}
start: constructor
nodes:
  constructor:
    type: step
    text: {en: Note the serial number, es: Anote el número de serie}
    timebox: {minutes: 5}
    fields:
      - {id: constructor, label: {en: Serial number, es: Número de serie}, required: true}
    checklist:
      - {id: constructor, text: {en: Model read back, es: Modelo confirmado}}
    next: escalate
  escalate:
    type: outcome
    result: escalate
    text: {en: Escalate to Tier 2, es: Escale al Nivel 2}
"""


def test_ids_named_like_javascript_built_ins_are_plain_ids(
    tab: Tab, tmp_path: Path, servers: Servers
) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "project")
    (project / "decision_trees" / "constructor.yml").write_text(BUILT_INS, encoding="utf-8")
    page_text = "# Built-ins\n\n```decision-tree\nconstructor\n```\n"
    (project / "docs" / "constructor.md").write_text(page_text, encoding="utf-8")
    (project / "docs" / "constructor.es.md").write_text(page_text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - printer.md\n", "  - printer.md\n  - constructor.md\n")
    )
    build = run_build(project, project / "site")
    assert build.returncode == 0, build.log
    page = tab.page
    tab.goto(servers.url(project / "site") + "constructor/")
    guide = tree(page, "constructor")
    # A time box on node 'constructor' counts down; it is not "up" at once.
    expect(guide.get_by_role("timer")).to_have_text("5:00 left")
    assert page.input_value("#constructor--field-constructor") == ""
    answer(page, "constructor", "Done, continue")
    at(page, "constructor", "escalate")
    expect(guide.locator(".sopkit-missing")).to_contain_text("Serial number: empty")
    expect(guide.locator(".sopkit-missing")).to_contain_text("Model read back: not confirmed")
    guide.get_by_role("button", name="Copy case note").click()
    note = str(page.evaluate("navigator.clipboard.readText()"))
    assert "Serial number: (not provided)" in note
    assert "function" not in note and "native code" not in note
    assert page.evaluate("Object.prototype.hasOwnProperty.call(Object, 'pushes')") is False


def test_a_malformed_address_leaves_the_guide_working(tab: Tab, fixture_url: str) -> None:
    page = tab.page
    tab.goto(fixture_url + "router/#router--%")  # not valid percent-encoding
    at(page, "router", "lights")
    answer(page, "router", "Yes")
    at(page, "router", "restart")
