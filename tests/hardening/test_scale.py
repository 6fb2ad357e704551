"""Scale: checking and rendering grow linearly with nodes and with trees.

Absolute timings depend on the machine, so each test compares the cost at two sizes:
five times the content must cost well under ten times as much (quadratic would be 25x).
The cyclic garbage collector is paused while timing: on CPython 3.11 its passes over
the heap alone add a superlinear term (about 9x instead of 5x for the 5,000-node tree),
which would hide what these tests are for, the cost of sopkit's own algorithms.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

from sopkit import Languages, PageContext, check_paths, render_guide
from sopkit.compile.catalog import paused_gc
from sopkit.compile.checks import check_tree
from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree

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


def cost(run: Callable[[], object]) -> float:
    """The best of three timings of ``run`` (the least disturbed by other work)."""
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def check_and_render(source: bytes) -> None:
    document, problems = load_bytes(source, "big.yml")
    tree, more = build_tree(document, "big")
    assert tree is not None and problems + more == []
    assert check_tree(tree, LANGS) == []
    for lang in ("en", "es"):
        render_guide(tree, PageContext(lang=lang, languages=LANGS, trees={"big": tree}))


def test_a_5000_node_tree_checks_and_renders_in_linear_time() -> None:
    small, large = big_tree(1000).encode(), big_tree(5000).encode()
    assert len(large) < 1024 * 1024
    ratio = cost(lambda: check_and_render(large)) / cost(lambda: check_and_render(small))
    assert ratio < 10, f"5x the nodes cost {ratio:.1f}x the time"


def test_a_5000_step_chain_needs_no_recursion() -> None:
    lines = ["title: Chain", "start: s0", "nodes:"]
    lines += [f"  s{i}: {{type: step, text: Step {i}, next: s{i + 1}}}" for i in range(5000)]
    lines.append("  s5000: {type: outcome, result: stop, text: Done}")
    document, problems = load_bytes(("\n".join(lines) + "\n").encode(), "chain.yml")
    tree, more = build_tree(document, "chain")
    assert tree is not None
    assert problems + more + check_tree(tree) == []


def write_site(folder: Path, trees: int) -> list[Path]:
    folder.mkdir()
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
            "  stop: {type: outcome, result: stop, text: {en: Stop, es: Parar}}\n"
        )
        paths.append(path)
    return paths


def check_and_render_site(paths: list[Path]) -> None:
    result = check_paths(paths, LANGS)
    assert result.problems == [] and len(result.trees) == len(paths)
    ctx = PageContext(lang="es", languages=LANGS, trees=result.trees)
    for tree in result.trees.values():
        render_guide(tree, ctx)


def test_a_1000_tree_site_checks_and_renders_in_linear_time(tmp_path: Path) -> None:
    small, large = write_site(tmp_path / "small", 200), write_site(tmp_path / "large", 1000)
    ratio = cost(lambda: check_and_render_site(large)) / cost(lambda: check_and_render_site(small))
    assert ratio < 10, f"5x the trees cost {ratio:.1f}x the time"


def test_loading_leaves_objects_the_program_froze_frozen() -> None:
    # Frozen objects are the ones the collector no longer lists. (The freeze count
    # is no witness: a frozen object that dies meanwhile lowers it.)
    marker: list[object] = []
    gc.freeze()
    try:
        with paused_gc():
            loaded = [{"node": i} for i in range(1000)]
        assert not any(obj is marker for obj in gc.get_objects())
        assert gc.isenabled()
        assert len(loaded) == 1000
    finally:
        gc.unfreeze()
    assert any(obj is marker for obj in gc.get_objects())
