"""Typed values as people read them, in any language: ``1.234,50 US$``, ``5 mar 2026``.

A field's value is kept in one canonical form everywhere (saved progress, conditions,
test vectors): number and money a decimal string with ``.`` and no grouping (``"49.99"``),
date ``YYYY-MM-DD``, datetime ``YYYY-MM-DDTHH:MM`` (wall time, no zone), choice the
option id, text as typed. :func:`format_value` writes it for a reader with Babel; the
player writes the same with ``Intl`` (``assets/sopkit/values.mjs``), and
``tests/vectors/values.json`` holds the cases both must agree on.

A number is written without thousands separators, so ports, counts and years read as
typed (``8080``, not ``8,080``). Money groups thousands from 1,000 (``1.234,00 US$``):
Babel does not read CLDR's minimum grouping digits, so the player asks ``Intl`` to group
always, and both agree.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_currency, format_decimal

from .durations import babel_locale
from .model import Field

_DECIMAL_RE = re.compile(r"-?\d+(?:\.\d+)?")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def format_number(value: Decimal, lang: str, *, grouping: bool = False) -> str:
    """A number as ``lang`` writes it, every decimal kept: ``1234,5`` in Spanish, and
    ``1.234,5`` with ``grouping`` (the thousands of an amount)."""
    return format_decimal(
        value, locale=babel_locale(lang), decimal_quantization=False, group_separator=grouping
    )


def format_value(field: Field, value: str, lang: str) -> str:
    """``value`` (canonical) of ``field`` as a reader of ``lang`` expects it.

    Numbers keep every decimal given; money has its currency's decimals and symbol;
    dates are CLDR's medium dates, datetimes a medium date with a short time; a choice
    is its option's label in ``lang``. An empty value is ``""``; a value that is not
    canonical for the field's type (or an option no longer offered) is returned as it is.
    """
    if not value:
        return ""
    locale = babel_locale(lang)
    kind = field.type
    try:
        if kind in ("number", "money") and _DECIMAL_RE.fullmatch(value):
            if kind == "number" or field.currency is None:
                return format_number(Decimal(value), lang, grouping=kind == "money")
            return format_currency(Decimal(value), field.currency, locale=locale)
        if kind == "date" and _DATE_RE.fullmatch(value):
            return format_date(dt.date.fromisoformat(value), "medium", locale=locale)
        if kind == "datetime" and _DATETIME_RE.fullmatch(value):
            when = dt.datetime.fromisoformat(value)
            # CLDR puts a narrow no-break space before AM/PM; browsers keep a plain space
            # there (for pages that parse times), and the note should read the same.
            time = format_time(when, "short", locale=locale).replace("\u202f", " ")
            return (
                str(get_datetime_format("medium", locale=locale))
                .replace("{1}", format_date(when, "medium", locale=locale))
                .replace("{0}", time)
            )
    except (ValueError, InvalidOperation):
        return value  # 2026-02-30 has the shape of a date but is none
    if kind == "choice":
        option = field.option(value)
        return value if option is None else option.label.get(lang, lang)[0]
    return value
