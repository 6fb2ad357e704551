/** One tree, one step at a time; it adds to the guide HTML, which works without it. */

import { Steps, Strings, button, el, focusHeading, required, squash, words } from "./dom.mjs";
import { Journey, arrive } from "./history.mjs";
import { markCurrent } from "./map.mjs";
import { CaseNote, CopyFallback, copy } from "./note.mjs";
import { AnswerList, addMissingPanel, renderMissingPanel } from "./progress.mjs";
import { Timebox } from "./timer.mjs";

export class Guide {
  /** @param {HTMLElement} root @param {import("./player.mjs").Player} page */
  constructor(root, page) {
    this.root = root;
    this.page = page;
    this.id = required(root, "data-sopkit-tree");
    this.start = required(root, "data-sopkit-start");
    this.hash = root.getAttribute("data-sopkit-hash") || "";
    this.version = root.getAttribute("data-sopkit-version") || this.hash;
    this.key = this.id + "@" + this.hash;
    this.pathname = location.pathname;
    let data = {};
    try {
      data = JSON.parse(root.getAttribute("data-sopkit-data") || "{}") || {};
    } catch (e) {
      throw new Error(`sopkit: the data-sopkit-data of tree '${this.id}' is not JSON: ${e}`);
    }
    const note = data.note || {};
    this.strings = new Strings(data.ui);
    this.title = words(root.querySelector(".sopkit-tree__title"));
    this.note = new CaseNote(this, note, note.ui ? new Strings(note.ui) : this.strings);
    this.steps = new Steps(root, this.id);
    if (!this.steps.has(this.start)) {
      throw new Error(`sopkit: tree '${this.id}' starts at '${this.start}', not one of its steps`);
    }
    this.nav = page.navigation(this.id);
    /** @type {Map<string, Timebox>} */
    this.timeboxes = new Map();
    this.build();
    this.journey = arrive(page.store, {
      tree: this.id, key: this.key, hash: this.hash, start: this.start,
      target: this.steps.fromHash(location.hash), isNode: (id) => this.steps.has(id)
    });
    this.stale = true; // inputs to set
    this.render({ focus: this.steps.fromHash(location.hash) !== null, announce: false });
  }

  fresh() {
    return new Journey(this.hash, this.start);
  }

  build() {
    const root = this.root;
    const strings = this.strings;
    const steps = root.querySelector(".sopkit-steps");
    if (!steps) throw new Error(`sopkit: tree '${this.id}' has no .sopkit-steps`);
    root.classList.add("sopkit-tree--player");

    this.notice = el("div", "admonition note sopkit-notice sopkit-chrome");
    this.notice.setAttribute("role", "note");
    this.notice.hidden = true;
    steps.before(this.notice);

    const bar = el("div", "sopkit-toolbar sopkit-chrome");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", this.title);
    this.backButton = button("sopkit-back", strings.text("back"));
    bar.append(this.backButton, button("sopkit-restart", strings.text("restart")),
      button("md-button--primary sopkit-copy-note", strings.text("copy_note")));
    this.fallback = new CopyFallback(this.id + "--case-note", this.note.lang || root.lang,
      strings.text("copy_failed"), this.note.strings.text("note_title"));
    this.answers = new AnswerList(this);
    steps.after(bar, this.fallback.box, this.answers.section);

    this.live = el("div", "sopkit-sr-only sopkit-live");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");
    root.appendChild(this.live);

    // The player restores them; else Chromium saves them all with each history entry.
    root.querySelectorAll("input[data-sopkit-check]").forEach((box) => {
      box.autocomplete = "off";
    });
    root.querySelectorAll(".sopkit-script__text").forEach((quote) => {
      quote.after(button("sopkit-copy-script sopkit-chrome", strings.text("copy_script")));
    });
    for (const [id, li] of this.steps.nodes) {
      if (li.hasAttribute("data-sopkit-timebox")) this.timeboxes.set(id, new Timebox(li, strings));
      const result = li.getAttribute("data-sopkit-result");
      if (result === "escalate" || result === "transfer") addMissingPanel(li);
    }

    root.addEventListener("click", (event) => this.onClick(event));
    root.addEventListener("input", (event) => this.onInput(event));
    root.addEventListener("change", (event) => this.onInput(event));
  }

  /** @param {MouseEvent} event */
  onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    this.page.active = this.id;
    const answer = target.closest("a.sopkit-answer[data-sopkit-next]");
    if (answer && this.root.contains(answer)) {
      // Else Material's instant navigation pushes an entry.
      event.preventDefault();
      event.stopPropagation();
      const node = answer.closest("li.sopkit-node");
      if (node && node.getAttribute("data-sopkit-node") === this.journey.current) {
        this.choose(answer.getAttribute("data-sopkit-next") || "");
      }
      return;
    }
    const goto = target.closest("a.sopkit-goto[data-sopkit-goto]");
    if (goto) {
      this.handOff(goto, event);
      return;
    }
    const script = target.closest(".sopkit-copy-script");
    const revisit = target.closest("[data-sopkit-revisit]");
    if (target.closest(".sopkit-back")) this.back();
    else if (target.closest(".sopkit-restart")) this.restart();
    else if (target.closest(".sopkit-copy-note")) this.copy(this.note.text(), this.fallback);
    else if (script) {
      const quote = script.previousElementSibling;
      this.copy(squash(quote.innerText || quote.textContent), null);
    } else if (revisit) this.revisit(revisit.getAttribute("data-sopkit-revisit") || "");
  }

  /** @param {HTMLAnchorElement} goto @param {Event} event */
  handOff(goto, event) {
    const id = goto.getAttribute("data-sopkit-goto") || "";
    const carry = { from: this.title, blocks: this.journey.carried.concat([this.note.block()]) };
    const other = this.page.guides().find((guide) => guide.id === id);
    if (other) {
      // On this page: no navigation.
      event.preventDefault();
      event.stopPropagation();
      other.adopt(carry, other.steps.fromHash(goto.hash));
    } else {
      this.page.store.write("carry:" + id, carry);
    }
  }

  /** @param {Event} event */
  onInput(event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement)) return;
    const check = input.getAttribute("data-sopkit-check");
    const field = input.getAttribute("data-sopkit-field");
    if (check !== null) this.journey.checks.set(check, input.checked);
    else if (field !== null) this.journey.fields.set(field, input.value);
    else return;
    renderMissingPanel(this);
    this.save();
  }

  /** @param {string} hash @param {boolean} usedLast */
  onHash(hash, usedLast) {
    const id = this.steps.fromHash(hash);
    const journey = this.journey;
    if (id === null) {
      if (!hash && usedLast && this.nav.fromEmptyHash && journey.path.length > 1) {
        journey.path.length = 1;
        this.nav.pushes = 0;
        this.render({ focus: true, announce: true });
      }
      return;
    }
    if (id === journey.current) return;
    if (journey.backTo(id)) {
      this.nav.pushes = Math.max(0, this.nav.pushes - 1);
    } else if (this.nextOf(journey.current) === id) {
      journey.path.push(id);
      this.nav.pushes += 1;
    } else {
      journey.jump(id, this.start);
    }
    journey.replay = false;
    this.render({ focus: true, announce: true });
  }

  /** @param {string} id */
  nextOf(id) {
    const li = this.steps.node(id);
    if (li.getAttribute("data-sopkit-type") === "step") {
      const link = li.querySelector("a.sopkit-answer[data-sopkit-next]");
      return link ? link.getAttribute("data-sopkit-next") : null;
    }
    return this.journey.answers.get(id) || null;
  }

  /** @param {string} next */
  choose(next) {
    if (!this.steps.has(next)) return;
    this.journey.choose(next, (id) => this.steps.has(id));
    this.push();
    this.render({ focus: true, announce: true });
  }

  push() {
    if (!location.hash) this.nav.fromEmptyHash = true;
    history.pushState(history.state, "", "#" + this.steps.heading(this.journey.current).id);
    this.nav.pushes += 1;
    this.page.active = this.id;
  }

  back() {
    const journey = this.journey;
    if (journey.path.length < 2) return;
    if (this.nav.pushes > 0 && this.steps.fromHash(location.hash) === journey.current) {
      history.back(); // popstate moves the player
      return;
    }
    journey.path.pop();
    journey.replay = false;
    history.replaceState(history.state, "", "#" + this.steps.heading(journey.current).id);
    this.render({ focus: true, announce: true });
  }

  /** @param {string} id */
  revisit(id) {
    if (!this.journey.backTo(id)) return;
    this.journey.replay = true;
    this.push();
    this.render({ focus: true, announce: true });
  }

  /** @param {{from: string, blocks: string[][]}} carry @param {string | null} target */
  adopt(carry, target) {
    this.journey = this.fresh();
    this.journey.path = [target || this.start];
    this.journey.carried = carry.blocks;
    this.journey.from = carry.from;
    this.stale = true;
    this.push();
    this.render({ focus: true, announce: true });
  }

  restart() {
    this.page.store.forget(this.key);
    this.journey = this.fresh();
    this.stale = true;
    this.fallback.clear();
    this.push();
    this.render({ focus: true, announce: true });
  }

  /** @param {{focus: boolean, announce: boolean}} options */
  render(options) {
    const journey = this.journey;
    const current = journey.current;
    // Only those that change: a tree may have 1,000.
    for (const [id, li] of this.steps.nodes) {
      const hide = id !== current;
      if (li.hidden !== hide) li.hidden = hide;
    }
    if (this.stale) {
      this.stale = false;
      this.root.querySelectorAll("input[data-sopkit-check]").forEach((box) => {
        box.checked = Boolean(journey.checks.get(box.getAttribute("data-sopkit-check") || ""));
      });
      this.root.querySelectorAll("input[data-sopkit-field]").forEach((field) => {
        const value = journey.fields.get(field.getAttribute("data-sopkit-field") || "") || "";
        if (field.value !== value) field.value = value;
      });
    }
    this.backButton.disabled = journey.path.length < 2;
    this.renderNotice();
    this.answers.render();
    renderMissingPanel(this);
    if (this.timeboxes.has(current) && !journey.timers.get(current)) {
      journey.timers.set(current, Date.now());
    }
    this.tick();
    this.page.ticker.start();
    this.save();
    const heading = this.steps.heading(current);
    if (options.announce) this.live.textContent = squash(heading.textContent);
    if (options.focus) focusHeading(heading);
    markCurrent(this.root, current);
  }

  renderNotice() {
    const journey = this.journey;
    let text = "";
    if (journey.from) text = this.strings.text("note_continued") + ": " + journey.from;
    if (journey.skipped) text = (text ? text + " " : "") + this.strings.text("skipped");
    this.notice.textContent = text;
    this.notice.hidden = !text;
  }

  /** @returns {boolean} */
  tick() {
    const current = this.journey.current;
    const timebox = this.timeboxes.get(current);
    return timebox ? timebox.show(this.journey.timers.get(current) || 0) : false;
  }

  save() {
    this.page.store.save(this.key, this.journey);
  }

  /** @param {string} text @param {CopyFallback | null} fallback */
  copy(text, fallback) {
    if (fallback) fallback.box.hidden = true;
    copy(text, () => {
      this.live.textContent = this.strings.text("copied");
    }, () => {
      if (!fallback) return;
      fallback.show(text);
      this.live.textContent = this.strings.text("copy_failed");
    });
  }
}
