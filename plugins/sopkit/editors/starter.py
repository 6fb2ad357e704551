"""``sopkit new``: a small, valid tree to start from, in every language of the site.

The starter has a question, a step and two outcomes, a scenario test for each way
through, and the ``yaml-language-server`` line that gives VS Code completion.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path

from ..languages import Languages

REPO_SCHEMA = Path("schema") / "tree.schema.json"
"""Where a content repository keeps the JSON Schema of tree files."""

# Starter texts per language; a language without its own gets the English ones.
_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "summary": "When to use this guide, in one or two sentences.",
        "question": "Can you solve the problem during the call?",
        "yes": "Yes",
        "no": "No",
        "step": "Apply the fix and confirm with the customer that it works.",
        "resolved": "Record what fixed the problem in the case, then close the call.",
        "escalate": "Escalate the case to Tier 2.",
        "test_yes": "Solved during the call",
        "test_no": "Escalated when it cannot be solved",
    },
    "es": {
        "summary": "Cuándo usar esta guía, en una o dos frases.",
        "question": "¿Puede resolver el problema durante la llamada?",
        "yes": "Sí",
        "no": "No",
        "step": "Aplique la solución y confirme con el cliente que funciona.",
        "resolved": "Anote en el caso qué resolvió el problema y finalice la llamada.",
        "escalate": "Escale el caso al Nivel 2.",
    },
}


def _quote(value: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar.
    return json.dumps(value, ensure_ascii=False)


def _text(key: str, languages: Languages, indent: str) -> str:
    # A language sopkit has no starter words for is left out, not filled with English:
    # `sopkit check` and `sopkit stats` then say truthfully what is still to translate.
    texts = {lang: _TEXTS[lang][key] for lang in languages.codes if key in _TEXTS.get(lang, {})}
    if not texts:
        texts = {languages.default: _TEXTS["en"][key]}
    return "\n" + "\n".join(f"{indent}{lang}: {_quote(text)}" for lang, text in texts.items())


def starter_tree(
    tree_id: str,
    languages: Languages,
    reviewed: dt.date,
    schema: str | None,
    title: Mapping[str, str] | None = None,
) -> str:
    """The YAML of a new tree called ``tree_id``.

    ``schema`` is the path of the JSON Schema relative to the tree file, named on the
    first line for editors; None leaves that line out. ``title`` is the title per
    language; by default the tree id in words, in the default language only (the other
    languages' titles are then reported as missing until someone translates them).
    """
    if title is None:
        title = {languages.default: tree_id.replace("-", " ").capitalize()}
    default = _TEXTS.get(languages.default, _TEXTS["en"])
    yes, no = default["yes"], default["no"]
    titles = "\n".join(
        f"  {lang}: {_quote(title[lang])}" for lang in languages.codes if lang in title
    )
    modeline = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    return f"""{modeline}title:
{titles}
summary:{_text("summary", languages, "  ")}
owner: Your team
reviewed: {reviewed.isoformat()}
start: can-solve
nodes:
  can-solve:
    type: question
    text:{_text("question", languages, "      ")}
    answers:
      - label:{_text("yes", languages, "          ")}
        next: apply-fix
      - label:{_text("no", languages, "          ")}
        next: escalate
  apply-fix:
    type: step
    text:{_text("step", languages, "      ")}
    next: resolved
  resolved:
    type: outcome
    result: resolve
    text:{_text("resolved", languages, "      ")}
  escalate:
    type: outcome
    result: escalate
    text:{_text("escalate", languages, "      ")}
tests:
  - name: {_quote(_TEXTS["en"]["test_yes"])}
    answers: [{_quote(yes)}]
    expect: resolved
  - name: {_quote(_TEXTS["en"]["test_no"])}
    answers: [{_quote(no)}]
    expect: escalate
"""


def schema_ref(root: Path, trees_dir: Path) -> str | None:
    """The repository's schema as the tree file names it (relative), or None if it has none.

    Never a URL: the schema is the one of the installed sopkit, written into the
    repository by ``sopkit schema --output`` (``sopkit init`` does it).
    """
    schema = root / REPO_SCHEMA
    if schema.is_file():
        return Path(os.path.relpath(schema.resolve(), trees_dir.resolve())).as_posix()
    return None
