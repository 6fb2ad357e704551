"""The results as Markdown tables, with the machine they were measured on."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .run import Results

PACKAGES = ("sopkit", "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pyyaml", "markdown",
            "jinja2", "pyromark", "nh3", "weasyprint", "playwright")  # fmt: skip


@dataclass(frozen=True)
class Budget:
    """A budget and what was measured against it."""

    name: str
    value: float
    limit: float
    unit: str

    @property
    def held(self) -> bool:
        """True when the measured value is within the limit."""
        return self.value <= self.limit


def machine() -> str:
    """Cores, CPU, Python and the versions of the packages involved."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; " + ", ".join(versions)
    )


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def markdown_report(results: Results, budgets: list[Budget], where: str, command: str) -> str:
    """The results section of ``docs/benchmarks.md``."""
    out = ["<!-- results: written by `python -m bench.run --write-docs` -->", ""]
    out += [f"Command: `{command}` (took {results.seconds / 60:.1f} min).", ""]
    out += [f"Machine: {where}.", ""]
    out += ["Values are median (min–max) over the runs shown.", ""]
    out += ["### Budgets", "", _row("measure", "measured", "budget", ""), _row(*"----")]
    for budget in budgets:
        out.append(
            _row(
                budget.name,
                f"{budget.value:.2f} {budget.unit}",
                f"≤ {budget.limit:g}",
                "ok" if budget.held else "**missed**",
            )
        )
    out += ["", "### Compile cost (in one process, fresh cache; no budget)", ""]
    out.append(_row("trees", "nodes", "runs", "compose floor", "load + validate",
                    "render EN + ES", "total", "total / floor", "µs per node"))  # fmt: skip
    out.append(_row(*["---"] * 9))
    for c in results.compiles:
        per_node = c.total.scaled(1e6 / c.site.nodes)
        ms = [x.scaled(1000).fmt("ms", 1) for x in (c.floor, c.check, c.render, c.total)]
        out.append(_row(c.site.trees, c.site.nodes, len(c.floor.values), *ms,
                        c.ratios.fmt("x"), per_node.fmt("µs", 0)))  # fmt: skip
    out += ["", "### `mkdocs build` (fresh process, `--strict`, EN + ES)", ""]
    out.append(_row("trees", "nodes", "runs", "with sopkit", "plain Markdown", "ratio",
                    "sopkit build, ms per node", "sopkit's extra, ms per node"))  # fmt: skip
    out.append(_row(*["---"] * 8))
    for b in results.builds:
        out.append(_row(b.site.trees, b.site.nodes, len(b.sopkit.values), b.sopkit.fmt(),
                        b.plain.fmt(), f"{b.ratio:.3f}x", b.sopkit_per_node_ms.fmt("ms"),
                        b.overhead_per_node_ms.fmt("ms", 3)))  # fmt: skip
    w, p = results.weight, results.player
    out += ["", "### Player", ""]
    out += [_row("file", "bytes", "gzipped (level 9)"), _row(*"---")]
    out += [_row(f"`{name}`", raw, z) for name, (raw, z) in w.files.items()]
    out += [_row("**total**", sum(r for r, _ in w.files.values()), w.gzipped), ""]
    out += [
        f"Answer click → next step shown and focused (layout done), {p.nodes}-node tree, "
        f"{len(p.click_ms.values)} clicks along one path: {p.click_ms.fmt('ms', 1)}.",
        "",
        f"Guide page: {p.page_bytes:,} bytes of HTML, of which the guide is "
        f"{p.guide_bytes:,} bytes = {p.bytes_per_node:.0f} bytes per node (texts in the page's "
        f"language only).",
        "",
    ]
    d, r = results.pdf, results.reload
    out += ["### PDF job aids", ""]
    out += [
        f"{d.trees} trees × 2 languages = {d.job_aids} job aids with flowcharts: build "
        f"{d.with_pdf.fmt()} against {d.without.fmt()} without; "
        f"**{d.per_job_aid.fmt('s per job aid')}**.",
        "",
        "### Edit-to-reload under `mkdocs serve`",
        "",
        f"{r.trees}-tree site, one tree saved {len(r.seconds.values)} times: "
        f"**{r.seconds.fmt('s')}** from saving to the rebuilt page being served. "
        f"Tree files loaded per rebuild: {', '.join(map(str, r.loads_per_rebuild))} "
        f"(of {r.trees}).",
        "",
    ]
    if r.dirty_shows_edit and r.dirty_seconds is not None:
        out.append(f"With `--dirty`: {r.dirty_seconds.fmt('s')}.")
    else:
        out.append("With `--dirty`: the edit did **not** reach the page within 20 s (see below).")
    out += ["", "### Scaling (in one process, best of 3, collector paused)", ""]
    out += [_row("content", "small", "five times as much", "ratio"), _row(*"----")]
    out += [
        _row(s.name, f"{s.small * 1000:.0f} ms", f"{s.large * 1000:.0f} ms", f"{s.ratio:.2f}x")
        for s in results.scale
    ]
    out += ["", "<!-- /results -->", ""]
    return "\n".join(out)
