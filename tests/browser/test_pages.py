"""Whole demo pages as an agent's browser shows them, theme included.

axe finds nothing on a whole page in either palette and language (every guide at its
first step, and a fixed list of states on three guides: DECISIONS.md 13); no page of the
demo logs an error or asks for something it cannot get; a notice above the step stays
below the sticky header; the Map reads in both palettes and marks the step on screen.
Every test opens its own browser context, so they can run in parallel.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import ROOT

from .conftest import Tab
from .player import AXE_TAGS, at, tree

pytestmark = pytest.mark.browser

DOCS = ROOT / "docs"
LANGS = ("en", "es")
SCHEMES = {"light": "default", "dark": "slate"}


def player_words(lang: str) -> dict[str, str]:
    """The player's words in ``lang``, from sopkit's locale file."""
    locale = json.loads((ROOT / f"plugins/sopkit/locales/{lang}.json").read_text("utf-8"))
    return dict(locale["player"])


_axe = Axe()


def site_path(source: str) -> str:
    """The site path of a page of ``docs/`` (``guides/x.es.md`` -> ``es/guides/x/``)."""
    lang, name = (
        ("es/", source.removesuffix(".es.md"))
        if source.endswith(".es.md")
        else ("", source.removesuffix(".md"))
    )
    name = "" if name == "index" else name.removesuffix("/index") + "/"
    return lang + name


PAGES = sorted(site_path(md.relative_to(DOCS).as_posix()) for md in DOCS.rglob("*.md"))
GUIDES = sorted(
    md.stem
    for md in (DOCS / "guides").glob("*.md")
    if not md.name.endswith(".es.md") and "```decision-tree" in md.read_text("utf-8")
)


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def page_violations(page: Page) -> list[str]:
    """axe-core violations (WCAG 2.0/2.1/2.2 A and AA) on the whole page, as readable lines."""
    # Judge colours once transitions (Material's buttons fade for 125 ms) have ended.
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter((a) => a.effect.getComputedTiming().endTime !== Infinity)
            .map((a) => a.finished.catch(() => null)))"""
    )
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]
    ]


def open_guide(new_tab: Callable[..., Tab], url: str, scheme: str, **options: object) -> Tab:
    """A tab in the palette ``scheme`` showing the guide at ``url``."""
    tab = new_tab(color_scheme=scheme, **options)
    tab.goto(url)
    assert (
        tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (SCHEMES[scheme])
    )
    return tab


def failed_requests(tab: Tab) -> list[str]:
    """Requests that failed, got an error status, or left the site."""
    bad = []
    for request in tab.requests:
        response = request.response()
        if request.failure or response is None or response.status >= 400:
            bad.append(f"{response.status if response else request.failure} {request.url}")
        elif not request.url.startswith("http://127.0.0.1:"):
            bad.append(f"off-site {request.url}")
    return bad


# -- axe on whole pages ------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("guide", GUIDES)
def test_guide_page_at_its_first_step_passes_axe(
    new_tab: Callable[..., Tab], demo_url: str, guide: str, lang: str, scheme: str
) -> None:
    tab = open_guide(new_tab, f"{demo_url}{prefix(lang)}guides/{guide}/", scheme)
    assert page_violations(tab.page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_step_with_fields_and_checklist_passes_axe(
    new_tab: Callable[..., Tab], demo_url: str, lang: str, scheme: str
) -> None:
    tab = open_guide(new_tab, f"{demo_url}{prefix(lang)}guides/tier1-required-info/", scheme)
    section = tree(tab.page, "tier1-required-info")
    at(tab.page, "tier1-required-info", "all-cases")
    section.locator("input[data-sopkit-check]").first.check()
    section.locator("input[data-sopkit-field]").first.fill("IPC-1")
    section.locator("input[data-sopkit-field]").first.focus()
    assert page_violations(tab.page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_missing_items_and_the_open_map_pass_axe(
    new_tab: Callable[..., Tab], demo_url: str, lang: str, scheme: str
) -> None:
    guide = "tier1-required-info"
    tab = open_guide(new_tab, f"{demo_url}{prefix(lang)}guides/{guide}/", scheme)
    page = tab.page
    # Every step done with nothing filled in: an escalation with items missing.
    # done, no to each of the six categories, yes (a product), done
    for key in ("1", "2", "2", "2", "2", "2", "2", "1", "1"):
        page.keyboard.press(key)
    at(page, guide, "escalated")
    section = tree(page, guide)
    expect(section.locator(".sopkit-missing")).to_be_visible()
    section.locator("details.sopkit-map > summary").click()
    expect(section.locator("svg.sopkit-flowchart")).to_be_visible()
    assert page_violations(page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_copy_note_fallback_passes_axe(
    new_tab: Callable[..., Tab], demo_url: str, lang: str, scheme: str
) -> None:
    tab = new_tab(color_scheme=scheme)
    tab.page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));"
    )
    tab.goto(f"{demo_url}{prefix(lang)}guides/irate-customer/#irate-customer--update-shared")
    section = tree(tab.page, "irate-customer")
    at(tab.page, "irate-customer", "update-shared")
    section.locator(".sopkit-copy-note").click()
    expect(section.locator(".sopkit-note-fallback__text")).to_be_focused()
    assert page_violations(tab.page) == []


# -- every page: no console error, no failed request ----------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_or_failed_requests(
    new_tab: Callable[..., Tab], demo_url: str, path: str
) -> None:
    tab = new_tab()
    tab.page.goto(demo_url + path)
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.title()
    assert failed_requests(tab) == []
    # The theme's search dialog has a name: its search field's, in the page's language.
    dialog = tab.page.locator(".md-search[role=dialog]")
    field = tab.page.locator(".md-search__input")
    assert dialog.get_attribute("aria-label") == field.get_attribute("aria-label") != ""
    # new_tab checks at teardown that nothing was logged to the console.


# -- notices below the sticky header -------------------------------------------------


@pytest.mark.parametrize(
    "viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}], ids=str
)
@pytest.mark.parametrize("lang", LANGS)
def test_skipped_steps_notice_is_below_the_sticky_header(
    new_tab: Callable[..., Tab], demo_url: str, lang: str, viewport: dict[str, int]
) -> None:
    tab = new_tab(viewport=viewport, reduced_motion="reduce")
    page = tab.page
    tab.goto(f"{demo_url}{prefix(lang)}guides/tier1-escalation/#tier1-escalation--cyber")
    at(page, "tier1-escalation", "cyber")
    notice = tree(page, "tier1-escalation").locator(".sopkit-notice")
    expect(notice).to_have_text(player_words(lang)["skipped"])
    boxes = settled_boxes(page)
    header = boxes["header"]
    assert boxes["notice"]["top"] >= header["bottom"], boxes
    assert boxes["heading"]["top"] >= boxes["notice"]["bottom"], boxes
    assert boxes["heading"]["bottom"] <= viewport["height"], boxes


def settled_boxes(page: Page) -> dict[str, dict[str, float]]:
    """The viewport boxes of the header, the notice and the step's heading, once the
    page has stopped scrolling."""
    return dict(
        page.evaluate(
            """async () => {
              const frame = () => new Promise((done) => requestAnimationFrame(done));
              let last = -1;
              while (last !== scrollY) { last = scrollY; await frame(); await frame(); }
              const box = (selector) => {
                const r = document.querySelector(selector).getBoundingClientRect();
                return {top: r.top, bottom: r.bottom};
              };
              return {
                header: box(".md-header"),
                notice: box(".sopkit-notice"),
                heading: box("li.sopkit-node:not([hidden]) .sopkit-node__title"),
              };
            }"""
        )
    )


# -- the Map ----------------------------------------------------------------------------

# Any CSS colour (color-mix() included) as [r, g, b, alpha], read back from a canvas.
_PARSE = """
  const pen = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
  const parse = (value) => {
    pen.clearRect(0, 0, 1, 1);
    pen.fillStyle = value;
    pen.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = pen.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
"""
_BOXES = (
    "(chart) => {"
    + _PARSE
    + """  return Array.from(chart.querySelectorAll("g.sopkit-map__node")).map((g) => {
    const shape = g.querySelector("polygon, ellipse, path");
    const text = g.querySelector("text");
    return {
      id: g.id,
      current: g.getAttribute("aria-current"),
      fill: parse(getComputedStyle(shape).fill),
      stroke: parse(getComputedStyle(shape).stroke),
      strokeWidth: parseFloat(getComputedStyle(shape).strokeWidth),
      ink: parse(getComputedStyle(text).fill),
      words: Array.from(g.querySelectorAll("text")).map((t) => t.textContent).join(" "),
    };
  });
}"""
)


def luminance(rgb: list[float]) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    linear = [
        c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def over(top: list[float], under: list[float]) -> list[float]:
    """``top`` (with alpha) painted over the opaque ``under``."""
    alpha = top[3]
    return [alpha * t + (1 - alpha) * u for t, u in zip(top[:3], under[:3], strict=True)]


def contrast(one: list[float], two: list[float]) -> float:
    light, dark = sorted((luminance(one) + 0.05, luminance(two) + 0.05), reverse=True)
    return light / dark


@pytest.mark.parametrize("scheme", SCHEMES)
def test_map_reads_in_both_palettes_and_follows_the_step(
    new_tab: Callable[..., Tab], demo_url: str, scheme: str
) -> None:
    tab = open_guide(
        new_tab, demo_url + "guides/tier1-escalation/#tier1-escalation--situation", scheme
    )
    page = tab.page
    at(page, "tier1-escalation", "situation")
    section = tree(page, "tier1-escalation")
    section.locator("details.sopkit-map > summary").click()
    chart = section.locator("svg.sopkit-flowchart")
    expect(chart).to_be_visible()
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.md-main')).backgroundColor"
        " === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor"
        " : getComputedStyle(document.querySelector('.md-main')).backgroundColor"
    )
    page_bg = [float(c) for c in re.findall(r"[\d.]+", background)[:3]] + [1.0]
    boxes = chart.evaluate(_BOXES)
    assert len(boxes) == 14
    for box in boxes:
        fill = over(box["fill"], page_bg)
        assert contrast(over(box["ink"], fill), fill) >= 4.5, box
        assert "…" not in box["words"], box
    # In the dark palette no box is a light patch on the page.
    if scheme == "dark":
        assert max(luminance(over(b["fill"], page_bg)) for b in boxes) < 0.2
    marked = [b for b in boxes if b["current"] is not None]
    assert [(b["id"], b["current"]) for b in marked] == [
        ("sopkit-map--tier1-escalation--situation", "step")
    ]
    others = [b for b in boxes if b["current"] is None]
    assert marked[0]["strokeWidth"] > 2 * max(b["strokeWidth"] for b in others)
    assert contrast(over(marked[0]["stroke"], page_bg), page_bg) >= 3
    assert all(marked[0]["stroke"] != b["stroke"] for b in others)
    # The mark follows the agent: one step on, the next box is the current one.
    page.keyboard.press("1")
    at(page, "tier1-escalation", "cyber")
    expect(section.locator("g.sopkit-map__node[aria-current=step]")).to_have_count(1)
    expect(section.locator("g.sopkit-map__node[aria-current=step]")).to_have_id(
        "sopkit-map--tier1-escalation--cyber"
    )
    expect(section.locator("g.sopkit-map__node--current")).to_have_count(1)


_BUTTON = (
    "(button) => {"
    + _PARSE
    + """
  const style = getComputedStyle(button);
  return {name: button.textContent, ink: parse(style.color), fill: parse(style.backgroundColor)};
}"""
)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_guide_buttons_keep_their_contrast_on_hover_and_focus(
    new_tab: Callable[..., Tab], demo_url: str, scheme: str
) -> None:
    tab = open_guide(
        new_tab, demo_url + "guides/tier1-escalation/", scheme, reduced_motion="reduce"
    )
    page = tab.page
    page_bg = [
        float(c)
        for c in re.findall(
            r"[\d.]+", page.evaluate("getComputedStyle(document.body).backgroundColor")
        )[:3]
    ] + [1.0]
    page.keyboard.press("2")  # Case 1
    at(page, "tier1-escalation", "presales-check")
    buttons = tree(page, "tier1-escalation").locator(".sopkit-toolbar .md-button")
    assert buttons.count() == 4  # back, restart, new call, copy case note
    for index in range(buttons.count()):
        button = buttons.nth(index)
        for state in ("hover", "focus"):
            page.mouse.move(0, 0)
            if state == "hover":
                button.hover()
            else:
                button.focus()
            colours = button.evaluate(_BUTTON)
            fill = over(colours["fill"], page_bg)
            assert contrast(over(colours["ink"], fill), fill) >= 4.5, (state, colours)
