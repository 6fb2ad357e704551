"""Texts that read alike but are not alike: direction marks and invisible characters.

An answer "Yes" and an answer "Yes" with a right-to-left override (U+202E) or a zero
width space (U+200B) in it show the same words, yet lead to different steps: the agent
cannot tell which to press. Direction controls also reorder how a text is shown (the
"Trojan Source" trick), so every text holding one is pointed out.
"""

from __future__ import annotations

import re
import unicodedata

from ..languages import Languages
from ..model import Node, Text, Tree
from ..problems import Problem, error, warning
from .characters import character_name
from .reader import shown

# The controls of the Unicode bidirectional algorithm: marks, embeddings, overrides and
# isolates. Ids cannot hold them (ids are lowercase ASCII).
BIDI_CONTROLS = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")


def looks(text: str) -> str:
    """What a text looks like on screen: format characters (zero-width spaces and
    joiners, direction controls, soft hyphens) removed, compatibility forms folded
    (NFKC) and spaces squashed."""
    visible = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", visible).split())


def check_lookalikes(tree: Tree, languages: Languages | None = None) -> list[Problem]:
    """Direction controls in any text (a warning at the text) and answers of one question
    that read alike in some language (an error at the later answer)."""
    problems = [
        _bidi_problem(name, text, lang, found)
        for name, text in tree.texts()
        for lang, value in text.values.items()
        if (found := _BIDI_RE.search(value)) is not None
    ]
    codes = languages.codes if languages is not None else (Text.DEFAULT,)
    default = languages.default if languages is not None else Text.DEFAULT
    for node in tree.nodes.values():
        problems += _alike_answers(node, codes, default)
    return problems


def _bidi_problem(name: str, text: Text, lang: str, found: re.Match[str]) -> Problem:
    return warning(
        "bidi-control",
        text.span_of(lang),
        f"'{name}' holds {character_name(found.group())} at character {found.start() + 1}: "
        "an invisible control that changes the order in which the words are shown",
        "delete it; right-to-left words show in their order without it",
    )


def _alike_answers(node: Node, codes: tuple[str, ...], default: str) -> list[Problem]:
    """An error for each answer that reads like an earlier one of the same question.

    Answers with one id are reported as duplicate ids already (see ``checks.py``).
    """
    problems: list[Problem] = []
    answers = node.answers
    for later in range(1, len(answers)):
        answer = answers[later]
        for lang in codes:
            label = answer.label.get(lang, default)[0]
            seen = looks(label)
            earlier = next(
                (
                    i
                    for i in range(later)
                    if looks(answers[i].label.get(lang, default)[0]) == seen
                    and answers[i].key(default) != answer.key(default)
                ),
                None,
            )
            if earlier is None:
                continue
            other = answers[earlier].label.get(lang, default)[0]
            problems.append(
                error(
                    "lookalike-answers",
                    answer.label.span_of(lang),
                    f"in node '{node.id}', answers {earlier + 1} and {later + 1} both read "
                    f"'{shown(seen)}'{_differences(label, other)}; the agent cannot tell "
                    "which to press",
                    "word them differently, or make them one answer",
                )
            )
            break
    return problems


def _differences(label: str, other: str) -> str:
    """`` (one holds a zero width space (U+200B))``: the invisible characters that make
    two labels differ, or nothing when they are written the same."""
    if label == other:
        return ""
    hidden = sorted({c for c in label + other if unicodedata.category(c) == "Cf"})
    if not hidden:
        return " (written with different forms of the same characters)"
    return f" (told apart only by {', '.join(character_name(c) for c in hidden)})"
