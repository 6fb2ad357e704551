"""Printing a guide page prints the job aid: every step, IF/THEN, no player or site chrome."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.conftest import Tab

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "go_to"),
    [("guides/tier1-escalation/", "go to step"), ("es/guides/tier1-escalation/", "vaya al paso")],
)
def test_print_shows_every_step_and_no_chrome(
    new_tab: Callable[..., Tab], demo_url: str, path: str, go_to: str
) -> None:
    tab = new_tab()
    tab.goto(demo_url + path)
    page = tab.page
    steps = page.locator(".sopkit-steps > .sopkit-node")
    total = steps.count()
    assert total > 5
    # On screen the player shows one step at a time.
    assert page.locator(".sopkit-steps > .sopkit-node:visible").count() < total
    page.emulate_media(media="print")
    assert page.locator(".sopkit-steps > .sopkit-node:visible").count() == total
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        ".sopkit-toolbar",
        ".sopkit-map",
        ".sopkit-chrome",
    ):
        assert page.locator(f"{selector}:visible").count() == 0, selector
    # Answers read as IF/THEN: the target step is printed after each answer.
    first_answer = page.locator(".sopkit-node--question .sopkit-answer").first
    after = first_answer.evaluate("a => getComputedStyle(a, '::after').content")
    assert go_to in after
    breaks = steps.first.evaluate("li => getComputedStyle(li).breakInside")
    assert breaks == "avoid"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    if go_to == "vaya al paso":
        (Path(tempfile.gettempdir()) / "sopkit-print-es.pdf").write_bytes(pdf)


@pytest.mark.parametrize(
    ("path", "title", "version", "editors"),
    [
        (
            "guides/tier1-required-info/",
            "Complete the required information and escalate to Tier 2",
            "Version:",
            "Notes for editors",
        ),
        (
            "es/guides/tier1-required-info/",
            "Completar la información obligatoria y escalar al Nivel 2",
            "Versión:",
            "Notas para editores",
        ),
    ],
)
def test_printed_guide_names_things_once_without_editor_notes(
    new_tab: Callable[..., Tab], demo_url: str, path: str, title: str, version: str, editors: str
) -> None:
    tab = new_tab()
    tab.goto(demo_url + path)
    pdf = tab.page.pdf(format="A4")
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert flat.count(title) == 1  # the page heading; the guide's own title is not printed
    assert flat.count(version) == 1  # "About this procedure", printed once
    lines = [line.strip() for line in text.splitlines()]
    assert not [line for line in lines if line.startswith("·") or line.endswith("·")]
    assert "· ·" not in flat
    assert editors not in text
