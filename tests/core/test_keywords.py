"""A tree's ``keywords``: how they are read, and every rejection with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit import Languages, check_paths, load_tree
from sopkit.problems import format_problems

LANGS = Languages.of(["en", "es"])
TOP = "title: {en: T, es: T}\n"
REST = "start: done\nnodes:\n  done: {type: outcome, result: stop, text: {en: Done, es: Hecho}}\n"
EXAMPLE = "keywords: {en: [manager, supervisor], es: [gerente, supervisor]}"


def write(tmp_path: Path, keywords: str) -> Path:
    path = tmp_path / "t.yml"
    path.write_text(TOP + keywords + REST, encoding="utf-8")
    return path


def test_keywords_per_language_are_read_as_written(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "keywords:\n  en: [manager, speak to  a manager, manager, Yes]\n"
        "  es: [gerente, hablar con un gerente]\n",
    )
    tree, problems = load_tree(path)
    assert problems == []
    assert tree is not None and tree.keywords is not None
    # Repeated words are kept once, spaces inside a phrase folded, 'Yes' stays a word.
    assert tree.keywords.get("en", "en") == ("manager", "speak to a manager", "Yes")
    assert tree.keywords.get("es", "en") == ("gerente", "hablar con un gerente")
    assert tree.keywords.span.line == 3
    # Keywords are search terms, not texts to translate or to put in the case note.
    assert not [name for name, _ in tree.texts() if name.startswith("keywords")]


def test_a_plain_list_is_the_default_language_only(tmp_path: Path) -> None:
    tree, problems = load_tree(write(tmp_path, "keywords: [manager, supervisor]\n"))
    assert problems == []
    assert tree is not None and tree.keywords is not None
    assert tree.keywords.get("en", "en") == ("manager", "supervisor")
    assert tree.keywords.get("es", "en") == ()


def test_a_tree_without_keywords_has_none(tmp_path: Path) -> None:
    tree, problems = load_tree(write(tmp_path, ""))
    assert problems == [] and tree is not None and tree.keywords is None


CASES = [
    (
        "a single word",
        "keywords: manager\n",
        "t.yml:2:11: error[wrong-type] 'keywords' must be a list of words or a mapping from "
        "language to a list of words, found 'manager'\n"
        f"    hint: write {EXAMPLE}",
    ),
    (
        "a language's words not in a list",
        "keywords: {en: [manager], es: gerente, supervisor}\n",
        "t.yml:2:31: error[wrong-type] 'keywords.es' must be a list of words, found 'gerente'\n"
        "    hint: put the words in brackets, separated by commas: [gerente]\n"
        "t.yml:2:40: error[invalid-language] 'keywords' has the key 'supervisor', which is not "
        f"a language code\n    hint: write {EXAMPLE}",
    ),
    (
        "an empty list",
        "keywords: {en: [manager], es: []}\n",
        "t.yml:2:31: error[empty-text] 'keywords.es' is empty\n"
        "    hint: list at least one word, or delete it",
    ),
    (
        "an empty item",
        "keywords:\n  en:\n    - manager\n    -\n",
        "t.yml:5:6: error[wrong-type] 'keywords.en.1' must be a word or phrase, found nothing\n"
        "    hint: delete the empty item",
    ),
    (
        "': ' in a phrase",
        "keywords: [manager, speak to: a manager]\n",
        "t.yml:2:21: error[wrong-type] 'keywords.1' must be a word or phrase, found a mapping\n"
        "    hint: a phrase with ': ' or brackets in it goes in quotes: 'speak to: a manager'",
    ),
    (
        "a language the site does not build",
        "keywords:\n  en: [manager]\n  esp: [gerente]\n",
        "t.yml:4:3: warning[unknown-language] 'keywords' has words in 'esp', which is not one "
        "of the site's languages (en, es) (did you mean 'es'?)",
    ),
    (
        "a misspelt key",
        "keyword: [manager]\n",
        "t.yml:2:1: error[unknown-key] unknown key 'keyword' in a tree (did you mean "
        "'keywords'?)\n    hint: a tree takes: title, summary, keywords, owner, reviewed, "
        "review_every_days, start, nodes, tests, editor_note",
    ),
]


@pytest.mark.parametrize(("name", "keywords", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_keywords_are_located_errors(
    tmp_path: Path, name: str, keywords: str, expected: str
) -> None:
    path = write(tmp_path, keywords)
    result = check_paths([path], LANGS, root=tmp_path)
    assert format_problems(result.problems, "text") == expected
