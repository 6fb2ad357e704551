"""Every option of the ``sopkit`` plugin in ``mkdocs.yml``, declared once.

Each option is a field of :class:`Settings`: its name, type, default, documentation
(the docstring under it) and the function that reads and validates what a site wrote.
Nothing here imports MkDocs: the MkDocs plugin's config
(:mod:`sopkit.integrations.mkdocs_config`) wraps these declarations, and ``sopkit
check`` and other site engines read the same settings through
:mod:`sopkit.integrations.site`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from .compile.review import MAX_DAYS
from .languages import LANG_RE
from .locales import LOCALES, REFERENCE
from .problems import did_you_mean, one_of

Paper = Literal["a4", "letter"]
EventSink = Literal["off", "ga4", "matomo", "plausible", "beacon"]
EVENT_SINKS: tuple[EventSink, ...] = ("off", "ga4", "matomo", "plausible", "beacon")
REPORT_PLACEHOLDERS = ("tree", "node", "version", "lang", "page")
"""What a ``report_problem_url`` may name, each filled in URL-encoded."""
GLOSSARY = "glossary.yml"
"""The default glossary file, beside ``mkdocs.yml``."""
UiStrings = Mapping[str, Mapping[str, str]]


class SettingError(ValueError):
    """A value a site wrote for an option that sopkit cannot use (the message says why).

    ``at`` names the keys inside the option that lead to the wrong value, when it is
    nested (``("es", "back")`` in ``ui_strings``), so the problem can point at it.
    """

    def __init__(self, message: str, at: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.at = at


def _found(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return repr(value) if isinstance(value, str) else str(value)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingError(f"expected true or false, found {_found(value)}")
    return value


def _folder(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SettingError(f"expected a folder, relative to mkdocs.yml, found {_found(value)}")
    return value


def _optional_folder(value: object) -> str | None:
    return None if value is None else _folder(value)


def _file(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SettingError(f"expected a file, relative to mkdocs.yml, found {_found(value)}")
    return value


def _language(value: object) -> str:
    if not isinstance(value, str) or not LANG_RE.fullmatch(value):
        raise SettingError(
            f"expected a language code such as 'en', 'es' or 'pt-BR', found {_found(value)}"
        )
    return value


def _optional_language(value: object) -> str | None:
    return None if value is None else _language(value)


def _languages(value: object) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise SettingError(f"expected a list of language codes, found {_found(value)}")
    codes = tuple(_language(code) for code in value)
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise SettingError(f"each language may be listed once, found {repeated[0]!r} twice")
    return codes


def _review_days(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise SettingError(f"expected a positive whole number of days, found {_found(value)}")
    if value > MAX_DAYS:
        raise SettingError(
            f"expected at most {MAX_DAYS} days (ten years) between reviews, found {value}"
        )
    return value


def _idle_minutes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 24 * 60:
        raise SettingError(
            f"expected a whole number of minutes from 1 to 1440 (24 hours), found {_found(value)}"
        )
    return value


_FIRST_COMMIT_DAY = dt.date(1970, 1, 1)


def _optional_date(value: object) -> dt.date | None:
    if value is None:
        return None
    day = _date(value)
    if day is None:
        raise SettingError(f"expected a date written YYYY-MM-DD, found {_found(value)}")
    if day < _FIRST_COMMIT_DAY:
        # Counting back from an earlier day would leave the calendar; Git has no such commits.
        raise SettingError(f"expected a date from 1970-01-01 on, found {day.isoformat()}")
    return day


def _date(value: object) -> dt.date | None:
    """A date as YAML read it, or as text written YYYY-MM-DD; else None."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _paper(value: object) -> Paper:
    if value in ("a4", "letter"):
        return value
    raise SettingError(f"expected one of {one_of(('a4', 'letter'))}, found {_found(value)}")


def _events(value: object) -> EventSink:
    # YAML reads a bare `off` as false.
    if value is None or value is False:
        return "off"
    if value in EVENT_SINKS:
        return value
    raise SettingError(f"expected one of {one_of(EVENT_SINKS)}, found {_found(value)}")


def _events_url(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"(https://[^\s/]+|/)\S*", value):
        raise SettingError(
            "expected an https:// address or a path of this site starting with '/', "
            f"found {_found(value)}"
        )
    return value


def _report_problem_url(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"(https://[^\s/]+|mailto:)\S*", value):
        raise SettingError(
            "expected an https:// address (an issue tracker's new-issue page) or a mailto: "
            f"address, found {_found(value)}"
        )
    found = _PLACEHOLDER_RE.findall(value)
    unknown = [name for name in found if name not in REPORT_PLACEHOLDERS]
    if unknown:
        raise SettingError(
            f"'{{{unknown[0]}}}' is not a placeholder of report_problem_url; it may use "
            f"{_braces(list(REPORT_PLACEHOLDERS))}"
        )
    stray = _PLACEHOLDER_RE.sub("", value)
    if "{" in stray or "}" in stray:
        raise SettingError(
            "report_problem_url may use braces only around its placeholders "
            f"({_braces(list(REPORT_PLACEHOLDERS))}), found {value!r}"
        )
    return value


def _ui_strings(value: object) -> UiStrings:
    if not isinstance(value, Mapping):
        raise SettingError(f"expected a mapping from language to strings, found {_found(value)}")
    strings: dict[str, Mapping[str, str]] = {}
    for lang, texts in value.items():
        try:
            _language(lang)
        except SettingError as exc:
            raise SettingError(str(exc), (str(lang),)) from None
        if not isinstance(texts, Mapping):
            raise SettingError(
                f"'{lang}' must map UI string keys to texts, found {_found(texts)}", (lang,)
            )
        for key, text in texts.items():
            _ui_string(lang, key, text)
        strings[lang] = MappingProxyType(dict(texts))
    return MappingProxyType(strings)


_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


def _ui_string(lang: str, key: object, text: object) -> None:
    """Check one UI string: a key sopkit knows, a text, and the English placeholders.

    Python fills the placeholders with ``str.format`` and the player with a search for
    ``{name}``: any other brace would read differently in each, or fail the build.
    """
    at = (lang, str(key))
    if key not in LOCALES.keys:
        raise SettingError(
            f"'{lang}.{key}' is not one of sopkit's UI strings"
            + did_you_mean(str(key), sorted(LOCALES.keys)),
            at,
        )
    if not isinstance(text, str):
        raise SettingError(f"'{lang}.{key}' must be a text, found {_found(text)}", at)
    wanted = sorted(set(_PLACEHOLDER_RE.findall(LOCALES.strings(REFERENCE)[key])))
    stray = _PLACEHOLDER_RE.sub("", text)
    if "{" in stray or "}" in stray:
        raise SettingError(
            f"'{lang}.{key}' may use braces only around its placeholders "
            f"({_braces(wanted)}), found {text!r}",
            at,
        )
    found = sorted(set(_PLACEHOLDER_RE.findall(text)))
    if found != wanted:
        raise SettingError(
            f"'{lang}.{key}' must have the placeholders of sopkit's English string "
            f"({_braces(wanted)}), found {_braces(found)}",
            at,
        )


def _braces(names: list[str]) -> str:
    """``{n}, {total}``, or ``none``."""
    return ", ".join(f"{{{name}}}" for name in names) or "none"


def _reads(read: Callable[[object], Any]) -> dict[str, Any]:
    """A field's metadata: the function that reads and validates the option."""
    return {"read": read}


@dataclass(frozen=True, slots=True)
class Settings:
    """The ``sopkit`` plugin's options in ``mkdocs.yml``, read and validated."""

    enabled: bool = field(default=True, metadata=_reads(_flag))
    """false turns sopkit off: no checks, no guides, no job aids (the fences stay code)."""
    trees_dir: str = field(default="decision_trees", metadata=_reads(_folder))
    """Directory of the tree files, relative to ``mkdocs.yml``."""
    languages: tuple[str, ...] = field(default=(), metadata=_reads(_languages))
    """Languages of the trees; default: those of the i18n plugin, else ``[en]``."""
    default_language: str | None = field(default=None, metadata=_reads(_optional_language))
    """The default language; default: the i18n plugin's, else the first of ``languages``."""
    case_note_language: str | None = field(default=None, metadata=_reads(_optional_language))
    """Language of copied case notes; default: the language of the page."""
    locales_dir: str | None = field(default=None, metadata=_reads(_optional_folder))
    """Folder of the site's own UI strings, relative to ``mkdocs.yml``: one ``<lang>.json``
    per language, shaped like sopkit's ``locales/en.json`` (any keys left out fall back
    to the default language, with a build warning). Adding a language is adding a file."""
    ui_strings: UiStrings = field(
        default_factory=lambda: MappingProxyType({}), metadata=_reads(_ui_strings)
    )
    """Extra or changed UI strings: ``{language: {key: text}}`` (keys of locales/en.json)."""
    call_idle_minutes: int = field(default=240, metadata=_reads(_idle_minutes))
    """Minutes without activity after which a call ends in the player: its answers and typed
    values are forgotten, so they never reach the next customer's case note."""
    review_every_days: int | None = field(default=None, metadata=_reads(_review_days))
    """Default review period in days for trees without their own; unset: not checked."""
    pdf: bool = field(default=True, metadata=_reads(_flag))
    """Build a PDF job aid per tree and language (needs WeasyPrint and Pango)."""
    paper: Paper = field(default="a4", metadata=_reads(_paper))
    """Paper size of the PDF job aids: ``a4`` or ``letter``."""
    flowchart: bool = field(default=True, metadata=_reads(_flag))
    """Draw each tree's flowchart (needs Graphviz) for the map view and the job aid."""
    cache_dir: str = field(default=".cache/sopkit", metadata=_reads(_folder))
    """Where job aids and flowcharts are kept between builds, relative to ``mkdocs.yml``
    (keyed by content; entries no build uses any more are removed). Keep it out of Git."""
    glossary: str = field(default=GLOSSARY, metadata=_reads(_file))
    """The site's glossary of preferred terms, relative to ``mkdocs.yml``: per language,
    the forms to avoid and the term to write instead. ``sopkit check`` and the build warn
    on each avoided form in trees and pages. Without the file, no terms are checked (a
    file named here other than the default must exist)."""
    changes_as_of: dt.date | None = field(default=None, metadata=_reads(_optional_date))
    """The day ```` ```changes ```` lists count back from (YYYY-MM-DD); default: the date
    of the latest commit, never the clock, so a checkout always builds the same page."""
    events: EventSink = field(default="off", metadata=_reads(_events))
    """Where the player sends its usage events (guide started, step shown, answer chosen,
    outcome reached, guide left...; never what an agent types): ``off`` (the default: no
    request at all), ``ga4`` (the ``gtag`` of Material's ``extra.analytics``),
    ``matomo`` (``_paq``), ``plausible`` (``plausible()``) or ``beacon`` (one JSON line per
    event, posted to ``events_url``; ``sopkit report`` reads them)."""
    events_url: str | None = field(default=None, metadata=_reads(_events_url))
    """Where ``events: beacon`` posts each event: an ``https://`` address, or a path of
    this site starting with ``/``."""
    report_problem_url: str | None = field(default=None, metadata=_reads(_report_problem_url))
    """A "Report a problem with this step" link on every step: an issue tracker's new-issue
    address or a ``mailto:`` address, with ``{tree}``, ``{node}``, ``{version}``,
    ``{lang}`` and ``{page}`` filled in (URL-encoded). Unset: no link."""

    @property
    def insight(self) -> Insight:
        """What the guides send and link for usage insight."""
        return Insight(self.events, self.events_url, self.report_problem_url)


@dataclass(frozen=True, slots=True)
class Insight:
    """The usage-insight settings a guide is rendered with (see :class:`Settings`)."""

    events: EventSink = "off"
    events_url: str | None = None
    report_problem_url: str | None = None


OPTIONS: Mapping[str, dataclasses.Field[Any]] = MappingProxyType(
    {option.name: option for option in dataclasses.fields(Settings)}
)
"""Every option, by name, in the order of :class:`Settings`."""


def default_of(name: str) -> Any:
    """The default of option ``name``."""
    option = OPTIONS[name]
    if option.default_factory is not dataclasses.MISSING:
        return option.default_factory()
    return option.default


def read_option(name: str, value: object) -> Any:
    """The value of option ``name`` as sopkit uses it; :class:`SettingError` if unusable."""
    return OPTIONS[name].metadata["read"](value)


def read_settings(options: Mapping[str, object]) -> tuple[Settings, dict[str, SettingError]]:
    """Settings from what a site wrote, and the problems: option name -> what is wrong.

    Every option is read, and every problem reported (at most one per option); an
    option with a problem keeps its default. An unknown option is a problem.
    """
    values: dict[str, Any] = {}
    problems: dict[str, SettingError] = {}
    for name, value in options.items():
        if name not in OPTIONS:
            problems[name] = SettingError("unknown option" + did_you_mean(str(name), OPTIONS))
            continue
        try:
            values[name] = read_option(name, value)
        except SettingError as exc:
            problems[name] = exc
    settings = Settings(**values)
    own = settings.languages
    if own and settings.default_language and settings.default_language not in own:
        problems["default_language"] = SettingError(
            f"'{settings.default_language}' is not one of 'languages' ({', '.join(own)})"
        )
        settings = dataclasses.replace(settings, default_language=None)
    if settings.events == "beacon" and not settings.events_url and "events_url" not in problems:
        problems["events"] = SettingError(
            "'beacon' needs 'events_url', the address each event is posted to"
        )
        settings = dataclasses.replace(settings, events="off")
    return settings, problems
