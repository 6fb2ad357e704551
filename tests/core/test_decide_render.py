"""A decide node in every output: the guide's rules as text with links (no JavaScript),
the player's data, the job aid's IF/THEN rows and the flowchart's diamond."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from sopkit import Languages, PageContext, check_paths, render_guide
from sopkit.model import Tree
from sopkit.render.flowchart import flowchart_dot
from sopkit.render.jobaid import JobAid, render_jobaid_body

LANGS = Languages.of(["en", "es"])
TREE = """\
title: {en: Refunds, es: Reembolsos}
start: amount
nodes:
  amount:
    type: question
    text: {en: Is it a duplicate charge?, es: ¿Es un cargo duplicado?}
    fields:
      - {id: amount, label: {en: Amount, es: Monto}, type: money, currency: USD}
      - {id: charged, label: {en: Charged on, es: Cobrado el}, type: date}
    answers:
      - {id: dup, label: {en: Duplicate, es: Duplicado}, next: route}
      - {id: other, label: {en: Other, es: Otro}, next: route}
  route:
    type: decide
    rules:
      - when: amount <= 50 and days_since(charged) < 30
        next: agent
      - when: amount between 50.01 and 500 or answer(amount) == dup
        next: supervisor
    otherwise: billing
  agent:
    type: outcome
    result: resolve
    text: {en: Reverse the charge yourself, es: Revierta el cargo usted mismo}
  supervisor:
    type: outcome
    result: escalate
    text: {en: Supervisor approves, es: Aprueba un supervisor}
  billing:
    type: outcome
    result: escalate
    text: {en: Billing escalations, es: Escalamientos de facturación}
"""


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Tree:
    folder = tmp_path_factory.mktemp("decide")
    path = folder / "refunds.yml"
    path.write_text(TREE, encoding="utf-8")
    result = check_paths([path], LANGS, root=Path(folder))
    assert result.problems == []
    return result.trees["refunds"]


def ctx(tree: Tree, lang: str) -> PageContext:
    return PageContext(lang=lang, languages=LANGS, trees={tree.id: tree})


def test_without_javascript_the_rules_are_text_with_links(tree: Tree) -> None:
    page = render_guide(tree, ctx(tree, "en"))
    assert (
        '<h3 class="sopkit-node__title" id="refunds--route" tabindex="-1">'
        '<span class="sopkit-node__step">Step 2</span> Decision</h3>' in page
    )
    assert (
        '<li class="sopkit-rule" data-sopkit-rule="0"><span class="sopkit-rule__if">If</span> '
        "Amount is $50.00 or less and days since Charged on is below 30: "
        '<a class="sopkit-rule__next" href="#refunds--agent" data-sopkit-next="agent">'
        "go to step 3</a></li>" in page
    )
    assert (
        "Amount is between $50.01 and $500.00 or the answer in step 1 is “Duplicate”: "
        '<a class="sopkit-rule__next" href="#refunds--supervisor"' in page
    )
    assert (
        '<span class="sopkit-rule__if">Otherwise</span>: <a class="sopkit-rule__next" '
        'href="#refunds--billing" data-sopkit-next="billing">go to step 5</a>' in page
    )


def test_the_spanish_page_says_the_rules_in_spanish(tree: Tree) -> None:
    page = render_guide(tree, ctx(tree, "es"))
    assert (
        '<span class="sopkit-rule__if">Si</span> Monto es 50,00\u00a0US$ o menos y días desde '
        "Cobrado el es menor que 30: " in page
    )
    assert (
        "Monto está entre 50,01\u00a0US$ y 500,00\u00a0US$ o la respuesta del paso 1 es “Duplicado”"
        in page
    )


def test_the_player_gets_the_parsed_rules_with_their_words(tree: Tree) -> None:
    page = render_guide(tree, ctx(tree, "en"))
    start = page.index('data-sopkit-rules="') + len('data-sopkit-rules="')
    data = json.loads(html.unescape(page[start : page.index('"', start)]))
    assert data["otherwise"] == "billing" and data["title"] == "Billing escalations"
    assert data["fields"] == [["amount", "money", "USD"], ["charged", "date", ""]]
    first = data["rules"][0]
    assert first["next"] == "agent" and first["title"] == "Reverse the charge yourself"
    amount = first["when"]["args"][0]
    assert amount["op"] == "<=" and amount["left"] == {"ref": "field", "id": "amount"}
    assert amount["why"] == "Amount {value} is $50.00 or less"
    assert first["when"]["args"][1]["why"] == "days since Charged on ({value}) is below 30"


def test_the_job_aid_prints_if_then_rows_in_plain_words(tree: Tree) -> None:
    body = str(render_jobaid_body(tree, ctx(tree, "en"), JobAid(source=tree.path)))
    assert (
        '<td class="jobaid-if">Amount is $50.00 or less and days since Charged on is below 30</td>'
        '<td class="jobaid-then">→ go to step 3 (Resolved)</td>' in body
    )
    assert '<td class="jobaid-if">Otherwise</td><td class="jobaid-then">→ go to step 5' in body
    assert "<strong>Decision.</strong> Decided from what was recorded" in body


def test_the_flowchart_draws_a_diamond_with_labelled_edges(tree: Tree) -> None:
    dot = flowchart_dot(tree, ctx(tree, "en"))
    assert '"route" [label=<2. Decision>, shape=diamond' in dot
    assert '"route" -> "billing" [label=<Otherwise>];' in dot
    assert (
        '"route" -> "agent" [label=<Amount is $50.00 or<br align="center"/>less and days since'
        in dot
    )
