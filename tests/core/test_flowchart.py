"""The flowchart's labels: whole, wrapped at spaces, every character kept into the SVG."""

from __future__ import annotations

import html
import re

import pytest

from sopkit import Languages, PageContext
from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree
from sopkit.model import Tree
from sopkit.render.flowchart import (
    LABEL_WIDTH,
    flowchart_dot,
    html_label,
    node_id,
    render_flowchart,
    wrap_label,
)

LANGS = Languages.of(["en", "es"])
# Characters that Markdown, DOT, Graphviz's escapes or XML would read as syntax.
HOSTILE = r"""It's {a|b} `C:\Temp\*_x_*.log` & <id> "N" \N \G \L \\ *b* __u__ 50% \ """
TREE = """\
title: {en: Labels, es: Etiquetas}
start: first
nodes:
  first:
    type: question
    text:
      en: 'Before you escalate, talk the case over with the onsite Senior Agent or both.'
      es: 'Antes de escalar, hable del caso con el Agente Sénior del sitio.'
    answers:
      - {label: {en: 'Yes, keep supporting the customer at Tier 1', es: Sí}, next: hostile}
      - {label: {en: No, es: No}, next: done}
  hostile:
    type: step
    text: {en: 'TEXT', es: 'TEXT'}
    next: done
  done:
    type: outcome
    result: resolve
    text: {en: Resolved, es: Resuelto}
"""


def tree() -> Tree:
    text = TREE.replace("TEXT", HOSTILE.replace("'", "''"))
    document, problems = load_bytes(text.encode("utf-8"), "labels.yml")
    built, more = build_tree(document, "labels")
    assert built is not None, [str(p) for p in problems + more]
    return built


def context(built: Tree, lang: str) -> PageContext:
    return PageContext(lang=lang, languages=LANGS, trees={built.id: built})


def svg_lines(svg: str, node: str) -> list[str]:
    """The text lines of one box of the SVG, unescaped."""
    group = re.search(
        rf'<g id="{re.escape(html.escape(node_id("labels", node)).replace("-", "&#45;"))}"'
        r".*?</g>\n</g>",
        svg,
        re.S,
    )
    assert group, f"no box for {node}"
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", group.group(0))]


@pytest.mark.parametrize(
    ("value", "width", "lines"),
    [
        ("Keep supporting the customer at Tier 1", 28, [
            "Keep supporting the customer", "at Tier 1"
        ]),
        ("  spaced \n  out\ttext ", 28, ["spaced out text"]),
        ("https://example.com/a/very/long/path/that/cannot/break", 20, [
            "https://example.com/a/very/long/path/that/cannot/break"
        ]),
        ("pre-sales follow-up re-escalation", 12, ["pre-sales", "follow-up", "re-escalation"]),
        ("", 28, [""]),
    ],
)  # fmt: skip
def test_labels_wrap_at_spaces_and_are_never_cut(value: str, width: int, lines: list[str]) -> None:
    assert wrap_label(value, width) == lines


def test_html_label_escapes_for_xml_and_graphviz_only() -> None:
    assert html_label(['a < b & "c"', r"C:\N\\"]) == (
        r'<a &lt; b &amp; &quot;c&quot;<br align="center"/>C:\\N\\\\>'
    )


def test_every_character_of_a_label_reaches_the_svg() -> None:
    svg = render_flowchart(tree(), context(tree(), "en"))
    shown = " ".join(svg_lines(svg, "hostile"))
    # The words the guide shows: Markdown's emphasis and escapes are read, code is kept.
    expected = r"""2. It's {a|b} C:\Temp\*_x_*.log & <id> "N" \N \G \L \ b u 50%"""
    assert shown == expected + " \\"
    assert all(len(line) <= LABEL_WIDTH or " " not in line for line in svg_lines(svg, "hostile"))


def test_long_texts_are_shown_whole_in_the_page_language() -> None:
    built = tree()
    english = render_flowchart(built, context(built, "en"))
    assert svg_lines(english, "first") == [
        "1. Before you escalate, talk",
        "the case over with the",
        "onsite Senior Agent or both.",
    ]
    assert "…" not in english
    edges = re.findall(r'<g id="edge\d+" class="edge">(.*?)</g>', english, re.S)
    labels = [" ".join(re.findall(r"<text[^>]*>(.*?)</text>", edge)) for edge in edges]
    assert "Yes, keep supporting the customer at Tier 1" in labels  # on its arrow, whole
    spanish = render_flowchart(built, context(built, "es"))
    assert " ".join(svg_lines(spanish, "first")) == (
        "1. Antes de escalar, hable del caso con el Agente Sénior del sitio."
    )


def test_boxes_carry_the_node_id_and_kind_for_the_player_and_the_palette() -> None:
    built = tree()
    dot = flowchart_dot(built, context(built, "en"))
    assert (
        'id="sopkit-map--labels--first", class="sopkit-map__node sopkit-map__node--question"' in dot
    )
    svg = render_flowchart(built, context(built, "en"))
    classes = re.findall(
        r'<g id="sopkit&#45;map&#45;&#45;labels&#45;&#45;(\w+)" class="([^"]+)"', svg
    )
    assert [(node, html.unescape(cls)) for node, cls in classes] == [
        ("first", "node sopkit-map__node sopkit-map__node--question"),
        ("hostile", "node sopkit-map__node sopkit-map__node--step"),
        ("done", "node sopkit-map__node sopkit-map__node--outcome-resolve"),
    ]
    # Paper keeps light fills and black text: the screen recolours by class.
    assert 'fill="#dcf5e3"' in svg
