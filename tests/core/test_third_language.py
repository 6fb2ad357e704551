"""A language sopkit has no words for (French), added by a site with one file.

The fixture site (tests/fixtures/site-fr) names ``locales_dir: locales`` and brings
``locales/fr.json``; its guide, flowchart, case note words and job aid are French.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sopkit.cli import main
from sopkit.compile.loader import load_file
from sopkit.compile.validate import build_tree
from sopkit.languages import Languages
from sopkit.locales import missing_keys, site_locales, with_site_files
from sopkit.render.context import PageContext
from sopkit.render.flowchart import dot_to_svg, flowchart_dot
from sopkit.render.jobaid import JobAid, render_jobaid
from tests.conftest import FRENCH_FIXTURE, Build, copy_project, run_build


def visible_text(html: str) -> str:
    """The words of some HTML, tags and extra spaces taken out."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def guide_html(site: Path, lang: str) -> str:
    page = (site / lang / "index.html") if lang != "en" else site / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('<section class="sopkit-tree')
    return html[start : html.index("</section>", start)]


def test_the_french_site_builds_strictly_with_french_words(french_build: Build) -> None:
    assert french_build.problems() == []
    guide = guide_html(french_build.site_dir, "fr")
    words = visible_text(guide)
    for expected in (
        "Étape 1 Demandez au client d’ouvrir la porte avant de l’imprimante.",
        "Vérifier L’imprimante est éteinte",
        "Noter Modèle d’imprimante (obligatoire) Fait, continuer",
        "Du papier est-il coincé ? Oui Non",
        "Carte",  # the Map, whose flowchart is French too:
        "2. Du papier est-il coincé ?",
        "À propos de cette procédure",
        "Responsable: Support · Dernière révision: 2026-11-01",
    ):
        assert expected in words
    data = json.loads(unescape(re.search(r'data-sopkit-data="([^"]*)"', guide)[1]))
    assert data["note"] == {"lang": "fr", "title": "Bourrage d’imprimante"}
    assert data["ui"]["note_title"] == "Note de dossier"
    assert data["ui"]["copy_note"] == "Copier la note de dossier"
    english = visible_text(guide_html(french_build.site_dir, "en"))
    assert "Step 1 Ask the customer to open the front door of the printer." in english


def test_the_french_job_aid_is_french() -> None:
    site = site_locales(FRENCH_FIXTURE / "locales")
    document, problems = load_file(FRENCH_FIXTURE / "decision_trees" / "printer.yml")
    tree, more = build_tree(document, "printer")
    assert tree is not None and not problems + more
    ctx = PageContext(
        lang="fr",
        languages=Languages.of(["en", "fr"]),
        trees={"printer": tree},
        extra_ui=with_site_files(site, {}),
    )
    svg = dot_to_svg(flowchart_dot(tree, ctx))
    html = render_jobaid(tree, ctx, JobAid(source=tree.path, flowchart_svg=svg))
    words = visible_text(html)
    for expected in (
        "Bourrage d’imprimante",
        "Étape Question ou action Si Alors",
        "Du papier est-il coincé ?",
        "Vue d’ensemble",
        "Escaladez au niveau 2",
    ):
        assert expected in words
    assert 'lang="fr"' in html


def test_missing_ui_strings_fall_back_with_a_build_warning(tmp_path: Path) -> None:
    project = copy_project(FRENCH_FIXTURE, tmp_path / "site-fr")
    locale = project / "locales" / "fr.json"
    strings = json.loads(locale.read_text(encoding="utf-8"))
    del strings["page"]["about"], strings["player"]["back"]
    locale.write_text(json.dumps(strings, ensure_ascii=False), encoding="utf-8")
    assert missing_keys("fr", with_site_files(site_locales(project / "locales"), {})) == [
        "about",
        "back",
    ]
    build = run_build(project, tmp_path / "out", strict=False)
    assert build.returncode == 0, build.log
    assert [line for line in build.problems() if "sopkit" in line] == [
        "WARNING -  sopkit: 2 UI strings of 'fr' missing (about, back): the 'en' words are "
        "shown instead; add them to locales/fr.json"
    ]
    words = visible_text(guide_html(tmp_path / "out", "fr"))
    assert "About this procedure" in words and "Étape 1" in words
    assert run_build(project, tmp_path / "strict", strict=True).returncode == 1


def test_a_locale_file_with_an_unknown_key_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(FRENCH_FIXTURE, tmp_path / "site-fr")
    locale = project / "locales" / "fr.json"
    strings = json.loads(locale.read_text(encoding="utf-8"))
    strings["player"]["bakc"] = "Retour"
    locale.write_text(json.dumps(strings, ensure_ascii=False), encoding="utf-8")
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 1
    assert (
        "sopkit: locales_dir locales: locales/fr.json: 'player' has ['bakc'], which "
        "locales/en.json's 'player' does not have"
    ) in build.log


def test_the_ui_strings_export_carries_the_sites_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(FRENCH_FIXTURE, tmp_path / "site-fr")
    monkeypatch.chdir(project)
    assert main(["translate", "export", "--lang", "fr"]) == 0
    assert capsys.readouterr().err == "Wrote 2 PO files for 'fr' to translations/fr\n"
    with (project / "translations" / "fr" / "sopkit-ui.po").open("rb") as handle:
        ui = {m.context: m.string for m in read_po(handle) if m.id}
    assert ui["ui/player/copy_note"] == "Copier la note de dossier"
    assert ui["ui/jobaid/jobaid.col_action"] == "Question ou action"
    with (project / "translations" / "fr" / "printer.po").open("rb") as handle:
        tree = {m.context: m.string for m in read_po(handle) if m.id}
    assert tree["printer/check/checklist.power-off"] == "L’imprimante est éteinte"
    assert tree["printer/jam/answers.yes.label"] == "Oui"


def test_check_says_what_the_build_would_about_the_locale_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(FRENCH_FIXTURE, tmp_path / "site-fr")
    monkeypatch.chdir(project)
    assert main(["check", "--strict"]) == 0
    capsys.readouterr()
    locale = project / "locales" / "fr.json"
    strings = json.loads(locale.read_text(encoding="utf-8"))
    del strings["jobaid"]["jobaid.col_if"]
    locale.write_text(json.dumps(strings, ensure_ascii=False), encoding="utf-8")
    assert main(["check", "--strict"]) == 1
    assert capsys.readouterr().out == (
        "locales/fr.json:1:1: warning[missing-ui-strings] 1 UI string of 'fr' missing "
        "(jobaid.col_if): the 'en' words are shown instead\n"
        "    hint: add them to locales/fr.json (sopkit translate export --lang fr lists "
        "every one)\n"
    )
    strings["page"]["step"] = "Étape {numéro}"
    locale.write_text(json.dumps(strings, ensure_ascii=False, indent=2), encoding="utf-8")
    assert main(["check"]) == 1
    assert capsys.readouterr().out == (
        "locales/fr.json:3:5: error[bad-locale] 'fr.step' must have the placeholders of "
        "sopkit's English string ({n}), found {numéro}\n"
        "    hint: fix the locale file\n"
    )
