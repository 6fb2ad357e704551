"""Typed fields: what the reader accepts, and each mistake as sopkit reports it."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from sopkit import Languages, PageContext, check_paths, load_tree, render_guide
from sopkit.model import Tree
from sopkit.problems import format_problems
from sopkit.render.jobaid import JobAid, render_jobaid_body

LANGS = Languages.of(["en", "es"])
HEAD = (
    "title: {en: T, es: T}\nstart: s\nnodes:\n"
    "  s:\n    type: step\n    text: {en: S, es: S}\n    next: done\n    fields:\n"
)
DONE = "  done:\n    type: outcome\n    result: resolve\n    text: {en: Done, es: Hecho}\n"
LABEL = "label: {en: Amount, es: Importe}"


def problems(tmp_path: Path, fields: str) -> str:
    path = tmp_path / "t.yml"
    path.write_text(HEAD + fields + DONE, encoding="utf-8")
    return format_problems(check_paths([path], LANGS, root=tmp_path).problems, "text")


def test_typed_fields_are_read_with_their_options_currency_and_range(tmp_path: Path) -> None:
    path = tmp_path / "t.yml"
    path.write_text(
        HEAD
        + f"      - {{id: amount, {LABEL}, type: money, currency: EUR, min: 0, max: 500.50}}\n"
        + "      - id: reason\n        label: {en: Reason, es: Motivo}\n        type: choice\n"
        + "        options:\n"
        + "          - {id: refund, label: {en: Refund, es: Reembolso}}\n"
        + "          - {id: credit, label: {en: Credit, es: Crédito}}\n"
        + "      - {id: note, label: {en: Note, es: Nota}}\n"
        + DONE,
        encoding="utf-8",
    )
    assert check_paths([path], LANGS, root=tmp_path).problems == []
    tree, _ = load_tree(path)
    assert tree is not None
    amount, reason, note = tree.nodes["s"].fields
    assert (amount.type, amount.currency, amount.min, amount.max) == (
        "money",
        "EUR",
        Decimal("0"),
        Decimal("500.50"),
    )
    assert [(o.id, o.label.values["es"]) for o in reason.options] == [
        ("refund", "Reembolso"),
        ("credit", "Crédito"),
    ]
    assert note.type == "text" and note.options == () and note.currency is None


CASES = {
    "unknown type": (
        f"      - {{id: amount, {LABEL}, type: numbr}}\n",
        "t.yml:9:62: error[unknown-field-type] a field's 'type' must be one of 'text', 'number', "
        "'money', 'date', 'datetime' or 'choice', found 'numbr' (did you mean 'number'?)\n"
        "    hint: leave 'type' out for a text the agent types freely",
    ),
    "choice without options": (
        f"      - {{id: amount, {LABEL}, type: choice}}\n",
        "t.yml:9:9: error[no-options] choice field 'amount' has no options: the agent picks one "
        "of them\n    hint: add 'options', a list of {id, label}, e.g. 'options: [{id: refund, "
        "label: Refund}, {id: credit, label: Credit}]'",
    ),
    "duplicate option ids": (
        f"      - {{id: amount, {LABEL}, type: choice, options: [{{id: a, label: A}}, "
        "{id: a, label: B}]}\n",
        "t.yml:9:104: error[duplicate-option] option id 'a' of field 'amount' is already used on "
        "line 9\n    hint: each option needs its own id: the case note, saved progress and "
        "conditions record the id",
    ),
    "options on a number": (
        f"      - {{id: amount, {LABEL}, type: number, options: [{{id: a, label: A}}]}}\n",
        "t.yml:9:79: error[options-not-choice] field 'amount' has 'options' but its type is "
        "'number': only a choice has options\n"
        "    hint: write 'type: choice', or remove 'options'",
    ),
    "currency on a text": (
        f"      - {{id: amount, {LABEL}, currency: USD}}\n",
        "t.yml:9:66: error[currency-not-money] field 'amount' has a 'currency' but its type is "
        "'text': only a money field has one\n    hint: write 'type: money', or remove 'currency'",
    ),
    "currency in lower case": (
        f"      - {{id: amount, {LABEL}, type: money, currency: usd}}\n",
        "t.yml:9:79: error[unknown-currency] 'currency' must be an ISO 4217 code such as 'USD' "
        "or 'EUR', found 'usd'\n    hint: write 'currency: USD'",
    ),
    "currency that is no ISO 4217 code": (
        f"      - {{id: amount, {LABEL}, type: money, currency: DOLLARS}}\n",
        "t.yml:9:79: error[unknown-currency] 'currency' must be an ISO 4217 code such as 'USD' "
        "or 'EUR', found 'DOLLARS'\n"
        "    hint: use the three capital letters of the currency's ISO 4217 code",
    ),
    "money without currency": (
        f"      - {{id: amount, {LABEL}, type: money}}\n",
        "t.yml:9:9: error[no-currency] money field 'amount' has no 'currency': the agent must "
        "see which currency to type\n"
        "    hint: add the ISO 4217 code of the amounts, e.g. 'currency: USD'",
    ),
    "min above max": (
        f"      - {{id: amount, {LABEL}, type: number, min: 500, max: 50}}\n",
        "t.yml:9:85: error[min-above-max] field 'amount' has 'max' 50, below its 'min' 500: "
        "no value could be entered\n    hint: swap them, or correct the one that is wrong",
    ),
    "min on a date": (
        f"      - {{id: amount, {LABEL}, type: date, min: 1}}\n",
        "t.yml:9:73: error[range-not-number] field 'amount' has 'min' but its type is 'date': "
        "only number and money fields have a range\n"
        "    hint: write 'type: number' or 'type: money', or remove 'min'",
    ),
    "max that is not a number": (
        f"      - {{id: amount, {LABEL}, type: number, max: lots}}\n",
        "t.yml:9:75: error[wrong-type] 'max' must be a number such as 50 or 49.99, found 'lots'",
    ),
}


@pytest.mark.parametrize(("fields", "expected"), CASES.values(), ids=list(CASES))
def test_field_mistakes_are_located_with_the_fix(
    tmp_path: Path, fields: str, expected: str
) -> None:
    assert problems(tmp_path, fields) == expected


TYPED = Path(__file__).resolve().parent.parent / "fixtures" / "typed" / "refund.yml"


def typed_tree() -> Tree:
    tree, problems = load_tree(TYPED)
    assert tree is not None and problems == []
    return tree


def test_the_job_aid_prints_each_fields_hint_and_a_box_per_option() -> None:
    tree = typed_tree()
    body = render_jobaid_body(tree, PageContext(lang="es", languages=LANGS), JobAid(source="t"))
    lines = {
        line.split('data-field="')[1].split('"')[0]: " ".join(
            re.sub(r"<[^>]+>", " ", html.unescape(line)).split()
        )
        for line in str(body).splitlines()
        if 'class="jobaid-field"' in line
    }
    assert lines == {
        "amount": "Importe cobrado (obligatorio) : (Importe en USD. De 0 a 5.000.)",
        "reason": "Motivo: Cargo duplicado Artículo no recibido",
        "charged-on": "Fecha del cargo : (día/mes/año)",
        "called-at": "Hora de la llamada : (día/mes/año, hora:minutos)",
        "earlier": "Reembolsos anteriores : (0 o más.)",
        "order": "Número de pedido :",
    }
    assert str(body).count('class="jobaid-field__box"') == 2


def test_a_note_in_another_language_gets_the_option_labels() -> None:
    tree = typed_tree()
    ctx = PageContext(lang="es", languages=LANGS, case_note_lang="en")
    data = re.search(r'data-sopkit-data="([^"]*)"', render_guide(tree, ctx))
    assert data is not None
    note = json.loads(html.unescape(data.group(1)))["note"]
    assert note["nodes"]["details"]["options"] == {
        "reason": {"duplicate": "Duplicate charge", "not-received": "Item not received"}
    }
