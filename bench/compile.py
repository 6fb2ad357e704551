"""Compile cost: load + validate + render every tree, against composing the YAML only."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from sopkit.compile.catalog import Catalog, tree_files
from sopkit.languages import Languages
from sopkit.render.context import PageContext
from sopkit.render.guide import clear_text_cache, render_guide

from .sitegen import LANGS, GeneratedSite
from .stats import Sample

LANGUAGES = Languages.of(list(LANGS))


def compose_floor(paths: list[Path]) -> None:
    """Read and compose every file with libyaml: the least any YAML tool must do."""
    for path in paths:
        yaml.compose(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


def compile_site(site: GeneratedSite, paths: list[Path]) -> tuple[float, float]:
    """Seconds to load + validate all trees, and to render each in EN + ES, from cold.

    Both the tree cache and the cache of rendered texts start empty, as in a fresh
    ``mkdocs build``.
    """
    clear_text_cache()
    start = time.perf_counter()
    result = Catalog(site.root).check(paths, LANGUAGES, site.root / "docs")
    checked = time.perf_counter()
    assert not result.errors, result.errors[:3]
    for lang in LANGS:
        ctx = PageContext(lang=lang, languages=LANGUAGES, trees=result.trees)
        for tree in result.trees.values():
            render_guide(tree, ctx)
    return checked - start, time.perf_counter() - checked


@dataclass(frozen=True)
class CompileResult:
    """Compile and floor timings of one site."""

    site: GeneratedSite
    floor: Sample
    check: Sample
    render: Sample

    @property
    def total(self) -> Sample:
        """Load + validate + render, per run."""
        return Sample(
            tuple(c + r for c, r in zip(self.check.values, self.render.values, strict=True))
        )

    @property
    def ratios(self) -> Sample:
        """Compile time over floor time in each run (the two back to back)."""
        return Sample(
            tuple(
                total / floor
                for total, floor in zip(self.total.values, self.floor.values, strict=True)
            )
        )

    @property
    def ratio(self) -> float:
        """The median of :attr:`ratios`: what the budget is checked against."""
        return self.ratios.median


def measure_compile(site: GeneratedSite, runs: int) -> CompileResult:
    """Alternate floor and compile runs so that both see the same machine load."""
    paths = tree_files(site.trees_dir)
    compile_site(site, paths)  # warm imports, templates and the file cache
    floors, checks, renders = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        compose_floor(paths)
        floors.append(time.perf_counter() - start)
        check, render = compile_site(site, paths)
        checks.append(check)
        renders.append(render)
    return CompileResult(site, Sample(tuple(floors)), Sample(tuple(checks)), Sample(tuple(renders)))
