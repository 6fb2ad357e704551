"""The smaller findings of the adversarial review (issue 15, item 10): the serve cache,
look-alike answers, bidi controls, script links in Markdown, phone and mail autolinks,
and ``sopkit diff``'s Markdown.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pyromark
import pytest

from sopkit import Languages, PageContext, render_guide
from sopkit.compile.catalog import Catalog
from sopkit.compile.checks import check_links, check_tree
from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree
from sopkit.editors.diff import diff_markdown
from sopkit.editors.watch import stamps
from sopkit.model import Tree
from sopkit.problems import sort_problems
from sopkit.render.text import TextRenderer, plain
from tests.hardening.safety import visible_text

LANGS = Languages.of(["en"])
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


def test_a_page_edit_keeping_size_and_modification_time_is_seen_by_serve(
    tmp_path: Path,
) -> None:
    """Under serve the plugin keeps each page's tree fences between rebuilds: a page that
    now shows another tree (same size, same mtime) is read again."""
    from sopkit.integrations.mkdocs_plugin import SopkitPlugin

    page = tmp_path / "guide.md"
    page.write_text("```decision-tree\nrouter\n```\n", encoding="utf-8")
    plugin = SopkitPlugin()
    assert [tree for tree, _, _ in plugin._fences(page)] == ["router"]
    before = page.stat()
    page.write_text("```decision-tree\nprintr\n```\n", encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    assert [tree for tree, _, _ in plugin._fences(page)] == ["printr"]


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


# -- links in tree texts ----------------------------------------------------------------


def compiled(text: str, tmp_path: Path) -> tuple[Tree, list[str]]:
    """The tree ``t`` with one outcome whose text is ``text``, and what the checks say."""
    source = TREE % json.dumps(text)
    document, problems = load_bytes(source.encode("utf-8"), "t.yml")
    tree, more = build_tree(document, "t")
    assert tree is not None, [str(p) for p in problems + more]
    (tmp_path / "docs").mkdir(exist_ok=True)
    found = problems + more + check_tree(tree, LANGS) + check_links(tree, tmp_path / "docs")
    return tree, [str(p) for p in found]


SCRIPT = (
    "t.yml:4:45: error[dangerous-url] 'nodes.done.text' contains a 'javascript:' URL, "
    "which is never allowed\n    hint: link to a page of the site or to an https:// address"
)


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript\\:alert(1))",
        "[x](JaVaScRiPt\\:alert(1))",
        "[x](java&#115;cript\\:alert(1))",
        "[x](<javascript\\:alert(1)>)",
        "See [x][r].\n\n[r]: javascript\\:alert(1)",
    ],
)
def test_a_script_link_written_with_markdown_escapes_is_an_error(text: str, tmp_path: Path) -> None:
    tree, problems = compiled(text, tmp_path)
    assert problems == [SCRIPT]
    assert "javascript" not in render_guide(tree, PageContext(lang="en", languages=LANGS))


def test_phone_and_mail_links_in_texts_pass_and_render_as_links(tmp_path: Path) -> None:
    text = (
        "Call [support](<tel:+1 555 0100>), <tel:+15550100> or "
        "[the desk](<mailto:help desk@example.com>), or write to <mailto:help@example.com>."
    )
    tree, problems = compiled(text, tmp_path)
    assert problems == []
    page = render_guide(tree, PageContext(lang="en", languages=LANGS))
    links = re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', page)
    assert [link for link in links if link[0].startswith(("tel:", "mailto:"))] == [
        ("tel:+1%20555%200100", "support"),
        ("tel:+15550100", "tel:+15550100"),
        ("mailto:help%20desk@example.com", "the desk"),
        ("mailto:help@example.com", "mailto:help@example.com"),
    ]
    assert "&lt;tel:" not in page and "](" not in page


def test_a_bracketed_address_never_lets_html_through() -> None:
    # Only a whole link keeps its "<"; anything else that looks like one stays text.
    for source in ("a](<b>)", "[a<b]>](<b>)", "[x](<i>y"):
        assert "<b>" not in TextRenderer().block(source) and "<i>" not in TextRenderer().block(
            source
        )
        assert plain(source) == source


# -- look-alike answers and direction controls ------------------------------------------

QUESTION = """title: A
start: q
nodes:
  q:
    type: question
    text: Is the light on?
    answers:
%s
  a: {type: outcome, result: stop, text: A}
  b: {type: outcome, result: stop, text: B}
  c: {type: outcome, result: stop, text: C}
  d: {type: outcome, result: stop, text: D}
"""


def problems_of(source: str, tree_id: str = "t") -> list[str]:
    document, problems = load_bytes(source.encode("utf-8"), f"{tree_id}.yml")
    tree, more = build_tree(document, tree_id)
    found = problems + more + (check_tree(tree, LANGS) if tree is not None else [])
    return [str(p) for p in sort_problems(found) if p.code != "unreachable"]


def test_answers_that_read_alike_are_errors_and_direction_controls_are_flagged() -> None:
    answers = [
        '      - {label: "Yes", next: a}',
        '      - {id: yes-again, label: "Yes", next: b}',
        '      - {id: yes-rlo, label: "Yes\\u202e", next: c}',
        '      - {id: yes-zw, label: "Ye\\u200bs", next: d}',
    ]
    assert problems_of(QUESTION % "\n".join(answers)) == [
        "t.yml:9:32: error[lookalike-answers] in node 'q', answers 1 and 2 both read 'Yes'; "
        "the agent cannot tell which to press\n"
        "    hint: word them differently, or make them one answer",
        "t.yml:10:30: error[lookalike-answers] in node 'q', answers 1 and 3 both read 'Yes' "
        "(told apart only by a right-to-left override (U+202E)); the agent cannot tell which "
        "to press\n    hint: word them differently, or make them one answer",
        "t.yml:10:30: warning[bidi-control] 'nodes.q.answers.2.label' holds a right-to-left "
        "override (U+202E) at character 4: an invisible control that changes the order in "
        "which the words are shown\n"
        "    hint: delete it; right-to-left words show in their order without it",
        "t.yml:11:29: error[lookalike-answers] in node 'q', answers 1 and 4 both read 'Yes' "
        "(told apart only by a zero width space (U+200B)); the agent cannot tell which to "
        "press\n    hint: word them differently, or make them one answer",
    ]


def test_answers_alike_only_in_compatibility_forms_are_errors() -> None:
    answers = [
        '      - {label: "Option 1", next: a}',
        '      - {id: b, label: "Option ①", next: b}',
    ]
    assert [p.split("\n")[0] for p in problems_of(QUESTION % "\n".join(answers))] == [
        "t.yml:9:24: error[lookalike-answers] in node 'q', answers 1 and 2 both read "
        "'Option 1' (written with different forms of the same characters); the agent cannot "
        "tell which to press",
    ]


def test_answers_that_read_differently_pass() -> None:
    answers = ['      - {label: "Yes", next: a}', '      - {label: "Yes, twice", next: b}']
    assert problems_of(QUESTION % "\n".join(answers)) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  q:",
            "  q\u202e:",
            "t.yml:4:3: error[invalid-id] node id 'q\\u202e' is not valid",
        ),
        (
            '      - {label: "No", next: b}',
            '      - {id: "no\u2066", label: "No", next: b}',
            "t.yml:9:14: error[invalid-id] answer id 'no\\u2066' is not valid",
        ),
    ],
)
def test_a_direction_control_in_an_id_is_an_invalid_id(old: str, new: str, message: str) -> None:
    answers = '      - {label: "Yes", next: a}\n      - {label: "No", next: b}'
    source = (QUESTION % answers).replace(old, new)
    found = [p.split("\n")[0] for p in problems_of(source) if "invalid-id" in p]
    assert found == [message]


def test_a_direction_control_in_a_tree_file_name_is_an_invalid_id() -> None:
    found = problems_of(
        "title: A\nstart: a\nnodes:\n  a: {type: outcome, result: stop}\n", "a\u202eb"
    )
    assert [p.split("\n")[0] for p in found if "invalid-id" in p] == [
        "a\\u202eb.yml:1:1: error[invalid-id] tree id 'a\\u202eb' (the file name) is not valid"
    ]


# -- sopkit diff's Markdown -------------------------------------------------------------

HOSTILE_TITLES = [
    "Printer <!--",
    "--> Router",
    "Use `ping` | [the policy](https://example.com) <b>now</b> <!-- hidden --> & *more*",
    "Costs $5 and ~~not~~ \\$6 \\",
]


def diff_tree(title: str, label: str, target: str, keywords: str) -> Tree:
    source = (
        f"title: {json.dumps(title)}\nkeywords: {keywords}\nstart: q\nnodes:\n  q:\n"
        f"    type: question\n    text: Q?\n    answers:\n"
        f"      - {{id: a, label: {json.dumps(label)}, next: {target}}}\n"
        "  a: {type: outcome, result: stop, text: A}\n"
        "  b: {type: outcome, result: stop, text: B}\n"
    )
    document, problems = load_bytes(source.encode("utf-8"), "t.yml")
    tree, more = build_tree(document, "t")
    assert tree is not None and problems + more == []
    return tree


def test_diff_markdown_shows_every_title_label_and_keyword_as_written() -> None:
    before, after = {}, {}
    for i, title in enumerate(HOSTILE_TITLES):
        label = title + " (answer)"
        before[f"t{i}"] = diff_tree(title, label, "a", '["x`y", "<!--"]')
        after[f"t{i}"] = diff_tree(title, label, "b", '["x`y", "``z", "-->"]')
    markdown = diff_markdown(before, after, "main`x", "en")
    page = pyromark.html(markdown, options=pyromark.Options.ENABLE_TABLES)
    text = visible_text(page)
    for i, title in enumerate(HOSTILE_TITLES):
        assert f"t{i}: {title}\n" in text  # the heading, whole
        assert f"Re-pointed: q answer '{title} (answer)': a → b" in text
    assert text.count("Keywords changed in en: added ``z, -->; removed <!--") == len(HOSTILE_TITLES)
    assert "changed since main`x" in text
    # Nothing written by an editor became markup: headings and list items only.
    tags = set(re.findall(r"</?([a-z0-9]+)", page))
    assert tags == {"h2", "h3", "ul", "li", "code"}
    assert "<!--" not in page
