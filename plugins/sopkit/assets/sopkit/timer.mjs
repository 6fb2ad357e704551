/** Time boxes: a countdown, then what to do. */

import { el, pad } from "./dom.mjs";

/** @param {number} seconds */
function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return Math.floor(s / 60) + ":" + pad(s % 60);
}

export class Timebox {
  /** @param {HTMLElement} step @param {import("./dom.mjs").Strings} strings */
  constructor(step, strings) {
    this.seconds = Number(step.getAttribute("data-sopkit-timebox"));
    this.strings = strings;
    this.countdown = el("p", "sopkit-countdown sopkit-chrome");
    this.countdown.setAttribute("role", "timer");
    this.up = el("p", "admonition warning sopkit-timeup sopkit-chrome");
    this.up.setAttribute("role", "alert");
    this.up.hidden = true;
    const after = step.querySelector(".sopkit-timebox") || step.querySelector(".sopkit-node__title");
    if (!after) throw new Error(`sopkit: step '${step.getAttribute("data-sopkit-node")}' has no title`);
    after.after(this.countdown, this.up);
  }

  /** @param {number} started @returns {boolean} true while time is left */
  show(started) {
    const left = this.seconds - (Date.now() - started) / 1000;
    if (left > 0) {
      this.countdown.textContent = this.strings.format("timebox_left", { time: clock(left) });
      this.countdown.hidden = false;
      this.up.hidden = true;
      return true;
    }
    this.countdown.hidden = true;
    const text = this.strings.format("timebox_up", {
      minutes: String(Math.round((this.seconds / 60) * 10) / 10), action: this.strings.text("timebox_action")
    });
    if (this.up.hidden || this.up.textContent !== text) {
      this.up.textContent = text;
      this.up.hidden = false;
    }
    return false;
  }
}

/** One interval for the page while a time box runs. */
export class Ticker {
  /** @param {() => boolean} tick */
  constructor(tick) {
    this.tick = tick;
    /** @type {number | null} */
    this.interval = null;
  }

  start() {
    if (this.interval !== null) return;
    this.interval = window.setInterval(() => {
      if (!this.tick() && this.interval !== null) {
        window.clearInterval(this.interval);
        this.interval = null;
      }
    }, 1000);
  }
}
