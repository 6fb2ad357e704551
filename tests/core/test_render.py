"""The guide HTML: golden files per tree and language, and the no-JavaScript contract."""

from __future__ import annotations

import dataclasses
import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sopkit import Languages, PageContext, check_paths, render_guide
from sopkit.compile.catalog import tree_files
from sopkit.render.text import TextRenderer, plain
from sopkit.settings import Insight
from tests.conftest import SITE_FIXTURE
from tests.golden import assert_golden

LANGS = Languages.of(["en", "es"])


@pytest.fixture(scope="module")
def trees():  # type: ignore[no-untyped-def]
    result = check_paths(tree_files(SITE_FIXTURE / "decision_trees"), LANGS, root=SITE_FIXTURE)
    assert result.problems == []
    return result.trees


def context(trees, lang: str) -> PageContext:  # type: ignore[no-untyped-def]
    return PageContext(
        lang=lang,
        languages=LANGS,
        trees=trees,
        link=lambda href: "../" + href.replace(".md", "/"),
        tree_page=lambda tree_id: f"../{tree_id}/",
    )


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("tree_id", ["router", "printer"])
def test_guide_html_golden(trees, tree_id: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    html = render_guide(trees[tree_id], context(trees, lang))
    assert_golden(f"guide/{tree_id}.{lang}.html", html)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collect()
    collector.feed(html)
    return collector.elements


def test_every_node_has_one_anchor_and_every_answer_links_to_one(trees) -> None:  # type: ignore[no-untyped-def]
    tree = trees["router"]
    elements = parse(render_guide(tree, context(trees, "en")))
    ids = [a["id"] for _, a in elements if a.get("id")]
    assert len(ids) == len(set(ids))
    node_anchors = {f"router--{node_id}" for node_id in tree.nodes}
    assert node_anchors <= set(ids)
    nodes = [a["data-sopkit-node"] for _, a in elements if "data-sopkit-node" in a]
    assert nodes == list(tree.nodes)
    links = [a["href"] for t, a in elements if t == "a" and "data-sopkit-next" in a]
    assert links and all(href is not None and href[1:] in ids for href in links)
    roots = [a for _, a in elements if "data-sopkit-tree" in a]
    assert [r["data-sopkit-tree"] for r in roots] == ["router"]


def test_spanish_page_is_in_spanish(trees) -> None:  # type: ignore[no-untyped-def]
    html = render_guide(trees["router"], context(trees, "es"))
    assert 'lang="es"' in html
    assert "¿Está encendida la luz de encendido?" in html
    assert "Is the power light on?" not in html
    assert "Paso 1" in html and "Resultado: Transferir" in html


def test_raw_html_in_a_text_is_shown_not_run(trees) -> None:  # type: ignore[no-untyped-def]
    html = render_guide(trees["router"], context(trees, "en"))
    assert "next to the &lt;b&gt;logo&lt;/b&gt;." in html
    assert "<b>logo</b>" not in html


def test_missing_translation_falls_back_with_a_mark(tmp_path: Path) -> None:
    (tmp_path / "half.yml").write_text(
        "title: {en: Half done, es: A medias}\nstart: done\nnodes:\n  done:\n"
        "    type: outcome\n    result: stop\n    text: Only English here\n"
        "    help: {en: English help only}\n"
    )
    result = check_paths([tmp_path / "half.yml"], LANGS, root=tmp_path)
    assert [p.code for p in result.problems] == ["missing-translation"] * 2
    html = render_guide(result.trees["half"], context(result.trees, "es"))
    assert (
        '<span lang="en" class="sopkit-fallback">Only English here</span> '
        '<small class="sopkit-untranslated">(sin traducir)</small>'
    ) in html
    assert (
        '<div lang="en" class="sopkit-fallback"><p>English help only</p></div> '
        '<small class="sopkit-untranslated">(sin traducir)</small>'
    ) in html
    english = render_guide(result.trees["half"], context(result.trees, "en"))
    assert "sopkit-fallback" not in english


def test_a_site_can_add_a_language_to_the_ui(trees) -> None:  # type: ignore[no-untyped-def]
    ctx = PageContext(
        lang="fr",
        languages=Languages.of(["en", "fr"]),
        trees=trees,
        extra_ui={"fr": {"step": "Étape {n}", "continue": "Fait, continuer"}},
    )
    html = render_guide(trees["router"], ctx)
    assert '<span class="sopkit-node__step">Étape 1</span>' in html
    assert ">Fait, continuer</a>" in html
    # Strings the site did not translate fall back to English, never to nothing.
    assert "<strong>Outcome: Transfer</strong>" in html


@pytest.mark.parametrize(
    ("source", "inline", "html"),
    [
        # CommonMark: a list may follow a paragraph line, and nests by its content's indent.
        (
            "Check:\n- the cable\n- the light",
            False,
            "<p>Check:</p>\n<ul>\n<li>the cable</li>\n<li>the light</li>\n</ul>",
        ),
        ("- a\n  - b", False, "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>"),
        ("3. third\n4. fourth", False, '<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>'),
        (
            "Say **please** and *thanks*, ~~never~~ `ok`",
            True,
            "Say <strong>please</strong> and <em>thanks</em>, <del>never</del> <code>ok</code>",
        ),
        # Placeholders an editor writes in angle brackets stay visible, in code too.
        (
            "Type <account number> then press `<Enter>`",
            True,
            "Type &lt;account number&gt; then press <code>&lt;Enter&gt;</code>",
        ),
        ("<div>\nblock\n</div>", False, "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>"),
        # Formatting alone skips nh3, and still comes out as nh3 writes it.
        (
            'Say **"hello"**  \nthen wait',
            False,
            '<p>Say <strong>"hello"</strong><br>\nthen wait</p>',
        ),
        # Autolinks stay links; headings keep only their words; images are left out.
        (
            "See <https://status.example.com>",
            True,
            'See <a href="https://status.example.com" rel="noopener noreferrer">'
            "https://status.example.com</a>",
        ),
        ("# Title", False, "Title"),
        ("![logo](logo.png) here", True, " here"),
    ],
)
def test_text_markdown_dialect(source: str, inline: bool, html: str) -> None:
    renderer = TextRenderer()
    rendered = renderer.inline(source) if inline else renderer.block(source)
    assert rendered == html


def guide_under(heading: str, lang: str = "en") -> str:
    """The HTML of a page with ``heading`` above the printer guide (no MkDocs)."""
    import markdown

    return markdown.markdown(
        f"{heading}\n\nUse this guide for jams.\n\n```decision-tree\nprinter\n```\n",
        extensions=["sopkit"],
        extension_configs={
            "sopkit": {
                "trees_dir": str(SITE_FIXTURE / "decision_trees"),
                "languages": ["en", "es"],
                "lang": lang,
            }
        },
    )


@pytest.mark.parametrize(
    ("heading", "lang", "title"),
    [
        ("# Printer jam", "en", "Printer jam"),
        ("# Atasco de impresora {#atasco}", "es", "Atasco de impresora"),
        ("Printer jam!\n===", "en", "Printer jam"),
        ("# PRINTER: jam #", "en", "Printer jam"),
    ],
)
def test_the_title_is_shown_once_when_the_page_heading_says_it(
    heading: str, lang: str, title: str
) -> None:
    html = guide_under(heading, lang)
    # Still the section's name and a level-2 heading, for screen readers only.
    assert f'<h2 class="sopkit-tree__title sopkit-sr-only" id="printer--title">{title}</h2>' in html
    assert 'aria-labelledby="printer--title"' in html


@pytest.mark.parametrize(
    "heading",
    [
        "# Paper problems",
        "## Printer jam",  # not the page's heading
        "```\n# Printer jam\n```",  # in a code block
        "",
    ],
)
def test_the_title_stays_when_the_page_heading_says_something_else(heading: str) -> None:
    html = guide_under(heading)
    assert '<h2 class="sopkit-tree__title" id="printer--title">Printer jam</h2>' in html


@pytest.mark.parametrize("lang", ["en", "es"])
def test_about_this_procedure_is_collapsed_below_the_steps(trees, lang: str) -> None:  # type: ignore[no-untyped-def]
    ctx = PageContext(
        lang=lang,
        languages=LANGS,
        trees=trees,
        pdf_url=lambda tree_id: f"../jobaids/{tree_id}.{lang}.pdf",
        overdue={"router": dt.date(2026, 9, 1)},
    )
    html = render_guide(trees["router"], ctx)
    header, _, rest = html.partition('<ol class="sopkit-steps">')
    steps, _, below = rest.partition("</ol>\n<details")
    about = {"en": "About this procedure", "es": "Acerca de este procedimiento"}[lang]
    assert below.startswith(f' class="sopkit-about"><summary>{about}</summary>')
    for part in ("tree__summary", "Network Support", "<code>47c0be6b20cb</code>", "sopkit-pdf"):
        assert part in below and part not in header + steps
    # The overdue notice stays in sight, one line above the steps.
    overdue = {"en": "Review overdue since", "es": "Revisión vencida desde el"}[lang]
    assert f'data-sopkit-overdue="2026-09-01">{overdue} 2026-09-01</strong></p>' in header


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("Dial \\*72 to forward calls", "Dial *72 to forward calls"),
        ("Read `line_status` aloud", "Read line_status aloud"),
        ("Call +1_555_0100", "Call +1_555_0100"),
        ("Path C:\\\\temp and a\\_b", "Path C:\\temp and a_b"),
        ("**Bold**, *this* and [the policy](policies/x.md)", "Bold, this and the policy"),
        ("a < b & c > d", "a < b & c > d"),
    ],
)
def test_plain_words_keep_every_character_a_reader_sees(source: str, words: str) -> None:
    # Case notes in another language and the flowchart use these words.
    assert plain(source) == words


def insight_context(trees, events: str = "off", url: str | None = None) -> PageContext:  # type: ignore[no-untyped-def]
    return dataclasses.replace(
        context(trees, "es"),
        insight=Insight(events, "/collect" if events == "beacon" else None, url),
        page_url="https://sop.example/es/router/?a=1&b=2",
    )


def test_every_step_links_to_a_problem_report_filled_in_and_encoded(trees) -> None:  # type: ignore[no-untyped-def]
    url = "https://tracker.example/new?title={tree}/{node}&body={version}%0A{lang}%0A{page}"
    html = render_guide(trees["router"], insight_context(trees, url=url))
    links = [a for tag, a in parse(html) if tag == "a" and a.get("href", "").startswith("https:")]
    assert len(links) == len(trees["router"].nodes)
    version = "2026-10-01%20%C2%B7%20" + trees["router"].content_hash
    assert links[0] == {
        "href": f"https://tracker.example/new?title=router/lights&body={version}%0Aes%0A"
        "https%3A%2F%2Fsop.example%2Fes%2Frouter%2F%3Fa%3D1%26b%3D2",
        "target": "_blank",
        "rel": "noopener",
    }
    assert html.count(">Informar un problema con este paso</a>") == len(trees["router"].nodes)


def test_a_mailto_report_opens_in_place_and_nothing_is_said_when_events_are_off(trees) -> None:  # type: ignore[no-untyped-def]
    html = render_guide(
        trees["printer"], insight_context(trees, url="mailto:kb@example.com?subject={node}")
    )
    links = [a for tag, a in parse(html) if tag == "a" and a.get("href", "").startswith("mailto:")]
    assert links == [
        {"href": "mailto:kb@example.com?subject=jam"},
        {"href": "mailto:kb@example.com?subject=done"},
    ]
    assert "sopkit-events-notice" not in html
    assert "events" not in html.split('data-sopkit-data="', 1)[1].split('"', 1)[0]


def test_when_events_are_sent_the_guide_says_so_and_tells_the_player(trees) -> None:  # type: ignore[no-untyped-def]
    html = render_guide(trees["printer"], insight_context(trees, events="beacon"))
    assert (
        '<p class="sopkit-events-notice">Esta guía registra qué pasos se usan, nunca lo que '
        "usted escribe.</p>\n</section>" in html
    )
    assert (
        "&#34;events&#34;:{&#34;send&#34;:&#34;beacon&#34;,&#34;url&#34;:&#34;/collect&#34;}"
        in html
    )
    assert "sopkit-report" not in html
