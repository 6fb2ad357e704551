"""The site's search index, in every language, with each guide's keywords boosted.

Material's search plugin collects an entry per page section (``location``, ``title``,
``text``); mkdocs-static-i18n stacks up the entries of every language's build. This
module turns those entries into the one index the site ships
(``search/search_index.json``):

- entries of a page that a language only shows as a copy of the default language's
  page (same title, text and location under ``<lang>/``) are dropped, as
  mkdocs-static-i18n's ``reconfigure_search`` does, but in linear time;
- lunr's language pipeline is on for every language the site is built in that lunr
  supports (``lang: [en, es]``);
- the entry of each guide's page gets the tree's keywords in that page's language, in
  a ``keywords`` field that Material's search worker indexes with its own boost, with
  the plural of each of their words (see :func:`keyword_terms`).

Pure functions on plain data: no MkDocs import, no file written here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Entry = Mapping[str, Any]
"""One document of the index as Material writes it: ``location``, ``title``, ``text``."""

KEYWORDS_FIELD = "keywords"
KEYWORDS_BOOST = 1e3
"""As much as a title: a guide whose keywords match ranks with guides titled so."""

_LUNR_CODES = (
    "ar da de du el en es fi fr he hi hu hy it ja jp kn ko nl no pt ro ru sa sv ta te th tr vi zh"
)
LUNR_LANGUAGES = frozenset(_LUNR_CODES.split())
"""Languages with a lunr pipeline in Material's ``lunr/min`` (``en`` is built in)."""


def without_copies(entries: Iterable[Entry], prefixes: Sequence[str]) -> list[Entry]:
    """The entries less those under a language prefix that copy a default-language entry.

    mkdocs-static-i18n (``reconfigure_search``) drops an entry under ``<lang>/`` when a
    default-language entry has the same title and text and a location it ends with: a
    page that language shows in the default language, because it has no translation.
    The same rule here, with a lookup per entry instead of a scan of all of them.
    """
    entries = list(entries)
    prefixes = tuple(prefixes)
    originals: dict[tuple[str, str], set[str]] = {}
    for entry in entries:
        if not _under(entry, prefixes):
            originals.setdefault(_content(entry), set()).add(entry["location"])
    kept = []
    for entry in entries:
        locations = originals.get(_content(entry)) if _under(entry, prefixes) else None
        if locations and _ends_with_one_of(entry["location"], locations):
            continue
        kept.append(entry)
    return kept


def _under(entry: Entry, prefixes: tuple[str, ...]) -> bool:
    return bool(prefixes) and str(entry["location"]).startswith(prefixes)


def _content(entry: Entry) -> tuple[str, str]:
    return str(entry.get("title", "")), str(entry.get("text", ""))


def _ends_with_one_of(location: str, locations: set[str]) -> bool:
    """True when one of ``locations`` is a suffix of ``location`` (the empty one too)."""
    return any(location[i:] in locations for i in range(len(location) + 1))


def search_languages(configured: Sequence[str], site_languages: Sequence[str]) -> list[str]:
    """The search's ``lang``: the configured ones, then each site language lunr knows."""
    languages = dict.fromkeys(configured)
    for lang in site_languages:
        if lang in LUNR_LANGUAGES:
            languages.setdefault(lang, None)
    return list(languages)


_VOWELS = "aeiouáéíóú"
_PLURAL_OF = re.compile(r"[^\W\d_]{4,}")
"""A word worth a plural: letters only, four or more (not "de", "el", "the")."""


def plural_forms(word: str) -> list[str]:
    """The likely plurals of a word in English and Spanish (``reembolso``: ``reembolsos``;
    ``motor``: ``motors``, ``motores``; ``lápiz``: ``lápices``). Some are not words; they
    only have to be what an agent types."""
    if word[-1] in _VOWELS:
        return [word + "s"]
    if word.endswith("z"):
        return [word[:-1] + "ces"]
    if word.endswith(("s", "x", "ch", "sh")):
        return [word + "es"]
    return [word + "s", word + "es"]


def keyword_terms(keywords: Sequence[str]) -> list[str]:
    """The keywords, then the plural of each of their words.

    Material's search adds a wildcard to every word typed (``reembolsos*``), and lunr
    runs no stemmer on a word with a wildcard; Material's English words turn every
    stemmer off too, so that the indexed words stay whole. A word is then found only by
    its own beginnings: "reembolso" finds "reembolsos", not the other way round. With
    the plurals in the index, an agent who types the plural finds the guide too.
    """
    terms = dict.fromkeys(keywords)
    for keyword in keywords:
        for word in _PLURAL_OF.findall(keyword.lower()):
            terms.update(dict.fromkeys(plural_forms(word)))
    return list(terms)


def with_keywords(
    entries: Iterable[Entry], keywords: Mapping[str, Sequence[str]]
) -> list[dict[str, Any]]:
    """The entries, each page's own entry given the keywords of its location."""
    built = []
    for entry in entries:
        doc = dict(entry)
        words = keywords.get(doc["location"])
        if words:
            doc[KEYWORDS_FIELD] = keyword_terms(words)
        built.append(doc)
    return built


def search_index(
    config: Mapping[str, Any],
    entries: Iterable[Entry],
    *,
    site_languages: Sequence[str],
    prefixes: Sequence[str],
    keywords: Mapping[str, Sequence[str]],
) -> dict[str, Any]:
    """The whole index: Material's ``config`` and ``docs``, for every language.

    ``prefixes`` are the folders of the languages other than the default (``es/``);
    ``keywords`` maps a guide page's location (``es/guides/x/``) to its tree's words in
    that page's language.
    """
    fields = dict(config.get("fields") or {})
    fields.setdefault(KEYWORDS_FIELD, {"boost": KEYWORDS_BOOST})
    index_config = {
        **config,
        "lang": search_languages(list(config.get("lang") or []), site_languages),
        "fields": fields,
    }
    docs = with_keywords(without_copies(entries, prefixes), keywords)
    return {"config": index_config, "docs": docs}


def index_json(index: Mapping[str, Any]) -> str:
    """The index as Material writes it: compact JSON."""
    return json.dumps(index, separators=(",", ":"), default=str)
