"""Property-based tests: any input gives located problems, any valid tree a sound guide."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sopkit import Languages, PageContext, render_guide
from sopkit.compile.checks import (
    _DANGEROUS_RE,
    _INVISIBLE_RE,
    check_tree,
    dangerous_url,
)
from sopkit.compile.loader import _UNPRINTABLE_RE, load_bytes
from sopkit.compile.validate import build_tree
from sopkit.problems import Problem
from sopkit.render.text import TextRenderer, _markdown

LANGS = Languages.of(["en", "es"])
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VOCABULARY = [
    "title", "summary", "owner", "reviewed", "start", "nodes", "tests", "type", "text",
    "help", "callouts", "script", "checklist", "fields", "links", "answers", "next",
    "timebox", "minutes", "timeup", "30s", "1h30m", "0", "result", "tree", "node", "label",
    "kind", "id", "required", "href", "en", "es", "question", "step", "outcome", "goto",
    "escalate", "a", "b",
]  # fmt: skip


def check_all(data: bytes) -> list[Problem]:
    """Everything the loader and the checks say about one file; must never raise."""
    document, problems = load_bytes(data, "decision_trees/t.yml")
    tree, more = build_tree(document, "t")
    problems += more
    if tree is not None:
        problems += check_tree(tree, LANGS)
    return problems


# Every line break libyaml counts: CR LF, CR, LF, NEL, LS and PS.
YAML_BREAK = re.compile(rb"\r\n|\r|\n|\xc2\x85|\xe2\x80[\xa8\xa9]")


def assert_located(problems: list[Problem], data: bytes) -> None:
    lines = len(YAML_BREAK.findall(data)) + 2
    for problem in problems:
        span = problem.span
        assert span.file == "decision_trees/t.yml"
        assert 1 <= span.line <= lines, str(problem)
        assert span.col >= 1, str(problem)
        assert problem.message and "\n" not in problem.message
        assert problem.severity in ("error", "warning")


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_give_located_problems(data: bytes) -> None:
    assert_located(check_all(data), data)


@SETTINGS
@given(st.text(max_size=2000))
@example(text="\r{")  # libyaml counts a lone CR as a line break
def test_any_text_gives_located_problems(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    assert_located(check_all(data), data)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates(),
    st.sampled_from(VOCABULARY),
    st.text(max_size=30),
)
keys = st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=10), st.integers())
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=40,
)
tree_shaped = st.fixed_dictionaries(
    {"title": documents, "start": documents, "nodes": st.dictionaries(keys, documents)},
    optional={"summary": documents, "owner": documents, "tests": documents},
)


@SETTINGS
@given(st.one_of(documents, tree_shaped), st.booleans())
def test_any_yaml_document_gives_located_problems(document: Any, flow: bool) -> None:
    data = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True).encode()
    assert_located(check_all(data), data)


# -- valid trees ------------------------------------------------------------------------

# Any character YAML allows in a file (not U+FFFE and U+FFFF, which it forbids).
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() and "javascript" not in s.lower())


@st.composite
def valid_trees(draw: st.DrawFn) -> str:
    """A tree whose every node leads only forward, ending in outcomes (so it compiles)."""
    count = draw(st.integers(min_value=1, max_value=12))
    lines = [f"title: {text(draw)}", "start: n0", "nodes:"]
    for i in range(count):
        later = list(range(i + 1, count))
        kind = "outcome" if not later else draw(st.sampled_from(["question", "step", "outcome"]))
        lines += [f"  n{i}:", f"    type: {kind}", f"    text: {text(draw)}"]
        if draw(st.booleans()):
            lines.append(f"    help: {text(draw)}")
        if kind == "question":
            targets = draw(st.lists(st.sampled_from(later), min_size=1, max_size=4))
            lines.append("    answers:")
            # Each answer has its own id, and its own number: labels that read alike
            # are an error.
            lines += [
                f"      - {{id: a{k}, label: {text(draw, f' ({k})')}, next: n{t}}}"
                for k, t in enumerate(targets)
            ]
        elif kind == "step":
            lines.append(f"    next: n{draw(st.sampled_from(later))}")
        else:
            lines.append(f"    result: {draw(st.sampled_from(['escalate', 'resolve', 'stop']))}")
    return "\n".join(lines) + "\n"


def text(draw: st.DrawFn, suffix: str = "") -> str:
    en, es = (json.dumps(draw(words) + suffix, ensure_ascii=False) for _ in "ab")
    return f"{{en: {en}, es: {es}}}"


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.nodes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "a" and "sopkit-answer" in (found.get("class") or ""):
            self.hrefs.append(found.get("href") or "")
        if found.get("data-sopkit-node"):
            self.nodes.append(found["data-sopkit-node"] or "")


def parse(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return parser


@SETTINGS
@given(valid_trees())
def test_valid_trees_compile_and_render_soundly(source: str) -> None:
    document, problems = load_bytes(source.encode("utf-8"), "t.yml")
    tree, more = build_tree(document, "t")
    assert tree is not None, [str(p) for p in problems + more]
    problems += more + check_tree(tree, LANGS)
    assert [p for p in problems if p.is_error] == []
    renders = {
        lang: parse(render_guide(tree, PageContext(lang=lang, languages=LANGS, trees={"t": tree})))
        for lang in ("en", "es")
    }
    for page in renders.values():
        anchors = [i for i in page.ids if re.fullmatch(r"t--n\d+", i)]
        assert sorted(anchors) == sorted(f"t--{n}" for n in tree.nodes)  # one anchor per node
        assert len(page.ids) == len(set(page.ids))
        for href in page.hrefs:
            assert href.startswith("#") and href[1:] in page.ids
    assert renders["en"].nodes == renders["es"].nodes == list(tree.nodes)


markdown_sources = st.lists(
    st.sampled_from(
        ["**", "*", "_", "`", "~~", "- ", "1. ", "3) ", "> ", "\n", "\n\n", "  \n", "    ",
         "# ", "[a](b)", "<x>", "&amp;", "&nbsp;", "&quot;", '"', "'", "\xa0", "\\", "---",
         "```", "word", " ", "é", "<https://example.com>", "![i](p.png)", "|", "<!-- -->", "<",
         "&", ">"]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@SETTINGS
@given(
    st.one_of(markdown_sources, st.text(st.characters(blacklist_categories=("Cs",)))).filter(
        str.strip  # texts are never empty
    )
)
def test_texts_skipping_markdown_come_out_as_markdown_would_write_them(source: str) -> None:
    # Texts with no character Markdown reads skip the parser; the parser would agree
    # (but for a lone CR, which it reads as a line break).
    renderer = TextRenderer()
    for inline in (True, False):
        full = renderer.clean(_markdown(source.strip(), inline))
        if "\r" not in source:
            assert renderer.html(source, inline) == full


url_texts = st.lists(
    st.sampled_from(
        ["java", "script", "vb", "live", "data", "Ja", "SCRIPT", "DaTa", ":", "&#58;", "&colon;",
         "&amp;", "&#x09;", "\t", "\n", " ", "\u200b", "\ufeff", "\x7f", "a", "t", "x", "é"]
    ),
    max_size=12,
).map("".join)  # fmt: skip


@SETTINGS
@given(url_texts)
def test_script_url_shortcut_misses_nothing(value: str) -> None:
    # The check's shortcut skips texts that cannot hide a scheme; the full reading
    # (entities decoded twice, invisible characters removed) must agree.
    normal = _INVISIBLE_RE.sub("", html.unescape(html.unescape(value)))
    found = _DANGEROUS_RE.search(normal)
    assert dangerous_url(value) == (found.group(0)[:-1].lower() if found else None)


@SETTINGS
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"),
            st.sampled_from(
                list("\x00\x08\t\r\x1f\x7f\x80\x84\x85\x86\x9f\xa0¿\ufffd\ufffe\uffff")
            ),
        ),
        max_size=50,
    )
)
def test_a_character_yaml_forbids_is_reported_wherever_it_is(text: str) -> None:
    # Whatever else the text breaks (indentation, a line break YAML sees in U+0085),
    # a forbidden character is what the loader names, with its position.
    source = (
        f"title: T\nstart: done\nnodes:\n  done:\n    type: outcome\n    text: |\n      {text}\n"
    )
    document, problems = load_bytes(source.encode("utf-8"), "t.yml")
    forbidden = _UNPRINTABLE_RE.search(text.replace("\x00", ""))
    found = [p for p in problems if p.code == "bad-character"]
    if "\x00" in text:
        assert [p.message for p in problems] == ["the file contains a NUL byte"]
    elif forbidden is None:
        assert found == []
    else:
        assert document.root is None
        assert [str(p.span) for p in found] == [f"t.yml:7:{7 + forbidden.start()}"]
