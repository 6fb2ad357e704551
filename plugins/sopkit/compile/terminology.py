"""Preferred terms: a site's glossary of words to avoid, per language, and the check that
finds them in the trees and pages of that language (a Vale-like rule any site can use).

The glossary is a YAML file beside ``mkdocs.yml`` (the ``glossary`` setting)::

    es:
      - preferred: video
        avoid: [vídeo]
        note: Latin American spelling.

Each use of an avoided form is a warning at its ``file:line:col``. Matching is by whole
words, ignores case and keeps accents (``video`` is not ``vídeo``); the words of a form
may be split across lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from ..languages import LANG_RE, Languages
from ..model import Span
from ..problems import Problem, did_you_mean, error, warning
from .fences import code_blocks
from .loader import load_bytes, load_file, span_of

_ENTRY_KEYS = ("preferred", "avoid", "note")


@dataclass(frozen=True, slots=True)
class Term:
    """One form to avoid in a language, and the term to write instead."""

    avoid: str
    preferred: str
    note: str | None = None
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = (re.escape(word) for word in self.avoid.split())
        # Whole words only; \w knows accented letters, so "vídeo" never matches "video".
        regex = r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"
        object.__setattr__(self, "pattern", re.compile(regex, re.IGNORECASE))


@dataclass(frozen=True, slots=True)
class Glossary:
    """The terms to avoid, by language code."""

    terms: Mapping[str, tuple[Term, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def of(self, lang: str) -> tuple[Term, ...]:
        """The terms to avoid in ``lang`` (none when the glossary has no such language)."""
        return self.terms.get(lang, ())


# -- reading the glossary ------------------------------------------------------------


def read_glossary(path: Path, shown: str) -> tuple[Glossary, list[Problem]]:
    """The glossary in ``path`` and what is wrong with it; ``shown`` names it in messages.

    An empty file is an empty glossary. A glossary with any problem checks nothing, so
    a mistake in it never hides or invents warnings in the content.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = error(
            "bad-glossary", Span(shown, 1, 1), f"cannot read the glossary: {exc.strerror}"
        )
        return Glossary(), [problem]
    if not data.strip():
        return Glossary(), []
    document, problems = load_bytes(data, shown)
    if document.root is None:
        return Glossary(), problems
    terms: dict[str, tuple[Term, ...]] = {}
    problems = _read_languages(document.root, shown, terms)
    if problems:
        return Glossary(), problems
    return Glossary(MappingProxyType(terms)), []


def _problem(shown: str, node: yaml.Node, message: str, hint: str | None = None) -> Problem:
    return error("bad-glossary", span_of(shown, node), message, hint)


_SHAPE_HINT = "write each term as '- preferred: video' with 'avoid: [vídeo]' under it"


def _read_languages(
    root: yaml.Node, shown: str, terms: dict[str, tuple[Term, ...]]
) -> list[Problem]:
    if not isinstance(root, yaml.MappingNode):
        return [
            _problem(
                shown,
                root,
                f"the glossary must map language codes to lists of terms, found {_kind(root)}",
            )
        ]
    problems: list[Problem] = []
    for key, value in root.value:
        lang = str(key.value)
        if not isinstance(key, yaml.ScalarNode) or not LANG_RE.fullmatch(lang):
            problems.append(
                _problem(
                    shown, key, f"expected a language code such as 'en' or 'es', found {lang!r}"
                )
            )
            continue
        if lang in terms:
            problems.append(_problem(shown, key, f"the language '{lang}' is listed twice"))
            continue
        if not isinstance(value, yaml.SequenceNode):
            problems.append(
                _problem(
                    shown,
                    value,
                    f"'{lang}' must be a list of terms, found {_kind(value)}",
                    _SHAPE_HINT,
                )
            )
            continue
        read = [(entry, *_read_term(entry, lang, shown)) for entry in value.value]
        problems += [p for _, _, found in read for p in found]
        problems += _repeated(lang, [(entry, made) for entry, made, _ in read], shown)
        terms[lang] = tuple(term for _, made, _ in read for term in made or ())
    return problems


def _read_term(
    entry: yaml.Node, lang: str, shown: str
) -> tuple[tuple[Term, ...] | None, list[Problem]]:
    """One entry of ``lang`` (``preferred``, ``avoid``: a text or a list, ``note``): a term
    per avoided form."""
    if not isinstance(entry, yaml.MappingNode):
        return None, [
            _problem(
                shown,
                entry,
                f"each term of '{lang}' must be a mapping, found {_kind(entry)}",
                _SHAPE_HINT,
            )
        ]
    problems: list[Problem] = []
    values: dict[str, yaml.Node] = {}
    for key, value in entry.value:
        name = str(key.value)
        if name not in _ENTRY_KEYS:
            message = f"unknown key '{name}' in a term" + did_you_mean(name, _ENTRY_KEYS)
            problems.append(
                _problem(shown, key, message, "a term has 'preferred', 'avoid' and 'note'")
            )
        else:
            values[name] = value
    for needed in ("preferred", "avoid"):
        if needed not in values:
            problems.append(_problem(shown, entry, f"the term has no '{needed}'", _SHAPE_HINT))
    preferred = _text(values.get("preferred"), "preferred", shown, problems)
    note = _text(values.get("note"), "note", shown, problems)
    avoided = _avoided(values.get("avoid"), shown, problems)
    if problems or preferred is None:
        return None, problems
    return tuple(Term(form, preferred, note) for form in avoided), []


def _text(node: yaml.Node | None, key: str, shown: str, problems: list[Problem]) -> str | None:
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        problems.append(_problem(shown, node, f"'{key}' must be a text, found {_kind(node)}"))
        return None
    return " ".join(str(node.value).split())


def _avoided(node: yaml.Node | None, shown: str, problems: list[Problem]) -> tuple[str, ...]:
    """The forms under ``avoid``: one text, or a list of texts (at least one)."""
    if node is None:
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    forms: list[str] = []
    for item in items:
        form = _text(item, "avoid", shown, problems)
        if form is not None:
            forms.append(form)
    if isinstance(node, yaml.SequenceNode) and not items:
        problems.append(_problem(shown, node, "'avoid' lists no form: expected at least one"))
    return tuple(forms)


def _repeated(
    lang: str, read: list[tuple[yaml.Node, tuple[Term, ...] | None]], shown: str
) -> list[Problem]:
    """An avoided form listed twice in one language: which preferred term would win?"""
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for entry, terms in read:
        for term in terms or ():
            key = term.avoid.casefold()
            if key in seen:
                message = (
                    f"'{term.avoid}' is avoided twice in '{lang}' (for '{seen[key]}' and "
                    f"'{term.preferred}')"
                )
                problems.append(_problem(shown, entry, message, "keep it under one preferred term"))
            else:
                seen[key] = term.preferred
    return problems


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = str(node.value)
    return repr(value) if value.strip() else "nothing"


# -- finding avoided terms -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    term: Term
    lang: str
    span: Span
    text: str


def _find(
    text: str, terms: Iterable[Term], start: int, end: int
) -> Iterator[tuple[Term, re.Match[str]]]:
    """Each use of an avoided form; a use inside a longer one is that one's (one warning)."""
    found = [(term, m) for term in terms for m in term.pattern.finditer(text, start, end)]
    for term, match in found:
        if not any(_inside(match, other) for _, other in found):
            yield term, match


def _inside(match: re.Match[str], other: re.Match[str]) -> bool:
    """True when ``match`` lies within the longer ``other``."""
    longer = other.end() - other.start() > match.end() - match.start()
    return longer and other.start() <= match.start() and match.end() <= other.end()


def _position(line_starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    lo, hi = 0, len(line_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - line_starts[lo] + 1


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _problem_for(found: _Found) -> Problem:
    used = " ".join(found.text.split())
    term = found.term
    return warning(
        "terminology",
        found.span,
        f"'{used}' is avoided in '{found.lang}': write '{term.preferred}'",
        term.note,
    )


def tree_terms(glossary: Glossary, path: Path, shown: str) -> list[Problem]:
    """Avoided terms in the texts of one tree file, each in the language of its key."""
    document, unread = load_file(path, shown)
    if document.root is None or unread:
        return []  # the tree check reports the file
    starts = _line_starts(document.text)
    found: list[_Found] = []
    for lang, node in _language_values(document.root, glossary):
        start, end = node.start_mark.index, node.end_mark.index
        for term, match in _find(document.text, glossary.of(lang), start, end):
            span = Span(shown, *_position(starts, match.start()))
            found.append(_Found(term, lang, span, match.group()))
    return [_problem_for(f) for f in sorted(found, key=lambda f: f.span)]


def _language_values(node: yaml.Node, glossary: Glossary) -> Iterator[tuple[str, yaml.Node]]:
    """Every value written under a language key the glossary has (``es: ...``)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lang = str(key.value)
            if glossary.of(lang) and not isinstance(value, yaml.MappingNode):
                yield lang, value
            else:
                yield from _language_values(value, glossary)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _language_values(item, glossary)


def page_language(page: Path, languages: Languages) -> str:
    """The language of a page: ``name.es.md`` is Spanish, ``name.md`` the default."""
    suffixes = page.name.split(".")
    if len(suffixes) >= 3 and suffixes[-2] in languages.codes:
        return suffixes[-2]
    return languages.default


def page_terms(glossary: Glossary, text: str, lang: str, shown: str) -> list[Problem]:
    """Avoided terms in a page's Markdown, outside its code blocks."""
    terms = glossary.of(lang)
    if not terms:
        return []
    lines = text.split("\n")
    code = {i for first, last in code_blocks(lines) for i in range(first, last + 1)}
    prose = "\n".join("" if i in code else line for i, line in enumerate(lines))
    starts = _line_starts(prose)
    found = [
        _Found(term, lang, Span(shown, *_position(starts, match.start())), match.group())
        for term, match in _find(prose, terms, 0, len(prose))
    ]
    return [_problem_for(f) for f in sorted(found, key=lambda f: f.span)]


def check_terminology(
    glossary: Glossary,
    trees: Iterable[tuple[Path, str]],
    pages: Iterable[tuple[Path, str]],
    languages: Languages,
) -> list[Problem]:
    """Avoided terms in tree files and pages, each given as its path and its shown name."""
    problems: list[Problem] = []
    for path, shown in trees:
        problems += tree_terms(glossary, path, shown)
    for path, shown in pages:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # unreadable pages are the site engine's to report
        problems += page_terms(glossary, text, page_language(path, languages), shown)
    return problems
