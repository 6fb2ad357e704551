/** Answers so far, and required items left empty. */

import { button, el, words } from "./dom.mjs";

/** @param {string} text @param {string} node @param {string} what */
function change(text, node, what) {
  const go = button("sopkit-change", text);
  go.setAttribute("data-sopkit-revisit", node);
  go.appendChild(el("span", "sopkit-sr-only", ": " + what));
  return go;
}

export class AnswerList {
  /** @param {import("./guide.mjs").Guide} guide */
  constructor(guide) {
    this.guide = guide;
    this.section = el("section", "sopkit-history sopkit-chrome");
    const title = el("h3", "sopkit-history__title", guide.strings.text("your_answers"));
    title.id = guide.id + "--your-answers";
    this.section.setAttribute("aria-labelledby", title.id);
    this.list = el("ol", "sopkit-history__list");
    /** @type {{id: string, next: string, item: HTMLElement}[]} */
    this.items = [];
    /** @type {Map<string, string>} */
    this.questions = new Map();
    this.section.append(title, this.list);
    this.section.hidden = true;
  }

  /** Keeps the items that did not change. */
  render() {
    const guide = this.guide;
    const path = guide.journey.path;
    const items = this.items;
    let keep = 0;
    while (keep < items.length && keep < path.length - 1 && items[keep].id === path[keep] &&
      items[keep].next === path[keep + 1]) keep++;
    items.splice(keep).forEach((old) => old.item.remove());
    path.slice(keep, -1).forEach((id, j) => {
      const next = path[keep + j + 1];
      const item = el("li", "sopkit-history__item");
      let question = this.questions.get(id);
      if (question === undefined) {
        question = words(guide.steps.heading(id));
        this.questions.set(id, question);
      }
      item.append(el("span", "sopkit-history__question", question), " → ",
        el("span", "sopkit-history__answer", this.answer(id, next)), " ",
        change(guide.strings.text("change"), id, question));
      this.list.appendChild(item);
      items.push({ id, next, item });
    });
    this.section.hidden = path.length < 2;
  }

  /** @param {string} id @param {string} next */
  answer(id, next) {
    for (const link of this.guide.steps.node(id).querySelectorAll("a.sopkit-answer[data-sopkit-next]")) {
      if (link.getAttribute("data-sopkit-next") === next) return words(link);
    }
    return "";
  }
}

/** @param {HTMLElement} outcome */
export function addMissingPanel(outcome) {
  const panel = el("div", "admonition warning sopkit-missing sopkit-chrome");
  panel.hidden = true;
  outcome.insertBefore(panel, outcome.querySelector(".sopkit-outcome"));
}

/** @param {import("./guide.mjs").Guide} guide */
export function renderMissingPanel(guide) {
  const outcome = guide.steps.node(guide.journey.current);
  const panel = outcome.querySelector(".sopkit-missing");
  if (!(panel instanceof HTMLElement)) return;
  const found = [];
  for (const id of new Set(guide.journey.path)) {
    guide.steps.node(id).querySelectorAll("input[data-sopkit-required]").forEach((box) => {
      const check = box.type === "checkbox";
      if (check ? !box.checked : !box.value.trim()) found.push({ node: id, label: words(guide.steps.label(box)), check });
    });
  }
  panel.replaceChildren();
  panel.hidden = found.length === 0;
  if (!found.length) return;
  const strings = guide.strings;
  const verb = strings.text("result." + outcome.getAttribute("data-sopkit-result"));
  panel.appendChild(el("p", "admonition-title",
    strings.format("missing", { result: verb.charAt(0).toLowerCase() + verb.slice(1) })));
  const list = el("ul");
  for (const item of found) {
    const li = el("li", "", item.label + ": " +
      strings.text(item.check ? "missing_check" : "missing_field") + " ");
    const step = words(guide.steps.heading(item.node).querySelector(".sopkit-node__step"), "");
    li.appendChild(change(step, item.node, item.label));
    list.appendChild(li);
  }
  panel.appendChild(list);
}
