/** A question the player asks the agent before going on: continue or start a new call,
 * restart this guide or the whole call. */

import { button, el } from "./dom.mjs";

/** @typedef {{name: string, label: string, primary?: boolean, act: () => void}} Option */

export class Choice {
  /** @param {string} id */
  constructor(id) {
    this.box = el("div", "admonition question sopkit-choice sopkit-chrome");
    this.box.setAttribute("role", "group");
    this.box.hidden = true;
    this.text = el("p", "sopkit-choice__text");
    this.text.id = id;
    this.text.tabIndex = -1;
    this.box.setAttribute("aria-labelledby", id);
    this.buttons = el("p", "sopkit-choice__buttons");
    this.box.append(this.text, this.buttons);
    /** @type {string} */
    this.asking = "";
  }

  /** @param {string} name what is asked @param {string} text @param {Option[]} options */
  ask(name, text, options) {
    this.asking = name;
    this.text.textContent = text;
    this.buttons.replaceChildren(...options.map((option) => {
      const b = button((option.primary ? "md-button--primary " : "") + "sopkit-choice__" + option.name,
        option.label);
      b.addEventListener("click", (event) => {
        event.stopPropagation();
        this.close();
        option.act();
      });
      return b;
    }));
    this.box.hidden = false;
    this.text.focus({ preventScroll: true });
  }

  close() {
    this.asking = "";
    this.box.hidden = true;
    this.buttons.replaceChildren();
  }
}
