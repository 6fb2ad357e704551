/** Answers so far, and required items left empty on the way to an escalation or transfer. */

import { button, el, words } from "./dom.mjs";

/** @param {string} text @param {number} index @param {string} what */
function change(text, index, what) {
  const go = button("sopkit-change", text);
  go.setAttribute("data-sopkit-revisit", String(index));
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
    /** @type {{node: string, answer: string | null, item: HTMLElement}[]} */
    this.items = [];
    this.section.append(title, this.list);
    this.section.hidden = true;
  }

  /** Keeps the items that did not change. */
  render() {
    const guide = this.guide;
    const path = guide.journey.path;
    const items = this.items;
    let keep = 0;
    while (keep < items.length && keep < path.length - 1 && items[keep].node === path[keep].node &&
      items[keep].answer === path[keep].answer) keep++;
    items.splice(keep).forEach((old) => old.item.remove());
    path.slice(keep, -1).forEach((entry, j) => {
      const index = keep + j;
      const question = words(guide.steps.heading(entry.node));
      const item = el("li", "sopkit-history__item");
      // A decision is changed by changing what it read: its change button opens the step before.
      const decided = guide.decisions.has(entry.node) && index > 0;
      item.append(el("span", "sopkit-history__question", question), " → ",
        el("span", "sopkit-history__answer", this.answer(entry.node, entry.answer)), " ",
        change(guide.strings.text("change"), decided ? index - 1 : index, question));
      this.list.appendChild(item);
      items.push({ node: entry.node, answer: entry.answer, item });
    });
    this.section.hidden = path.length < 2;
  }

  /** @param {string} node @param {string | null} answer */
  answer(node, answer) {
    const type = this.guide.steps.node(node).getAttribute("data-sopkit-type");
    if (type === "step") return this.guide.strings.text("done");
    if (type === "decide") {
      const decision = this.guide.journey.decisions.get(node);
      return decision ? decision.why : "";
    }
    const link = this.guide.answerLink(node, answer || "");
    return link ? words(link) : "";
  }
}

/** @param {HTMLElement} outcome */
export function addMissingPanel(outcome) {
  const panel = el("div", "admonition warning sopkit-missing sopkit-chrome");
  panel.hidden = true;
  outcome.insertBefore(panel, outcome.querySelector(".sopkit-outcome"));
}

/**
 * What is still missing from the steps before the outcome, once per step (its latest
 * visit), each with a way back to that step. The outcome's own items are in view already.
 * @param {import("./guide.mjs").Guide} guide
 */
export function renderMissingPanel(guide) {
  const journey = guide.journey;
  const outcome = guide.steps.node(journey.current);
  const panel = outcome.querySelector(".sopkit-missing");
  if (!(panel instanceof HTMLElement)) return;
  /** @type {Map<string, {index: number, labels: string[]}>} */
  const groups = new Map();
  journey.path.slice(0, -1).forEach((entry, index) => {
    const labels = [];
    guide.steps.node(entry.node).querySelectorAll("[data-sopkit-required]").forEach((input) => {
      const box = /** @type {HTMLInputElement} */ (input);
      const check = box.type === "checkbox";
      // A typed field counts when its value is valid (data-sopkit-value), not merely typed.
      if (check ? box.checked : (box.getAttribute("data-sopkit-value") ?? box.value).trim()) return;
      labels.push(words(guide.steps.label(box)) + ": " +
        guide.strings.text(check ? "missing_check" : "missing_field"));
    });
    groups.delete(entry.node);
    if (labels.length) groups.set(entry.node, { index, labels });
  });
  panel.replaceChildren();
  panel.hidden = groups.size === 0;
  if (!groups.size) return;
  const strings = guide.strings;
  const verb = strings.text("result." + outcome.getAttribute("data-sopkit-result"));
  panel.appendChild(el("p", "admonition-title",
    strings.format("missing", { result: verb.charAt(0).toLowerCase() + verb.slice(1) })));
  const list = el("ul", "sopkit-missing__steps");
  for (const [node, { index, labels }] of groups) {
    const step = strings.format("path_step", { n: String(index + 1) });
    const item = el("li", "sopkit-missing__step");
    item.append(el("strong", "", step + ": "), words(guide.steps.heading(node)), " ",
      change(strings.format("missing_go", { n: String(index + 1) }), index, words(guide.steps.heading(node))));
    const what = el("ul");
    for (const label of labels) what.appendChild(el("li", "", label));
    item.appendChild(what);
    list.appendChild(item);
  }
  panel.appendChild(list);
}
