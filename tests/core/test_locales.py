"""UI strings: one JSON file per language, read by Python and shipped to the player."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

import sopkit.locales
from sopkit import Languages, PageContext, check_paths, render_guide
from sopkit.compile.catalog import tree_files
from sopkit.locales import GROUPS, LOCALES, LocaleError, Locales, player_strings, ui_strings
from tests.conftest import ROOT, SITE_FIXTURE

LOCALES_DIR = ROOT / "plugins" / "sopkit" / "locales"


def test_the_shipped_languages_are_the_files() -> None:
    assert LOCALES.languages == ("en", "es")
    assert sorted(p.name for p in LOCALES_DIR.glob("*.json")) == ["en.json", "es.json"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_shipped_language_has_every_key_in_its_group(lang: str) -> None:
    english = LOCALES.groups("en")
    groups = LOCALES.groups(lang)
    assert list(groups) == list(GROUPS)
    for group in GROUPS:
        assert groups[group].keys() == english[group].keys(), group
        assert all(text.strip() for text in groups[group].values()), group


def test_site_strings_add_and_reword() -> None:
    extra = {"fr": {"back": "Retour"}, "es": {"copied": "¡Copiado!"}}
    french = ui_strings("fr", "en", extra)
    assert french["back"] == "Retour"
    assert french["restart"] == "Restart"  # no French file: English
    spanish = ui_strings("es", "en", extra)
    assert (spanish["copied"], spanish["back"]) == ("¡Copiado!", "Atrás")
    # A page in the default language Spanish falls back to Spanish, then English.
    assert ui_strings("fr", "es", extra)["restart"] == "Reiniciar"
    assert player_strings(french).keys() == LOCALES.player_keys


@pytest.fixture
def with_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """sopkit's locale folder with a ``fr.json`` dropped in (a partial translation)."""
    folder = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    french = {"page": {"step": "Étape {n}"}, "player": {"back": "Retour", "copied": "Copié"}}
    (folder / "fr.json").write_text(json.dumps(french), encoding="utf-8")
    monkeypatch.setattr(sopkit.locales, "LOCALES", Locales(folder))
    return folder


def test_a_new_language_is_one_file(with_french: Path) -> None:
    assert sopkit.locales.LOCALES.languages == ("en", "es", "fr")
    langs = Languages.of(["en", "es", "fr"])
    trees = check_paths(tree_files(SITE_FIXTURE / "decision_trees"), langs, root=SITE_FIXTURE)
    page = render_guide(trees.trees["router"], PageContext(lang="fr", languages=langs))
    assert "Étape 1" in page
    found = re.search(r'data-sopkit-data="([^"]*)"', page)
    assert found
    ui = json.loads(html.unescape(found.group(1)))["ui"]
    assert (ui["back"], ui["copied"], ui["restart"]) == ("Retour", "Copié", "Restart")
    assert ui.keys() == LOCALES.player_keys


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "locales/fr.json: cannot be read: Expecting property name enclosed in double"),
        ('{"buttons": {}}', "locales/fr.json: expected an object with the groups"),
        ('{"player": {"back": 1}}', "locales/fr.json: 'player' must map keys to strings"),
        (
            '{"player": {"bakc": "Retour"}}',
            "locales/fr.json: 'player' has ['bakc'], which locales/en.json's 'player' does not",
        ),
        (
            '{"page": {"back": "Retour"}}',
            "locales/fr.json: 'page' has ['back'], which locales/en.json's 'page' does not",
        ),
    ],
)
def test_a_wrong_locale_file_is_named(with_french: Path, content: str, message: str) -> None:
    (with_french / "fr.json").write_text(content, encoding="utf-8")
    with pytest.raises(LocaleError, match=re.escape(message)):
        Locales(with_french).groups("fr")
