"""The words sopkit itself puts on a page (buttons, labels), in English and Spanish.

A site adds a language, or rewords one, with the plugin's ``ui_strings`` option.
"""

from __future__ import annotations

from collections.abc import Mapping

UI_STRINGS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "step": "Step {n}",
        "answers": "Answers",
        "continue": "Done, continue",
        "outcome": "Outcome",
        "result.escalate": "Escalate",
        "result.resolve": "Resolved",
        "result.transfer": "Transfer",
        "result.new-case": "Create a new case",
        "result.stop": "Stop here",
        "goto": "Continue in: {title}",
        "say": "Say to the customer",
        "callout.note": "Note",
        "callout.tip": "Tip",
        "callout.warning": "Warning",
        "callout.danger": "Danger",
        "checklist": "Confirm",
        "fields": "Record",
        "required": "required",
        "optional": "optional",
        "links": "See also",
        "owner": "Owner",
        "reviewed": "Last reviewed",
        "version": "Version",
        "not_translated": "not translated",
        "timebox": "Time box: {minutes} minutes",
        "unknown_tree": "Unknown decision tree '{id}'",
        "back": "Back",
        "restart": "Restart",
        "copy_note": "Copy case note",
        "copy_script": "Copy script",
        "copied": "Copied",
        "copy_failed": "Copy failed: select the text below and copy it",
        "your_answers": "Your answers",
        "change": "Change",
        "skipped": "You started at this step from a link: earlier steps were skipped.",
        "progress": "Step {n} of up to {total}",
        "timebox_left": "{time} left",
        "timebox_up": "{minutes} minutes are up: {action}",
        "timebox_action": "escalate",
        "missing": "Before you {result}, the following is still missing:",
        "missing_check": "not confirmed",
        "missing_field": "empty",
        "note_title": "Case note",
        "note_tree": "Guide",
        "note_version": "Version",
        "note_date": "Date",
        "note_path": "Path",
        "note_checklist": "Checklist",
        "note_fields": "Details",
        "note_outcome": "Outcome",
        "note_checked": "[x]",
        "note_unchecked": "[ ]",
        "note_in_progress": "In progress at",
        "note_continued": "Continued from",
        "map": "Map",
        "guide": "Guide",
        "pdf": "Printable job aid (PDF)",
        "overdue": "Review overdue since {date}",
        "jobaid.language": "English",
        "jobaid.col_step": "Step",
        "jobaid.col_action": "Question or action",
        "jobaid.col_if": "If",
        "jobaid.col_then": "Then",
        "jobaid.go_to": "go to step {n}",
        "jobaid.done": "When done",
        "jobaid.flowchart": "Overview",
        "jobaid.page": "Page {page} of {pages}",
        "jobaid.online": "Online guide",
        "jobaid.index_other": "Other procedures",
        "jobaid.index_none": "No job aids yet.",
    },
    "es": {
        "step": "Paso {n}",
        "answers": "Respuestas",
        "continue": "Hecho, continuar",
        "outcome": "Resultado",
        "result.escalate": "Escalar",
        "result.resolve": "Resuelto",
        "result.transfer": "Transferir",
        "result.new-case": "Crear un caso nuevo",
        "result.stop": "Detenerse aquí",
        "goto": "Continuar en: {title}",
        "say": "Diga al cliente",
        "callout.note": "Nota",
        "callout.tip": "Consejo",
        "callout.warning": "Advertencia",
        "callout.danger": "Peligro",
        "checklist": "Confirme",
        "fields": "Anote",
        "required": "obligatorio",
        "optional": "opcional",
        "links": "Vea también",
        "owner": "Responsable",
        "reviewed": "Última revisión",
        "version": "Versión",
        "not_translated": "sin traducir",
        "timebox": "Tiempo límite: {minutes} minutos",
        "unknown_tree": "Árbol de decisión desconocido: '{id}'",
        "back": "Atrás",
        "restart": "Reiniciar",
        "copy_note": "Copiar nota del caso",
        "copy_script": "Copiar guion",
        "copied": "Copiado",
        "copy_failed": "No se pudo copiar: seleccione el texto de abajo y cópielo",
        "your_answers": "Sus respuestas",
        "change": "Cambiar",
        "skipped": "Empezó en este paso desde un enlace: se omitieron los pasos anteriores.",
        "progress": "Paso {n} de hasta {total}",
        "timebox_left": "Quedan {time}",
        "timebox_up": "Pasaron los {minutes} minutos: {action}",
        "timebox_action": "escale el caso",
        "missing": "Antes de {result}, todavía falta:",
        "missing_check": "sin confirmar",
        "missing_field": "vacío",
        "note_title": "Nota del caso",
        "note_tree": "Guía",
        "note_version": "Versión",
        "note_date": "Fecha",
        "note_path": "Recorrido",
        "note_checklist": "Lista de verificación",
        "note_fields": "Datos",
        "note_outcome": "Resultado",
        "note_checked": "[x]",
        "note_unchecked": "[ ]",
        "note_in_progress": "En curso en",
        "note_continued": "Viene de",
        "map": "Mapa",
        "guide": "Guía",
        "pdf": "Ayuda de trabajo imprimible (PDF)",
        "overdue": "Revisión vencida desde el {date}",
        "jobaid.language": "Español",
        "jobaid.col_step": "Paso",
        "jobaid.col_action": "Pregunta o acción",
        "jobaid.col_if": "Si",
        "jobaid.col_then": "Entonces",
        "jobaid.go_to": "vaya al paso {n}",
        "jobaid.done": "Al terminar",
        "jobaid.flowchart": "Vista general",
        "jobaid.page": "Página {page} de {pages}",
        "jobaid.online": "Guía en línea",
        "jobaid.index_other": "Otros procedimientos",
        "jobaid.index_none": "Todavía no hay ayudas de trabajo.",
    },
}


# The strings the player (assets/sopkit/sopkit.js) reads; only these travel in each
# guide's data attribute, the rest are used when the HTML is written.
PLAYER_KEYS = frozenset(
    {
        "back", "change", "continue", "copied", "copy_failed", "copy_note", "copy_script",
        "missing", "missing_check", "missing_field", "optional", "progress", "restart",
        "skipped", "timebox", "timebox_action", "timebox_left", "timebox_up", "your_answers",
    }
)  # fmt: skip
PLAYER_PREFIXES = ("note_", "result.")


def player_strings(strings: Mapping[str, str]) -> dict[str, str]:
    """The subset of UI strings the player needs."""
    return {
        key: value
        for key, value in strings.items()
        if key in PLAYER_KEYS or key.startswith(PLAYER_PREFIXES)
    }


def ui_strings(
    lang: str, default_lang: str, extra: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, str]:
    """The UI strings for ``lang``: English, then the default language, then ``lang``.

    Missing keys fall back in that order, so a site's partial translation still works.
    """
    merged: dict[str, str] = dict(UI_STRINGS["en"])
    extra = extra or {}
    for code in dict.fromkeys((default_lang, lang)):
        merged.update(UI_STRINGS.get(code, {}))
        merged.update(extra.get(code, {}))
    return merged
