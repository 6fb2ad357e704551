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
ASSETS_DIR = ROOT / "plugins" / "sopkit" / "assets" / "sopkit"


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


def player_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(ASSETS_DIR.glob("*.mjs")))


def test_the_player_reads_only_keys_of_the_player_group() -> None:
    calls = re.findall(r"\.(?:text|format)\(([^()]*)", player_source())
    read = {key for call in calls for key in re.findall(r'"([\w.-]+)"', call)}
    assert len(read) > 25, read
    keys = LOCALES.player_keys
    # "result." + result: a prefix of keys.
    unknown = {k for k in read if k not in keys and not any(p.startswith(k) for p in keys)}
    assert unknown == set()
    assert {k for k in read if k.endswith(".")} == {"result."}


def test_the_player_has_no_words_of_its_own() -> None:
    source = player_source()
    # Words shown to people; lower-case single words ("escalate") are also codes.
    shown = [t for t in LOCALES.strings("en").values() if " " in t or t[:1].isupper()]
    assert len(shown) > 50
    for text in shown:
        assert f'"{text}"' not in source, text


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
