"""The flowchart: a tree as Graphviz DOT, laid out by ``dot`` into an SVG.

Every box links to its step's anchor (``#<tree>--<node>``), so the same SVG works as
the on-screen map and in the printed job aid. Kinds of node differ by shape as well as
colour, so the chart reads in black-and-white print. Each box's group has the id
``sopkit-map--<tree>--<node>`` and the classes ``sopkit-map__node sopkit-map__node--<kind>``:
the screen stylesheet recolours the chart for the page's palette by these classes, and
the player marks the current step by its id (``map.mjs``). The fills written into the
SVG are light, for paper.

Labels keep every character of the text (``*``, ``_``, backticks, backslashes): they
are Graphviz HTML-like labels, XML-escaped with backslashes doubled (see
:func:`html_label`); lines break at spaces.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Answer, Next, Node, Rule, Text, Tree
from .conditions import ConditionWords
from .context import PageContext
from .guide import Texts, anchor

GRAPHVIZ_MISSING = (
    "the flowchart needs Graphviz, but the 'dot' command was not found; install it "
    "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz) or turn "
    "flowcharts off with 'flowchart: false' under the sopkit plugin in mkdocs.yml"
)

# (shape, style, fill colour) per kind of node; fills are light so text stays black.
_STYLES: Mapping[str, tuple[str, str, str]] = {
    "step": ("box", "filled", "#ffffff"),
    "question": ("hexagon", "filled", "#e8eefc"),
    "goto": ("box", "filled,dashed,rounded", "#f2f2f2"),
    "decide": ("diamond", "filled", "#fff4d6"),
    "outcome.escalate": ("doubleoctagon", "filled,bold", "#fde2e1"),
    "outcome.resolve": ("ellipse", "filled,bold", "#dcf5e3"),
    "outcome.transfer": ("house", "filled,bold", "#fff1cc"),
    "outcome.new-case": ("note", "filled,bold", "#e9e2fb"),
    "outcome.stop": ("octagon", "filled,bold", "#eeeeee"),
}
LABEL_WIDTH = 28
"""Characters per line of a box's label (lines break at spaces, never inside a word)."""
EDGE_WIDTH = 20
"""Characters per line of an answer's label on an arrow."""
NODE_FONT_PT = 9
EDGE_FONT_PT = 8
MIN_FONT_PT = min(NODE_FONT_PT, EDGE_FONT_PT)
"""The chart's smallest text at its natural size (pt)."""
MIN_PRINT_PT = 8
"""The smallest text a printed job aid may have (pt): the chart never shrinks below it."""


class GraphvizMissing(RuntimeError):
    """Graphviz's ``dot`` is not installed."""


class GraphvizFailed(RuntimeError):
    """``dot`` ran but could not lay out the graph."""


def dot_string(value: str) -> str:
    """A DOT quoted string whose lines are the lines of ``value``, shown literally.

    Backslashes would start DOT escapes (``\\N``, ``\\G``, ``\\l``), so they are doubled.
    """
    lines = [line.replace("\\", "\\\\").replace('"', '\\"') for line in value.split("\n")]
    return '"' + "\\n".join(lines) + '"'


def wrap_label(value: str, width: int) -> list[str]:
    """The lines of a label: whitespace squashed, broken at spaces only, nothing cut.

    A word longer than ``width`` stays whole on its own line.
    """
    return textwrap.wrap(
        " ".join(value.split()), width, break_long_words=False, break_on_hyphens=False
    ) or [""]


def html_label(lines: list[str]) -> str:
    """A Graphviz HTML-like label showing ``lines`` literally, one per line.

    Text is XML-escaped, and backslashes are doubled: Graphviz still expands ``\\N``,
    ``\\G`` and the like in HTML-like labels, and reads ``\\\\`` as one backslash.
    """
    escaped = (html.escape(line).replace("\\", "\\\\") for line in lines)
    return "<" + '<br align="center"/>'.join(escaped) + ">"


def node_id(tree_id: str, node: str) -> str:
    """The id of a node's group in the SVG (the player marks the current step by it)."""
    return f"sopkit-map--{tree_id}--{node}"


def node_kind(node: Node) -> str:
    """The style key of a node: its type, or ``outcome.<result>``."""
    return f"outcome.{node.result}" if node.type == "outcome" else node.type


@dataclass(frozen=True)
class Heat:
    """Usage drawn over a chart (``sopkit report``): a fill and a line of figures per
    node, and per edge the share of the agents who went that way."""

    fills: Mapping[str, str] = field(default_factory=dict)
    """Node id -> fill colour (light enough for black text)."""
    figures: Mapping[str, str] = field(default_factory=dict)
    """Node id -> a line added under the node's words."""
    shares: Mapping[tuple[str, str], float] = field(default_factory=dict)
    """(node id, target node id) -> share of the moves out of the node, 0 to 1."""


def flowchart_dot(tree: Tree, ctx: PageContext, heat: Heat | None = None) -> str:
    """The tree as DOT source, in the page's language (pure); ``heat`` recolours it."""
    texts = Texts(ctx)
    ui = ctx.ui
    steps = tree.step_numbers()
    out = [
        "digraph sopkit {",
        '  graph [rankdir=TB, nodesep=0.15, ranksep=0.25, margin=0, bgcolor="transparent",'
        ' fontname="DejaVu Sans"];',
        f'  node [fontname="DejaVu Sans", fontsize={NODE_FONT_PT}, margin="0.08,0.03",'
        " penwidth=1.2];",
        f'  edge [fontname="DejaVu Sans", fontsize={EDGE_FONT_PT}, arrowsize=0.6,'
        ' color="#444444"];',
    ]
    for node in tree.nodes.values():
        kind = node_kind(node)
        shape, style, fill = _STYLES[kind]
        words = f"{steps[node.id]}. {_words(node, texts, ui)}"
        lines = wrap_label(words, LABEL_WIDTH)
        if heat is not None:
            fill = heat.fills.get(node.id, fill)
            lines += [heat.figures[node.id]] if node.id in heat.figures else []
        href = "#" + anchor(tree.id, node.id)
        tooltip = ui["step"].format(n=steps[node.id])
        classes = f"sopkit-map__node sopkit-map__node--{kind.replace('.', '-')}"
        out.append(
            f"  {dot_string(node.id)} [label={html_label(lines)},"
            f' shape={shape}, style="{style}", fillcolor="{fill}", URL={dot_string(href)},'
            f" tooltip={dot_string(tooltip)}, id={dot_string(node_id(tree.id, node.id))},"
            f" class={dot_string(classes)}];"
        )
    conditions = ConditionWords(tree, texts)
    for node in tree.nodes.values():
        for target, label in _edges(node, texts, conditions).items():
            attrs = _edge_attrs(label, heat, (node.id, target))
            out.append(f"  {dot_string(node.id)} -> {dot_string(target)}{attrs};")
    out.append("}")
    return "\n".join(out) + "\n"


def _edge_attrs(label: str, heat: Heat | None, edge: tuple[str, str]) -> str:
    """An edge's label and, with usage, its share (in the label and the line's width)."""
    lines = wrap_label(label, EDGE_WIDTH) if label else []
    width = ""
    if heat is not None:
        share = heat.shares.get(edge, 0.0)
        lines.append(f"{share:.0%}")
        width = f", penwidth={1 + 5 * share:.2f}"
    return f" [label={html_label(lines)}{width}]" if lines else ""


def _words(node: Node, texts: Texts, ui: Mapping[str, str]) -> str:
    """A box's words in the page's language, every character of the text kept."""
    if node.type == "goto":
        other = texts.ctx.trees.get(str(node.tree))
        title = _source(texts, other.title) if other is not None else str(node.tree)
        words = ui["goto"].format(title=title)
    elif node.type == "decide" and node.text is None:
        words = ui["decide.title"]
    else:
        words = _source(texts, node.text)
    if node.type == "outcome":
        words = f"{ui['result.' + str(node.result)]}: {words}"
    return words


def _source(texts: Texts, text: Text | None) -> str:
    """A text's words as the guide shows them, in the page's language (or the default):
    Markdown's markup is read, and every character a reader sees is kept."""
    return texts.plain(text) if text is not None else ""


def _edges(node: Node, texts: Texts, words: ConditionWords) -> dict[str, str]:
    """Target node id -> edge label (answers to the same node share one edge).

    A decision's edges say their rule in words, and its last one "Otherwise".
    A hand-off leaves the tree: its box says where to, and no edge is drawn.
    """
    edges: dict[str, list[str]] = {}
    for way in node.ways:
        if isinstance(way, Answer):
            edges.setdefault(way.next, []).append(_source(texts, way.label))
        elif isinstance(way, Rule):
            edges.setdefault(way.next, []).append(words.say(way.condition))
        elif isinstance(way, Next) and node.type == "decide":
            edges.setdefault(way.next, []).append(texts.ctx.ui["decide.otherwise"])
        elif isinstance(way, Next):
            edges.setdefault(way.next, [])
    return {target: " / ".join(labels) for target, labels in edges.items()}


_PROLOG_RE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
_SIZE_RE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def dot_to_svg(source: str, *, timeout: float = 60) -> str:
    """Lay out DOT source with Graphviz ``dot``; the SVG is ready to inline in HTML.

    Raises :class:`GraphvizMissing` when ``dot`` is not installed and
    :class:`GraphvizFailed` when it rejects the graph.
    """
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(GRAPHVIZ_MISSING)
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GraphvizFailed(f"Graphviz 'dot' failed: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GraphvizFailed(f"Graphviz 'dot' failed: {message}")
    svg = _PROLOG_RE.sub("", done.stdout.decode("utf-8")).strip()
    # Keep the natural size as a maximum so CSS can shrink the chart but not blow it up.
    return _SIZE_RE.sub(
        lambda m: (
            f'<svg class="sopkit-flowchart" style="max-width:{m.group(1)}pt"'
            f' data-width="{m.group(1)}" data-height="{m.group(2)}"'
        ),
        svg,
        count=1,
    )


_DATA_SIZE_RE = re.compile(r'data-width="([\d.]+)" data-height="([\d.]+)"')


def chart_size(svg: str) -> tuple[float, float] | None:
    """A chart's natural width and height in pt, as :func:`dot_to_svg` noted them."""
    found = _DATA_SIZE_RE.search(svg)
    if found is None:
        return None
    return float(found.group(1)), float(found.group(2))


def render_flowchart(tree: Tree, ctx: PageContext) -> str:
    """The tree's flowchart as inline SVG (runs Graphviz ``dot``)."""
    return dot_to_svg(flowchart_dot(tree, ctx))
