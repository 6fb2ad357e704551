"""The ``sopkit`` plugin's options as MkDocs reads them: thin wrappers over the core.

Names, defaults, documentation and validation are declared once, in
:class:`sopkit.settings.Settings`; each option here hands MkDocs the core's default and
turns the core's :class:`~sopkit.settings.SettingError` into MkDocs' ``ValidationError``
(which MkDocs reports as ``Plugin 'sopkit' option 'x': <why>``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.base import (
    BaseConfigOption,
    Config,
    ConfigErrors,
    ConfigWarnings,
    ValidationError,
)

from ..settings import OPTIONS, SettingError, Settings, default_of, read_option, read_settings
from .site import setting_spans


class Setting(BaseConfigOption[Any]):
    """One option of :class:`~sopkit.settings.Settings`, validated by the core."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.default = default_of(name)

    def run_validation(self, value: object) -> Any:
        try:
            return read_option(self.name, value)
        except SettingError as exc:
            raise ValidationError(str(exc)) from None


class SopkitConfig(Config):
    """Options of the ``sopkit`` plugin (documented on :class:`sopkit.settings.Settings`)."""

    enabled = Setting("enabled")
    trees_dir = Setting("trees_dir")
    languages = Setting("languages")
    default_language = Setting("default_language")
    case_note_language = Setting("case_note_language")
    locales_dir = Setting("locales_dir")
    ui_strings = Setting("ui_strings")
    call_idle_minutes = Setting("call_idle_minutes")
    review_every_days = Setting("review_every_days")
    pdf = Setting("pdf")
    paper = Setting("paper")
    flowchart = Setting("flowchart")
    cache_dir = Setting("cache_dir")
    glossary = Setting("glossary")
    changes_as_of = Setting("changes_as_of")
    events = Setting("events")
    events_url = Setting("events_url")
    report_problem_url = Setting("report_problem_url")

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        """MkDocs' validation, then the core's: unknown options (with a likely name) and
        options that must agree (``default_language`` among ``languages``) are errors.
        Each error starts with where it is written (``mkdocs.yml:9:25:``)."""
        written = dict(self)  # as the site wrote them: validation replaces them
        failed, warnings = super().validate()
        if not failed:
            _, problems = read_settings(dict(self))
            failed = [(name, ValidationError(str(problem))) for name, problem in problems.items()]
            warnings = [(name, message) for name, message in warnings if name not in problems]
        return self._located(failed, written), warnings

    def _located(self, failed: ConfigErrors, written: dict[str, Any]) -> ConfigErrors:
        if not failed or not self.config_file_path:
            return failed
        _, problems = read_settings(written)
        spans = setting_spans(Path(self.config_file_path), problems)
        return [
            (name, ValidationError(f"{spans[name]}: {error}") if name in spans else error)
            for name, error in failed
        ]

    def settings(self) -> Settings:
        """The validated options as the core's typed :class:`~sopkit.settings.Settings`."""
        return Settings(**{name: self[name] for name in OPTIONS})
