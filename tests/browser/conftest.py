"""Browser fixtures: one Chromium per session, built sites served over http, a fresh
context per test that records console errors and every request."""

from __future__ import annotations

import functools
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    Route,
)

from tests.conftest import Build

CSP = "script-src 'self'"


class _Handler(SimpleHTTPRequestHandler):
    csp: str | None = None

    def end_headers(self) -> None:
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """The browser drops connections it no longer needs: not an error."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Servers:
    """Static http servers on 127.0.0.1, one per (site, CSP), stopped after the session."""

    running: dict[tuple[str, str | None], tuple[ThreadingHTTPServer, str]] = field(
        default_factory=dict
    )

    def url(self, site: Path, csp: str | None = None, port: int = 0) -> str:
        """The base URL (ending in ``/``) of ``site`` served with an optional CSP header."""
        key = (str(site), csp)
        if key not in self.running:
            handler = type("Handler", (_Handler,), {"csp": csp})
            server = _Server(("127.0.0.1", port), functools.partial(handler, directory=str(site)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.running[key] = (server, f"http://127.0.0.1:{server.server_port}/")
        return self.running[key][1]

    def stop(self) -> None:
        """Shut every server down."""
        for server, _ in self.running.values():
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    """Serve built sites over http (instant navigation and clipboard need http)."""
    running = Servers()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def demo_url(demo_build: Build, servers: Servers) -> str:
    """Base URL of the demo site (no navigation.instant)."""
    return servers.url(demo_build.site_dir)


@pytest.fixture(scope="session")
def fixture_url(fixture_build: Build, servers: Servers) -> str:
    """Base URL of the fixture site (navigation.instant on)."""
    return servers.url(fixture_build.site_dir)


@pytest.fixture(scope="session")
def french_url(french_build: Build, servers: Servers) -> str:
    """Base URL of the third-language (French) fixture site."""
    return servers.url(french_build.site_dir)


@dataclass
class Tab:
    """A page with what it logged and asked for."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)

    def record(self, request: Request) -> None:
        """Keep every request the page makes."""
        self.requests.append(request)

    def unexplained_errors(self) -> list[str]:
        """Console errors and warnings."""
        return list(self.errors)

    def goto(self, url: str) -> None:
        """Open ``url`` and wait until the player has started."""
        self.page.goto(url)
        self.page.wait_for_selector("section.sopkit-tree[data-sopkit-ready]", state="attached")


@pytest.fixture
def new_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """Open tabs in fresh contexts; every one must end with zero console errors."""
    tabs: list[Tab] = []
    contexts = []

    def open_tab(**options: Any) -> Tab:
        context = browser.new_context(**{"timezone_id": "UTC", **options})
        contexts.append(context)
        page = context.new_page()
        tab = Tab(page)
        page.on("console", lambda msg: _record(tab, msg))
        page.on("pageerror", lambda exc: tab.errors.append(f"pageerror: {exc}"))
        page.on("request", tab.record)
        # The built site must not need the network; the theme asks GitHub for repo facts.
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), _offline)
        tabs.append(tab)
        return tab

    yield open_tab
    try:
        for tab in tabs:
            assert tab.unexplained_errors() == [], f"console errors: {tab.errors}"
    finally:
        for context in contexts:
            context.close()


def _offline(route: Route) -> None:
    route.fulfill(status=200, content_type="application/json", body="{}")


def _record(tab: Tab, message: ConsoleMessage) -> None:
    if message.type not in ("error", "warning"):
        return
    tab.errors.append(f"{message.type}: {message.text}")


@pytest.fixture
def tab(new_tab: Callable[..., Tab]) -> Tab:
    """A tab in a fresh context (UTC clock, clipboard allowed)."""
    return new_tab(permissions=["clipboard-read", "clipboard-write"])
