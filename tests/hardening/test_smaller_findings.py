"""The smaller findings of the adversarial review (issue 15, item 10): the serve cache,
look-alike answers, bidi controls, script links in Markdown, phone and mail autolinks,
and ``sopkit diff``'s Markdown.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sopkit.compile.catalog import Catalog
from sopkit.editors.watch import stamps

TREE = "title: A\nstart: done\nnodes:\n  done: {type: outcome, result: stop, text: %s}\n"


# -- the tree cache that serve keeps across rebuilds ------------------------------------


def test_an_edit_keeping_size_and_modification_time_is_seen(tmp_path: Path) -> None:
    # Coarse file systems, `cp -p` and `touch -d` leave both as they were.
    trees = tmp_path / "decision_trees"
    trees.mkdir()
    path = trees / "a.yml"
    path.write_text(TREE % "Call back", encoding="utf-8")
    catalog = Catalog(tmp_path)
    first = catalog.check([path]).trees["a"]
    assert first.nodes["done"].text is not None
    assert first.nodes["done"].text.get("en", "en")[0] == "Call back"
    before = path.stat()
    path.write_text(TREE % "Call home", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    second = catalog.check([path]).trees["a"]
    assert second.nodes["done"].text is not None
    assert second.nodes["done"].text.get("en", "en")[0] == "Call home"


def test_a_file_touched_but_unchanged_is_not_parsed_again(tmp_path: Path) -> None:
    trees = tmp_path / "decision_trees"
    trees.mkdir()
    path = trees / "a.yml"
    path.write_text(TREE % "Call back", encoding="utf-8")
    catalog = Catalog(tmp_path)
    first = catalog.check([path]).trees["a"]
    path.touch()
    assert catalog.check([path]).trees["a"] is first


def test_watch_sees_an_edit_keeping_size_and_modification_time(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text(TREE % "Call back", encoding="utf-8")
    before = stamps([tmp_path])
    time.sleep(0.01)  # the change time moves on
    old = path.stat()
    path.write_text(TREE % "Call home", encoding="utf-8")
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert stamps([tmp_path]) != before
