"""The flowchart as a job aid prints it: Graphviz's shapes and arrows, its words as text.

WeasyPrint draws an SVG ``<text>`` one letter at a time (a text layout per letter), so
a chart's labels cost more to print than the rest of its job aid. Printed, each label
line is lifted out of the SVG and set as a line of HTML text at the same place and
size, laid over the drawing: one layout per line, and the same page. The screen map
keeps Graphviz's SVG as it is (:mod:`sopkit.render.flowchart`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

BASELINE_EM = 0.846
"""Where a line's baseline sits below the top of its box (em), for DejaVu Sans (the
chart's font) with ``line-height: 1``: its ascent (0.928 em) less half the excess of
its natural height (1.164 em) over the line's."""

_VIEWBOX_RE = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')
_GRAPH_RE = re.compile(
    r'<g id="graph0" class="graph" transform="scale\(1 1\) rotate\(0\) '
    r'translate\(([-\d.]+) ([-\d.]+)\)">'
)
# Graphviz writes every label line so: plain text (XML-escaped), no nested element.
_TEXT_RE = re.compile(
    r'<text text-anchor="(start|middle|end)" x="([-\d.]+)" y="([-\d.]+)"'
    r' font-family="[^"<>]*" font-size="([\d.]+)">([^<]*)</text>\n?'
)
_TITLE_RE = re.compile(r"<title>[^<]*</title>\n?")


@dataclass(frozen=True)
class _Frame:
    """How the SVG's user units map to the printed chart: offset, then scale."""

    dx: float
    dy: float
    scale: float


def _frame(svg: str, width_pt: float) -> _Frame | None:
    """The mapping of ``svg`` printed ``width_pt`` wide, or None for an SVG whose
    coordinates are not Graphviz's usual plain translation."""
    viewbox, graph = _VIEWBOX_RE.search(svg), _GRAPH_RE.search(svg)
    if viewbox is None or graph is None or float(viewbox.group(3)) <= 0:
        return None
    scale = width_pt / float(viewbox.group(3))
    dx = float(graph.group(1)) - float(viewbox.group(1))
    dy = float(graph.group(2)) - float(viewbox.group(2))
    return _Frame(dx, dy, scale)


def _line(match: re.Match[str], frame: _Frame, width_pt: float) -> str:
    """One label line as HTML text at its place on the printed chart."""
    anchor, x, y, size, words = match.groups()
    font_pt = float(size) * frame.scale
    left = (float(x) + frame.dx) * frame.scale
    top = (float(y) + frame.dy) * frame.scale - BASELINE_EM * font_pt
    if anchor == "middle":  # a box as wide as the chart, centred on x
        left -= width_pt / 2
    elif anchor == "end":  # a box as wide as the chart, ending at x
        left -= width_pt
    return (
        f'<span class="jobaid-map__label jobaid-map__label--{anchor}" style="left:{left:.2f}pt;'
        f'top:{top:.2f}pt;font-size:{font_pt:.2f}pt">{words}</span>'
    )


def printed_chart(svg: str, width_pt: float) -> Markup:
    """The chart printed ``width_pt`` wide: the SVG without its words, and each label
    line as text over it (an SVG not laid out as Graphviz does is printed as it is)."""
    frame = _frame(svg, width_pt)
    lines: list[str] = []
    if frame is not None:
        lines = [_line(match, frame, width_pt) for match in _TEXT_RE.finditer(svg)]
        svg = _TEXT_RE.sub("", svg)
    svg = _TITLE_RE.sub("", svg)
    return Markup(
        f'<div class="jobaid-map__chart" style="width: {width_pt:.1f}pt">{svg}'
        + "".join(lines)
        + "</div>"
    )
