"""Any translation written into a tree reads back as itself, whatever the old style."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sopkit.compile.loader import load_bytes
from sopkit.editors.splice import Document, apply
from tests.editors.helpers import tree_from

TREE = """\
title: {en: Printer, es: Impresora}
start: jam
nodes:
  jam:
    type: question
    text:
      en: Is paper stuck?
      es: |
        ¿Hay papel
        atascado?
    help:
      # a comment between the languages
      en: Look inside.
      es: 'Mire dentro.'
    answers:
      - label: {en: Yes, es: Sí}
        next: done
  done:
    type: outcome
    result: escalate
    text:
      en: Escalate.
"""

# Texts as translators type them: letters, punctuation YAML cares about, line breaks.
TEXTS = (
    st.lists(
        st.sampled_from([*"aé ¿?:#-'\"{}[],&*!|>%@`\\\n«»“", "Sí", "No", "true", "~"]),
        min_size=1,
        max_size=20,
    )
    .map("".join)
    .filter(lambda text: text.strip() != "")
)


def write(name: str, value: str) -> str:
    """The tree with the Spanish of ``name`` set to ``value`` (written in place)."""
    tree = tree_from(TREE, "printer")
    document, _ = load_bytes(TREE.encode(), "decision_trees/printer.yml")
    assert document.root is not None
    text = dict(tree.texts())[name]
    return apply(TREE, [Document(TREE, document.root).edit(text, "es", value)])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(
        ["nodes.jam.text", "nodes.jam.help", "nodes.jam.answers.0.label", "nodes.done.text"]
    ),
    value=TEXTS,
)
@example(name="nodes.jam.text", value="Una línea.\nOtra línea.\n")
@example(name="nodes.done.text", value="« Escale »")
def test_every_text_reads_back_as_written(name: str, value: str) -> None:
    written = write(name, value)
    tree = tree_from(written, "printer")
    assert dict(tree.texts())[name].values["es"] == value
    others = {n: t.values for n, t in tree_from(TREE, "printer").texts() if n != name}
    assert {n: t.values for n, t in tree.texts() if n != name} == others
