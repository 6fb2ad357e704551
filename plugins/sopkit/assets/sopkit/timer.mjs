/** Time boxes: a countdown, then what to do (the step's own words, from its time-box line). */

import { el, pad } from "./dom.mjs";
import { duration } from "./duration.mjs";

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
    const tree = step.closest("[lang]");
    this.lang = (tree && tree.getAttribute("lang")) || document.documentElement.lang || "en";
    /** What to do when time is up: the words under the step's title (see render/timebox.py). */
    this.then = step.querySelector(".sopkit-timebox__then");
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
    if (this.up.hidden || !this.up.hasChildNodes()) {
      this.up.replaceChildren(...this.timeUp());
      this.up.hidden = false;
    }
    return false;
  }

  /** "Time is up (30 seconds): " and the step's action, copied from its time-box line. */
  timeUp() {
    const text = this.strings.format("timebox_up", { duration: duration(this.seconds, this.lang) });
    const [before, after = ""] = text.split("{action}");
    const action = this.then ? Array.from(this.then.childNodes, (n) => n.cloneNode(true)) : [];
    return [before, ...action, after].filter((part) => part !== "");
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
