"""``sopkit translate export`` and ``import``: PO files out, translations back in place."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sopkit.cli import main
from tests.editors.helpers import commit_all, init_repo

TREE = """\
# The printer procedure (a comment that must survive).
title: {en: Printer, es: Impresora}
start: jam
nodes:
  jam:
    type: question
    text:
      en: Is paper stuck? See [the manual](guides/manual.md).
      es: ¿Hay papel atascado? Vea [el manual](guides/manual.md).
    help:
      en: |
        Look inside the front door.
        The tray counts too.
    answers:
      - label: {en: Yes, es: Sí}
        next: done
      - id: not-sure
        label:
          en: 'I am not sure'
        next: done
  done:
    type: outcome
    result: escalate
    text: {en: Escalate., es: "Escale."}   # quoted on purpose
"""

CONFIG = (
    "site_name: x\nplugins:\n  - sopkit:\n      languages: [en, es]\n      locales_dir: locales\n"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = init_repo(tmp_path / "repo")
    (root / "decision_trees").mkdir()
    (root / "decision_trees" / "printer.yml").write_text(TREE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    commit_all(root, "first")
    monkeypatch.chdir(root)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["translate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def tree_bytes(repo: Path) -> bytes:
    return (repo / "decision_trees" / "printer.yml").read_bytes()


def edit_po(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, text
    path.write_text(text.replace(old, new), encoding="utf-8")


def export(repo: Path, capsys: pytest.CaptureFixture[str], *more: str) -> Path:
    code, _, err = run(capsys, "export", "--lang", "es", *more)
    assert code == 0, err
    return repo / "translations" / "es"


def test_export_writes_a_po_file_per_tree_and_one_for_ui_strings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(repo, capsys)
    assert sorted(p.name for p in out.iterdir()) == ["printer.po", "sopkit-ui.po"]
    with (out / "printer.po").open("rb") as handle:
        catalog = read_po(handle)
    by_context = {m.context: m for m in catalog if m.id}
    assert list(by_context) == [
        "printer/title",
        "printer/jam/text",
        "printer/jam/help",
        "printer/jam/answers.yes.label",
        "printer/jam/answers.not-sure.label",
        "printer/done/text",
    ]
    answer = by_context["printer/jam/answers.yes.label"]
    assert (answer.id, answer.string) == ("Yes", "Sí")
    assert answer.locations == [("decision_trees/printer.yml", 15)]
    assert "An answer to: Is paper stuck? See [the manual](guides/manual.md)." in (
        " ".join(answer.auto_comments)
    )
    assert by_context["printer/jam/help"].string == ""
    with (out / "sopkit-ui.po").open("rb") as handle:
        ui = {m.context: m for m in read_po(handle) if m.id}
    assert ui["ui/page/step"].id == "Step {n}"
    assert ui["ui/page/step"].string == "Paso {n}"


def test_msgfmt_accepts_every_exported_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = export(repo, capsys)
    for po in out.iterdir():
        assert msgfmt_check(po) == "", po.name


def msgfmt_check(po: Path) -> str:
    """What GNU gettext's ``msgfmt --check`` says about a PO file (nothing when clean)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt is not None, "gettext's msgfmt is missing: run scripts/setup.sh"
    done = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po)], check=False, capture_output=True, text=True
    )
    return done.stderr if done.stderr or done.returncode == 0 else f"exit {done.returncode}"


def test_round_trip_without_changes_keeps_every_byte(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_bytes(repo)
    out = export(repo, capsys)
    code, _, err = run(capsys, "import", str(out))
    assert code == 0
    assert "No translation changed." in err
    assert tree_bytes(repo) == before


def test_one_changed_msgstr_changes_exactly_one_scalar(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(repo, capsys)
    edit_po(out / "printer.po", 'msgstr "Escale."', 'msgstr "Escale al nivel 2: \\"ya\\"."')
    code, printed, _ = run(capsys, "import", str(out))
    assert code == 0
    assert printed == "decision_trees/printer.yml: 1 text changed\n"
    expected = TREE.replace('es: "Escale."', 'es: "Escale al nivel 2: \\"ya\\"."')
    assert tree_bytes(repo).decode() == expected


def test_new_translations_are_added_to_block_and_flow_texts(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo / "decision_trees" / "printer.yml"
    path.write_bytes(TREE.replace("\n", "\r\n").encode())  # Windows line endings stay
    out = export(repo, capsys)
    po = (out / "printer.po").read_text(encoding="utf-8")
    po = po.replace(
        'msgid "I am not sure"\nmsgstr ""', 'msgid "I am not sure"\nmsgstr "No estoy seguro"'
    )
    po = po.replace(
        '"The tray counts too.\\n"\nmsgstr ""',
        '"The tray counts too.\\n"\nmsgstr ""\n'
        '"Mire detrás de la puerta.\\n"\n"La bandeja también.\\n"',
    )
    (out / "printer.po").write_text(po, encoding="utf-8")
    code, printed, _ = run(capsys, "import", str(out))
    assert code == 0, printed
    expected = TREE.replace(
        "        The tray counts too.\n",
        "        The tray counts too.\n"
        '      es: "Mire detrás de la puerta.\\nLa bandeja también.\\n"\n',
    ).replace(
        "          en: 'I am not sure'\n",
        "          en: 'I am not sure'\n          es: No estoy seguro\n",
    )
    assert tree_bytes(repo).decode() == expected.replace("\n", "\r\n")


def test_a_stale_export_is_refused_and_nothing_is_written(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(repo, capsys)
    edit_po(out / "printer.po", 'msgstr "Escale."', 'msgstr "Escale ahora."')
    path = repo / "decision_trees" / "printer.yml"
    changed = TREE.replace("en: Escalate.,", "en: Escalate to level 2.,")
    path.write_text(changed, encoding="utf-8")
    code, printed, err = run(capsys, "import", str(out))
    assert code == 1
    line = next(
        i
        for i, text in enumerate((out / "printer.po").read_text().splitlines(), start=1)
        if text == 'msgid "Escalate."'
    )
    assert (
        f"translations/es/printer.po:{line}:1: error[po-stale-msgid] the msgid of "
        "'printer/done/text' is not its current 'en' text: the file was exported before "
        "the text changed"
    ) in printed
    assert "no file was changed" in err
    assert path.read_text(encoding="utf-8") == changed


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'msgctxt "printer/done/text"',
            'msgctxt "printer/gone/text"',
            "error[po-unknown-context] msgctxt 'printer/gone/text' names no text of the "
            "trees (did you mean 'printer/done/text'?)",
        ),
        (
            "(guides/manual.md)",
            "(https://example.com/manual)",
            "error[po-link-changed] the msgstr links to 'https://example.com/manual', but "
            "the msgid links to 'guides/manual.md'",
        ),
    ],
)
def test_entries_that_cannot_apply_are_refused(
    repo: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    out = export(repo, capsys)
    po = (out / "printer.po").read_text(encoding="utf-8")
    if old.startswith("("):  # only the msgstr's link
        po = po.replace("Vea [el manual]" + old, "Vea [el manual]" + new)
    else:
        po = po.replace(old, new)
    (out / "printer.po").write_text(po, encoding="utf-8")
    code, printed, _ = run(capsys, "import", str(out))
    assert code == 1
    assert message in printed
    assert tree_bytes(repo).decode() == TREE


POEDIT = """\
# Spanish translation of the printer procedure.
# Ana Pérez <ana@example.com>, 2026.
#
msgid ""
msgstr ""
"Project-Id-Version: printer\\n"
"POT-Creation-Date: 2026-11-01 10:00+0000\\n"
"PO-Revision-Date: 2026-11-02 09:30+0100\\n"
"Last-Translator: Ana Pérez <ana@example.com>\\n"
"Language-Team: Spanish\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"X-Generator: Poedit 3.4.2\\n"

#. An answer to: Is paper stuck?
#: decision_trees/printer.yml:19
msgctxt "printer/jam/answers.not-sure.label"
msgid "I am not sure"
msgstr "No lo sé \\"todavía\\""

#: decision_trees/printer.yml:11
msgctxt "printer/jam/help"
msgid ""
"Look inside the front door.\\n"
"The tray counts too.\\n"
msgstr ""
"Mire dentro de la puerta "
"delantera.\\n"
"La bandeja también cuenta.\\n"

#~ msgctxt "printer/old/text"
#~ msgid "Gone"
#~ msgstr "Ido"
"""


def test_a_file_saved_by_poedit_imports(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "from-poedit"
    folder.mkdir()
    (folder / "printer.po").write_text(POEDIT, encoding="utf-8")
    code, printed, _ = run(capsys, "import", str(folder))
    assert code == 0, printed
    assert printed == "decision_trees/printer.yml: 2 texts changed\n"
    text = tree_bytes(repo).decode()
    assert "          en: 'I am not sure'\n          es: No lo sé \"todavía\"\n" in text
    assert (
        "        The tray counts too.\n"
        '      es: "Mire dentro de la puerta delantera.\\nLa bandeja también cuenta.\\n"\n'
    ) in text


def test_fuzzy_entries_wait_for_review(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "decision_trees" / "printer.yml"
    path.write_text(TREE.replace("en: Escalate.,", "en: Escalate now.,"), encoding="utf-8")
    commit_all(repo, "English changed, Spanish did not")
    out = export(repo, capsys, "--since", "HEAD~1")
    po = (out / "printer.po").read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "Escalate."\nmsgctxt "printer/done/text"' in po
    assert msgfmt_check(out / "printer.po") == ""
    (out / "printer.po").write_text(po.replace('msgstr "Escale."', 'msgstr "Escale ya."'))
    code, _, err = run(capsys, "import", str(out))
    assert code == 0
    assert "Left out 1 fuzzy entry" in err
    assert 'es: "Escale."' in path.read_text(encoding="utf-8")
    code, printed, _ = run(capsys, "import", "--fuzzy", str(out))
    assert (code, printed) == (0, "decision_trees/printer.yml: 1 text changed\n")
    assert 'es: "Escale ya."' in path.read_text(encoding="utf-8")


def test_translated_ui_strings_go_to_the_sites_locale_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(repo, capsys)
    edit_po(
        out / "sopkit-ui.po",
        'page/step"\nmsgid "Step {n}"\nmsgstr "Paso {n}"',
        'page/step"\nmsgid "Step {n}"\nmsgstr "Etapa {n}"',
    )
    code, printed, _ = run(capsys, "import", str(out))
    assert (code, printed) == (0, "locales/es.json: 1 UI string changed\n")
    assert (repo / "locales" / "es.json").read_text(encoding="utf-8") == (
        '{\n  "page": {\n    "step": "Etapa {n}"\n  }\n}\n'
    )


def test_the_default_language_cannot_be_exported(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["translate", "export", "--lang", "en"])
    assert code == 2
    assert "'en' is the default language: its texts are the sources" in capsys.readouterr().err


def test_a_literal_block_stays_a_literal_block(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    block = "        The tray counts too.\n"
    spanish = "      es: |\n        Mire dentro de la puerta.\n\n"
    path = repo / "decision_trees" / "printer.yml"
    path.write_text(TREE.replace(block, block + spanish), encoding="utf-8")
    out = export(repo, capsys)
    edit_po(
        out / "printer.po",
        'msgstr "Mire dentro de la puerta.\\n"',
        'msgstr ""\n"Mire dentro de la puerta.\\n"\n"Y en la bandeja.\\n"',
    )
    code, printed, _ = run(capsys, "import", str(out))
    assert (code, printed) == (0, "decision_trees/printer.yml: 1 text changed\n")
    after = "      es: |\n        Mire dentro de la puerta.\n        Y en la bandeja.\n\n"
    assert path.read_text(encoding="utf-8") == TREE.replace(block, block + after)


def test_a_regional_language_header_imports_into_the_sites_language(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = repo / "from-poedit"
    folder.mkdir()
    regional = POEDIT.replace('"Language: es\\n"', '"Language: es_MX\\n"')
    (folder / "printer.po").write_text(regional, encoding="utf-8")
    code, printed, _ = run(capsys, "import", str(folder))
    assert (code, printed) == (0, "decision_trees/printer.yml: 2 texts changed\n")


def test_a_language_the_site_does_not_have_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = repo / "from-poedit"
    folder.mkdir()
    german = POEDIT.replace('"Language: es\\n"', '"Language: de\\n"')
    (folder / "printer.po").write_text(german, encoding="utf-8")
    code, printed, _ = run(capsys, "import", str(folder))
    assert code == 1
    assert printed == (
        "from-poedit/printer.po:1:1: error[po-language] the PO files are in 'de', not one "
        "of the site's languages (en, es)\n"
        "    hint: export the language to translate with sopkit translate export --lang\n"
    )


def test_the_same_entry_twice_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = export(repo, capsys)
    shutil.copy(out / "printer.po", out / "printer-copy.po")
    code, printed, _ = run(capsys, "import", str(out))
    assert code == 1
    assert (
        "translations/es/printer.po:24:1: error[po-duplicate] msgctxt 'printer/title' is "
        "translated a second time (first at translations/es/printer-copy.po:24:1)"
    ) in printed
    assert tree_bytes(repo).decode() == TREE


def test_a_ui_string_must_keep_its_placeholders(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(repo, capsys)
    edit_po(
        out / "sopkit-ui.po",
        'page/step"\nmsgid "Step {n}"\nmsgstr "Paso {n}"',
        'page/step"\nmsgid "Step {n}"\nmsgstr "Paso {numero}"',
    )
    code, printed, _ = run(capsys, "import", str(out))
    assert code == 1
    assert (
        "error[po-placeholders] 'es.step' must have the placeholders of sopkit's English "
        "string ({n}), found {numero}"
    ) in printed
    assert not (repo / "locales").exists()


def test_ui_strings_need_a_locales_dir(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = export(repo, capsys)
    (repo / "mkdocs.yml").write_text(CONFIG.replace("      locales_dir: locales\n", ""))
    edit_po(
        out / "sopkit-ui.po",
        'page/step"\nmsgid "Step {n}"\nmsgstr "Paso {n}"',
        'page/step"\nmsgid "Step {n}"\nmsgstr "Etapa {n}"',
    )
    edit_po(out / "printer.po", 'msgstr "Escale."', 'msgstr "Escale ya."')
    code, printed, _ = run(capsys, "import", str(out))
    assert code == 1
    assert printed == (
        "mkdocs.yml:1:1: error[po-no-locales-dir] 1 UI string was translated, but the "
        "site has no 'locales_dir' to keep them in\n"
        "    hint: add 'locales_dir: locales' to the sopkit plugin's options in mkdocs.yml\n"
    )
    assert tree_bytes(repo).decode() == TREE  # the tree's change waits too


def test_a_tree_with_errors_takes_no_translation(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(repo, capsys)
    edit_po(out / "printer.po", 'msgstr "Escale."', 'msgstr "Escale ya."')
    path = repo / "decision_trees" / "printer.yml"
    broken = TREE.replace("start: jam\n", "start: [jam\n")
    path.write_text(broken, encoding="utf-8")
    code, printed, _ = run(capsys, "import", str(out))
    assert code == 1
    assert (
        "error[po-broken-tree] tree 'printer' has errors, so its translations cannot be "
        "checked\n    hint: fix the errors sopkit check reports, then import again\n"
    ) in printed
    assert path.read_text(encoding="utf-8") == broken


def test_a_translation_the_tree_cannot_hold_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(repo, capsys)
    edit_po(out / "printer.po", 'msgstr "Escale."', 'msgstr "   "')
    code, printed, _ = run(capsys, "import", str(out))
    assert code == 1, printed
    assert (
        "error[po-invalid-translation] with these translations decision_trees/printer.yml "
        "would not be a valid tree: 24:31: 'text.es' is empty\n"
        "    hint: fix the msgstr written there (the file was left as it was)\n"
    ) in printed
    assert tree_bytes(repo).decode() == TREE
