"""The job aid: a tree as one printable HTML document, the source of the PDF.

Numbered steps in IF/THEN form (the form the source procedures use), with callouts,
scripts, checklists, blank lines for the fields, the outcomes and an overview
flowchart. Pure: the tree, the page context and :class:`JobAid` in, a string out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from markupsafe import Markup, escape

from ..model import Answer, Next, Node, Tree, Way
from .context import PageContext
from .guide import Texts, anchor
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
    guide_url: str | None = None
    map_height_mm: int = 120


@dataclass(frozen=True)
class Row:
    """One IF/THEN row of a step: the condition and where it leads."""

    condition: Markup
    then: str
    target: str | None


@cache  # a job aid is rendered once per flowchart size tried, with the same URL
def qr_svg(url: str) -> str:
    """A QR code of ``url`` as inline SVG (black on white, quiet zone included)."""
    import segno

    code = segno.make(url, error="m")
    svg: str = code.svg_inline(scale=2, dark="#000", light="#fff", omitsize=False)
    return svg


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


def render_jobaid(tree: Tree, ctx: PageContext, aid: JobAid) -> str:
    """Render a tree as the job-aid HTML document for one language (pure)."""
    texts = Texts(ctx)
    ui = ctx.ui
    steps = tree.step_numbers()
    template = environment().get_template("jobaid.html.j2")
    return template.render(
        tree=tree,
        ctx=ctx,
        ui=ui,
        t=texts,
        aid=aid,
        steps=steps,
        anchor=anchor,
        rows=_rows(tree, ctx, texts, steps),
        timebox=lambda node: timebox_line(node, tree, texts, steps),
        qr=Markup(qr_svg(aid.guide_url)) if aid.guide_url else None,
        flowchart=Markup(aid.flowchart_svg) if aid.flowchart_svg else None,
        # Both are escaped for CSS (no quote, backslash or angle bracket gets through).
        css=lambda value: Markup(css_string(value)),
        page_counter=Markup(page_counter_css(ui["jobaid.page"])),
    )


def _rows(
    tree: Tree, ctx: PageContext, texts: Texts, steps: dict[str, int]
) -> Callable[[Node], list[Row]]:
    ui = ctx.ui

    def then(target: str) -> str:
        node = tree.nodes.get(target)
        words = ui["jobaid.go_to"].format(n=steps.get(target, "?"))
        if node is not None and node.type == "outcome":
            words += f" ({ui['result.' + str(node.result)]})"
        return words

    def row(way: Way) -> Row:
        if isinstance(way, Answer):
            return Row(condition=texts.inline(way.label), then=then(way.next), target=way.next)
        if isinstance(way, Next):
            return Row(condition=escape(ui["jobaid.done"]), then=then(way.next), target=way.next)
        title = texts.tree_title(way.tree)
        return Row(condition=Markup(""), then=ui["goto"].format(title=title), target=None)

    def rows(node: Node) -> list[Row]:
        """The IF/THEN rows of a node: one per way on (outcomes have none)."""
        return [row(way) for way in node.ways]

    return rows
