"""Composed YAML -> :class:`~sopkit.model.Tree` plus every problem found.

Problems are collected, never raised: one run reports everything wrong with every
file. Values are read from scalars *as written* (``No`` is the text "No") by
:mod:`sopkit.compile.reader`; nodes are read by :mod:`sopkit.compile.nodes`. Checks of
whole trees (graph, languages, URLs, links) are in :mod:`sopkit.compile.checks`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import yaml

from ..model import Field, Keywords, Node, Scenario, Span, Text, Tree
from ..problems import Problem, error
from .decide import read_scenario_facts
from .loader import Document, span_of
from .nodes import read_nodes
from .reader import ID_RE, ID_RULE, Reader, describe, is_nothing, read_list, shown
from .review import MAX_DAYS

__all__ = ["ID_RE", "ID_RULE", "TOP_KEYS", "build_tree", "shown"]

TOP_KEYS = (
    "title",
    "summary",
    "keywords",
    "owner",
    "reviewed",
    "review_every_days",
    "start",
    "nodes",
    "tests",
    "editor_note",
)
KEYWORDS_EXAMPLE = "keywords: {en: [manager, supervisor], es: [gerente, supervisor]}"


def build_tree(doc: Document, tree_id: str) -> tuple[Tree | None, list[Problem]]:
    """Turn one composed document into a :class:`Tree` and the problems found in it.

    Only problems inside the file are found here; :mod:`sopkit.compile.checks` looks at the
    graph, languages and links, and at hand-offs between trees.
    """
    if doc.root is None:
        return None, []
    reader = Reader(doc.path, doc.text)
    tree = _build(reader, doc, tree_id)
    duplicates: list[Problem] = []
    if reader.duplicates or any(p.is_error for p in reader.problems):
        # Reading notices a key it has already read, but skips what follows an error
        # (a value under an unknown key, a node with no type): duplicates are then
        # looked for, and reported, in the whole document.
        duplicates = _find_duplicate_keys(doc.root, doc.path)
    return tree, duplicates + reader.problems


def _check_top(reader: Reader, root: yaml.Node, tree_id: str) -> bool:
    """Report a tree id (the file name) that is not valid; true when the top is a mapping."""
    if not ID_RE.fullmatch(tree_id):
        reader.problems.append(
            error(
                "invalid-id",
                Span(reader.path, 1, 1),
                f"tree id '{shown(tree_id)}' (the file name) is not valid",
                ID_RULE,
            )
        )
    if not isinstance(root, yaml.MappingNode):
        reader.err(
            "wrong-type",
            root,
            f"the top level must be a mapping with 'title', 'start' and 'nodes', "
            f"found {describe(root)}",
        )
        return False
    return True


def _build(reader: Reader, doc: Document, tree_id: str) -> Tree | None:
    root = doc.root
    if root is None or not _check_top(reader, root, tree_id):
        return None
    keys = reader.mapping(root, "a tree", TOP_KEYS, ("title", "start", "nodes"))
    assert keys is not None
    title = reader.text(keys["title"], "title") if "title" in keys else None
    summary = reader.text(keys["summary"], "summary") if "summary" in keys else None
    keywords = read_keywords(reader, keys["keywords"]) if "keywords" in keys else None
    owner = reader.scalar(keys["owner"], "owner") if "owner" in keys else None
    note = reader.text(keys["editor_note"], "editor_note") if "editor_note" in keys else None
    reviewed = reader.date(keys["reviewed"], "reviewed") if "reviewed" in keys else None
    every = None
    if "review_every_days" in keys:
        every = reader.integer(keys["review_every_days"], "review_every_days", MAX_DAYS, "days")
    start = start_span = None
    if "start" in keys:
        start = reader.ident(keys["start"], "start")
        start_span = reader.span(keys["start"])
    nodes: dict[str, Node] = {}
    if "nodes" in keys:
        nodes = read_nodes(reader, keys["nodes"])
    tests: tuple[Scenario, ...] = ()
    if "tests" in keys:
        tests = _read_scenarios(reader, keys["tests"])
    _check_field_ids(reader, nodes)
    # A tree with structural errors is not checked further: its graph would only
    # repeat the same mistakes as dangling links and unreachable nodes.
    if any(p.is_error for p in reader.problems):
        return None
    if title is None or start is None or start_span is None or "nodes" not in keys:
        return None
    tree = Tree(
        id=tree_id,
        path=doc.path,
        span=reader.span(root),
        title=title,
        start=start,
        start_span=start_span,
        nodes=MappingProxyType(nodes),
        content_hash=doc.content_hash,
        summary=summary,
        owner=owner,
        reviewed=reviewed,
        review_every_days=every,
        tests=tests,
        reviewed_span=reader.span(keys["reviewed"]) if "reviewed" in keys else None,
        editor_note=note,
        keywords=keywords,
    )
    return tree


def read_keywords(reader: Reader, node: yaml.Node) -> Keywords | None:
    """``keywords``: a list of words (the default language) or language -> list of words."""
    values: dict[str, tuple[str, ...]] = {}
    spans: dict[str, Span] = {}
    if isinstance(node, yaml.SequenceNode):
        words = _read_words(reader, node, "keywords")
        if words:
            values[Text.DEFAULT] = words
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lang = key.value if isinstance(key, yaml.ScalarNode) else None
            if lang is None or not (lang in reader.languages or reader.language(lang)):
                reader.err(
                    "invalid-language",
                    key,
                    f"'keywords' has the key {describe(key)}, which is not a language code",
                    f"write {KEYWORDS_EXAMPLE}",
                )
                continue
            if lang in values:
                reader.duplicates = True
                continue
            words = _read_words(reader, value, f"keywords.{lang}")
            if words:
                values[lang] = words
                spans[lang] = reader.span(key)
    else:
        reader.err(
            "wrong-type",
            node,
            f"'keywords' must be a list of words or a mapping from language to a list of "
            f"words, found {describe(node)}",
            f"write {KEYWORDS_EXAMPLE}",
        )
        return None
    if not values:
        return None
    return Keywords(
        values=MappingProxyType(values), span=reader.span(node), spans=MappingProxyType(spans)
    )


def _read_words(reader: Reader, node: yaml.Node, name: str) -> tuple[str, ...]:
    """A list of keywords: each a word or phrase, written once."""
    if not isinstance(node, yaml.SequenceNode):
        fix = f"write {KEYWORDS_EXAMPLE}"
        if isinstance(node, yaml.ScalarNode) and not is_nothing(node):
            fix = f"put the words in brackets, separated by commas: [{shown(str(node.value))}]"
        reader.err(
            "wrong-type", node, f"'{name}' must be a list of words, found {describe(node)}", fix
        )
        return ()
    if not node.value:
        reader.err("empty-text", node, f"'{name}' is empty", "list at least one word, or delete it")
        return ()
    words: dict[str, None] = {}
    for i, item in enumerate(node.value):
        if not isinstance(item, yaml.ScalarNode) or is_nothing(item) or not item.value.strip():
            fix = "delete the empty item"
            if not isinstance(item, yaml.ScalarNode):
                fix = "a phrase with ': ' or brackets in it goes in quotes: 'speak to: a manager'"
            reader.err(
                "wrong-type",
                item,
                f"'{name}.{i}' must be a word or phrase, found {describe(item)}",
                fix,
            )
            continue
        words.setdefault(" ".join(str(item.value).split()), None)
    return tuple(words)


def _duplicate_key(path: str, key: yaml.Node, first: yaml.Node) -> Problem:
    return error(
        "duplicate-key",
        span_of(path, key),
        f"duplicate key '{key.value}': it is already set on line {first.start_mark.line + 1}",
        "a key may appear only once in a mapping; keep one of them",
    )


def _find_duplicate_keys(root: yaml.Node, path: str) -> list[Problem]:
    """Every duplicate mapping key of a document (PyYAML would silently merge them)."""
    problems: list[Problem] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            first: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in first:
                        problems.append(_duplicate_key(path, key, first[key.value]))
                    else:
                        first[key.value] = key
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return problems


SCENARIO_KEYS = ("name", "answers", "values", "ticked", "now", "zone", "expect")


def _read_scenarios(reader: Reader, node: yaml.Node) -> tuple[Scenario, ...]:
    return read_list(reader, node, "tests", _read_scenario)


def _read_scenario(reader: Reader, node: yaml.Node, name: str) -> Scenario | None:
    keys = reader.mapping(
        node, "a scenario test", SCENARIO_KEYS, ("name", "answers", "expect"), name
    )
    if keys is None or not {"name", "answers", "expect"} <= keys.keys():
        return None
    title = reader.scalar(keys["name"], "name")
    expect = reader.ident(keys["expect"], "expect")
    items = reader.sequence(keys["answers"], "answers")
    if title is None or expect is None or items is None:
        return None
    answers = []
    for item in items:
        value = reader.scalar(item, "answers", "an answer label or node id")
        if value is not None:
            answers.append((value, reader.span(item)))
    facts = read_scenario_facts(reader, keys)
    if facts is None:
        return None
    return Scenario(
        name=title,
        answers=tuple(answers),
        expect=expect,
        span=reader.span(node),
        expect_span=reader.span(keys["expect"]),
        values=facts.values,
        ticked=facts.ticked,
        now=facts.now,
        zone=facts.zone,
    )


def _check_field_ids(reader: Reader, nodes: Mapping[str, Node]) -> None:
    seen: dict[str, Field] = {}
    for node in nodes.values():
        for f in node.fields:
            if f.id in seen:
                reader.problems.append(
                    error(
                        "duplicate-field",
                        f.span,
                        f"field id '{f.id}' is already used on line {seen[f.id].span.line}",
                        "field ids name values in the case note: each must be unique in a tree",
                    )
                )
            else:
                seen[f.id] = f
