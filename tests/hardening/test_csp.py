"""The Content-Security-Policy documented in ``docs/editors/security.md`` holds.

The policy is read from the page itself, so the documentation is what is tested: every
inline script of the built demo site has its hash in it, and Chromium, served the site
with the policy as a header, reports no violation while the player works.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.browser.player import answer, at
from tests.conftest import ROOT, Build
from tests.hardening.safety import scripts

pytestmark = pytest.mark.browser

DOC = ROOT / "docs" / "editors" / "security.md"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${(event.sample || "").slice(0, 60)}) at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def documented_policy() -> str:
    found = re.search(r"^Content-Security-Policy: (.+)$", DOC.read_text("utf-8"), re.M)
    assert found, f"no 'Content-Security-Policy: ...' line in {DOC}"
    return found.group(1)


def sha256(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_policy_is_strict_for_scripts() -> None:
    directives = dict(d.strip().split(" ", 1) for d in documented_policy().split(";"))
    script_src = directives["script-src"].split()
    assert script_src[0] == "'self'"
    assert all(source.startswith("'sha256-") for source in script_src[1:])
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in directives["script-src"]


def test_every_inline_script_of_the_demo_is_allowed(demo_build: Build) -> None:
    policy = documented_policy()
    missing: dict[str, str] = {}
    pages = sorted(demo_build.site_dir.rglob("*.html"))
    for page in pages:
        for body in scripts(page.read_text(encoding="utf-8"))[0]:
            digest = sha256(body)
            if digest not in policy:
                missing.setdefault(digest, f"{page.relative_to(demo_build.site_dir)}: {body[:50]}")
    assert len(pages) > 10
    assert missing == {}, "add these hashes to docs/editors/security.md: " + repr(missing)


class _Handler(SimpleHTTPRequestHandler):
    policy = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def served_demo(demo_build: Build) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"policy": documented_policy()})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(demo_build.site_dir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A tab in a fresh context (no stored progress), recording CSP violations."""
    context = browser.new_context()
    # No network: the theme's call for repository facts gets an empty answer.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), _offline)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context.new_page()
    context.close()


def _offline(route: Route) -> None:
    route.fulfill(status=200, content_type="application/json", body="{}")


def open_page(page: Page, url: str) -> list[str]:
    """Open ``url``, let scripts settle, and return console CSP complaints."""
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return [text for text in console if "Content Security Policy" in text]


def violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("window.__cspViolations")
    return found


def test_policy_is_enforced(page: Page, served_demo: str) -> None:
    open_page(page, served_demo)
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    assert page.evaluate("window.ran") is None
    assert [v for v in violations(page) if v.startswith("script-src")] != []


@pytest.mark.parametrize("path", ["", "es/", "editors/security/"])
def test_pages_have_no_violation(page: Page, served_demo: str, path: str) -> None:
    complaints = open_page(page, served_demo + path)
    page.keyboard.press("/")  # the theme's search shortcut; its worker answers
    page.keyboard.type("escalate")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert violations(page) == []
    assert complaints == []


CASE_1_EN = "I'm stuck; the case needs a Tier 2 engineer (Case 1)"
CASE_1_ES = "No logro resolverlo; necesita el Nivel 2 (caso 1)"


@pytest.mark.parametrize("path", ["guides/tier1-escalation/", "es/guides/tier1-escalation/"])
def test_guide_and_player_work_without_violation(page: Page, served_demo: str, path: str) -> None:
    complaints = open_page(page, served_demo + path)
    page.wait_for_selector("section.sopkit-tree[data-sopkit-ready]", state="attached")
    at(page, "tier1-escalation", "situation")
    answer(page, "tier1-escalation", CASE_1_ES if path.startswith("es/") else CASE_1_EN)
    at(page, "tier1-escalation", "presales-check")
    assert page.locator(".sopkit-map svg").count() == 1
    assert violations(page) == []
    assert complaints == []


def test_doc_page_is_in_the_editors_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    editors = config.split("  - For editors:", 1)[1]
    assert "      - editors/security.md\n" in editors
    assert Path(DOC).is_file()


@pytest.mark.parametrize(
    "fragment",
    ["#tier1-escalation--no-such-node", "#%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "#--", "#"],
)
def test_unknown_node_hash_starts_at_the_start(page: Page, served_demo: str, fragment: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    open_page(page, served_demo + "guides/tier1-escalation/" + fragment)
    page.wait_for_selector("section.sopkit-tree[data-sopkit-ready]", state="attached")
    at(page, "tier1-escalation", "situation")
    answer(page, "tier1-escalation", CASE_1_EN)
    at(page, "tier1-escalation", "presales-check")
    assert errors == []
    assert violations(page) == []
