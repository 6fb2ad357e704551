/**
 * The guide's typed fields: each control read as the agent types, in the page's language.
 *
 * Every control ([data-sopkit-field]) keeps its canonical value in data-sopkit-value
 * ("" when empty or not valid), which conditions and the case note read. A value that is
 * not valid gets aria-invalid and a message in the field's error line (a polite live
 * region, so a screen reader says it once the agent pauses); a number or an amount read
 * from the page's way of writing it is shown back as recorded ("Recorded as 1.234,50 US$").
 */

import { formatValue, parseValue } from "./values.mjs";

/** Which message says what is wrong; problems from values.mjs parseValue. */
const MESSAGES = new Map([
  ["number", "field.invalid_number"],
  ["money", "field.invalid_money"],
  ["decimals", "field.invalid_money"],
  ["min", "field.too_small"],
  ["max", "field.too_large"],
  ["date", "field.invalid_date"],
  ["datetime", "field.invalid_datetime"],
  ["choice", "field.invalid_choice"]
]);
const EXAMPLE = "1234.5";

/** @typedef {HTMLInputElement | HTMLSelectElement} Control */

/**
 * A control's field as values.mjs takes it: type, currency, range and, for a choice,
 * its options' labels as the select shows them.
 * @param {Control} control @returns {import("./values.mjs").FieldInfo}
 */
export function fieldInfo(control) {
  /** @type {import("./values.mjs").FieldInfo} */
  const info = {
    type: control.getAttribute("data-sopkit-type") || "text",
    currency: control.getAttribute("data-sopkit-currency"),
    min: control.getAttribute("data-sopkit-min"),
    max: control.getAttribute("data-sopkit-max")
  };
  if (control instanceof HTMLSelectElement) {
    info.options = new Map([...control.options].filter((o) => o.value).map((o) => [o.value, o.text]));
  }
  return info;
}

export class Fields {
  /**
   * @param {HTMLElement} root the guide
   * @param {string} lang the page's language, in which the agent types
   * @param {import("./dom.mjs").Strings} strings
   */
  constructor(root, lang, strings) {
    this.lang = lang || "en";
    this.strings = strings;
    /** @type {Control[]} */
    this.controls = [...root.querySelectorAll("[data-sopkit-field]")].filter(
      (c) => c instanceof HTMLInputElement || c instanceof HTMLSelectElement);
    for (const control of this.controls) control.setAttribute("data-sopkit-value", "");
  }

  /**
   * Reads what is in ``control`` now: sets its canonical value, and its message.
   * @param {Control} control @returns {string} the canonical value
   */
  read(control) {
    const info = fieldInfo(control);
    const typed = control.value;
    // A date the browser cannot make whole yet ("03/__/2026") has no value but is not empty.
    const partial = control instanceof HTMLInputElement && control.validity.badInput;
    const { value, problem } = partial ? { value: "", problem: info.type } : parseValue(info, typed, this.lang);
    control.setAttribute("data-sopkit-value", value);
    this.say(control, problem ? this.message(info, problem) : this.recorded(info, value, typed));
    if (problem) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    return value;
  }

  /**
   * Puts saved values back (canonical, by field id); a field not in ``values`` is emptied.
   * @param {Map<string, string>} values
   */
  restore(values) {
    for (const control of this.controls) {
      const value = values.get(control.getAttribute("data-sopkit-field") || "") || "";
      const info = fieldInfo(control);
      // A number goes back as the page writes it, which the agent can edit and read again.
      const shown = info.type === "number" || info.type === "money"
        ? formatValue(asNumber(info), value, this.lang) : value;
      if (control.value !== shown) control.value = shown;
      if (info.type === "text") control.setAttribute("data-sopkit-value", control.value);
      else this.read(control);
    }
  }

  /** @param {import("./values.mjs").FieldInfo} info @param {string} problem */
  message(info, problem) {
    const currency = info.currency || "";
    const example = formatValue(currency ? { type: "money", currency } : { type: "number" }, EXAMPLE, this.lang);
    return this.strings.format(MESSAGES.get(problem) || "field.invalid_number", {
      example, currency,
      min: formatValue(asNumber(info), info.min || "", this.lang),
      max: formatValue(asNumber(info), info.max || "", this.lang)
    });
  }

  /**
   * "Recorded as ..." for a number or amount whose recorded form differs from what was typed.
   * @param {import("./values.mjs").FieldInfo} info @param {string} value @param {string} typed
   */
  recorded(info, value, typed) {
    if (!value || (info.type !== "number" && info.type !== "money")) return "";
    const shown = formatValue(info, value, this.lang);
    return shown === typed.trim() ? "" : this.strings.format("field.read_as", { value: shown });
  }

  /** @param {Control} control @param {string} text */
  say(control, text) {
    const line = control.id ? document.getElementById(control.id + "--error") : null;
    if (line && line.textContent !== text) line.textContent = text;
  }
}

/**
 * A plain number written as the field writes its values: grouped for money ("1,234.5"),
 * as typed for a number ("8080").
 * @param {import("./values.mjs").FieldInfo} info
 * @returns {import("./values.mjs").FieldInfo}
 */
function asNumber(info) {
  return { type: "number", grouping: info.type === "money" };
}
