"""Scale: checking and rendering grow linearly with nodes and with trees.

Each test compares the work done at two sizes: five times the content must take well
under ten times as much work (quadratic would be 25x). Work is counted as function
calls (Python's and C's, through ``sys.setprofile``), not timed: a count is the same on
every run and every machine, while a ratio of seconds on a busy two-core machine failed
2 runs in 5. The seconds are measured by the benchmark (``bench/scale.py``).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from bench.scale import big_tree, check_and_render, check_and_render_site, write_site

from sopkit.compile.catalog import paused_gc
from sopkit.compile.checks import check_tree
from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree
from sopkit.render.guide import clear_text_cache


def calls(run: Callable[[], object]) -> int:
    """How many functions ``run`` calls, from cold (no rendered text cached)."""
    run()  # fill the caches every run shares (compiled patterns, templates)
    clear_text_cache()
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def test_a_5000_node_tree_checks_and_renders_in_linear_work() -> None:
    small, large = big_tree(1000).encode(), big_tree(5000).encode()
    assert len(large) < 1024 * 1024
    ratio = calls(lambda: check_and_render(large)) / calls(lambda: check_and_render(small))
    assert ratio < 6, f"5x the nodes took {ratio:.1f}x the calls"


def test_a_5000_step_chain_needs_no_recursion() -> None:
    lines = ["title: Chain", "start: s0", "nodes:"]
    lines += [f"  s{i}: {{type: step, text: Step {i}, next: s{i + 1}}}" for i in range(5000)]
    lines.append("  s5000: {type: outcome, result: stop, text: Done}")
    document, problems = load_bytes(("\n".join(lines) + "\n").encode(), "chain.yml")
    tree, more = build_tree(document, "chain")
    assert tree is not None
    assert problems + more + check_tree(tree) == []


def test_a_1000_tree_site_checks_and_renders_in_linear_work(tmp_path: Path) -> None:
    small, large = write_site(tmp_path / "small", 200), write_site(tmp_path / "large", 1000)
    ratio = calls(lambda: check_and_render_site(large)) / calls(
        lambda: check_and_render_site(small)
    )
    assert ratio < 6, f"5x the trees took {ratio:.1f}x the calls"


def test_loading_pauses_the_collector_and_changes_no_other_state() -> None:
    frozen = gc.get_freeze_count()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # a program that turned it off keeps it off
    finally:
        gc.enable()
