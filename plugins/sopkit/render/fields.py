"""A node's fields as controls in the guide, and as write-in lines in the job aid.

Each control carries ``data-sopkit-field`` (the field's id) and ``data-sopkit-type``;
the player (``assets/sopkit/fields.mjs``) reads what is typed, keeps the canonical
value in ``data-sopkit-value`` and writes a message into the field's error line. Number
and money are text inputs (``inputmode="decimal"``) that take the page's own way of
writing numbers; a date and a datetime are the browser's own controls; a choice is a
select of the option labels. A field with a currency or a range has a hint line,
which the control names with ``aria-describedby``, as it names the error line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from ..model import NUMERIC_FIELD_TYPES, Field, Node
from ..values import format_number

if TYPE_CHECKING:
    from .guide import Texts

_CONTROL = {
    "text": Markup('<input type="text"'),
    "number": Markup('<input type="text" inputmode="decimal"'),
    "money": Markup('<input type="text" inputmode="decimal"'),
    "date": Markup('<input type="date"'),
    "datetime": Markup('<input type="datetime-local"'),
}


def field_hint(f: Field, ui: dict[str, str], lang: str) -> str:
    """What the agent should know before typing: the currency and the range, or ""."""
    said = []
    if f.type == "money" and f.currency:
        said.append(ui["field.hint_money"].format(currency=f.currency))
    grouping = f.type == "money"
    low = format_number(f.min, lang, grouping=grouping) if f.min is not None else None
    high = format_number(f.max, lang, grouping=grouping) if f.max is not None else None
    if low is not None and high is not None:
        said.append(ui["field.hint_range"].format(min=low, max=high))
    elif low is not None:
        said.append(ui["field.hint_min"].format(min=low))
    elif high is not None:
        said.append(ui["field.hint_max"].format(max=high))
    return " ".join(said)


def field_controls(node: Node, tree_id: str, texts: Texts) -> Markup:
    """The fieldset of a node's fields: a label and a control for each."""
    ui = texts.ctx.ui
    rows = [_row(f, f"{tree_id}--field-{f.id}", texts) for f in node.fields]
    return Markup('<fieldset class="sopkit-fields"><legend>{}</legend>\n{}</fieldset>\n').format(
        ui["fields"], Markup().join(rows)
    )


def _row(f: Field, html_id: str, texts: Texts) -> Markup:
    ui = texts.ctx.ui
    mark = aria = Markup()
    if f.required:
        mark = Markup(' <span class="sopkit-required">({})</span>').format(ui["required"])
        aria = Markup(' aria-required="true" data-sopkit-required')
    label = Markup('<label for="{}">{}{}</label>').format(html_id, texts.inline(f.label), mark)
    common = Markup('id="{}" data-sopkit-field="{}" data-sopkit-type="{}"').format(
        html_id, f.id, f.type
    )
    if f.type == "text":
        return Markup(
            '<p class="sopkit-field">{} {} {} autocomplete="off" spellcheck="false"{}></p>\n'
        ).format(label, _CONTROL["text"], common, aria)
    hint = field_hint(f, ui, texts.ctx.lang)
    described = f"{html_id}--hint {html_id}--error" if hint else f"{html_id}--error"
    aria += Markup(' aria-describedby="{}"').format(described)
    if f.type == "choice":
        control = _select(f, common, aria, texts)
    else:
        control = Markup('{} {}{} autocomplete="off" spellcheck="false"{}>').format(
            _CONTROL[f.type], common, _numeric_attributes(f), aria
        )
    if f.type == "money" and f.currency:
        control += Markup(' <span class="sopkit-field__unit" aria-hidden="true">{}</span>').format(
            f.currency
        )
    parts = [label, Markup(" "), control]
    if hint:
        parts.append(
            Markup('<span class="sopkit-field__hint" id="{}--hint">{}</span>').format(html_id, hint)
        )
    # Empty until the player says what is wrong; polite, so it is read once typing stops.
    parts.append(
        Markup(
            '<span class="sopkit-field__error" id="{}--error" aria-live="polite"></span>'
        ).format(html_id)
    )
    return Markup('<p class="sopkit-field sopkit-field--{}">{}</p>\n').format(
        f.type, Markup().join(parts)
    )


def _numeric_attributes(f: Field) -> Markup:
    """Money's currency and the range, as canonical values the player reads."""
    if f.type not in NUMERIC_FIELD_TYPES:
        return Markup()
    found = Markup()
    if f.currency:
        found += Markup(' data-sopkit-currency="{}"').format(f.currency)
    if f.min is not None:
        found += Markup(' data-sopkit-min="{}"').format(str(f.min))
    if f.max is not None:
        found += Markup(' data-sopkit-max="{}"').format(str(f.max))
    return found


def _select(f: Field, common: Markup, aria: Markup, texts: Texts) -> Markup:
    ui = texts.ctx.ui
    options = [Markup('<option value="">{}</option>').format(ui["field.choose"])]
    options += [
        Markup('<option value="{}">{}</option>').format(option.id, texts.plain(option.label))
        for option in f.options
    ]
    return Markup('<select {} autocomplete="off"{}>{}</select>').format(
        common, aria, Markup().join(options)
    )


def jobaid_field_hint(f: Field, texts: Texts) -> Markup:
    """What a job aid prints after a field's write-in line: the currency and range, the
    date's order, or a box to tick for each option of a choice."""
    ui = texts.ctx.ui
    if f.type == "choice":
        boxes = Markup(" ").join(
            Markup(
                '<span class="jobaid-field__option"><span class="jobaid-field__box"></span> '
                "{}</span>"
            ).format(texts.inline(option.label))
            for option in f.options
        )
        return Markup(' <span class="jobaid-field__hint">{}</span>').format(boxes)
    if f.type in ("date", "datetime"):
        hint = ui[f"field.hint_{f.type}"]
    else:
        hint = field_hint(f, ui, texts.ctx.lang)
    if not hint:
        return Markup()
    return Markup(' <span class="jobaid-field__hint">({})</span>').format(hint)
