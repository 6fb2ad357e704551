/** The case note an agent pastes into the CRM as is, and copying it.
 *
 * Its format (documented in docs/editors/authoring.md, "The case note"):
 * a title line with the date, time and time zone; the call's start; then one block per
 * guide of the call: the guide and its version, each step taken ("question: answer",
 * "step: done"), the checklist and details, and where it ended.
 */

import { el, pad, squash, words } from "./dom.mjs";
import { duration } from "./duration.mjs";
import { fieldInfo } from "./fields.mjs";
import { formatValue } from "./values.mjs";

/** @param {any} object @param {string} key */
function own(object, key) {
  return object && typeof object === "object" && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** @param {Date} date */
function day(date) {
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
}

/** @param {Date} date */
export function clockTime(date) {
  return pad(date.getHours()) + ":" + pad(date.getMinutes());
}

/** "UTC", "UTC+1", "UTC-5", "UTC+5:30": the agent's offset, so the note reads the same anywhere. @param {Date} date */
function zone(date) {
  const east = -date.getTimezoneOffset();
  if (east === 0) return "UTC";
  const minutes = Math.abs(east) % 60;
  return "UTC" + (east > 0 ? "+" : "-") + Math.floor(Math.abs(east) / 60) + (minutes ? ":" + pad(minutes) : "");
}

export class CaseNote {
  /** @param {import("./guide.mjs").Guide} guide @param {any} data @param {import("./dom.mjs").Strings} strings */
  constructor(guide, data, strings) {
    this.guide = guide;
    this.title = String(own(data, "title") || guide.id);
    this.lang = String(own(data, "lang") || "");
    /** @type {Map<string, any>} texts in the note's language, when it is not the page's */
    this.nodes = new Map(Object.entries(own(data, "nodes") || {}));
    this.strings = strings;
  }

  /** @param {string} node @param {string} kind @param {string} [id] @returns {string | null} */
  textOf(node, kind, id) {
    const texts = this.nodes.get(node);
    if (!texts) return null;
    const found = kind === "text" ? own(texts, "text") : own(own(texts, kind), String(id));
    return found === undefined || found === null || found === "" ? null : String(found);
  }

  /** @param {string} id */
  stepText(id) {
    return this.textOf(id, "text") || words(this.guide.steps.heading(id));
  }

  /** This guide's part of the note. @returns {string[]} */
  block() {
    const guide = this.guide;
    const journey = guide.journey;
    const L = this.strings;
    const path = journey.path;
    const lines = [L.text("note_tree") + ": " + this.title + " (" + L.text("note_version") + " " +
      guide.version + ")"];
    path.forEach((entry, i) => {
      const li = guide.steps.node(entry.node);
      const type = li.getAttribute("data-sopkit-type");
      const text = this.stepText(entry.node);
      if (i < path.length - 1 && type === "decide") {
        const decision = journey.decisions.get(entry.node);
        lines.push((i + 1) + ". " + (decision ? decision.note : text));
      } else if (i < path.length - 1) {
        const said = type === "step" ? L.text("done") : this.answer(entry.node, entry.answer || "");
        lines.push((i + 1) + ". " + text + (/[?:¿]$/.test(text) ? " " : ": ") + said);
      } else if (type === "outcome") {
        const result = li.getAttribute("data-sopkit-result") || "";
        lines.push(L.text("note_outcome") + ": " + L.text("result." + result) + " — " + text);
      } else if (type === "goto") {
        lines.push((i + 1) + ". " + text);
      } else {
        lines.push(L.text("note_in_progress") + ": " + text);
      }
    });
    const checks = [];
    const fields = [];
    for (const id of new Set(path.map((entry) => entry.node))) {
      const li = guide.steps.node(id);
      li.querySelectorAll("input[data-sopkit-check]").forEach((box) => {
        const key = box.getAttribute("data-sopkit-check") || "";
        const text = this.textOf(id, "checklist", key.slice(id.length + 1)) || words(guide.steps.label(box));
        if (journey.checks.get(key)) checks.push(L.text("note_checked") + " " + text);
        else if (box.hasAttribute("data-sopkit-required")) {
          checks.push(L.text("note_unchecked") + " " + text + " (" + L.text("note_not_done") + ")");
        }
      });
      li.querySelectorAll("[data-sopkit-field]").forEach((field) => {
        const fid = field.getAttribute("data-sopkit-field") || "";
        const text = this.textOf(id, "fields", fid) || words(guide.steps.label(field));
        const value = squash(this.value(id, /** @type {HTMLInputElement} */ (field), journey.fields.get(fid) || ""));
        if (value) fields.push(text + ": " + value);
        else if (field.hasAttribute("data-sopkit-required")) {
          fields.push(text + ": (" + L.text("note_not_provided") + ")");
        }
      });
    }
    if (checks.length) lines.push(L.text("note_checklist") + ":", ...checks.map((line) => "  " + line));
    if (fields.length) lines.push(L.text("note_fields") + ":", ...fields.map((line) => "  " + line));
    const timeboxes = this.timeboxes();
    if (timeboxes.length) lines.push(L.text("note_timeboxes") + ":", ...timeboxes.map((line) => "  " + line));
    return lines;
  }

  /** Each time box of the steps taken: how long, when it started and ended. @returns {string[]} */
  timeboxes() {
    const guide = this.guide;
    const L = this.strings;
    const lines = [];
    const seen = new Set();
    guide.journey.path.forEach((entry, i) => {
      const timer = guide.journey.timers.get(entry.node);
      const seconds = Number(guide.steps.node(entry.node).getAttribute("data-sopkit-timebox"));
      if (!timer || !(seconds > 0) || seen.has(entry.node)) return;
      seen.add(entry.node);
      const values = {
        step: L.format("path_step", { n: String(i + 1) }),
        duration: duration(seconds, this.lang || guide.root.lang || "en"),
        start: clockTime(new Date(timer.started)),
        end: timer.ended ? clockTime(new Date(timer.ended)) : ""
      };
      let line = L.format(timer.ended ? "note_timebox" : "note_timebox_running", values);
      if ((timer.ended || Date.now()) - timer.started >= seconds * 1000) line += " (" + L.text("note_time_ran_out") + ")";
      lines.push(line);
    });
    return lines;
  }

  /**
   * A field's value as a reader of the note's language reads it (a choice by its label).
   * @param {string} node @param {HTMLInputElement | HTMLSelectElement} control @param {string} value
   */
  value(node, control, value) {
    const info = fieldInfo(control);
    const labels = own(own(this.nodes.get(node), "options"), control.getAttribute("data-sopkit-field") || "");
    if (labels) info.options = new Map(Object.entries(labels).map(([id, label]) => [id, String(label)]));
    return formatValue(info, value, this.lang || this.guide.root.lang || "en");
  }

  /** The words of the answer given, in the note's language. @param {string} node @param {string} answer */
  answer(node, answer) {
    const link = this.guide.answerLink(node, answer);
    return this.textOf(node, "answers", answer) || (link ? words(link) : answer);
  }

  /** @param {number} callStarted */
  text(callStarted) {
    const L = this.strings;
    const now = new Date();
    const lines = [L.text("note_title") + " — " + day(now) + " " + clockTime(now) + " " + zone(now),
      L.text("note_call_started") + ": " + clockTime(new Date(callStarted))];
    for (const block of this.guide.journey.chain.map((visit) => visit.block).concat([this.block()])) {
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
