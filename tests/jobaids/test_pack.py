"""The training pack and the print sizing of charts, on the small fixture trees."""

from __future__ import annotations

import re
from dataclasses import replace
from io import BytesIO
from types import MappingProxyType

import pytest
from pypdf import PdfReader

from sopkit import check_paths
from sopkit.compile.catalog import tree_files
from sopkit.model import Span, Text, Tree
from sopkit.render.flowchart import render_flowchart
from sopkit.render.jobaid import JobAid, Paper, jobaid_style, print_width_pt, render_jobaid
from sopkit.render.jobaid_chart import printed_chart
from sopkit.render.jobaid_index import JobAidEntry, PackLink, Translation, render_job_aid_index
from sopkit.render.pdf import render_pdf
from sopkit.render.printing import BuiltJobAid, JobAidPrinter, print_training_pack
from sopkit.render.text import plain
from tests.conftest import SITE_FIXTURE
from tests.jobaids.pdfscan import text_runs
from tests.jobaids.test_jobaids import LANGS, context, squeeze


@pytest.fixture(scope="module")
def fixture_trees() -> dict[str, Tree]:
    result = check_paths(tree_files(SITE_FIXTURE / "decision_trees"), LANGS, root=SITE_FIXTURE)
    return dict(result.trees)


def svg(width: float, height: float) -> str:
    return f'<svg class="sopkit-flowchart" data-width="{width}" data-height="{height}"></svg>'


@pytest.mark.parametrize(
    ("width", "height", "paper", "printed"),
    [
        (300, 200, "a4", 420.0),  # small: grows to 1.4 times its size, no more
        (500, 200, "a4", 527.3),  # grows to the width of an A4 page
        (500, 200, "letter", 544.0),  # and of a Letter page
        (400, 700, "a4", 418.6),  # grows until it fills the page height
        (600, 200, "a4", None),  # wider than the page: it would have to shrink
        (300, 900, "a4", None),  # taller than the page
    ],
)
def test_chart_prints_at_natural_size_or_larger(
    width: float, height: float, paper: Paper, printed: float | None
) -> None:
    result = print_width_pt(svg(width, height), paper)
    assert (round(result, 1) if result is not None else None) == printed


def test_chart_too_wide_is_left_out_with_the_map_url(fixture_trees: dict[str, Tree]) -> None:
    tree = fixture_trees["router"]
    url = "https://help.example.com/guides/router/"
    aid = JobAid(source=tree.path, flowchart_svg=svg(2000, 300), guide_url=url)
    html = render_jobaid(tree, context(fixture_trees, "en"), aid)
    assert "data-width" not in html
    assert (
        "The flowchart of this procedure is too large to print legibly here. The full map "
        f"is the Map of the online guide: {url}"
    ) in html
    html = render_jobaid(tree, context(fixture_trees, "es"), replace(aid, guide_url=None))
    assert "El mapa completo es el Mapa de la guía en línea." in html


def test_chart_that_fits_prints_no_smaller_than_8pt(fixture_trees: dict[str, Tree]) -> None:
    tree = fixture_trees["router"]
    ctx = context(fixture_trees, "en")
    aid = JobAid(source=tree.path, flowchart_svg=render_flowchart(tree, ctx))
    pdf = JobAidPrinter().print(tree, ctx, aid)
    runs = [run for page in PdfReader(BytesIO(pdf.data)).pages for run in text_runs(page)]
    assert "Overview" in {run.text for run in runs}
    assert min(run.size for run in runs) >= 7.95


@pytest.mark.parametrize("width", [420.0, 500.0])
def test_chart_words_print_as_lines_where_graphviz_put_them(
    fixture_trees: dict[str, Tree], width: float
) -> None:
    """Each label line prints whole (not letter by letter, as WeasyPrint draws SVG
    text), at the place and size the SVG's own text would print at."""
    svg = render_flowchart(fixture_trees["router"], context(fixture_trees, "es"))
    page = f'<style>{jobaid_style()}</style><section class="jobaid-map">CHART</section>'
    as_svg = page.replace(
        "CHART", f'<div class="jobaid-map__chart" style="width: {width}pt">{svg}</div>'
    )
    lifted = page.replace("CHART", printed_chart(svg, width))
    drawn = text_runs(PdfReader(BytesIO(render_pdf(as_svg).data)).pages[0])
    printed = text_runs(PdfReader(BytesIO(render_pdf(lifted).data)).pages[0])
    assert len(printed) == svg.count("</text>") > 5
    assert [squeeze(run.text) for run in printed] == [squeeze(run.text) for run in drawn]
    for ours, theirs in zip(printed, drawn, strict=True):
        assert abs(ours.x - theirs.x) < 0.2 and abs(ours.y - theirs.y) < 0.2, ours.text
        assert abs(ours.size - theirs.size) < 0.05


def noted(tree: Tree) -> Tree:
    """The tree with editor notes on the tree and on its first node."""
    note = Text(MappingProxyType({"en": "EDITORONLY rebuilt from the 2019 wiki"}), Span("x", 1, 1))
    first = next(iter(tree.nodes.values()))
    nodes = {**tree.nodes, first.id: replace(first, editor_note=note)}
    return replace(tree, editor_note=note, nodes=nodes)


def pack_pdf(trees: dict[str, Tree], lang: str) -> list[str]:
    ctx = context(trees, lang)
    printer = JobAidPrinter()
    built = []
    for tree in (noted(trees["router"]), trees["printer"]):
        aid, pdf = printer.fitted(tree, ctx, JobAid(source=tree.path))
        built.append(BuiltJobAid(tree=tree, lang=lang, svg=None, pdf=pdf, aid=aid))
    pack = print_training_pack(built, ctx, site_name="Help desk", url="https://h.example/")
    assert pack is not None
    return [page.extract_text() for page in PdfReader(BytesIO(pack.data)).pages]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_pack_cover_contents_and_pages(fixture_trees: dict[str, Tree], lang: str) -> None:
    pages = pack_pdf(fixture_trees, lang)
    cover = {"en": "Training pack", "es": "Paquete de capacitación"}[lang]
    assert cover in pages[0] and "Help desk" in pages[0] and "https://h.example/" in pages[0]
    contents = squeeze(pages[1])
    assert squeeze({"en": "Contents", "es": "Contenido"}[lang]) in contents
    for tree_id in ("router", "printer"):
        title = squeeze(plain(fixture_trees[tree_id].title.get(lang, "en")[0]))
        found = re.search(re.escape(title) + r"\.{3,}(\d+)", contents)
        assert found, f"{tree_id} is not in the contents"
        assert squeeze(pages[int(found.group(1)) - 1]).startswith(title)
    assert "EDITORONLY" not in "".join(pages)


def test_editor_notes_are_not_on_the_job_aid(fixture_trees: dict[str, Tree]) -> None:
    tree = noted(fixture_trees["router"])
    html = render_jobaid(tree, context(fixture_trees, "en"), JobAid(source=tree.path))
    assert "EDITORONLY" not in html


def test_index_gives_pages_the_pack_and_the_other_language(
    fixture_trees: dict[str, Tree],
) -> None:
    router = fixture_trees["router"]
    entry = JobAidEntry(
        router,
        pdf_url="router.pdf",
        pages=2,
        translations=(Translation("es", "Español", "../es/job-aids/router.pdf"),),
    )
    pack = PackLink("training-pack.pdf", 7, (Translation("es", "Español", "../es/tp.pdf"),))
    html = render_job_aid_index([entry], context(fixture_trees, "en"), False, pack)
    assert (
        '<p class="sopkit-job-aids__pack"><a class="sopkit-pack" href="training-pack.pdf">'
        "Training pack (all job aids, one PDF)</a> <small>(7 p.)</small>"
        ' · <a class="sopkit-pdf-translation" href="../es/tp.pdf" hreflang="es" lang="es">'
        "Español</a></p>"
    ) in html
    assert (
        '<a class="sopkit-pdf" href="router.pdf">Printable job aid (PDF)</a> <small>(2 p.)</small>'
        ' · <a class="sopkit-pdf-translation" href="../es/job-aids/router.pdf" hreflang="es"'
        ' lang="es">Español</a>'
    ) in html
