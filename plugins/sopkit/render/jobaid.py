"""The job aid: a tree as one printable HTML document, the source of the PDF.

Numbered steps in IF/THEN form (the form the source procedures use), with callouts,
scripts, checklists, a labelled line to write on for each field, the outcomes and an
overview flowchart when it prints legibly (no text under 8pt; otherwise a note says
where the full map is). Each page's foot names the procedure, language, version and
guide URL; the QR code leads to the guide. Pure: the tree, the page context and
:class:`JobAid` in, a string out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from markupsafe import Markup, escape

from ..model import Answer, Next, Node, Rule, Tree, Way
from .conditions import ConditionWords
from .context import PageContext
from .fields import jobaid_field_hint
from .flowchart import MIN_FONT_PT, MIN_PRINT_PT, chart_size
from .guide import Texts, anchor
from .jobaid_chart import printed_chart
from .templates import environment
from .timebox import timebox_line

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")


@dataclass(frozen=True)
class JobAid:
    """What a job aid shows beyond the tree: where it comes from and where it lives."""

    source: str
    paper: Paper = "a4"
    flowchart_svg: str | None = None
    """The chart; printed only at a legible size, else the job aid says where the Map is."""
    guide_url: str | None = None
    print_chart: bool = True
    """False when the chart would not fit the page budget: the note is printed instead."""


# The printable box of each paper (pt): the page less the margins of jobaid.html.j2,
# and the height less the title of the overview.
_CONTENT_PT: dict[Paper, tuple[float, float]] = {
    "a4": (595.3 - 68.0, 841.9 - 79.4 - 30.0),
    "letter": (612.0 - 68.0, 792.0 - 79.4 - 30.0),
}
MAX_CHART_SCALE = 1.4
"""How much a small chart may grow to use the page width (its labels then print at 12pt)."""


def print_width_pt(svg: str, paper: Paper) -> float | None:
    """The width (pt) to print a flowchart at, or None when it cannot print legibly.

    The chart's smallest text (:data:`~sopkit.render.flowchart.MIN_FONT_PT`) is
    :data:`~sopkit.render.flowchart.MIN_PRINT_PT` at its natural size, so the chart may
    grow to the page width but never shrink: a chart wider or taller than the page is
    left out, and the job aid says where the full map is.
    """
    size = chart_size(svg)
    if size is None:
        return None
    width, height = size
    page_width, page_height = _CONTENT_PT[paper]
    scale = min(page_width / width, page_height / height, MAX_CHART_SCALE)
    if MIN_FONT_PT * scale < MIN_PRINT_PT:
        return None
    return width * scale


@dataclass(frozen=True)
class Row:
    """One IF/THEN row of a step: the condition and where it leads."""

    condition: Markup
    then: str
    target: str | None


@cache  # a job aid is rendered once per layout tried, with the same URL
def qr_image(url: str) -> str:
    """A QR code of ``url`` as a ``data:`` URL of a PNG, a pixel per module (black on
    white, quiet zone included). Printed with ``image-rendering: pixelated``, each module
    is a sharp square at any size; WeasyPrint draws it for less than the same code as an
    SVG path."""
    import segno

    uri: str = segno.make(url, error="m").png_data_uri(scale=1, dark="#000", light="#fff")
    return uri


def qr_named(url: str) -> str:
    """What stands for the QR code of ``url`` where only its identity matters (a PDF's
    cache key): the code is drawn from the URL alone, and drawing it costs more than
    rendering the rest of the job aid."""
    return f"qr:{url}"


def css_string(value: str) -> str:
    """``value`` as a CSS string literal that cannot close the string or the stylesheet."""
    escaped = "".join(
        f"\\{ord(ch):x} " if ch in '\\"<>\n\r' or ord(ch) < 32 else ch for ch in value
    )
    return f'"{escaped}"'


def page_counter_css(pattern: str) -> str:
    """A ``content`` value for ``Page {page} of {pages}`` in any word order."""
    parts: list[str] = []
    rest = pattern
    while rest:
        before, brace, after = rest.partition("{")
        if before:
            parts.append(css_string(before))
        if not brace:
            break
        name, _, rest = after.partition("}")
        parts.append(f"counter({'pages' if name == 'pages' else 'page'})")
    return " ".join(parts)


def footer_line(tree: Tree, ctx: PageContext, guide_url: str | None) -> str:
    """What every printed page names at its foot: procedure, language, version, and the
    guide's URL on a line of its own (so it never breaks)."""
    ui = ctx.ui
    parts = [
        Texts(ctx).plain(tree.title),
        ui["jobaid.language"],
        f"{ui['version']}: {tree.content_hash}",
    ]
    return " · ".join(parts) + (f"\n{guide_url}" if guide_url else "")


def meta_line(tree: Tree, ctx: PageContext) -> list[str]:
    """The owner and review date, printed once under the title (the version is in the footer)."""
    ui = ctx.ui
    meta = [f"{ui['owner']}: {tree.owner}"] if tree.owner else []
    if tree.reviewed:
        meta.append(f"{ui['reviewed']}: {tree.reviewed.isoformat()}")
    return meta


def map_note(ctx: PageContext, guide_url: str | None) -> str:
    """Where the full map is, for a job aid whose chart is left out."""
    if guide_url:
        return ctx.ui["jobaid.map_elsewhere"].format(url=guide_url)
    return ctx.ui["jobaid.map_elsewhere_no_url"]


def heading_id(tree: Tree) -> str:
    """The id of a job aid's title (the training pack's contents link to it)."""
    return f"jobaid--{tree.id}"


def chart_width_pt(aid: JobAid) -> float | None:
    """The width (pt) the job aid prints its chart at, or None when it prints the note."""
    if not aid.print_chart or not aid.flowchart_svg:
        return None
    return print_width_pt(aid.flowchart_svg, aid.paper)


def render_jobaid_body(
    tree: Tree, ctx: PageContext, aid: JobAid, qr: Callable[[str], str] = qr_image
) -> Markup:
    """One job aid's content, without the document around it (pure; ``qr`` makes the
    QR code's image of a URL)."""
    texts = Texts(ctx)
    steps = tree.step_numbers()
    width = chart_width_pt(aid)
    template = environment().get_template("jobaid_body.html.j2")
    return Markup(
        template.render(
            tree=tree,
            ctx=ctx,
            ui=ctx.ui,
            t=texts,
            steps=steps,
            anchor=anchor,
            heading_id=heading_id(tree),
            meta=meta_line(tree, ctx),
            rows=_rows(tree, ctx, texts, steps),
            timebox=lambda node: timebox_line(node, tree, texts, steps),
            field_hint=lambda f: jobaid_field_hint(f, texts),
            qr=qr(aid.guide_url) if aid.guide_url else None,
            chart=printed_chart(aid.flowchart_svg, width)
            if aid.flowchart_svg and width is not None
            else None,
            map_note=map_note(ctx, aid.guide_url) if aid.flowchart_svg else None,
        )
    )


@cache
def jobaid_style() -> Markup:
    """The job aid's stylesheet (shared with the training pack)."""
    return Markup(environment().get_template("jobaid_style.css.j2").render())


def render_jobaid(
    tree: Tree, ctx: PageContext, aid: JobAid, qr: Callable[[str], str] = qr_image
) -> str:
    """Render a tree as the job-aid HTML document for one language (pure; ``qr``: see
    :func:`render_jobaid_body`)."""
    template = environment().get_template("jobaid.html.j2")
    return template.render(
        ctx=ctx,
        title=Texts(ctx).plain(tree.title),
        paper=aid.paper,
        style=jobaid_style(),
        body=render_jobaid_body(tree, ctx, aid, qr),
        # Escaped for CSS: no quote, backslash or angle bracket gets through.
        footer=footer_line(tree, ctx, aid.guide_url),
        css=lambda value: Markup(css_string(value)),
        page_counter=Markup(page_counter_css(ctx.ui["jobaid.page"])),
    )


def _rows(
    tree: Tree, ctx: PageContext, texts: Texts, steps: dict[str, int]
) -> Callable[[Node], list[Row]]:
    ui = ctx.ui
    words = ConditionWords(tree, texts)

    def then(target: str) -> str:
        node = tree.nodes.get(target)
        words = ui["jobaid.go_to"].format(n=steps.get(target, "?"))
        if node is not None and node.type == "outcome":
            words += f" ({ui['result.' + str(node.result)]})"
        return words

    def row(node: Node, way: Way) -> Row:
        if isinstance(way, Answer):
            return Row(condition=texts.inline(way.label), then=then(way.next), target=way.next)
        if isinstance(way, Rule):
            when = escape(words.say(way.condition))
            return Row(condition=when, then=then(way.next), target=way.next)
        if isinstance(way, Next):
            done = ui["decide.otherwise"] if node.type == "decide" else ui["jobaid.done"]
            return Row(condition=escape(done), then=then(way.next), target=way.next)
        title = texts.tree_title(way.tree)
        return Row(condition=Markup(""), then=ui["goto"].format(title=title), target=None)

    def rows(node: Node) -> list[Row]:
        """The IF/THEN rows of a node: one per way on (outcomes have none); a decision's
        rules in words, then its "Otherwise"."""
        return [row(node, way) for way in node.ways]

    return rows
