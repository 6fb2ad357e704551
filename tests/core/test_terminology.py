"""The terminology check: a site's glossary lists, per language, forms to avoid and the
term to write instead; ``sopkit check`` and the build warn on each use, where it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit.cli import main
from sopkit.compile.terminology import Glossary, Term, page_terms, read_glossary, tree_terms
from tests.conftest import SITE_FIXTURE, copy_project, run_build

GLOSSARY = Glossary(
    {
        "es": (
            Term("vídeo", "video", "Latin American spelling."),
            Term("contacte con", "comuníquese con"),
            Term("tú", "usted"),
            Term("contacte con soporte", "comuníquese con soporte"),
        )
    }
)


PAGE_CASES = [
    (
        "one use, with the note as hint",
        "Vea el vídeo.",
        [
            "p.es.md:1:8: warning[terminology] 'vídeo' is avoided in 'es': write 'video'\n"
            "    hint: Latin American spelling."
        ],
    ),
    (
        "case is ignored, the text is quoted as written",
        "# Título\n\nVÍDEO del equipo",
        [
            "p.es.md:3:1: warning[terminology] 'VÍDEO' is avoided in 'es': write 'video'\n"
            "    hint: Latin American spelling."
        ],
    ),
    ("accents are exact", "Vea el video. Llame a tu jefe.", []),
    ("whole words only", "Los videojuegos y los vídeos no cuentan.", []),
    (
        "a form of two words split across lines",
        "Si no puede, contacte\ncon la mesa de ayuda.",
        [
            "p.es.md:1:14: warning[terminology] 'contacte con' is avoided in 'es': write "
            "'comuníquese con'"
        ],
    ),
    ("code blocks are left alone", "```text\nvídeo\n```\n", []),
    (
        "a use inside a longer avoided form is reported once, as the longer one",
        "Por favor contacte con soporte.",
        [
            "p.es.md:1:11: warning[terminology] 'contacte con soporte' is avoided in 'es': "
            "write 'comuníquese con soporte'"
        ],
    ),
    (
        "every use is reported",
        "Tú sabes. ¿Y tú?",
        [
            "p.es.md:1:1: warning[terminology] 'Tú' is avoided in 'es': write 'usted'",
            "p.es.md:1:14: warning[terminology] 'tú' is avoided in 'es': write 'usted'",
        ],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_a_page_is_checked_in_its_language(name: str, text: str, expected: list[str]) -> None:
    assert [str(p) for p in page_terms(GLOSSARY, text, "es", "p.es.md")] == expected


def test_a_page_in_a_language_without_terms_is_not_checked() -> None:
    assert page_terms(GLOSSARY, "Watch the vídeo.", "en", "p.md") == []


def test_a_tree_is_checked_text_by_text_in_the_language_of_its_key(tmp_path: Path) -> None:
    tree = tmp_path / "t.yml"
    tree.write_text(
        "title: {en: The vídeo stays in English, es: El vídeo}\n"
        "nodes:\n"
        "  vídeo:\n"
        "    type: step\n"
        "    text:\n"
        "      en: Ask whether tú is fine\n"
        "      es: |\n"
        "        Pida que contacte\n"
        "        con el soporte.\n"
        "keywords: {es: [cámara, vídeo]}\n",
        encoding="utf-8",
    )
    assert [str(p) for p in tree_terms(GLOSSARY, tree, "t.yml")] == [
        "t.yml:1:48: warning[terminology] 'vídeo' is avoided in 'es': write 'video'\n"
        "    hint: Latin American spelling.",
        "t.yml:8:18: warning[terminology] 'contacte con' is avoided in 'es': write "
        "'comuníquese con'",
        "t.yml:10:25: warning[terminology] 'vídeo' is avoided in 'es': write 'video'\n"
        "    hint: Latin American spelling.",
    ]


GLOSSARY_CASES = [
    (
        "not a mapping",
        "- video\n",
        "g.yml:1:1: error[bad-glossary] the glossary must map language codes to lists of "
        "terms, found a list",
    ),
    (
        "not a language code",
        "Spanish:\n  - {preferred: video, avoid: vídeo}\n",
        "g.yml:1:1: error[bad-glossary] expected a language code such as 'en' or 'es', "
        "found 'Spanish'",
    ),
    (
        "terms not a list",
        "es:\n  preferred: video\n",
        "g.yml:2:3: error[bad-glossary] 'es' must be a list of terms, found a mapping\n"
        "    hint: write each term as '- preferred: video' with 'avoid: [vídeo]' under it",
    ),
    (
        "no avoid",
        "es:\n  - preferred: video\n",
        "g.yml:2:5: error[bad-glossary] the term has no 'avoid'\n"
        "    hint: write each term as '- preferred: video' with 'avoid: [vídeo]' under it",
    ),
    (
        "misspelt key",
        "es:\n  - preferred: video\n    avoid: [vídeo]\n    nota: x\n",
        "g.yml:4:5: error[bad-glossary] unknown key 'nota' in a term (did you mean 'note'?)\n"
        "    hint: a term has 'preferred', 'avoid' and 'note'",
    ),
    (
        "empty avoid",
        "es:\n  - preferred: video\n    avoid: []\n",
        "g.yml:3:12: error[bad-glossary] 'avoid' lists no form: expected at least one",
    ),
    (
        "preferred not a text",
        "es:\n  - preferred: [video]\n    avoid: vídeo\n",
        "g.yml:2:16: error[bad-glossary] 'preferred' must be a text, found a list",
    ),
    (
        "a form avoided twice",
        "es:\n  - {preferred: video, avoid: vídeo}\n  - {preferred: filme, avoid: [Vídeo]}\n",
        "g.yml:3:5: error[bad-glossary] 'Vídeo' is avoided twice in 'es' (for 'video' and "
        "'filme')\n    hint: keep it under one preferred term",
    ),
    (
        "a language twice",
        "es: []\nes: []\n",
        "g.yml:2:1: error[bad-glossary] the language 'es' is listed twice",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "expected"), GLOSSARY_CASES, ids=[c[0] for c in GLOSSARY_CASES]
)
def test_a_malformed_glossary_is_a_located_error(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / "g.yml"
    path.write_text(text, encoding="utf-8")
    glossary, problems = read_glossary(path, "g.yml")
    assert [str(p) for p in problems] == [expected]
    assert glossary.terms == {}


def test_a_glossary_term_may_avoid_one_form_or_several(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text(
        "es:\n  - preferred: enojado\n    avoid: [enfadado, enfadada]\n"
        "  - {preferred: video, avoid: vídeo, note: Sin tilde.}\n",
        encoding="utf-8",
    )
    glossary, problems = read_glossary(path, "g.yml")
    assert problems == []
    assert [(t.avoid, t.preferred, t.note) for t in glossary.of("es")] == [
        ("enfadado", "enojado", None),
        ("enfadada", "enojado", None),
        ("vídeo", "video", "Sin tilde."),
    ]


def _site_with_glossary(tmp_path: Path) -> Path:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    (project / "glossary.yml").write_text(
        "es:\n  - preferred: desenchufe\n    avoid: desconecte\n", encoding="utf-8"
    )
    page = project / "docs" / "router.es.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nDesconecte el equipo.\n", "utf-8")
    return project


def test_check_warns_on_avoided_terms_in_trees_and_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_site_with_glossary(tmp_path))
    assert main(["check", "--strict"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "decision_trees/router.yml:28:78: warning[terminology] 'desconecte' is avoided in "
        "'es': write 'desenchufe'",
        "docs/router.es.md:7:1: warning[terminology] 'Desconecte' is avoided in 'es': "
        "write 'desenchufe'",
    ]


def test_the_strict_build_fails_on_an_avoided_term(tmp_path: Path) -> None:
    build = run_build(_site_with_glossary(tmp_path), tmp_path / "out")
    assert build.returncode == 1
    assert (
        "docs/router.es.md:7:1: warning[terminology] 'Desconecte' is avoided in 'es': "
        "write 'desenchufe'"
    ) in build.log


def test_a_malformed_glossary_stops_check_and_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    (project / "glossary.yml").write_text("es: video\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    expected = "glossary.yml:1:5: error[bad-glossary] 'es' must be a list of terms, found 'video'"
    assert capsys.readouterr().out.startswith(expected)
    build = run_build(project, tmp_path / "out", strict=False)
    assert build.returncode == 1
    assert expected in build.log


def test_a_glossary_named_in_the_settings_must_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - sopkit\n", "  - sopkit:\n      glossary: terms.yml\n"))
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    assert capsys.readouterr().out == (
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'glossary': there is no file "
        "terms.yml\n    hint: the options are listed in the README's quick reference\n"
    )
