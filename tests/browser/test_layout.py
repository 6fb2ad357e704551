"""The first screen of every demo guide: the agent on a live call sees the first question
and all its answers without scrolling, on a laptop and on a phone, and the procedure's
title once.

A guide that opens with a step (fill in a form, work through a checklist) shows the
step's instruction on the first screen; its "Done, continue" follows the work below it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import ROOT

from .conftest import Tab

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def guide_pages() -> list[str]:
    """The path of every demo page that shows a guide, in English and Spanish."""
    pages = []
    for source in sorted((ROOT / "docs" / "guides").glob("*.md")):
        if "```decision-tree" not in source.read_text(encoding="utf-8"):
            continue
        stem, _, lang = source.stem.partition(".")
        pages.append(f"{lang + '/' if lang else ''}guides/{stem}/")
    return pages


# What the agent sees of the step the player opens with: where its heading and, for a
# question, each of its answers sit against the viewport and Material's sticky header;
# and the titles.
FIRST_SCREEN = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width}; };
  const words = (el) => (el ? el.textContent : "").toLowerCase().match(/[\\p{L}\\p{N}]+/gu);
  const tree = document.querySelector("section.sopkit-tree");
  const step = tree.querySelector("li.sopkit-node:not([hidden])");
  const question = step.getAttribute("data-sopkit-type") === "question";
  const answers = question ? [...step.querySelectorAll(".sopkit-answers a.sopkit-answer")] : [];
  const title = tree.querySelector(".sopkit-tree__title");
  const name = document.getElementById(tree.getAttribute("aria-labelledby"));
  return {
    scrolled: window.scrollY,
    header: document.querySelector(".md-header").getBoundingClientRect().bottom,
    width: window.innerWidth, height: window.innerHeight,
    question,
    parts: [step.querySelector(".sopkit-node__title"), ...answers]
      .map((el) => [el.textContent, box(el)]),
    sameTitle: String(words(document.querySelector(".md-content h1"))) === String(words(title)),
    titleBox: box(title),
    named: Boolean(name && name.textContent.trim()),
  };
}"""


def test_the_first_question_is_on_the_first_screen(
    new_tab: Callable[..., Tab], demo_url: str
) -> None:
    tab = new_tab()  # one context for every page and both sizes
    pages = guide_pages()
    assert len(pages) == 20
    off_screen = []
    questions = 0
    for size, viewport in VIEWPORTS.items():
        tab.page.set_viewport_size(viewport)
        for path in pages:
            tab.goto(demo_url + path)
            seen = tab.page.evaluate(FIRST_SCREEN)
            assert seen["scrolled"] == 0, path
            questions += seen["question"]
            for text, box in seen["parts"]:
                inside = (
                    box["top"] >= seen["header"]
                    and box["bottom"] <= seen["height"]
                    and box["left"] >= 0
                    and box["right"] <= seen["width"]
                )
                if not inside:
                    off_screen.append(f"{size} {path}: {' '.join(text.split())!r} at {box}")
            assert seen["named"], f"{path}: the guide's section has no name"
            if seen["sameTitle"]:  # shown once: the page's heading; the h2 is for screen readers
                assert seen["titleBox"]["width"] <= 1, f"{size} {path}: the title is shown twice"
            else:
                assert seen["titleBox"]["width"] > 1, f"{size} {path}: the guide has no title"
    assert off_screen == []
    assert questions == 6 * 2 * 2  # 6 guides open with a question; 2 languages, 2 sizes
