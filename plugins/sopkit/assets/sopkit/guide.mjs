/** One tree, one step at a time; it adds to the guide HTML, which works without it. */

import { Calls } from "./call.mjs";
import { Choice } from "./choice.mjs";
import { Decisions } from "./decisions.mjs";
import { Steps, Strings, button, el, focusHeading, required, squash, words } from "./dom.mjs";
import { GuideEvents } from "./events.mjs";
import { Fields } from "./fields.mjs";
import { Journey } from "./history.mjs";
import { markCurrent } from "./map.mjs";
import { CaseNote, CopyFallback, clockTime, copy } from "./note.mjs";
import { AnswerList, addMissingPanel, renderMissingPanel } from "./progress.mjs";
import { Timebox } from "./timer.mjs";

/** How long the copy confirmation stays in view. */
const COPIED_MS = 4000;

export class Guide {
  /** @param {HTMLElement} root @param {import("./player.mjs").Player} page */
  constructor(root, page) {
    this.root = root;
    this.page = page;
    this.id = required(root, "data-sopkit-tree");
    this.start = required(root, "data-sopkit-start");
    this.hash = root.getAttribute("data-sopkit-hash") || "";
    this.version = root.getAttribute("data-sopkit-version") || this.hash;
    this.pathname = location.pathname;
    let data = {};
    try {
      data = JSON.parse(root.getAttribute("data-sopkit-data") || "{}") || {};
    } catch (e) {
      throw new Error(`sopkit: the data-sopkit-data of tree '${this.id}' is not JSON: ${e}`);
    }
    const note = data.note || {};
    this.strings = new Strings(data.ui);
    this.title = words(root.querySelector(".sopkit-tree__title")) || String(note.title || this.id);
    this.note = new CaseNote(this, note, note.ui ? new Strings(note.ui) : this.strings);
    this.steps = new Steps(root, this.id);
    if (!this.steps.has(this.start)) {
      throw new Error(`sopkit: tree '${this.id}' starts at '${this.start}', not one of its steps`);
    }
    const idle = Number((data.call || {}).idle_minutes);
    this.calls = new Calls(page.store, idle > 0 ? idle : 240);
    this.nav = page.navigation(this.id);
    this.events = new GuideEvents(this, data.events);
    /** @type {Map<string, Timebox>} */
    this.timeboxes = new Map();
    this.shownAt = 0; // when the current step was shown (performance.now())
    this.pressedAt = -1; // when the pointer last went down in the guide
    this.build();
    this.arrive();
  }

  build() {
    const root = this.root;
    const strings = this.strings;
    const steps = root.querySelector(".sopkit-steps");
    if (!(steps instanceof HTMLElement)) throw new Error(`sopkit: tree '${this.id}' has no .sopkit-steps`);
    this.list = steps;
    root.classList.add("sopkit-tree--player");

    this.notice = el("div", "admonition note sopkit-notice sopkit-chrome");
    this.notice.setAttribute("role", "note");
    this.notice.hidden = true;
    this.choice = new Choice(this.id + "--choice");
    this.decisions = new Decisions(this);
    steps.before(this.notice, this.choice.box, this.decisions.box);

    const bar = el("div", "sopkit-toolbar sopkit-chrome");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", this.title);
    this.backButton = button("sopkit-back", strings.text("back"));
    this.copied = el("span", "sopkit-copied");
    this.copied.setAttribute("role", "status");
    bar.append(this.backButton, button("sopkit-restart", strings.text("restart")),
      button("sopkit-new-call", strings.text("new_call")),
      button("md-button--primary sopkit-copy-note", strings.text("copy_note")), this.copied);
    this.toolbar = bar;
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
      /** @type {HTMLInputElement} */ (box).autocomplete = "off";
    });
    this.fields = new Fields(root, root.lang, strings);
    root.querySelectorAll(".sopkit-script__text").forEach((quote) => {
      quote.after(button("sopkit-copy-script sopkit-chrome", strings.text("copy_script")));
    });
    for (const [id, li] of this.steps.nodes) {
      if (li.hasAttribute("data-sopkit-timebox")) this.timeboxes.set(id, new Timebox(li, strings));
      const result = li.getAttribute("data-sopkit-result");
      if (result === "escalate" || result === "transfer") addMissingPanel(li);
    }

    root.addEventListener("pointerdown", (event) => {
      this.pressedAt = event.timeStamp;
    });
    root.addEventListener("click", (event) => this.onClick(event));
    root.addEventListener("input", (event) => this.onInput(event));
    root.addEventListener("change", (event) => this.onInput(event));
  }

  /** The journey on arrival: handed off, resumed, deep-linked, or asked for. */
  arrive() {
    const { call, expired } = this.calls.open();
    this.call = call;
    const target = this.steps.fromHash(location.hash) ?? (this.page.traversed ? this.start : null);
    const handoff = this.calls.takeHandoff(call, this.id, location.hash);
    if (handoff) {
      this.journey = this.fresh(target);
      this.journey.skipped = false;
      this.journey.chain = handoff.chain;
      this.show({ focus: true, announce: false });
      return;
    }
    const saved = this.restore();
    if (saved && target !== null) {
      const at = saved.lastIndexOf(target);
      if (at >= 0) saved.backTo(at);
      else if (!saved.updated) saved.jump(target, this.start);
      this.journey = saved;
      // After an update, the address may name a step the kept path no longer reaches.
      if (at < 0 && saved.updated) history.replaceState(history.state, "", "#" + this.steps.heading(saved.current).id);
      this.show({ focus: true, announce: false });
      return;
    }
    this.journey = saved || this.fresh(target);
    if (target === null && saved && saved.started) {
      this.askToContinue(saved);
      return;
    }
    this.show({ focus: target !== null, announce: false });
    if (expired) this.tell(this.strings.format("call_expired", { minutes: String(this.calls.idleMs / 60000) }));
  }

  /** @param {string | null} [target] */
  fresh(target) {
    const journey = new Journey(this.hash, this.start, this.call.id);
    if (target && target !== this.start) journey.jump(target, this.start);
    return journey;
  }

  restore() {
    // A saved decision stands as taken: the values it read are restored after the path.
    const follow = (/** @type {string} */ node, /** @type {string} */ answer) =>
      this.decisions.has(node) ? (this.leadsTo(node, answer) ? answer : null) : this.follow(node, answer);
    const saved = Journey.restore(this.calls.journey(this.id), {
      hash: this.hash, start: this.start, call: this.call.id,
      isNode: (id) => this.steps.has(id), follow
    });
    if (saved) this.events.restored(saved);
    return saved;
  }

  /** True when `next` is one of the nodes decide node `node` can lead to. @param {string} node @param {string} next */
  leadsTo(node, next) {
    for (const link of this.steps.node(node).querySelectorAll("a[data-sopkit-next]")) {
      if (link.getAttribute("data-sopkit-next") === next) return true;
    }
    return false;
  }

  /** Takes the decisions the journey has arrived at, until it stands at a step to show. */
  settle() {
    const journey = this.journey;
    for (let guard = 0; guard < 1000 && this.decisions.has(journey.current); guard++) {
      const node = journey.current;
      const decision = this.decisions.take(node);
      if (!this.steps.has(decision.next)) return;
      journey.decisions.set(node, { why: decision.why, note: decision.note });
      journey.choose(decision.next, decision.next, (n, a) => this.follow(n, a));
    }
  }

  /** Opened again while its call is open: the same customer, or the next one? @param {Journey} saved */
  askToContinue(saved) {
    this.setAsking(true);
    const S = this.strings;
    const where = { guide: this.title, n: String(saved.path.length), step: words(this.steps.heading(saved.current)) };
    const text = S.format("call_prompt", {
      time: clockTime(new Date(this.call.started)), where: S.format("call_where", where)
    });
    this.choice.ask("continue", text, [
      { name: "continue", label: S.text("call_continue"), primary: true, act: () => this.resume() },
      { name: "new", label: S.text("call_new"), act: () => this.newCall() }
    ]);
  }

  /** @param {boolean} asking */
  setAsking(asking) {
    this.list.hidden = asking;
    this.toolbar.hidden = asking;
    this.answers.section.hidden = asking || this.journey.path.length < 2;
    if (asking) this.notice.hidden = true;
  }

  resume() {
    this.setAsking(false);
    this.show({ focus: true, announce: true });
  }

  /** Ends the call: every guide of the page starts again, with nothing typed. */
  newCall() {
    this.calls.end();
    this.call = this.calls.open().call;
    for (const guide of this.page.guides()) guide.reset(this.call);
  }

  /** @param {import("./call.mjs").Call} call */
  reset(call) {
    this.call = call;
    this.choice.close();
    this.fallback.clear();
    this.journey = this.fresh(null);
    this.setAsking(false);
    this.stale = true;
    if (this.steps.fromHash(location.hash) !== null) this.push();
    this.show({ focus: true, announce: true });
  }

  /** When the tab comes back after the call went idle for too long: a new call. */
  wake() {
    if (!this.calls.over(this.call)) return;
    const minutes = String(this.calls.idleMs / 60000);
    const { call } = this.calls.open();
    this.reset(call);
    this.tell(this.strings.format("call_expired", { minutes }));
  }

  /** Where answer `answer` of `node` leads ("" is a step's "continue"; a decision is taken again). @param {string} node @param {string} answer */
  follow(node, answer) {
    if (this.decisions.has(node)) return this.decisions.take(node).next;
    const link = this.answerLink(node, answer);
    return link ? link.getAttribute("data-sopkit-next") : null;
  }

  /** @param {string} node @param {string} answer @returns {HTMLElement | null} */
  answerLink(node, answer) {
    if (!this.steps.has(node)) return null;
    const li = this.steps.node(node);
    if (li.getAttribute("data-sopkit-type") === "step") {
      return answer === "" ? li.querySelector("a.sopkit-answer[data-sopkit-next]") : null;
    }
    for (const link of li.querySelectorAll("a.sopkit-answer[data-sopkit-answer]")) {
      if (link.getAttribute("data-sopkit-answer") === answer) return /** @type {HTMLElement} */ (link);
    }
    return null;
  }

  /** @param {MouseEvent} event */
  onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || this.root.querySelector(".sopkit-choice")?.contains(target)) return;
    this.page.active = this.id;
    if (this.calls.over(this.call)) {
      // Left idle for longer than a call lasts: this press belongs to a new call.
      event.preventDefault();
      this.wake();
      return;
    }
    const answer = target.closest("a.sopkit-answer[data-sopkit-next]");
    if (answer && this.root.contains(answer)) {
      // Else Material's instant navigation pushes an entry.
      event.preventDefault();
      event.stopPropagation();
      const node = answer.closest("li.sopkit-node");
      // A double-click, or a press that began before this step was shown, answers nothing.
      const early = event.detail > 1 || (event.detail === 1 && this.pressedAt >= 0 && this.pressedAt < this.shownAt);
      if (!early && node && node.getAttribute("data-sopkit-node") === this.journey.current) {
        this.choose(answer.getAttribute("data-sopkit-answer") || "", answer.getAttribute("data-sopkit-next") || "");
      }
      return;
    }
    const goto = target.closest("a.sopkit-goto[data-sopkit-goto]");
    if (goto instanceof HTMLAnchorElement) {
      this.handOff(goto, event);
      return;
    }
    const script = target.closest(".sopkit-copy-script");
    const revisit = target.closest("[data-sopkit-revisit]");
    if (target.closest(".sopkit-back")) this.back();
    else if (target.closest(".sopkit-restart")) this.restart();
    else if (target.closest(".sopkit-new-call")) this.newCall();
    else if (target.closest(".sopkit-copy-note")) {
      this.events.noteCopied();
      this.copy(this.note.text(this.call.started), this.fallback);
    }
    else if (script) {
      const quote = /** @type {HTMLElement} */ (script.previousElementSibling);
      this.copy(squash(quote.innerText || quote.textContent), null);
    } else if (revisit) this.revisit(Number(revisit.getAttribute("data-sopkit-revisit")));
  }

  /** @param {HTMLAnchorElement} goto @param {Event} event */
  handOff(goto, event) {
    const id = goto.getAttribute("data-sopkit-goto") || "";
    const journey = this.journey;
    const visit = { tree: this.id, title: this.title, page: location.pathname, node: journey.current,
      block: this.note.block() };
    const chain = journey.chain.concat([visit]);
    const other = this.page.guides().find((guide) => guide.id === id);
    this.events.handedOff(id);
    this.save();
    if (other) {
      // On this page: no navigation.
      event.preventDefault();
      event.stopPropagation();
      other.adopt(chain, other.steps.fromHash(goto.hash));
    } else {
      this.call.handoff = { tree: id, hash: goto.hash, from: this.id, at: Date.now(), chain };
      this.calls.touch(this.call);
    }
  }

  /** @param {import("./history.mjs").Visit[]} chain @param {string | null} target */
  adopt(chain, target) {
    this.call = this.calls.open().call;
    this.journey = this.fresh(target);
    this.journey.skipped = false;
    this.journey.chain = chain;
    this.stale = true;
    this.push();
    this.show({ focus: true, announce: true });
  }

  /** @param {Event} event */
  onInput(event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement || input instanceof HTMLSelectElement)) return;
    const check = input.getAttribute("data-sopkit-check");
    const field = input.getAttribute("data-sopkit-field");
    if (check !== null && input instanceof HTMLInputElement) this.journey.checks.set(check, input.checked);
    else if (field !== null) this.journey.fields.set(field, this.fields.read(input));
    else return;
    renderMissingPanel(this);
    this.save();
  }

  /** @param {string} hash @param {boolean} usedLast */
  onHash(hash, usedLast) {
    if (this.choice.asking === "continue") return;
    const id = this.steps.fromHash(hash);
    const journey = this.journey;
    if (id === null) {
      if (!hash && usedLast && this.nav.fromEmptyHash && journey.path.length > 1) {
        journey.backTo(0);
        this.nav.pushes = 0;
        this.render({ focus: true, announce: true });
      }
      return;
    }
    if (id === journey.current) return;
    const at = journey.lastIndexOf(id);
    if (at >= 0) {
      journey.backTo(at);
      this.nav.pushes = Math.max(0, this.nav.pushes - 1);
    } else if (journey.forward(id, (node, answer) => this.follow(node, answer))) {
      this.nav.pushes += 1;
    } else {
      journey.jump(id, this.start);
    }
    journey.replay = false;
    this.render({ focus: true, announce: true });
  }

  /** @param {string} answer @param {string} next */
  choose(answer, next) {
    if (!this.steps.has(next)) return;
    this.events.answered(answer);
    this.journey.leave(Date.now());
    this.journey.choose(answer, next, (node, a) => this.follow(node, a));
    this.settle();
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
    if (journey.path.length < 2) {
      this.backToEarlierGuide();
      return;
    }
    if (this.nav.pushes > 0 && this.steps.fromHash(location.hash) === journey.current) {
      history.back(); // popstate moves the player
      return;
    }
    let to = journey.path.length - 2;
    while (to > 0 && this.decisions.has(journey.path[to].node)) to--; // a decision is not a step
    journey.backTo(to);
    journey.replay = false;
    history.replaceState(history.state, "", "#" + this.steps.heading(journey.current).id);
    this.render({ focus: true, announce: true });
  }

  /** From the first step of a guide reached by a hand-off, back into the guide it came from. */
  backToEarlierGuide() {
    const before = this.journey.chain[this.journey.chain.length - 1];
    if (!before) return;
    const other = this.page.guides().find((guide) => guide.id === before.tree);
    if (other) other.resumeAt(before.node);
    else location.assign(before.page + "#" + before.tree + "--" + before.node);
  }

  /** @param {string} node */
  resumeAt(node) {
    const saved = this.restore();
    if (saved) this.journey = saved;
    const at = this.journey.lastIndexOf(node);
    if (at >= 0) this.journey.backTo(at);
    this.stale = true;
    this.push();
    this.show({ focus: true, announce: true });
  }

  /** @param {number} index */
  revisit(index) {
    if (!this.journey.backTo(index)) return;
    this.journey.replay = true;
    this.push();
    this.render({ focus: true, announce: true });
  }

  restart() {
    const chain = this.journey.chain;
    if (!chain.length) {
      this.restartGuide();
      return;
    }
    const S = this.strings;
    this.choice.ask("restart", S.text("restart_prompt"), [
      { name: "guide", label: S.text("restart_guide"), primary: true, act: () => this.restartGuide() },
      { name: "call", label: S.text("restart_call"), act: () => this.restartCall() },
      { name: "cancel", label: S.text("cancel"), act: () => focusHeading(this.steps.heading(this.journey.current)) }
    ]);
  }

  /** This guide from its start; the earlier guides' part of the note stays. */
  restartGuide() {
    this.events.restarted();
    // A hand-off belongs to the call, not to this guide (DECISIONS 4): it is taken up only
    // at the address it names and within a minute, so a restart need not clear it.
    const chain = this.journey.chain;
    this.journey = this.fresh(null);
    this.journey.chain = chain;
    this.stale = true;
    this.fallback.clear();
    this.push();
    this.render({ focus: true, announce: true });
  }

  /** The first guide of the call from its start, with nothing of the call kept but its start time. */
  restartCall() {
    this.events.restarted();
    const first = this.journey.chain[0];
    this.calls.forgetJourneys();
    this.call.handoff = null;
    this.calls.touch(this.call);
    const other = first && this.page.guides().find((guide) => guide.id === first.tree);
    if (!first || other === this) this.restartGuide();
    else if (other) {
      other.reset(this.call);
      this.reset(this.call);
      focusHeading(other.steps.heading(other.journey.current));
    } else location.assign(first.page);
  }

  /** @param {string} text */
  tell(text) {
    this.notice.textContent = text;
    this.notice.hidden = !text;
  }

  /** Shows the journey after arrival (inputs filled in from it). @param {{focus: boolean, announce: boolean}} options */
  show(options) {
    this.stale = true;
    this.setAsking(false);
    this.render(options);
  }

  /** @param {{focus: boolean, announce: boolean}} options */
  render(options) {
    const journey = this.journey;
    if (this.decisions.has(journey.current)) {
      // Arrived at a decision (a link, a restart, a start that decides): take it.
      this.settle();
      history.replaceState(history.state, "", "#" + this.steps.heading(journey.current).id);
    }
    const current = journey.current;
    // Only those that change: a tree may have 1,000.
    for (const [id, li] of this.steps.nodes) {
      const hide = id !== current;
      if (li.hidden !== hide) li.hidden = hide;
    }
    if (this.stale) {
      this.stale = false;
      this.root.querySelectorAll("input[data-sopkit-check]").forEach((box) => {
        /** @type {HTMLInputElement} */ (box).checked = Boolean(journey.checks.get(box.getAttribute("data-sopkit-check") || ""));
      });
      this.fields.restore(journey.fields);
    }
    const heading = this.steps.heading(current);
    const number = heading.querySelector(".sopkit-node__step");
    // Decisions are taken, not shown: they are not steps the agent counts.
    const shown = journey.path.filter((entry) => !this.decisions.has(entry.node)).length;
    if (number) number.textContent = this.strings.format("path_step", { n: String(shown) });
    this.backButton.disabled = journey.path.length < 2 && journey.chain.length === 0;
    this.renderNotice();
    this.decisions.render();
    this.answers.render();
    renderMissingPanel(this);
    if (this.timeboxes.has(current) && !journey.timers.get(current)) {
      journey.timers.set(current, { started: Date.now(), ended: 0 });
    }
    this.tick();
    this.page.ticker.start();
    this.save();
    this.shownAt = performance.now();
    if (options.announce) this.live.textContent = squash(heading.textContent);
    if (options.focus) focusHeading(heading);
    markCurrent(this.root, current);
    this.events.shown();
  }

  renderNotice() {
    const journey = this.journey;
    const S = this.strings;
    const said = [];
    const from = journey.chain[journey.chain.length - 1];
    if (from) said.push(S.text("note_continued") + ": " + from.title);
    if (journey.updated) said.push(S.text("updated"));
    if (journey.skipped) said.push(S.text("skipped"));
    this.tell(said.join(" "));
  }

  /** @returns {boolean} */
  tick() {
    const current = this.journey.current;
    const timebox = this.timeboxes.get(current);
    const timer = this.journey.timers.get(current);
    return timebox ? timebox.show(timer ? timer.started : Date.now()) : false;
  }

  save() {
    this.calls.saveJourney(this.id, this.journey);
    this.calls.touch(this.call);
  }

  /** @param {string} text @param {CopyFallback | null} fallback */
  copy(text, fallback) {
    if (fallback) fallback.box.hidden = true;
    copy(text, () => {
      this.copied.textContent = this.strings.text("copied");
      window.setTimeout(() => {
        this.copied.textContent = "";
      }, COPIED_MS);
    }, () => {
      if (!fallback) return;
      fallback.show(text);
      this.live.textContent = this.strings.text("copy_failed");
    });
  }
}
