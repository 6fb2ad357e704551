"""Hostile content in every text field: inert in the guide, job aid, flowchart and PDF.

Every payload of the corpus goes into every field an editor writes, in both languages;
the outputs are parsed and every element and attribute inspected (see ``safety.py``).
Script URLs must also be reported by the check, each at the place it was written.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from sopkit import Languages, PageContext, render_guide
from sopkit.cli import main
from sopkit.compile.checks import check_links, check_tree, dangerous_url
from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree
from sopkit.model import Tree
from sopkit.problems import Problem
from sopkit.render.flowchart import render_flowchart
from sopkit.render.jobaid import JobAid, render_jobaid
from sopkit.render.text import safe_url
from tests.hardening.corpus import (
    DANGEROUS_HREFS,
    DANGEROUS_URLS,
    HOSTILE_HREFS,
    HOSTILE_IDS,
    XSS_TEXTS,
    hostile_tree,
    q,
)
from tests.hardening.safety import live_dangerous_url, scripts, unsafe_markup, visible_text

LANGS = Languages.of(["en", "es"])
OTHER = "title: Other\nstart: a\nnodes:\n  a: {type: outcome, result: stop, text: End}\n"


def compile_tree(text: str, tree_id: str = "t") -> tuple[Tree, list[Problem]]:
    """Load, build and check a tree given as YAML text (it must build)."""
    document, problems = load_bytes(text.encode("utf-8"), f"{tree_id}.yml")
    tree, more = build_tree(document, tree_id)
    assert tree is not None, [str(p) for p in problems + more]
    return tree, problems + more + check_tree(tree, LANGS)


@cache
def other_tree() -> Tree:
    return compile_tree(OTHER, "other")[0]


def context(tree: Tree, lang: str) -> PageContext:
    return PageContext(
        lang=lang,
        languages=LANGS,
        trees={tree.id: tree, "other": other_tree()},
        tree_page=lambda tree_id: f"../{tree_id}/",
    )


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        "<p><img src=x onerror=alert(1)></p>",
        '<a href="  JaVa&#x53;cript:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        '<a href="data:text/html,x">x</a>',
        '<form><button formaction="javascript:alert(1)">x</button></form>',
    ],
)
def test_inspector_finds_live_markup(snippet: str) -> None:
    assert unsafe_markup(snippet) != []


def test_inspector_passes_text_and_web_links() -> None:
    html = (
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="https://example.com/a?b=1">x</a>'
        ' <a href="../page/#step">y</a> <a href="#">z</a> <a href="mailto:a@b.c">m</a></p>'
    )
    assert unsafe_markup(html) == []


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("payload", XSS_TEXTS + DANGEROUS_URLS)
def test_guide_shows_payload_inert(payload: str, lang: str) -> None:
    tree, _ = compile_tree(hostile_tree([payload]))
    html = render_guide(tree, context(tree, lang))
    assert unsafe_markup(html) == []
    assert scripts(html) == ([], [])


@pytest.mark.parametrize("payload", [p for p in XSS_TEXTS if "alert(1)" in p and "](" not in p])
def test_raw_html_is_shown_as_text(payload: str) -> None:
    tree, _ = compile_tree(hostile_tree([payload]))
    html = render_guide(tree, context(tree, "en"))
    # Every field shows the words the editor wrote, not nothing and not markup.
    assert visible_text(html).count("alert(1)") >= 10


def test_attr_list_syntax_sets_no_attribute() -> None:
    tree, _ = compile_tree(hostile_tree(['Click here{: onclick="alert(1)" }']))
    html = render_guide(tree, context(tree, "en"))
    assert 'Click here{: onclick="alert(1)" }' in visible_text(html)
    assert unsafe_markup(html) == []


@pytest.mark.parametrize("payload", DANGEROUS_URLS)
def test_check_reports_every_script_url_where_it_is(payload: str) -> None:
    tree, problems = compile_tree(hostile_tree([payload]))
    flagged = {(p.span.line, p.span.col) for p in problems if p.code == "dangerous-url"}
    assert all(p.is_error for p in problems if p.code == "dangerous-url")
    expected = {
        (text.span_of(lang).line, text.span_of(lang).col)
        for _, text in tree.texts()
        for lang in ("en", "es")
    }
    assert len(expected) == 28  # 14 texts, in two languages
    assert flagged == expected


def test_check_message_for_a_script_url_in_a_text() -> None:
    _, problems = compile_tree(hostile_tree(["[click](&#106;avascript:alert(1))"]))
    first = next(p for p in problems if p.code == "dangerous-url")
    assert str(first) == (
        "t.yml:1:13: error[dangerous-url] 'title' contains a 'javascript:' URL, which is never "
        "allowed\n    hint: link to a page of the site or to an https:// address"
    )


@pytest.mark.parametrize("href", DANGEROUS_HREFS)
def test_script_href_is_reported_and_never_linked(href: str) -> None:
    tree, problems = compile_tree(hostile_tree(["x"], href=href))
    lines = hostile_tree(["x"], href=href).split("\n")
    line = next(i for i, text in enumerate(lines) if "links:" in text)
    col = lines[line].index(q(href)) + 1
    messages = [str(p).split("\n")[0] for p in problems if p.code == "dangerous-url"]
    scheme = dangerous_url(href)
    assert messages == [
        f"t.yml:{line + 1}:{col}: error[dangerous-url] 'href' is a '{scheme}:' URL, which is "
        "never allowed"
    ]
    html = render_guide(tree, context(tree, "en"))
    assert unsafe_markup(html) == []


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("javascript:alert(1)", "#"),
        ("\x01 JavaScript:alert(1)", "#"),
        ("java\tscript:alert(1)", "#"),
        ("data:text/html,x", "#"),
        ("vbscript:x", "#"),
        ("file:///etc/passwd", "#"),
        ("https://example.com/", "https://example.com/"),
        ("mailto:help@example.com", "mailto:help@example.com"),
        ("../policies/x/#a", "../policies/x/#a"),
        ("java    script:alert(1)", "java    script:alert(1)"),  # a relative path
        ("&#106;avascript:alert(1)", "&#106;avascript:alert(1)"),  # escaped once more on output
    ],
)
def test_safe_url(href: str, expected: str) -> None:
    assert safe_url(href) == expected


@pytest.mark.parametrize("href", HOSTILE_HREFS)
def test_hostile_href_stays_inside_its_attribute(href: str, tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("# Page\n")
    tree, _ = compile_tree(hostile_tree(["x"], href=href))
    html = render_guide(tree, context(tree, "en"))
    assert unsafe_markup(html) == []
    codes = [p.code for p in check_links(tree, tmp_path)]
    assert codes in (["broken-link"], ["invalid-link"])


ID_PLACES = {
    "node id": ("  n0:", "  {id}:"),
    "field id": ("fields: [{id: f0,", "fields: [{id: {id},"),
    "answer next": ("next: done}", "next: {id}}"),
    "start": ("start: n0", "start: {id}"),
    "goto tree": ("tree: other", "tree: {id}"),
}


@pytest.mark.parametrize("place", ID_PLACES)
@pytest.mark.parametrize("bad_id", HOSTILE_IDS)
def test_hostile_ids_are_rejected_with_a_location(bad_id: str, place: str) -> None:
    old, new = ID_PLACES[place]
    text = hostile_tree(["x"]).replace(old, new.replace("{id}", q(bad_id)), 1)
    document, problems = load_bytes(text.encode("utf-8"), "t.yml")
    tree, more = build_tree(document, "t")
    invalid = [p for p in problems + more if p.code == "invalid-id"]
    line = 1 + next(i for i, ln in enumerate(text.split("\n")) if q(bad_id) in ln)
    assert tree is None
    assert [(p.span.line, p.is_error) for p in invalid] == [(line, True)]
    assert bad_id in invalid[0].message


@pytest.mark.parametrize("bad_id", HOSTILE_IDS)
def test_hostile_file_name_is_rejected(bad_id: str) -> None:
    document, _ = load_bytes(hostile_tree(["x"]).encode(), "evil.yml")
    tree, problems = build_tree(document, bad_id)
    assert tree is None
    assert [str(p).split("\n")[0] for p in problems] == [
        f"evil.yml:1:1: error[invalid-id] tree id '{bad_id}' (the file name) is not valid"
    ]


def test_sopkit_check_flags_script_urls_with_locations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    trees = tmp_path / "decision_trees"
    trees.mkdir()
    (trees / "evil.yml").write_text(hostile_tree(list(DANGEROUS_URLS), href="javascript:x"))
    (trees / "other.yml").write_text(OTHER)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--format", "json"])
    out, _ = capsys.readouterr()
    assert code == 1
    found = re.findall(
        r'"code": "dangerous-url",\n\s+"severity": "error",\n\s+"file": '
        r'"decision_trees/evil.yml",\n\s+"line": (\d+),\n\s+"col": (\d+)',
        out,
    )
    # Per payload: 11 texts in two languages and one href; then title, summary, goto text.
    assert len(found) == len(DANGEROUS_URLS) * (11 * 2 + 1) + 3 * 2
    assert len(set(found)) == len(found)


ALL_PAYLOADS = list(XSS_TEXTS + DANGEROUS_URLS)


@pytest.fixture(scope="module")
def corpus_tree() -> Tree:
    """One tree with every payload, each in every field of its own node."""
    return compile_tree(hostile_tree(ALL_PAYLOADS, href="javascript:alert(1)"))[0]


@pytest.fixture(scope="module")
def flowchart_svg(corpus_tree: Tree) -> str:
    return render_flowchart(corpus_tree, context(corpus_tree, "en"))


@pytest.fixture(scope="module")
def jobaid_html(corpus_tree: Tree, flowchart_svg: str) -> str:
    aid = JobAid(
        source="decision_trees/</style><script>alert(1)</script>.yml",
        paper="a4",
        flowchart_svg=flowchart_svg,
        guide_url="https://example.com/guide/",
    )
    return render_jobaid(corpus_tree, context(corpus_tree, "es"), aid)


def test_flowchart_svg_is_inert(flowchart_svg: str) -> None:
    assert unsafe_markup(flowchart_svg) == []
    assert "alert(1)" in visible_text(flowchart_svg)


def test_job_aid_html_is_inert(jobaid_html: str) -> None:
    # The job aid's own QR code is its one data: URL: a PNG image, nothing else.
    qr = re.compile(r'<div class="jobaid-qr"><img src="data:image/png;base64,[A-Za-z0-9+/=]+"')
    assert len(qr.findall(jobaid_html)) == 1
    rest = qr.sub('<div class="jobaid-qr"><img src=""', jobaid_html)
    # The job aid's own stylesheet is the one <style> it may have; nothing leaves it.
    assert unsafe_markup(rest, allowed_tags={"style", "meta"}) == []
    assert scripts(jobaid_html) == ([], [])
    styles = re.findall(r"<style>(.*?)</style>", jobaid_html, re.S)
    assert len(styles) == 1
    assert "<" not in styles[0]
    assert "alert(1)" in visible_text(jobaid_html.replace(styles[0], ""))


def test_pdf_has_no_script_and_no_script_links(jobaid_html: str) -> None:
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject

    from sopkit.render.pdf import render_pdf

    pdf = render_pdf(jobaid_html)
    reader = PdfReader(BytesIO(pdf.data))
    forbidden = {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/OpenAction",
        "/AA",
        "/RichMedia",
        "/EmbeddedFile",
    }
    uris: list[str] = []
    seen: set[int] = set()

    def walk(obj: object) -> None:
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            assert forbidden.isdisjoint(obj.keys()), obj.keys()
            if "/URI" in obj:
                uris.append(str(obj["/URI"]))
            for value in obj.values():
                walk(value)
        elif isinstance(obj, list):
            for value in obj:
                walk(value)

    walk(reader.trailer)
    # Relative links stay relative; no URI opens with a scheme other than the web's.
    assert "https://example.com" in uris
    assert [u for u in uris if live_dangerous_url(u)] == []
    text = "".join(page.extract_text() for page in reader.pages)
    assert "<script>alert(1)</script>" in text


def test_printing_fetches_no_file_and_no_url(tmp_path: Path) -> None:
    """A job aid's own images are ``data:`` URLs; a file or web address in a printed
    document is left out, not read (and the printing does not fail)."""
    from io import BytesIO

    import segno
    from pypdf import PdfReader

    from sopkit.render.pdf import render_pdf

    png = tmp_path / "local.png"
    segno.make("https://example.com/").save(png, scale=2)
    inline = segno.make("https://example.com/").png_data_uri(scale=2)
    html = (
        f'<p>local <img src="{png.as_uri()}"></p>'
        f'<link rel="stylesheet" href="{(tmp_path / "x.css").as_uri()}">'
        '<p>web <img src="http://127.0.0.1:9/x.png"></p>'
        f'<p>its own <img src="{inline}"></p>'
    )
    (tmp_path / "x.css").write_text("p { display: none }", encoding="utf-8")
    page = PdfReader(BytesIO(render_pdf(html).data)).pages[0]
    assert "local" in page.extract_text() and "its own" in page.extract_text()
    assert len(page.images) == 1  # the data: image only
