"""Durations in words, in any language: ``30 seconds``, ``1 hora 30 minutos``.

The player writes the same words with ``Intl`` (``assets/sopkit/duration.mjs``);
``tests/vectors/durations.json`` holds the cases both must agree on. The words are
CLDR's, through Babel: each unit in its long form, with the language's plural rules,
joined as CLDR's narrow unit lists join them (``Intl.DurationFormat``'s narrow style).
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.units import format_unit

_UNITS = (("duration-hour", 3600), ("duration-minute", 60), ("duration-second", 1))
# Where a language leaves a list pattern out, the one it inherits: CLDR's narrow unit
# lists fall back to the short, then the long unit lists, then the standard "and" list.
_LIST_STYLES = ("unit-narrow", "unit-short", "unit", "standard")


def duration(seconds: float, lang: str) -> str:
    """``seconds`` as hours, minutes and seconds in words (units that are zero left out).

    ``duration(90, "en")`` is ``1 minute 30 seconds``; ``duration(5400, "es")`` is
    ``1 hora 30 minutos``. Seconds are rounded to whole seconds. A language Babel does
    not know is written in English.
    """
    locale = babel_locale(lang)
    rest = max(0, round(seconds))
    words = []
    for unit, size in _UNITS:
        amount, rest = divmod(rest, size)
        if amount:
            words.append(format_unit(amount, unit, length="long", locale=locale))
    if not words:
        return format_unit(0, "duration-second", length="long", locale=locale)
    return _join(words, locale)


@cache
def babel_locale(lang: str) -> Locale:
    """Babel's locale for a language code (``es``, ``pt-BR``); English when Babel has none."""
    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _join(words: list[str], locale: Locale) -> str:
    """CLDR's list pattern for units, as ``Intl.ListFormat`` (type unit, narrow) joins them."""
    if len(words) == 1:
        return words[0]
    if len(words) == 2:
        return _pattern(locale, "2").format(*words)
    joined = _pattern(locale, "start").format(words[0], words[1])
    for word in words[2:-1]:
        joined = _pattern(locale, "middle").format(joined, word)
    return _pattern(locale, "end").format(joined, words[-1])


def _pattern(locale: Locale, key: str) -> str:
    # Babel keeps only what a language's own file says, so a style may lack some keys.
    patterns = locale.list_patterns
    for style in _LIST_STYLES:
        if style in patterns and key in patterns[style]:
            return str(patterns[style][key])
    return "{0}, {1}"
