"""Scaling: five times the content must cost well under ten times the time.

A linear cost gives about 5x, a quadratic one 25x. These timings were assertions of the
test suite until a busy two-core machine failed them 2 runs in 5; the suite now counts
calls instead (``tests/hardening/test_scale.py``), and the seconds are measured here.
The cyclic garbage collector is paused while timing: on CPython 3.11 its passes over
the heap alone add a superlinear term (about 9x instead of 5x for the 5,000-node tree),
which would hide what is measured, the cost of sopkit's own algorithms.
"""

from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sopkit import Languages, PageContext, check_paths, render_guide
from sopkit.compile.checks import check_tree
from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree
from sopkit.render.guide import clear_text_cache

LANGS = Languages.of(["en", "es"])


def big_tree(nodes: int) -> str:
    """A chain of questions, each with a way on and a way out, plus one long loop back."""
    lines = ["title: {en: Big, es: Grande}", "start: q0", "nodes:"]
    questions = nodes // 2
    for i in range(questions):
        after = f"q{i + 1}" if i + 1 < questions else "end"
        lines += [
            f"  q{i}:",
            "    type: question",
            f"    text: {{en: Question {i}?, es: ¿Pregunta {i}?}}",
            "    answers:",
            f"      - {{label: {{en: Yes, es: Sí}}, next: {after}}}",
            f"      - {{label: {{en: No, es: No}}, next: o{i}}}",
            "      - {label: {en: Again, es: Otra vez}, next: q0}",
            f"  o{i}: {{type: outcome, result: escalate, text: {{en: Out {i}, es: Fuera {i}}}}}",
        ]
    lines.append("  end: {type: outcome, result: resolve, text: {en: Done, es: Hecho}}")
    return "\n".join(lines) + "\n"


def check_and_render(source: bytes) -> None:
    """Load, validate and check one tree file, and render its guide in EN and ES."""
    document, problems = load_bytes(source, "big.yml")
    tree, more = build_tree(document, "big")
    assert tree is not None and problems + more == []
    assert check_tree(tree, LANGS) == []
    for lang in ("en", "es"):
        render_guide(tree, PageContext(lang=lang, languages=LANGS, trees={"big": tree}))


def write_site(folder: Path, trees: int) -> list[Path]:
    """``trees`` small tree files in ``folder``, each handing off to the next."""
    folder.mkdir(parents=True)
    paths = []
    for i in range(trees):
        after = f"    tree: t{i + 1}\n" if i + 1 < trees else "    tree: t0\n"
        path = folder / f"t{i}.yml"
        path.write_text(
            f"title: {{en: Tree {i}, es: Árbol {i}}}\nstart: q\nnodes:\n"
            "  q:\n    type: question\n    text: {en: Go on?, es: ¿Seguir?}\n    answers:\n"
            "      - {label: {en: Yes, es: Sí}, next: on}\n"
            "      - {label: {en: No, es: No}, next: stop}\n"
            f"  on:\n    type: goto\n{after}"
            "  stop: {type: outcome, result: stop, text: {en: Stop, es: Parar}}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def check_and_render_site(paths: list[Path]) -> None:
    """Check a site's tree files together and render every guide in Spanish."""
    result = check_paths(paths, LANGS)
    assert result.problems == [] and len(result.trees) == len(paths)
    ctx = PageContext(lang="es", languages=LANGS, trees=result.trees)
    for tree in result.trees.values():
        render_guide(tree, ctx)


def best_time(run: Callable[[], object], runs: int = 3) -> float:
    """The best of ``runs`` timings of ``run`` from cold (the least disturbed by other work)."""
    best = float("inf")
    for _ in range(runs):
        clear_text_cache()
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


@dataclass(frozen=True)
class ScaleResult:
    """Seconds for some content and for five times as much."""

    name: str
    small: float
    large: float

    @property
    def ratio(self) -> float:
        """How many times the small content's time the large one took."""
        return self.large / self.small


def measure_scale(out: Path) -> list[ScaleResult]:
    """A 1,000- and a 5,000-node tree; a site of 200 and one of 1,000 trees."""
    small_tree, large_tree = big_tree(1000).encode(), big_tree(5000).encode()
    shutil.rmtree(out, ignore_errors=True)
    small_site, large_site = write_site(out / "small", 200), write_site(out / "large", 1000)
    return [
        ScaleResult(
            "one tree, 1000 -> 5000 nodes",
            best_time(lambda: check_and_render(small_tree)),
            best_time(lambda: check_and_render(large_tree)),
        ),
        ScaleResult(
            "site, 200 -> 1000 trees",
            best_time(lambda: check_and_render_site(small_site)),
            best_time(lambda: check_and_render_site(large_site)),
        ),
    ]
