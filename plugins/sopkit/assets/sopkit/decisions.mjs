/** Decide nodes in the player: taken on arrival from what the agent entered, and explained.
 *
 * A decide node is never shown: the guide moves on to the node its first holding rule
 * names, and says which rule applied and why above that step. Its entry in the path
 * records the node it led to; Back goes to the step before it.
 */

import { decide, readings, reasons } from "./decide.mjs";
import { el, words } from "./dom.mjs";
import { fieldInfo } from "./fields.mjs";
import { formatValue } from "./values.mjs";

/** @typedef {{next: string, why: string, note: string}} Decision */

export class Decisions {
  /** @param {import("./guide.mjs").Guide} guide */
  constructor(guide) {
    this.guide = guide;
    /** @type {Map<string, any>} node id -> its data-sopkit-rules */
    this.rules = new Map();
    for (const [id, li] of guide.steps.nodes) {
      if (li.getAttribute("data-sopkit-type") !== "decide") continue;
      const list = li.querySelector("[data-sopkit-rules]");
      try {
        this.rules.set(id, JSON.parse(list ? list.getAttribute("data-sopkit-rules") || "{}" : "{}"));
      } catch (e) {
        throw new Error(`sopkit: the rules of decide node '${id}' are not JSON: ${e}`);
      }
    }
    this.box = el("div", "admonition info sopkit-decided sopkit-chrome");
    this.box.setAttribute("role", "status");
    this.heading = el("p", "admonition-title", guide.strings.text("decide.heading"));
    this.text = el("p", "sopkit-decided__why");
    this.box.append(this.heading, this.text);
    this.box.hidden = true;
  }

  /** @param {string} node */
  has(node) {
    return this.rules.has(node);
  }

  /** Where decide node `node` leads now, with the rule and why in the page's and note's words. @param {string} node @returns {Decision} */
  take(node) {
    const guide = this.guide;
    const data = this.rules.get(node) || {};
    const facts = this.facts(data);
    const { next, rule } = decide(data, facts);
    const lang = guide.root.lang || "en";
    const noteLang = guide.note.lang || lang;
    if (rule < 0) {
      const rules = Array.isArray(data.rules) ? data.rules : [];
      const read = (/** @type {string} */ key, /** @type {string} */ in_) => readings(
        rules.map((/** @type {any} */ r) => r[key] || r.when), facts, (ref, value) => this.shown(data, ref, value, in_)
      ).join(", ") || "—";
      return {
        next,
        why: guide.strings.format("decide.none", { values: read("when", lang), target: String(data.title || next) }),
        note: guide.note.strings.format("decide.none", {
          values: read("note", noteLang), target: String(data.note_title || data.title || next)
        })
      };
    }
    const chosen = data.rules[rule];
    const why = sentence(reasons(chosen.when, facts, (ref, value) => this.shown(data, ref, value, lang)), lang);
    const noteWhy = chosen.note
      ? sentence(reasons(chosen.note, facts, (ref, value) => this.shown(data, ref, value, noteLang)), noteLang)
      : why;
    return {
      next,
      why: guide.strings.format("decide.applied", { why, target: String(chosen.title || next) }),
      note: guide.note.strings.format("decide.note", { why: noteWhy, target: String(chosen.note_title || chosen.title || next) })
    };
  }

  /** What the rules can read: values entered in this call, answers given, items ticked, the clock. @param {any} data */
  facts(data) {
    const guide = this.guide;
    const journey = guide.journey;
    /** @type {Map<string, string>} */
    const types = new Map();
    /** @type {Map<string, string>} */
    const values = new Map();
    for (const [id, type] of Array.isArray(data.fields) ? data.fields : []) {
      types.set(String(id), String(type));
      values.set(String(id), this.value(String(id)));
    }
    /** @type {Map<string, string>} */
    const answers = new Map();
    for (const entry of journey.path.slice(0, -1)) {
      if (entry.answer !== null && !this.has(entry.node)) answers.set(entry.node, entry.answer);
    }
    /** @type {Map<string, number>} */
    const ticked = new Map();
    for (const [key, checked] of journey.checks) {
      if (!checked) continue;
      const node = key.slice(0, key.indexOf("."));
      ticked.set(node, (ticked.get(node) || 0) + 1);
    }
    return { values, types, answers, ticked, now: new Date() };
  }

  /**
   * A field's canonical value: the control's data-sopkit-value, kept by the player as the
   * agent types; "" when nothing was entered in this call (a new call starts clean).
   * @param {string} id
   */
  value(id) {
    const typed = this.guide.journey.fields.get(id);
    if (!typed || !typed.trim()) return "";
    const control = this.guide.root.querySelector(`[data-sopkit-field="${CSS.escape(id)}"]`);
    const canonical = control instanceof HTMLElement ? control.dataset.sopkitValue : undefined;
    return canonical === undefined ? typed.trim() : canonical;
  }

  /** A value as agents read it in `lang` (values.mjs formats fields). @param {any} data @param {any} ref @param {string} value @param {string} lang */
  shown(data, ref, value, lang) {
    if (ref.ref === "answer") {
      const link = this.guide.answerLink(ref.id, value);
      return link ? "“" + words(link) + "”" : value;
    }
    if (ref.ref !== "field") return formatValue({ type: "number" }, value, lang);
    const control = this.guide.root.querySelector(`[data-sopkit-field="${CSS.escape(ref.id)}"]`);
    if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement) {
      const shown = formatValue(fieldInfo(control), value, lang);
      return control.getAttribute("data-sopkit-type") === "choice" || control.getAttribute("data-sopkit-type") === "text"
        ? "“" + shown + "”" : shown;
    }
    const field = (Array.isArray(data.fields) ? data.fields : []).find((/** @type {any[]} */ f) => f[0] === ref.id);
    return formatValue({ type: field ? field[1] : "text", currency: field ? field[2] : null }, value, lang);
  }

  /** Above the current step: the decision that led to it, if one did. */
  render() {
    const path = this.guide.journey.path;
    const before = path.length > 1 ? path[path.length - 2] : null;
    const decision = before && this.has(before.node) ? this.guide.journey.decisions.get(before.node) : null;
    this.box.hidden = !decision;
    this.text.textContent = decision ? decision.why : "";
  }
}

/** Reasons as the start of a sentence: joined, the first letter a capital. @param {string[]} parts @param {string} lang */
function sentence(parts, lang) {
  const text = parts.join(", ");
  return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
}
