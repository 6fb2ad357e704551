"""The usage report of ``sopkit report``, as Markdown and as one HTML page (pure).

Per tree and language: guides started, outcomes reached, where guides were left before
an outcome, hand-offs, the approximate median and 90th-percentile time on each step,
and the share of each answer of each question. The HTML page adds the tree's flowchart
(the Map view's chart, :mod:`sopkit.render.flowchart`) with each box filled by how
often it was shown and each arrow as wide as the share of agents who went that way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from markupsafe import Markup

from ..editors.usage import BUCKETS_PER_DECADE, TreeUsage, Usage, shares
from ..languages import Languages
from ..model import Answer, Next, Tree
from .context import PageContext
from .flowchart import Heat, flowchart_dot
from .guide import Texts

HEAT = ("#ffffff", "#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59")
"""Fills from least to most shown (ColorBrewer OrRd, the light end: black text reads)."""
HEAT_LEGEND = ("never", "under ⅓ of the most", "⅓ to ⅔", "over ⅔", "the most")
APPROXIMATE = (
    "Times are approximate (≈): counted in log-scale buckets about "
    f"{10 ** (1 / BUCKETS_PER_DECADE) - 1:.0%} wide, so memory stays flat however many "
    "events there are."
)

Table = tuple[tuple[str, ...], list[tuple[str, ...]]]
"""A table: its headings and its rows of cells (plain text)."""


def duration(ms: float) -> str:
    """A time for a table: ``≈ 850 ms``, ``≈ 4.2 s``, ``≈ 3.5 min``, ``≈ 1.2 h``."""
    if ms < 1000:
        return f"≈ {ms:.0f} ms"
    if ms < 60_000:
        return f"≈ {ms / 1000:.1f} s"
    if ms < 3_600_000:
        return f"≈ {ms / 60_000:.1f} min"
    return f"≈ {ms / 3_600_000:.1f} h"


def percent(share: float) -> str:
    """A share as a percentage with one decimal."""
    return f"{share:.1%}"


class Words:
    """A tree's words for the report, in the events' language (ids when the tree is unknown)."""

    def __init__(self, tree: Tree | None, lang: str, languages: Languages) -> None:
        self.tree = tree
        self.texts = Texts(PageContext(lang=lang, languages=languages))
        self.steps = tree.step_numbers() if tree is not None else {}

    def heading(self, usage: TreeUsage) -> str:
        """``Title (tree-id, lang)``; the id alone for a tree the site does not have."""
        if self.tree is None:
            return f"{usage.tree} ({usage.lang}; not a tree of this site)"
        return f"{self.texts.plain(self.tree.title)} ({usage.tree}, {usage.lang})"

    def node(self, node_id: str) -> str:
        """``3. Its words [node-id]`` (the id alone for a node the tree does not have)."""
        node = self.tree.nodes.get(node_id) if self.tree is not None else None
        if node is None:
            return f"[{node_id}]"
        words = self.texts.plain(node.text) if node.text else ""
        return f"{self.steps[node_id]}. {words} [{node_id}]".replace(".  [", ". [")

    def answer(self, node_id: str, answer_id: str) -> str:
        """An answer's label and id (the id alone when unknown)."""
        node = self.tree.nodes.get(node_id) if self.tree is not None else None
        default = self.texts.ctx.languages.default
        for answer in node.answers if node is not None else ():
            if answer.key(default) == answer_id:
                return f"{self.texts.plain(answer.label)} [{answer_id}]"
        return f"[{answer_id}]"


def tables(usage: TreeUsage, words: Words) -> list[tuple[str, Table]]:
    """The report of one tree in one language, as titled tables (empty ones left out)."""
    started = usage.starts or 1
    found: list[tuple[str, Table]] = [
        (
            "Completions by outcome",
            (
                ("outcome", "result", "reached", "of starts"),
                [
                    (words.node(node), result, str(n), percent(n / started))
                    for (node, result), n in sorted(usage.outcomes.items(), key=_most)
                ],
            ),
        ),
        (
            "Left before an outcome",
            (
                ("step", "left there", "of starts"),
                [
                    (words.node(node), str(n), percent(n / started))
                    for node, n in sorted(usage.exits.items(), key=_most)
                ],
            ),
        ),
        (
            "Hand-offs",
            (
                ("step", "to", "times"),
                [
                    (words.node(node), to, str(n))
                    for (node, to), n in sorted(usage.handoffs.items(), key=_most)
                ],
            ),
        ),
        (
            "Time per step",
            (
                ("step", "timed", "median", "90th percentile"),
                [
                    (
                        words.node(node),
                        str(times.total),
                        duration(times.quantile(0.5)),
                        duration(times.quantile(0.9)),
                    )
                    for node, times in sorted(usage.times.items(), key=_by_step(words))
                ],
            ),
        ),
    ]
    for node in sorted(usage.answers, key=lambda n: _by_step(words)((n, None))):
        rows: list[tuple[str, ...]] = [
            (words.answer(node, answer), str(n), percent(share))
            for answer, n, share in shares(usage.answers[node])
        ]
        found.append((f"Answers: {words.node(node)}", (("answer", "chosen", "share"), rows)))
    return [(title, table) for title, table in found if table[1]]


def _most(item: tuple[object, int]) -> tuple[int, str]:
    return (-item[1], str(item[0]))


def _by_step(words: Words) -> Callable[[tuple[str, object]], tuple[int, str]]:
    """Sorts by step number (nodes the tree does not have last), then id."""
    return lambda item: (words.steps.get(item[0], 1 << 30), item[0])


def summary_line(usage: TreeUsage) -> str:
    """Starts, resumes, restarts and case notes copied, in one sentence."""
    return (
        f"Started {_times(usage.starts)} ({usage.resumed} resumed); restarted "
        f"{_times(usage.restarts)}; case note copied {_times(usage.notes_copied)}."
    )


def _times(n: int) -> str:
    return f"{n:,} time" if n == 1 else f"{n:,} times"


def intro(report: Usage) -> list[str]:
    """What was read: lines, malformed lines (and where the first one is), the caveat."""
    said = [f"From {report.lines:,} line{'s' if report.lines != 1 else ''} of events."]
    if report.malformed:
        were = "lines were" if report.malformed != 1 else "line was"
        said.append(
            f"{report.malformed:,} {were} not an event of the schema, and skipped "
            f"(the first at {report.first_malformed})."
        )
    said.append(APPROXIMATE)
    return said


def markdown(report: Usage, trees: Mapping[str, Tree], languages: Languages) -> str:
    """The whole report as Markdown."""
    out = ["# Usage of the guides", "", *(line + "  " for line in intro(report))]
    for usage in report.each():
        words = Words(trees.get(usage.tree), usage.lang, languages)
        out += ["", f"## {words.heading(usage)}", ""]
        out.append(summary_line(usage))
        for title, (head, rows) in tables(usage, words):
            out += ["", f"### {title}", "", _md_row(head), _md_rule(head)]
            out += [_md_row(row) for row in rows]
    return "\n".join(out) + "\n"


def _md_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _md_rule(head: tuple[str, ...]) -> str:
    return "|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|"


def heat(usage: TreeUsage, tree: Tree) -> Heat:
    """Node fills by how often each node was shown, arrows by the share of moves."""
    most = max(usage.visits.values(), default=0)
    fills: dict[str, str] = {}
    figures: dict[str, str] = {}
    for node_id in tree.nodes:
        shown = usage.visits.get(node_id, 0)
        level = 0 if not most or not shown else 1 + (len(HEAT) - 2) * shown // most
        fills[node_id] = HEAT[min(level, len(HEAT) - 1)]
        left = usage.exits.get(node_id, 0)
        figures[node_id] = f"shown {shown}" + (f", left {left}" if left else "")
    moves: dict[tuple[str, str], float] = {}
    for node in tree.nodes.values():
        targets = {way.next for way in node.ways if isinstance(way, (Answer, Next))}
        taken = Counter({t: usage.moves.get((node.id, t), 0) for t in targets})
        total = sum(taken.values())
        for target, n in taken.items():
            moves[node.id, target] = n / total if total else 0.0
    return Heat(fills=fills, figures=figures, shares=moves)


STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.chart svg{max-width:100%;height:auto}
.legend span{display:inline-block;border:1px solid #999;padding:0 .5rem;margin-right:.25rem}
"""


def html(
    report: Usage,
    trees: Mapping[str, Tree],
    languages: Languages,
    chart: Callable[[str], str | None],
) -> str:
    """The report as one HTML page; ``chart`` lays out DOT source as SVG (None: no chart)."""
    parts = [
        Markup(
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>Usage of the guides</title>\n<style>{}</style>\n</head>\n<body>\n"
            "<h1>Usage of the guides</h1>\n"
        ).format(Markup(STYLE))
    ]
    parts += [Markup("<p>{}</p>\n").format(line) for line in intro(report)]
    for usage in report.each():
        parts.append(_html_tree(usage, trees.get(usage.tree), languages, chart))
    parts.append(Markup("</body>\n</html>\n"))
    return str(Markup().join(parts))


def _html_tree(
    usage: TreeUsage, tree: Tree | None, languages: Languages, chart: Callable[[str], str | None]
) -> Markup:
    words = Words(tree, usage.lang, languages)
    parts = [
        Markup("<section>\n<h2>{}</h2>\n<p>{}</p>\n").format(
            words.heading(usage), summary_line(usage)
        )
    ]
    if tree is not None:
        ctx = PageContext(lang=usage.lang, languages=languages, trees={tree.id: tree})
        svg = chart(flowchart_dot(tree, ctx, heat(usage, tree)))
        if svg is not None:
            legend = Markup("").join(
                Markup('<span style="background:{}">{}</span>').format(colour, label)
                for colour, label in zip(HEAT, HEAT_LEGEND, strict=True)
            )
            # Graphviz wrote the SVG from labels escaped for it.
            parts.append(
                Markup(
                    '<p class="legend">Steps shown: {} (of the step shown most). Arrows: '
                    "the share of the agents who went that way.</p>\n"
                    '<div class="chart">{}</div>\n'
                ).format(legend, Markup(svg))
            )
    for title, (head, rows) in tables(usage, words):
        parts.append(Markup("<h3>{}</h3>\n<table>\n").format(title))
        parts.append(Markup("<tr>{}</tr>\n").format(_cells("th", head)))
        parts += [Markup("<tr>{}</tr>\n").format(_cells("td", row)) for row in rows]
        parts.append(Markup("</table>\n"))
    parts.append(Markup("</section>\n"))
    return Markup().join(parts)


def _cells(tag: str, cells: tuple[str, ...]) -> Markup:
    return Markup().join(Markup("<{0}>{1}</{0}>").format(tag, cell) for cell in cells)
