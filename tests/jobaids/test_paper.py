"""Job aids as a trainee reads them on paper: the demo's PDFs, read back with pypdf.

No text under 8pt, every field's write-in line beside its label, the QR code and the
guide's URL, metadata printed once, no editor note, and the training pack per language
with a table of contents that gives the right pages.
"""

from __future__ import annotations

import itertools
import re
from io import BytesIO
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader

from sopkit.model import Tree
from sopkit.render.flowchart import MIN_PRINT_PT
from sopkit.render.text import plain
from tests.conftest import Build
from tests.jobaids.pdfscan import Run, Segment, horizontal_segments, text_runs
from tests.jobaids.test_jobaids import CASES, demo_trees, pdf_path, squeeze

SITE_URL = "https://sop.example/"


def pdf_text(path: Path | bytes) -> str:
    reader = PdfReader(BytesIO(path) if isinstance(path, bytes) else path)
    return "\n".join(page.extract_text() for page in reader.pages)


def guide_url(build: Build, tree_id: str, lang: str) -> str:
    """The guide page's URL as the site publishes it (``site_url`` is set in the demo)."""
    prefix = "" if lang == "en" else f"{lang}/"
    url = f"{prefix}guides/{tree_id}/"
    assert (build.site_dir / url / "index.html").is_file(), f"no guide page at {url}"
    return SITE_URL + url


@pytest.mark.parametrize(("tree_id", "lang"), CASES)
def test_no_text_prints_under_8pt(demo_build: Build, tree_id: str, lang: str) -> None:
    reader = PdfReader(pdf_path(demo_build, tree_id, lang))
    small = [
        (number, run.text, round(run.size, 1))
        for number, page in enumerate(reader.pages, 1)
        for run in text_runs(page)
        if run.size < MIN_PRINT_PT - 0.05
    ]
    assert small == [], f"text under {MIN_PRINT_PT}pt in the {lang} job aid of {tree_id}"


@pytest.mark.parametrize(("tree_id", "lang"), CASES)
def test_chart_prints_whole_or_says_where_the_map_is(
    demo_build: Build, tree_id: str, lang: str
) -> None:
    tree = demo_trees()[tree_id]
    reader = PdfReader(pdf_path(demo_build, tree_id, lang))
    flat = squeeze(pdf_text(pdf_path(demo_build, tree_id, lang)))
    overview = {"en": "Overview", "es": "Vistageneral"}[lang]
    if overview in flat:
        # Every box's words (its step number first) are on the chart's page: none is cut.
        page = next(p for p in reader.pages if overview in squeeze(p.extract_text()))
        chart = squeeze(page.extract_text())
        for number in tree.step_numbers().values():
            assert f"{number}." in chart
        for node in tree.nodes.values():
            if node.type == "goto":  # its box names the guide it continues in
                title = demo_trees()[str(node.tree)].title.get(lang, "en")[0]
                assert squeeze(plain(title)) in chart, node.id
            elif node.text is not None:
                assert squeeze(plain(node.text.get(lang, "en")[0])) in chart, node.id
    else:
        note = {
            "en": "The full map is the Map of the online guide: ",
            "es": "El mapa completo es el Mapa de la guía en línea: ",
        }[lang]
        assert squeeze(note + guide_url(demo_build, tree_id, lang)) in flat


REQUIRED = {"en": "required", "es": "obligatorio"}


def fields(tree: Tree, lang: str) -> list[str]:
    """Each field's label as printed: its words, "(required)" when it is, and a colon."""
    return [
        plain(field.label.get(lang, "en")[0])
        + (f" ({REQUIRED[lang]})" if field.required else "")
        + ":"
        for node in tree.nodes.values()
        for field in node.fields
    ]


def label_lines(runs: list[Run], label: str) -> list[Run] | None:
    """The runs a field's label prints as (a long label wraps onto several lines)."""
    target = squeeze(label)
    for i, run in enumerate(runs):
        words = squeeze(run.text)
        if len(words) < 4 or not (target.startswith(words) or words.startswith(target)):
            continue
        lines = [run]
        for more in runs[i + 1 :]:
            if words.startswith(target):
                break
            words += squeeze(more.text)
            lines.append(more)
        if words.startswith(target):
            return lines
    return None


def has_line_beside(lines: list[Run], segments: list[Segment]) -> bool:
    """A line to write on starts right after the label and sits on its last baseline."""
    first, last = lines[0], lines[-1]
    label_end = max(run.x + len(run.text) * run.size * 0.7 for run in lines) + 10
    return any(
        first.x + 20 < segment.x0 < label_end
        and segment.x1 - segment.x0 >= 30
        and last.y - 6 < segment.y < last.y + 1
        for segment in segments
    )


@pytest.mark.parametrize(("tree_id", "lang"), CASES)
def test_every_field_has_its_write_in_line_beside_its_label(
    demo_build: Build, tree_id: str, lang: str
) -> None:
    labels = fields(demo_trees()[tree_id], lang)
    reader = PdfReader(pdf_path(demo_build, tree_id, lang))
    found: list[str] = []
    for page in reader.pages:
        runs, segments = text_runs(page), horizontal_segments(page)
        for label in labels:
            lines = label_lines(runs, label)
            if lines is not None and has_line_beside(lines, segments):
                found.append(label)
    assert sorted(found) == sorted(labels)


def test_demo_has_fields_where_agents_collect_them() -> None:
    """The write-in test above checks something: the demo's trees have fields."""
    assert "Device model (required):" in fields(demo_trees()["tier1-required-info"], "en")
    assert fields(demo_trees()["irate-follow-up-case"], "en")


@pytest.mark.parametrize(("tree_id", "lang"), CASES)
def test_qr_url_footer_and_metadata_once(demo_build: Build, tree_id: str, lang: str) -> None:
    tree = demo_trees()[tree_id]
    path = pdf_path(demo_build, tree_id, lang)
    reader = PdfReader(path)
    text = pdf_text(path)
    url = guide_url(demo_build, tree_id, lang)
    ui = {
        "en": ("Online guide", "Owner:", "Version:"),
        "es": ("Guía en línea", "Responsable:", "Versión:"),
    }
    online, owner, version = ui[lang]
    first = reader.pages[0].extract_text()
    assert online in first  # the QR code's caption: it is printed with the code only
    assert "<svg" not in text
    for page in reader.pages:
        words = squeeze(page.extract_text())
        assert squeeze(url) in words  # every page's footer
        assert squeeze(f"{version} {tree.content_hash}") in words
        assert squeeze(plain(tree.title.get(lang, "en")[0])) in words
    assert text.count(version) == len(reader.pages)  # the footer's, once a page
    assert tree.path not in text
    if tree.owner:
        assert text.count(owner) == 1


@pytest.mark.parametrize(("tree_id", "lang"), CASES)
def test_qr_code_is_the_guides_url_with_sharp_modules(
    demo_build: Build, tree_id: str, lang: str
) -> None:
    """The printed code is the code of this guide's URL, module for module, quiet zone
    included, and is drawn without smoothing (each module a sharp square)."""
    page = PdfReader(pdf_path(demo_build, tree_id, lang)).pages[0]
    [image] = page.images
    printed = image.image.convert("L")
    code = segno.make(guide_url(demo_build, tree_id, lang), error="m")
    expected = [[1 if dark else 0 for dark in row] for row in code.matrix_iter(border=4)]
    assert printed.size == (len(expected), len(expected))
    pixels = printed.load()
    assert pixels is not None
    dark = [
        [1 if pixels[x, y] < 128 else 0 for x in range(printed.width)]
        for y in range(printed.height)
    ]
    assert dark == expected
    xobject = next(iter(page["/Resources"]["/XObject"].values())).get_object()
    assert xobject["/Interpolate"].value is False  # no smoothing: sharp modules


@pytest.mark.parametrize("lang", ["en", "es"])
def test_editor_notes_are_not_printed(demo_build: Build, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    pack = squeeze(pdf_text(demo_build.site_dir / f"{prefix}job-aids/training-pack.pdf"))
    notes = 0
    for tree in demo_trees().values():
        aid = squeeze(pdf_text(pdf_path(demo_build, tree.id, lang)))
        for _, note in tree.editor_notes():
            words = squeeze(plain(note.get(lang, "en")[0]))[:60]
            assert words not in aid, f"an editor note of {tree.id} is printed"
            assert words not in pack, f"an editor note of {tree.id} is in the pack"
            notes += 1
    assert notes >= 3  # the demo has editor notes, so the test can fail


@pytest.mark.parametrize("lang", ["en", "es"])
def test_training_pack_contents_give_the_page_each_job_aid_starts(
    demo_build: Build, lang: str
) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    reader = PdfReader(demo_build.site_dir / f"{prefix}job-aids/training-pack.pdf")
    pages = [squeeze(page.extract_text()) for page in reader.pages]
    assert {"en": "Trainingpack", "es": "Paquetedecapacitación"}[lang] in pages[0]
    contents = pages[1]
    starts = []
    for tree in demo_trees().values():
        title = squeeze(plain(tree.title.get(lang, "en")[0]))
        found = re.search(re.escape(title) + r"\.{3,}(\d+)", contents)
        assert found, f"{tree.id} is not in the contents"
        start = int(found.group(1))
        assert pages[start - 1].startswith(title), f"{tree.id} does not start on page {start}"
        single = len(PdfReader(pdf_path(demo_build, tree.id, lang)).pages)
        starts.append((start, single))
    starts.sort()
    # Each job aid as long as its own PDF, one after another, to the pack's last page.
    for (start, single), (after, _) in itertools.pairwise(starts):
        assert after - start == single
    assert starts[-1][0] + starts[-1][1] - 1 == len(pages)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_index_links_the_pack_and_gives_page_counts(demo_build: Build, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    page = demo_build.site_dir / f"{prefix}job-aids/index.html"
    html = page.read_text("utf-8")
    pack = re.search(r'class="sopkit-pack" href="([^"]+)">[^<]+</a> <small>\((\d+) p\.\)', html)
    assert pack is not None
    pack_path = (page.parent / pack.group(1)).resolve()
    assert pack_path == (demo_build.site_dir / f"{prefix}job-aids/training-pack.pdf").resolve()
    assert int(pack.group(2)) == len(PdfReader(pack_path).pages)
    listed = re.findall(r'class="sopkit-pdf" href="([^"]+)">[^<]+</a> <small>\((\d+) p\.\)', html)
    assert len(listed) == len(demo_trees())
    for href, count in listed:
        assert int(count) == len(PdfReader(page.parent / href).pages)


@pytest.mark.parametrize(
    ("lang", "other", "name"), [("en", "es", "Español"), ("es", "en", "English")]
)
def test_index_links_the_other_language_too(
    demo_build: Build, lang: str, other: str, name: str
) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    page = demo_build.site_dir / f"{prefix}job-aids/index.html"
    html = page.read_text("utf-8")
    links = re.findall(
        rf'class="sopkit-pdf-translation" href="([^"]+)" hreflang="{other}" lang="{other}">'
        rf"{name}</a>",
        html,
    )
    targets = {(page.parent / href).resolve() for href in links}
    expected = {pdf_path(demo_build, tree_id, other).resolve() for tree_id in demo_trees()}
    other_prefix = "" if other == "en" else f"{other}/"
    pack = (demo_build.site_dir / f"{other_prefix}job-aids/training-pack.pdf").resolve()
    assert targets == expected | {pack}
    assert all(target.is_file() for target in targets)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("tree_id", ["tier1-required-info", "irate-follow-up-case"])
def test_no_write_in_line_without_a_field(demo_build: Build, tree_id: str, lang: str) -> None:
    """Inside the action column, the only lines drawn are the fields' lines."""
    overview = {"en": "Overview", "es": "Vista general"}[lang]
    labels = fields(demo_trees()[tree_id], lang)
    drawn = 0
    for page in PdfReader(pdf_path(demo_build, tree_id, lang)).pages:
        runs = text_runs(page)
        if any(run.text == overview for run in runs):
            continue  # the chart's boxes are drawn with lines too
        # The action column: where the steps' texts start, about 290pt wide on A4
        # (the IF column's borders start near its right edge and run beyond it).
        left = min(run.x for run in runs if run.x > 55 and not run.text.isdigit())
        drawn += sum(
            1
            for segment in horizontal_segments(page)
            if segment.x0 > left + 15 and segment.x1 < left + 290
        )
    assert drawn == len(labels)
