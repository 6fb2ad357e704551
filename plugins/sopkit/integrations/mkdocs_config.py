"""The ``sopkit`` plugin's options as MkDocs reads them: thin wrappers over the core.

Names, defaults, documentation and validation are declared once, in
:class:`sopkit.settings.Settings`; each option here hands MkDocs the core's default and
turns the core's :class:`~sopkit.settings.SettingError` into MkDocs' ``ValidationError``
(which MkDocs reports as ``Plugin 'sopkit' option 'x': <why>``).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.base import (
    BaseConfigOption,
    Config,
    ConfigErrors,
    ConfigWarnings,
    ValidationError,
)

from ..settings import OPTIONS, SettingError, Settings, default_of, read_option, read_settings


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
    ui_strings = Setting("ui_strings")
    call_idle_minutes = Setting("call_idle_minutes")
    review_every_days = Setting("review_every_days")
    pdf = Setting("pdf")
    paper = Setting("paper")
    flowchart = Setting("flowchart")
    cache_dir = Setting("cache_dir")
    changes_as_of = Setting("changes_as_of")

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        """MkDocs' validation, then the core's: unknown options (with a likely name) and
        options that must agree (``default_language`` among ``languages``) are errors."""
        failed, warnings = super().validate()
        if failed:
            return failed, warnings
        _, problems = read_settings(dict(self))
        failed = [(name, ValidationError(message)) for name, message in problems.items()]
        warnings = [(name, message) for name, message in warnings if name not in problems]
        return failed, warnings

    def settings(self) -> Settings:
        """The validated options as the core's typed :class:`~sopkit.settings.Settings`."""
        return Settings(**{name: self[name] for name in OPTIONS})
