"""Usage events: what the player tells a site about a guide's use, and what it never does.

One small site (the fixture, sending its events with ``beacon``) is built for the whole
module; the other sinks are the same pages with the sink's name swapped in the guide's
data, and each sink's function is a stub that records its calls.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Tab
from tests.browser.player import answer, at, tree
from tests.conftest import SITE_FIXTURE, copy_project, run_build

ROUTER = "router"
PRINTER = "printer"
SENTINEL = "SENTINEL-typed-7731"
SETTINGS = """
      pdf: false
      flowchart: false
      events: beacon
      events_url: /collect
      report_problem_url: "https://tracker.example/new?title={tree}%20{node}&body={page}%20{version}%20{lang}"
"""
# Every sopkit:* event the page dispatches, kept in order (added before the page's scripts).
LISTEN = """
window.__events = [];
const names = ["start", "step", "answer", "goto", "outcome", "restart", "note-copied", "abandon"];
for (const name of names) {
  document.addEventListener("sopkit:" + name, (e) => window.__events.push(e.detail));
}
window.__calls = [];
window.gtag = (...args) => window.__calls.push(["gtag", ...args]);
window.plausible = (...args) => window.__calls.push(["plausible", ...args]);
"""


class Collector(SimpleHTTPRequestHandler):
    """Serves the site, and keeps the body of every POST to /collect (the beacons).

    A real server, not a route of the browser's: a beacon sent as the page goes away
    leaves after the page's routes are gone.
    """

    bodies: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if self.path == "/collect":
            self.bodies.append(self.rfile.read(length).decode("utf-8"))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def insight_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site with events sent by beacon to /collect, served by a Collector."""
    project = copy_project(SITE_FIXTURE, tmp_path_factory.mktemp("insight") / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - sopkit\n", "  - sopkit:" + SETTINGS), encoding="utf-8"
    )
    build = run_build(project, project.parent / "site")
    assert build.returncode == 0, build.log
    handler = functools.partial(Collector, directory=str(build.site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


class Sent:
    """The beacons the site received since the test began, one JSON event each."""

    def __init__(self) -> None:
        Collector.bodies.clear()
        self.bodies = Collector.bodies

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(body) for body in self.bodies]


@pytest.fixture
def sent() -> Sent:
    return Sent()


@pytest.fixture
def insight_tab(new_tab: Callable[..., Tab]) -> Tab:
    tab = new_tab()
    tab.page.add_init_script(LISTEN)
    return tab


def dom_events(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate("window.__events"))


def kinds(events: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """Each event as (event, node) plus its answer, outcome or hand-off target."""
    out = []
    for e in events:
        extra = tuple(str(e[k]) for k in ("answer", "result", "to", "from") if k in e)
        out.append((e["event"], e["node"], *extra))
    return out


def walk_router(page: Page) -> None:
    """Yes, fill every field and box with the sentinel, continue, No: at the hand-off."""
    answer(page, ROUTER, "Yes")
    at(page, ROUTER, "restart")
    step = tree(page, ROUTER).locator("li[data-sopkit-node='restart']")
    for field in step.locator("input[data-sopkit-field]").all():
        field.fill(SENTINEL)
    for box in step.locator("input[data-sopkit-check]").all():
        box.check()
    step.locator("a.sopkit-answer").click()
    at(page, ROUTER, "fixed")
    answer(page, ROUTER, "No")
    at(page, ROUTER, "escalate")


def sent_kinds(sent: Sent) -> list[tuple[str, str]]:
    """(event, node) of every beacon received, sorted: beacons race each other."""
    return sorted((e["event"], e["node"]) for e in sent.events())


def wait_for_beacons(sent: Sent, count: int, page: Page) -> None:
    for _ in range(50):
        if len(sent.bodies) >= count:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{len(sent.bodies)} beacons, expected {count}: {sent.bodies}")


def test_a_full_walk_and_its_hand_off_send_each_event_once(
    insight_tab: Tab, insight_url: str, sent: Sent
) -> None:
    page = insight_tab.page
    insight_tab.goto(insight_url + "router/")
    walk_router(page)
    router_events = dom_events(page)
    assert kinds(router_events) == [
        ("start", "lights"),
        ("step", "lights"),
        ("answer", "lights", "yes"),
        ("step", "restart", "lights"),
        ("step", "fixed", "restart"),
        ("answer", "fixed", "no"),
        ("step", "escalate", "fixed"),
    ]
    first = router_events[0]
    call = first["call"]
    version = tree(page, ROUTER).get_attribute("data-sopkit-hash")
    assert {k: first[k] for k in ("v", "tree", "hash", "lang", "page", "resumed")} == {
        "v": 1,
        "tree": ROUTER,
        "hash": version,
        "lang": "en",
        "page": "/router/",
        "resumed": False,
    }
    assert re.fullmatch(r"[0-9a-f]{24}", call)
    assert all(e["call"] == call for e in router_events)
    timed = [e for e in router_events if "from" in e]
    assert all(isinstance(e["ms"], int) and e["ms"] >= 0 for e in timed)
    # The hand-off: a goto, then the printer's guide starts in the same call.
    tree(page, ROUTER).locator("a.sopkit-goto").click()
    page.wait_for_url(re.compile(r"/printer/"))
    at(page, PRINTER, "jam")
    answer(page, PRINTER, "Yes")
    at(page, PRINTER, "done")
    assert kinds(dom_events(page)) == [
        ("start", "jam"),
        ("step", "jam"),
        ("answer", "jam", "yes"),
        ("step", "done", "jam"),
        ("outcome", "done", "escalate"),
    ]
    assert all(e["call"] == call for e in dom_events(page))
    # Every event went out once by beacon, the goto included, and no abandon (handed off).
    wait_for_beacons(sent, 13, page)
    printer = ["goto", "start", "step", "answer", "step", "outcome"]
    assert sorted(e["event"] for e in sent.events()) == sorted(
        [e[0] for e in kinds(router_events)] + printer
    )
    goto = [e for e in sent.events() if e["event"] == "goto"]
    assert goto[0] | {"at": ""} == {
        **{k: first[k] for k in ("v", "tree", "hash", "lang", "page", "call")},
        "event": "goto",
        "node": "escalate",
        "to": PRINTER,
        "at": "",
    }
    assert all(body.endswith("}\n") and body.count("\n") == 1 for body in sent.bodies)


def test_nothing_typed_or_checked_reaches_an_event_or_a_request(
    insight_tab: Tab, insight_url: str, sent: Sent
) -> None:
    page = insight_tab.page
    insight_tab.goto(insight_url + "router/")
    walk_router(page)
    guide = tree(page, ROUTER)
    guide.locator(".sopkit-copy-note").click()
    # Restarted, then the page is left before an outcome.
    guide.locator(".sopkit-restart").click()
    at(page, ROUTER, "lights")
    events = dom_events(page)
    assert kinds(events)[-4:] == [
        ("note-copied", "escalate"),
        ("restart", "escalate"),
        ("start", "lights"),
        ("step", "lights"),
    ]
    page.goto("about:blank")
    wait_for_beacons(sent, len(events) + 1, page)
    assert sent_kinds(sent) == sorted(
        [*((e["event"], e["node"]) for e in events), ("abandon", "lights")]
    )
    seen = [json.dumps(e) for e in events] + sent.bodies
    seen += [f"{r.url} {r.post_data or ''}" for r in insight_tab.requests]
    assert not [text for text in seen if SENTINEL in text or "serial" in text]
    allowed = {"v", "event", "tree", "node", "hash", "lang", "page", "call", "at"}
    allowed |= {"resumed", "from", "ms", "answer", "result", "to"}
    assert {key for e in sent.events() for key in e} <= allowed


def test_a_changed_answer_and_an_abandon(insight_tab: Tab, insight_url: str, sent: Sent) -> None:
    page = insight_tab.page
    insight_tab.goto(insight_url + "router/")
    answer(page, ROUTER, "Yes")
    at(page, ROUTER, "restart")
    tree(page, ROUTER).locator(".sopkit-back").click()
    at(page, ROUTER, "lights")
    answer(page, ROUTER, "No")
    at(page, ROUTER, "power")
    events = dom_events(page)
    # Back to the page's first address, Material's instant navigation makes the page anew:
    # the guide starts again, resumed, and was not left.
    assert kinds(events) == [
        ("start", "lights"),
        ("step", "lights"),
        ("answer", "lights", "yes"),
        ("step", "restart", "lights"),
        ("step", "lights", "restart"),
        ("start", "lights"),
        ("step", "lights"),
        ("answer", "lights", "no"),
        ("step", "power", "lights"),
        ("outcome", "power", "transfer"),
    ]
    assert [e.get("resumed") for e in events if e["event"] == "start"] == [False, True]
    call = events[0]["call"]
    assert {e["call"] for e in events} == {call}
    # Back from the outcome, then the page is reloaded and left at the question.
    tree(page, ROUTER).locator(".sopkit-back").click()
    at(page, ROUTER, "lights")
    page.reload()
    page.wait_for_selector("section[data-sopkit-ready]")
    at(page, ROUTER, "lights")
    page.goto("about:blank")
    wait_for_beacons(sent, len(events) + 5, page)
    # Beacons may arrive in any order.
    after = [("step", "lights"), ("abandon", "lights"), ("start", "lights"), ("step", "lights")]
    after.append(("abandon", "lights"))
    assert sent_kinds(sent) == sorted([*((e["event"], e["node"]) for e in events), *after])
    abandons = [e for e in sent.events() if e["event"] == "abandon"]
    assert {e["call"] for e in abandons} == {call}
    assert all(isinstance(e["ms"], int) for e in abandons)


def swap_sink(page: Page, url: str, sink: str) -> None:
    """Serve the page at ``url`` with ``sink`` in the guide's data in place of beacon."""

    def serve(route: Route) -> None:
        html = route.fetch().text()
        swapped = html.replace(
            "&#34;send&#34;:&#34;beacon&#34;", f"&#34;send&#34;:&#34;{sink}&#34;"
        )
        assert swapped != html
        route.fulfill(
            status=200,
            content_type="text/html",
            body=swapped,
        )

    page.route(url, serve)


@pytest.mark.parametrize(
    ("sink", "expected"),
    [
        (
            "ga4",
            [
                "gtag",
                "event",
                "sopkit_answer",
                {
                    "tree": ROUTER,
                    "node": "lights",
                    "answer": "yes",
                    "lang": "en",
                    "page": "/router/",
                },
            ],
        ),
        (
            "plausible",
            [
                "plausible",
                "sopkit answer",
                {
                    "props": {
                        "tree": ROUTER,
                        "node": "lights",
                        "answer": "yes",
                        "lang": "en",
                        "page": "/router/",
                    }
                },
            ],
        ),
        ("matomo", ["trackEvent", "sopkit", "answer", "router/lights/yes"]),
    ],
)
def test_each_sink_gets_the_documented_call(
    insight_tab: Tab, insight_url: str, sent: Sent, sink: str, expected: list[Any]
) -> None:
    page = insight_tab.page
    swap_sink(page, insight_url + "router/", sink)
    insight_tab.goto(insight_url + "router/")
    answer(page, ROUTER, "Yes")
    at(page, ROUTER, "restart")
    calls = (
        page.evaluate("window._paq || []") if sink == "matomo" else page.evaluate("window.__calls")
    )
    names = [c[2] if sink == "matomo" else c[-2] if sink == "plausible" else c[2] for c in calls]
    if sink == "matomo":
        assert names == ["start", "step", "answer", "step"]
        assert calls[2] == expected
        assert calls[3][:4] == ["trackEvent", "sopkit", "step", "router/restart"]
        assert isinstance(calls[3][4], int)
    else:
        wanted = "sopkit_" if sink == "ga4" else "sopkit "
        assert names == [wanted + n for n in ("start", "step", "answer", "step")]
        got = calls[2]
        params = got[-1]["props"] if sink == "plausible" else got[-1]
        want = expected[-1]["props"] if sink == "plausible" else expected[-1]
        assert got[:-1] == expected[:-1]
        assert {k: params[k] for k in want} == want
        assert set(params) == {"tree", "node", "hash", "lang", "page", "call", "at", "answer"}
    assert sent.bodies == []


def test_nothing_is_sent_when_events_are_off(new_tab: Callable[..., Tab], fixture_url: str) -> None:
    tab = new_tab()
    tab.page.add_init_script(LISTEN)
    page = tab.page
    tab.goto(fixture_url + "router/")
    answer(page, ROUTER, "No")
    at(page, ROUTER, "power")
    # The page's own scripts still hear every event; nothing leaves the page.
    assert [e["event"] for e in dom_events(page)] == ["start", "step", "answer", "step", "outcome"]
    assert page.evaluate("window.__calls") == []
    assert page.evaluate("typeof window._paq") == "undefined"
    page.goto("about:blank")
    assert [r.method for r in tab.requests if r.method != "GET"] == []
    assert not [r for r in tab.requests if "collect" in r.url]
    # No notice either.
    tab.goto(fixture_url + "router/")
    expect(page.locator(".sopkit-events-notice")).to_have_count(0)
    expect(page.locator(".sopkit-report")).to_have_count(0)


def test_the_notice_and_the_report_link_are_on_the_page(insight_tab: Tab, insight_url: str) -> None:
    page = insight_tab.page
    insight_tab.goto(insight_url + "es/router/")
    guide = tree(page, ROUTER)
    expect(guide.locator(".sopkit-events-notice")).to_have_text(
        "Esta guía registra qué pasos se usan, nunca lo que usted escribe."
    )
    link = guide.locator("li[data-sopkit-node='lights'] .sopkit-report a")
    expect(link).to_have_text("Informar un problema con este paso")
    version = quote(str(guide.get_attribute("data-sopkit-version")), safe="")
    expect(link).to_have_attribute(
        "href",
        f"https://tracker.example/new?title=router%20lights&body=%2Fes%2Frouter%2F%20{version}%20es",
    )
    expect(link).to_have_attribute("target", "_blank")
