"""No character of an editor's text is lost in any output (issue 15, item 3).

Service codes (``*72``), names with underscores (``line_status``), backticks, angle
brackets, quotes, braces, percent signs, non-Latin and right-to-left scripts, emoji and
combining marks: every character a reader sees in the guide must also be in the
flowchart (its DOT labels, and the SVG Graphviz draws), the job aid, and the case note
(the texts the player writes into it when the note's language is not the page's; in the
page's language it takes the words of the guide's own steps).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopkit import Languages, PageContext, render_guide
from sopkit.compile.checks import check_tree
from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree
from sopkit.model import Tree
from sopkit.render.flowchart import flowchart_dot, render_flowchart
from sopkit.render.jobaid import JobAid, render_jobaid
from tests.hardening.safety import visible_text

LANGS = Languages.of(["en", "es"])

# (as written in the tree, as a reader sees it): pieces that keep their meaning next to
# each other, so a text made of them, joined by spaces, reads as their words joined.
PIECES: list[tuple[str, str]] = [
    ("\\*72", "*72"),
    ("*72", "*72"),
    ("line_status", "line_status"),
    ("+1_555_0100", "+1_555_0100"),
    ("`line_status`", "line_status"),
    ("`a<b & c`", "a<b & c"),
    ("``x`y``", "x`y"),
    ("<", "<"),
    ("a<b", "a<b"),
    ("<b>bold?</b>", "<b>bold?</b>"),
    ("<!--", "<!--"),
    ("-->", "-->"),
    ("AT&T", "AT&T"),
    ("&amp;", "&"),
    ("\\\\", "\\"),
    ("C:\\\\temp", "C:\\temp"),
    ("a\\b", "a\\b"),
    ('"quoted"', '"quoted"'),
    ("it's", "it's"),
    ("«sí»", "«sí»"),
    ("{name}", "{name}"),
    ("{}", "{}"),
    ("{0}", "{0}"),
    ("100%", "100%"),
    ("%s", "%s"),
    ("%(x)s", "%(x)s"),
    ("|", "|"),
    ("~", "~"),
    ("[x]", "[x]"),
    ("\\[x](y)", "[x](y)"),
    ("#5", "#5"),
    ("$5", "$5"),
    ("Привет", "Привет"),
    ("你好", "你好"),
    ("नमस्ते", "नमस्ते"),
    ("مرحبا", "مرحبا"),
    ("שלום", "שלום"),
    ("👍🏽", "👍🏽"),
    ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
    ("🇪🇸", "🇪🇸"),
    ("Cafe\u0301", "Cafe\u0301"),
    ("n\u0303o", "n\u0303o"),
    ("a\u0308\u0304", "a\u0308\u0304"),
    ("**bold**", "bold"),
    ("[policy](https://example.com/p)", "policy"),
    ("<tel:+15550100>", "tel:+15550100"),
]

# Where a text goes: the tree's title and every kind of text a node has.
PLACES = ("title", "question", "yes", "no", "step", "check", "field", "help", "outcome")


def tree_source(texts: dict[str, str], langs: tuple[str, ...] = ("en", "es")) -> str:
    """A tree with ``texts[place]`` at each place, the same in every language of ``langs``."""

    def both(place: str) -> str:
        value = json.dumps(texts[place], ensure_ascii=False)
        return "{" + ", ".join(f"{lang}: {value}" for lang in langs) + "}"

    return f"""title: {both("title")}
start: q
nodes:
  q:
    type: question
    text: {both("question")}
    help: {both("help")}
    answers:
      - {{id: yes, label: {both("yes")}, next: s}}
      - {{id: no, label: {both("no")}, next: done}}
  s:
    type: step
    text: {both("step")}
    checklist:
      - {{id: c, text: {both("check")}}}
    fields:
      - {{id: f, label: {both("field")}}}
    next: done
  done: {{type: outcome, result: resolve, text: {both("outcome")}}}
"""


def tree_with(texts: dict[str, str]) -> Tree:
    """The tree of :func:`tree_source`, compiled and checked: it has no error."""
    source = tree_source(texts)
    document, problems = load_bytes(source.encode("utf-8"), "t.yml")
    tree, more = build_tree(document, "t")
    assert tree is not None, [str(p) for p in problems + more]
    errors = [str(p) for p in problems + more + check_tree(tree, LANGS) if p.is_error]
    assert errors == []
    return tree


def squashed(value: str) -> str:
    return " ".join(value.split())


def context(tree: Tree, note_lang: str | None = None) -> PageContext:
    return PageContext(lang="en", languages=LANGS, trees={tree.id: tree}, case_note_lang=note_lang)


def dot_labels(dot: str) -> list[str]:
    """The words of every label of a DOT source (HTML-like labels, as flowchart.py writes
    them: XML-escaped, backslashes doubled, lines joined by ``<br/>``)."""
    found = re.findall(r'label=<((?:[^<>]|<br align="center"/>)*)>', dot)
    return [
        html.unescape(label.replace('<br align="center"/>', " ").replace("\\\\", "\\"))
        for label in found
    ]


class _Data(HTMLParser):
    """The player's data (``data-sopkit-data``) of a guide."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, object] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs).get("data-sopkit-data")
        if found:
            self.data = json.loads(found)


class _NestedLinks(HTMLParser):
    """Counts links opened inside a link: a browser ends the outer one there, so the
    words after it leave the answer (and HTMLParser alone would not tell)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.nested = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.nested += self.depth > 0
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.depth -= 1


def nested_links(page: str) -> int:
    parser = _NestedLinks()
    parser.feed(page)
    parser.close()
    return parser.nested


def note_texts(tree: Tree) -> list[str]:
    """Every text the case note of a Spanish note on an English page is written from."""
    parser = _Data()
    parser.feed(render_guide(tree, context(tree, "es")))
    note = parser.data["note"]
    assert isinstance(note, dict)
    found = [str(note["title"])]

    def walk(value: object) -> Iterable[str]:
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        else:
            yield str(value)

    return found + list(walk(note["nodes"]))


def without_style(page: str) -> str:
    return re.sub(r"<style>.*?</style>", "", page, flags=re.S)


def css_footer(page: str) -> str:
    """The footer of every printed page, read back from the job aid's stylesheet."""
    found = re.search(r'@bottom-left \{ content: "((?:[^"\\]|\\[0-9a-f]+ )*)"', page)
    assert found is not None
    return re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), found.group(1))


def assert_every_output_keeps(texts: dict[str, str], seen: dict[str, str]) -> None:
    """``seen[place]`` (what a reader sees of ``texts[place]``) is in every output."""
    tree = tree_with(texts)
    guide_page = render_guide(tree, context(tree))
    assert nested_links(guide_page) == 0
    guide = squashed(visible_text(guide_page))
    jobaid_page = render_jobaid(tree, context(tree), JobAid(source="t.yml"))
    jobaid = squashed(visible_text(without_style(jobaid_page)))
    chart = [squashed(label) for label in dot_labels(flowchart_dot(tree, context(tree)))]
    note = [squashed(text) for text in note_texts(tree)]
    for place in PLACES:
        words = squashed(seen[place])
        assert words in guide, place
        assert words in jobaid, place
        if place not in ("title", "help", "check", "field"):  # the chart's boxes and arrows
            assert any(words in label for label in chart), (place, chart)
        if place != "help":  # the note records the steps, answers, items and fields
            assert any(words in text for text in note), (place, note)
    assert squashed(seen["title"]) in css_footer(jobaid_page)


def spread(places: tuple[str, ...], start: int = 0) -> tuple[dict[str, str], dict[str, str]]:
    """Every piece once, shared out over ``places`` (from the ``start``-th place on):
    the texts as written, and as a reader sees them. Each text starts with its place's
    name, so no two read alike; places not in ``places`` hold only their name."""
    texts = {place: place for place in PLACES}
    seen = dict(texts)
    for i, place in enumerate(places):
        chosen = PIECES[(start + i) % len(places) :: len(places)]
        texts[place] = f"{place} " + " ".join(source for source, _ in chosen)
        seen[place] = f"{place} " + " ".join(words for _, words in chosen)
    return texts, seen


def test_every_hard_piece_is_kept_everywhere() -> None:
    # Shared out in turn, every piece is tried at every place.
    for start in range(len(PLACES)):
        assert_every_output_keeps(*spread(PLACES, start))


def test_the_drawn_chart_keeps_every_character() -> None:
    # Graphviz itself: the SVG's text is the labels' words, line by line.
    drawn = ("question", "yes", "no", "step", "outcome")
    texts, seen = spread(drawn)
    tree = tree_with(texts)
    svg = "".join(visible_text(render_flowchart(tree, context(tree))).split())
    for place in drawn:
        assert "".join(seen[place].split()) in svg, place


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.sampled_from(PIECES), min_size=1, max_size=8),
        min_size=len(PLACES),
        max_size=len(PLACES),
    )
)
def test_any_mix_of_hard_pieces_is_kept_everywhere(chosen: list[list[tuple[str, str]]]) -> None:
    # Each place starts with its own name: the two answers never read alike.
    texts = {p: f"{p} " + " ".join(s for s, _ in c) for p, c in zip(PLACES, chosen, strict=True)}
    seen = {p: f"{p} " + " ".join(w for _, w in c) for p, c in zip(PLACES, chosen, strict=True)}
    assert_every_output_keeps(texts, seen)
