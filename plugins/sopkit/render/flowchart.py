"""The flowchart: a tree as Graphviz DOT, laid out by ``dot`` into an SVG.

Every box links to its step's anchor (``#<tree>--<node>``), so the same SVG works as
the on-screen map and in the printed job aid. Kinds of node differ by shape as well as
colour, so the chart reads in black-and-white print. Labels are escaped for DOT and
``dot`` escapes them again for XML; the SVG carries no script and no event attribute.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from collections.abc import Mapping

from ..model import Answer, Next, Node, Tree
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
    "outcome.escalate": ("doubleoctagon", "filled,bold", "#fde2e1"),
    "outcome.resolve": ("ellipse", "filled,bold", "#dcf5e3"),
    "outcome.transfer": ("house", "filled,bold", "#fff1cc"),
    "outcome.new-case": ("note", "filled,bold", "#e9e2fb"),
    "outcome.stop": ("octagon", "filled,bold", "#eeeeee"),
}
_LABEL_WIDTH = 20
_LABEL_MAX = 64
_EDGE_WIDTH = 14
_EDGE_MAX = 30


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


def _shorten(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _wrap(value: str, width: int, limit: int) -> str:
    return "\n".join(textwrap.wrap(_shorten(value, limit), width)) or " "


def node_kind(node: Node) -> str:
    """The style key of a node: its type, or ``outcome.<result>``."""
    return f"outcome.{node.result}" if node.type == "outcome" else node.type


def flowchart_dot(tree: Tree, ctx: PageContext) -> str:
    """The tree as DOT source, in the page's language (pure)."""
    texts = Texts(ctx)
    ui = ctx.ui
    steps = tree.step_numbers()
    out = [
        "digraph sopkit {",
        '  graph [rankdir=TB, nodesep=0.15, ranksep=0.25, margin=0, bgcolor="transparent",'
        ' fontname="DejaVu Sans"];',
        '  node [fontname="DejaVu Sans", fontsize=9, margin="0.08,0.03", penwidth=1.2];',
        '  edge [fontname="DejaVu Sans", fontsize=8, arrowsize=0.6, color="#444444"];',
    ]
    for node in tree.nodes.values():
        shape, style, fill = _STYLES[node_kind(node)]
        if node.type == "goto":
            words = ui["goto"].format(title=texts.tree_title(str(node.tree)))
        else:
            words = texts.plain(node.text)
        if node.type == "outcome":
            words = f"{ui['result.' + str(node.result)]}: {words}"
        label = f"{steps[node.id]}. " + _wrap(words, _LABEL_WIDTH, _LABEL_MAX)
        href = "#" + anchor(tree.id, node.id)
        tooltip = ui["step"].format(n=steps[node.id])
        out.append(
            f"  {dot_string(node.id)} [label={dot_string(label)}, shape={shape},"
            f' style="{style}", fillcolor="{fill}", URL={dot_string(href)},'
            f" tooltip={dot_string(tooltip)}];"
        )
    for node in tree.nodes.values():
        for target, label in _edges(node, texts).items():
            attrs = f" [label={dot_string(_wrap(label, _EDGE_WIDTH, _EDGE_MAX))}]" if label else ""
            out.append(f"  {dot_string(node.id)} -> {dot_string(target)}{attrs};")
    out.append("}")
    return "\n".join(out) + "\n"


def _edges(node: Node, texts: Texts) -> dict[str, str]:
    """Target node id -> edge label (answers to the same node share one edge).

    A hand-off leaves the tree: its box says where to, and no edge is drawn.
    """
    edges: dict[str, list[str]] = {}
    for way in node.ways:
        if isinstance(way, Answer):
            edges.setdefault(way.next, []).append(texts.plain(way.label))
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


def render_flowchart(tree: Tree, ctx: PageContext) -> str:
    """The tree's flowchart as inline SVG (runs Graphviz ``dot``)."""
    return dot_to_svg(flowchart_dot(tree, ctx))
