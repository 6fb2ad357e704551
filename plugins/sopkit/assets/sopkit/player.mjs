/** The player's entry: a Guide for each guide on the page. */

import { Guide } from "./guide.mjs";
import { SessionStore } from "./storage.mjs";
import { Ticker } from "./timer.mjs";

/** What the guides of the document share. */
export class Player {
  constructor() {
    /** @type {Guide[]} */
    this.all = [];
    this.store = new SessionStore();
    /** @type {string | null} */
    this.active = null;
    /** @type {Map<string, {pushes: number, fromEmptyHash: boolean}>} outlives swapped pages */
    this.navigations = new Map();
    // Reached by the browser's Back or Forward rather than opened: a guide then shows the
    // step of the address (its start when there is none), and does not ask about the call.
    const entry = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType("navigation")[0]);
    this.traversed = Boolean(entry && entry.type === "back_forward");
    this.ticker = new Ticker(() => this.guides().map((guide) => guide.tick()).includes(true));
  }

  /** @returns {Guide[]} */
  guides() {
    for (const guide of this.all) if (!guide.root.isConnected && !this.onPage(guide)) guide.events.leave();
    this.all = this.all.filter((guide) => guide.root.isConnected);
    return this.all;
  }

  /** True when the page now shown has `guide`'s tree at its address: Material's instant
   * navigation swapped the page for itself (going back to its first entry), not left it.
   * @param {Guide} guide */
  onPage(guide) {
    if (guide.pathname !== location.pathname) return false;
    return Array.from(document.querySelectorAll("section.sopkit-tree[data-sopkit-tree]"))
      .some((root) => root.getAttribute("data-sopkit-tree") === guide.id);
  }

  /** @param {string} id */
  navigation(id) {
    let facts = this.navigations.get(id);
    if (!facts) this.navigations.set(id, (facts = { pushes: 0, fromEmptyHash: false }));
    return facts;
  }

  start() {
    this.guides();
    document.querySelectorAll("section.sopkit-tree[data-sopkit-tree]").forEach((root) => {
      if (root.hasAttribute("data-sopkit-ready")) return;
      root.setAttribute("data-sopkit-ready", "");
      try {
        this.all.push(new Guide(root, this));
      } catch (e) {
        // A broken page keeps the plain guide rather than a half-built player.
        root.classList.remove("sopkit-tree--player");
        window.console.warn("sopkit: guide left static:", e);
      }
    });
  }

  /** Only guides of the page in the address bar follow it. */
  onHash() {
    for (const guide of this.guides()) {
      if (guide.pathname === location.pathname) guide.onHash(location.hash, guide.id === this.active);
    }
  }

  /** @param {KeyboardEvent} event */
  onKey(event) {
    // A held key repeats: it answers one question, not the next ones too.
    if (event.defaultPrevented || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (!/^[1-9]$/.test(event.key) || (target instanceof Element &&
      (target.isContentEditable || target.closest("input, textarea, select, [contenteditable]")))) return;
    const guides = this.guides();
    const focused = document.activeElement;
    const guide = guides.find((g) => g.root.contains(focused)) ||
      guides.find((g) => g.id === this.active) || (guides.length === 1 ? guides[0] : null);
    if (!guide || guide.choice.asking) return;
    const link = guide.steps.node(guide.journey.current).querySelectorAll("a.sopkit-answer")[Number(event.key) - 1];
    if (!(link instanceof HTMLElement)) return;
    event.preventDefault();
    link.click();
  }

  listen() {
    const onHash = () => this.onHash();
    const start = () => this.start();
    window.addEventListener("popstate", () => {
      this.traversed = true;
      onHash();
    });
    document.addEventListener("click", () => {
      this.traversed = false;
    }, true);
    window.addEventListener("hashchange", onHash);
    document.addEventListener("keydown", (event) => this.onKey(event));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.guides().forEach((guide) => guide.wake());
    });
    // Material's instant navigation swaps pages without a reload and emits on document$;
    // same-page link changes that it pushes itself come through location$.
    const material = /** @type {any} */ (window);
    if (material.document$ && typeof material.document$.subscribe === "function") {
      material.document$.subscribe(start);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
    if (material.location$ && typeof material.location$.subscribe === "function") {
      let lastPath = location.pathname;
      material.location$.subscribe((/** @type {URL | undefined} */ url) => {
        const samePage = url && url.pathname === lastPath;
        lastPath = url ? url.pathname : location.pathname;
        if (samePage) window.setTimeout(onHash, 0);
      });
    }
  }
}

// Once, even if a theme adds the module again under another address.
const page = /** @type {any} */ (window);
if (!page.sopkitPlayer) {
  page.sopkitPlayer = { version: 1 };
  new Player().listen();
}
