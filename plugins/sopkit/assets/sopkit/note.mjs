/** The case note as plain text, and copying it. */

import { el, pad, squash, words } from "./dom.mjs";

/** @param {any} object @param {string} key */
function own(object, key) {
  return object && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** @param {Date} date */
function stamp(date) {
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
    " " + pad(date.getHours()) + ":" + pad(date.getMinutes());
}

export class CaseNote {
  /** @param {import("./guide.mjs").Guide} guide @param {any} data @param {import("./dom.mjs").Strings} strings */
  constructor(guide, data, strings) {
    this.guide = guide;
    this.title = String(own(data, "title") || guide.title);
    this.lang = String(own(data, "lang") || "");
    /** @type {Map<string, any>} texts in the note's language */
    this.nodes = new Map(Object.entries(own(data, "nodes") || {}));
    this.strings = strings;
  }

  /** @param {string} node @param {string} kind @param {number | string} [which] @returns {string | null} */
  textOf(node, kind, which) {
    const texts = this.nodes.get(node);
    if (!texts) return null;
    const found = kind === "text" ? own(texts, "text") : own(own(texts, kind), String(which));
    return found === undefined || found === null || found === "" ? null : String(found);
  }

  /** @returns {string[]} */
  block() {
    const guide = this.guide;
    const journey = guide.journey;
    const L = this.strings;
    const path = journey.path;
    const lines = [L.text("note_tree") + ": " + this.title,
      L.text("note_version") + ": " + guide.version, L.text("note_path") + ":"];
    if (journey.skipped) lines.push(L.text("skipped"));
    const textOf = (id) => this.textOf(id, "text") || words(guide.steps.heading(id));
    path.forEach((id, i) => {
      const li = guide.steps.node(id);
      const type = li.getAttribute("data-sopkit-type");
      const last = i === path.length - 1;
      if (last && type === "outcome") {
        const result = li.getAttribute("data-sopkit-result") || "";
        lines.push(L.text("note_outcome") + ": " + L.text("result." + result) + " — " + textOf(id));
      } else if (last && type !== "goto") {
        lines.push(L.text("note_in_progress") + ": " + textOf(id));
      } else if (type === "goto") {
        lines.push((i + 1) + ". " + textOf(id));
      } else {
        lines.push((i + 1) + ". " + textOf(id) + " -> " + this.answer(id, path[i + 1]));
      }
    });
    const checks = [];
    const fields = [];
    for (const id of new Set(path)) {
      const li = guide.steps.node(id);
      li.querySelectorAll("input[data-sopkit-check]").forEach((box, i) => {
        const text = this.textOf(id, "checklist", i) ||
          words(box.parentNode && box.parentNode.querySelector("label"));
        const optional = box.hasAttribute("data-sopkit-required") ? "" :
          " (" + L.text("optional") + ")";
        const ticked = journey.checks.get(box.getAttribute("data-sopkit-check") || "");
        checks.push(L.text(ticked ? "note_checked" : "note_unchecked") + " " + text + optional);
      });
      li.querySelectorAll("input[data-sopkit-field]").forEach((field) => {
        const fid = field.getAttribute("data-sopkit-field") || "";
        const text = this.textOf(id, "fields", fid) || words(guide.steps.label(field));
        const value = squash(journey.fields.get(fid));
        fields.push(text + ": " + (value || "(" + L.text("missing_field") + ")"));
      });
    }
    if (checks.length) lines.push(L.text("note_checklist") + ":", ...checks);
    if (fields.length) lines.push(L.text("note_fields") + ":", ...fields);
    return lines;
  }

  /** @param {string} id @param {string} next */
  answer(id, next) {
    const li = this.guide.steps.node(id);
    if (li.getAttribute("data-sopkit-type") === "step") return this.strings.text("continue");
    const links = li.querySelectorAll("a.sopkit-answer[data-sopkit-next]");
    for (let i = 0; i < links.length; i++) {
      if (links[i].getAttribute("data-sopkit-next") === next) {
        return this.textOf(id, "answers", i) || words(links[i]);
      }
    }
    return "";
  }

  text() {
    const L = this.strings;
    const lines = [L.text("note_title"), L.text("note_date") + ": " + stamp(new Date())];
    for (const block of this.guide.journey.carried.concat([this.block()])) {
      lines.push("", ...block);
    }
    return lines.join("\n") + "\n";
  }
}

/** @param {string} text @param {() => void} done @param {() => void} failed */
export function copy(text, done, failed) {
  try {
    navigator.clipboard.writeText(text).then(done, failed);
  } catch (e) {
    failed();
  }
}

/** To copy by hand when the clipboard fails. */
export class CopyFallback {
  /** @param {string} id @param {string} lang @param {string} message @param {string} title */
  constructor(id, lang, message, title) {
    this.box = el("div", "sopkit-note-fallback sopkit-chrome");
    this.box.hidden = true;
    const label = el("label", "", title);
    label.setAttribute("for", id);
    this.text = el("textarea", "sopkit-note-fallback__text");
    this.text.id = id;
    this.text.readOnly = true;
    this.text.rows = 12;
    this.text.lang = lang;
    this.box.append(el("p", "sopkit-note-fallback__message", message), label, this.text);
  }

  /** @param {string} text */
  show(text) {
    this.text.value = text;
    this.box.hidden = false;
    this.text.focus();
    this.text.select();
  }

  clear() {
    this.box.hidden = true;
    this.text.value = "";
  }
}
