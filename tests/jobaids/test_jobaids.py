"""Printed job aids: PDFs of the demo site, their text and length, the flowchart, golden HTML."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from sopkit import Languages, PageContext, check_paths
from sopkit.compile.catalog import tree_files
from sopkit.model import Tree
from sopkit.render.flowchart import render_flowchart
from sopkit.render.jobaid import JobAid, render_jobaid
from sopkit.render.printing import MAX_PAGES, JobAidPrinter, over_budget_message
from sopkit.render.text import plain
from tests.conftest import ROOT, SITE_FIXTURE, Build
from tests.golden import assert_golden

LANGS = Languages.of(["en", "es"])


@cache
def demo_trees() -> dict[str, Tree]:
    result = check_paths(tree_files(ROOT / "decision_trees"), LANGS, root=ROOT)
    return dict(result.trees)


def pdf_path(build: Build, tree_id: str, lang: str) -> Path:
    prefix = "" if lang == "en" else f"{lang}/"
    return build.site_dir / f"{prefix}job-aids/{tree_id}.pdf"


def squeeze(text: str) -> str:
    """Text without whitespace: line breaks in table cells fall anywhere."""
    return re.sub(r"\s+", "", text)


CASES = [(tree_id, lang) for tree_id in sorted(demo_trees()) for lang in ("en", "es")]


def test_demo_has_trees() -> None:
    assert len(demo_trees()) >= 5


@pytest.mark.parametrize(("tree_id", "lang"), CASES)
def test_pdf_per_tree_and_language_within_budget(
    demo_build: Build, tree_id: str, lang: str
) -> None:
    path = pdf_path(demo_build, tree_id, lang)
    assert path.is_file(), f"no job aid at {path}"
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= MAX_PAGES


@pytest.mark.parametrize(("tree_id", "lang"), CASES)
def test_pdf_text_has_every_step_in_its_language(
    demo_build: Build, tree_id: str, lang: str
) -> None:
    tree = demo_trees()[tree_id]
    text = "\n".join(p.extract_text() for p in PdfReader(pdf_path(demo_build, tree_id, lang)).pages)
    flat = squeeze(text)
    other = "es" if lang == "en" else "en"
    assert squeeze(plain(tree.title.get(lang, "en")[0])) in flat
    for node in tree.nodes.values():
        if node.text is None:
            continue
        words, translated = node.text.get(lang, "en")
        assert translated
        assert squeeze(plain(words)) in flat, f"step {node.id} missing from the {lang} job aid"
        theirs = plain(node.text.get(other, "en")[0])
        if theirs != plain(words) and len(theirs) > 12:
            assert squeeze(theirs) not in flat
    steps = tree.step_numbers()
    head = {"en": ["Step", "Question or action", "If", "Then"], "es": ["Paso", "Pregunta o acción"]}
    for word in head[lang]:
        assert word in text
    footer = {
        "en": f"Page 1 of {len(PdfReader(pdf_path(demo_build, tree_id, lang)).pages)}",
        "es": "Página 1 de",
    }[lang]
    assert footer in text
    assert tree.path not in text  # the footer names the procedure, not its file
    assert f"{max(steps.values())}" in text


def test_spanish_accents_survive_in_pdf(demo_build: Build) -> None:
    text = PdfReader(pdf_path(demo_build, "tier1-escalation", "es")).pages[0].extract_text()
    for word in ("¿Es una llamada de preventa", "Última revisión", "Versión", "técnico"):
        assert word in text


class _Svg(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.nodes = 0
        self.hrefs: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "g" and "node" in (values.get("class") or "").split():
            self.nodes += 1
        if tag == "a" and values.get("xlink:href"):
            self.hrefs.append(str(values["xlink:href"]))
        if tag == "script" or any(name.startswith("on") for name, _ in attrs):
            self.bad.append(tag)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("tree_id", ["tier1-escalation", "irate-customer"])
def test_guide_map_has_one_box_per_node_linking_to_its_step(
    demo_build: Build, tree_id: str, lang: str
) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    html = (demo_build.site_dir / f"{prefix}guides/{tree_id}/index.html").read_text("utf-8")
    match = re.search(r'<details class="sopkit-map">.*?</details>', html, re.S)
    assert match, "no map view on the guide page"
    svg = _Svg()
    svg.feed(match.group(0))
    tree = demo_trees()[tree_id]
    assert svg.nodes == len(tree.nodes)
    assert sorted(svg.hrefs) == sorted(f"#{tree_id}--{n}" for n in tree.nodes)
    assert svg.bad == []
    for href in svg.hrefs:
        assert f'id="{href[1:]}"' in html
    first = tree.nodes[tree.start].text
    assert first is not None
    first_word = plain(first.get(lang, "en")[0]).split()[0]
    assert f">1. {first_word}" in match.group(0)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_guide_links_to_its_pdf_in_its_language(demo_build: Build, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    page = demo_build.site_dir / f"{prefix}guides/irate-customer/index.html"
    href = re.search(r'class="sopkit-pdf" href="([^"]+)"', page.read_text("utf-8"))
    assert href, "no PDF link on the guide page"
    target = (page.parent / href.group(1)).resolve()
    assert target == pdf_path(demo_build, "irate-customer", lang).resolve()


@pytest.fixture(scope="module")
def fixture_trees() -> dict[str, Tree]:
    result = check_paths(tree_files(SITE_FIXTURE / "decision_trees"), LANGS, root=SITE_FIXTURE)
    assert result.problems == []
    return dict(result.trees)


def context(trees: dict[str, Tree], lang: str) -> PageContext:
    return PageContext(lang=lang, languages=LANGS, trees=trees)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("tree_id", ["router", "printer"])
def test_jobaid_html_golden(fixture_trees: dict[str, Tree], tree_id: str, lang: str) -> None:
    tree = fixture_trees[tree_id]
    aid = JobAid(
        source=tree.path, paper="a4", guide_url=f"https://help.example.com/{lang}/{tree_id}/"
    )
    html = render_jobaid(tree, context(fixture_trees, lang), aid)
    assert_golden(f"jobaid/{tree_id}.{lang}.html", html)


def test_letter_paper(fixture_trees: dict[str, Tree]) -> None:
    tree = fixture_trees["router"]
    aid = JobAid(source=tree.path, paper="letter")
    html = render_jobaid(tree, context(fixture_trees, "en"), aid)
    assert "size: letter;" in html
    pdf = JobAidPrinter().print(tree, context(fixture_trees, "en"), aid)
    box = PdfReader(BytesIO(pdf.data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_flowchart_in_pdf_links_to_steps(fixture_trees: dict[str, Tree]) -> None:
    tree = fixture_trees["router"]
    ctx = context(fixture_trees, "es")
    aid = JobAid(source=tree.path, flowchart_svg=render_flowchart(tree, ctx))
    pdf = JobAidPrinter().print(tree, ctx, aid)
    assert pdf.pages == 1
    text = PdfReader(BytesIO(pdf.data)).pages[0].extract_text()
    assert "Vista general" in text


def test_long_tree_is_reported_over_budget(fixture_trees: dict[str, Tree]) -> None:
    from dataclasses import replace

    base = fixture_trees["router"]
    node = next(n for n in base.nodes.values() if n.type == "step")
    nodes = dict(base.nodes)
    for i in range(60):
        nodes[f"extra-{i}"] = replace(node, id=f"extra-{i}")
    long_tree = replace(base, nodes=nodes)
    pdf = JobAidPrinter().print(long_tree, context(fixture_trees, "en"), JobAid(source=base.path))
    assert pdf.pages > MAX_PAGES
    assert over_budget_message(long_tree, "en", pdf.pages) == (
        "decision_trees/router.yml: the job aid of 'router' (en) runs to "
        f"{pdf.pages} pages, more than 2; shorten its texts or split the tree so it prints "
        "on 2 pages"
    )
