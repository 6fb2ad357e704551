"""The search index sopkit writes: the i18n plugin's entries, lunr's languages, keywords."""

from __future__ import annotations

import copy
import json
import time
from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from mkdocs_static_i18n.reconfigure import ExtendedPlugin

from sopkit.render.search import (
    KEYWORDS_BOOST,
    index_json,
    keyword_terms,
    search_index,
    search_languages,
    without_copies,
)

MATERIAL_CONFIG = {
    "lang": ["en"],
    "separator": r"[\s\-]+",
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 1e3}, "text": {"boost": 1e0}, "tags": {"boost": 1e6}},
}


def i18n_without_copies(entries: list[dict[str, Any]], languages: list[str]) -> list[Any]:
    """What mkdocs-static-i18n's ``reconfigure_search: true`` leaves of ``entries``."""
    kept = copy.deepcopy(entries)
    plugin = SimpleNamespace(build_languages=languages)
    ExtendedPlugin.reconfigure_search_duplicates(plugin, kept)  # type: ignore[arg-type]
    return kept


def entry(location: str, title: str = "T", text: str = "x") -> dict[str, Any]:
    return {"location": location, "title": title, "text": text}


def test_a_page_shown_untranslated_is_indexed_once() -> None:
    entries = [
        entry("guides/a/", "A", "English"),
        entry("guides/a/#step", "Step", "English step"),
        entry("es/guides/a/", "A", "English"),  # no Spanish page: the English copy
        entry("es/guides/a/#step", "Step", "English step"),
        entry("es/guides/b/", "B", "Español"),
        entry("guides/b/", "B", "English"),
    ]
    kept = without_copies(entries, ["es/"])
    assert [e["location"] for e in kept] == [
        "guides/a/",
        "guides/a/#step",
        "es/guides/b/",
        "guides/b/",
    ]
    assert kept == i18n_without_copies(entries, ["en", "es"])


PAGES = st.sampled_from(["", "#top", "a/", "a/#one", "b/c/", "b/c/#one", "c/"])
WORDS = st.sampled_from(["A", "B", ""])


@st.composite
def entries(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Index entries of a two-language site, each location once (as Material makes them)."""
    locations = draw(
        st.lists(st.tuples(st.booleans(), PAGES), unique=True, max_size=10).map(
            lambda pairs: [("es/" if spanish else "") + page for spanish, page in pairs]
        )
    )
    return [entry(location, draw(WORDS), draw(WORDS)) for location in locations]


@given(entries())
def test_copies_are_dropped_as_the_i18n_plugin_drops_them(drawn: list[dict[str, Any]]) -> None:
    assert without_copies(drawn, ["es/"]) == i18n_without_copies(drawn, ["en", "es"])


def test_dropping_copies_takes_linear_time() -> None:
    def seconds(pages: int) -> float:
        entries = [entry(f"p{i}/#s{j}", f"T{i}", f"x{j}") for i in range(pages) for j in range(5)]
        entries += [entry("es/" + e["location"], e["title"], e["text"]) for e in entries]
        started = time.perf_counter()
        without_copies(entries, ["es/"])
        return time.perf_counter() - started

    small, large = min(seconds(400) for _ in range(3)), min(seconds(4000) for _ in range(3))
    # Ten times the entries: about ten times the time (the i18n plugin's scan takes 100).
    assert large < small * 30


def test_every_site_language_lunr_knows_gets_its_pipeline() -> None:
    assert search_languages(["en"], ["en", "es"]) == ["en", "es"]
    assert search_languages(["de"], ["en", "es", "xx"]) == ["de", "en", "es"]


def test_keywords_are_indexed_with_the_plurals_of_their_words() -> None:
    assert keyword_terms(["disputa de reembolso", "queja", "lápiz", "inbox", "reembolso"]) == [
        "disputa de reembolso",
        "queja",
        "lápiz",
        "inbox",
        "reembolso",
        "disputas",
        "reembolsos",
        "quejas",
        "lápices",
        "inboxes",
    ]
    assert keyword_terms(["Camión", "No internet"]) == [
        "Camión",
        "No internet",
        "camións",
        "camiónes",
        "internets",
        "internetes",
    ]


def test_guide_pages_get_their_keywords_boosted() -> None:
    index = search_index(
        MATERIAL_CONFIG,
        [
            entry("guides/a/", "A"),
            entry("guides/a/#step", "Step"),
            entry("es/guides/a/", "A", "Español"),
            entry("other/", "Other"),
        ],
        site_languages=["en", "es"],
        prefixes=["es/"],
        keywords={"guides/a/": ["manager"], "es/guides/a/": ["gerente", "supervisor"]},
    )
    assert index["config"]["lang"] == ["en", "es"]
    assert index["config"]["fields"]["keywords"] == {"boost": KEYWORDS_BOOST}
    assert index["config"]["fields"]["title"] == {"boost": 1e3}
    assert [doc.get("keywords") for doc in index["docs"]] == [
        ["manager", "managers", "manageres"],
        None,
        ["gerente", "supervisor", "gerentes", "supervisors", "supervisores"],
        None,
    ]
    assert json.loads(index_json(index)) == index
    assert MATERIAL_CONFIG["lang"] == ["en"]  # the search plugin's own settings are untouched
