/** A call: one customer, from the first guide opened until the agent starts a new call or it expires.
 *
 * It holds a random id (never made from customer data), its start time, the time of the
 * agent's last action, and a hand-off on its way to another guide. Each guide's journey
 * (answers, typed values) is saved with the call's id; ending the call forgets them all,
 * so nothing typed for one customer reaches the next one's case note.
 */

import { isVisit } from "./history.mjs";

const CALL = "call";
const JOURNEY = "journey:";
/** A hand-off is taken up by the guide it leads to within this time, or not at all. */
const HANDOFF_MS = 60 * 1000;

/** @typedef {{tree: string, hash: string, from: string, at: number, chain: import("./history.mjs").Visit[]}} Handoff */

function randomId() {
  const bytes = new Uint8Array(12);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class Call {
  /** @param {string} id @param {number} started @param {number} touched @param {Handoff | null} handoff */
  constructor(id, started, touched, handoff) {
    this.id = id;
    this.started = started;
    this.touched = touched;
    this.handoff = handoff;
  }

  static create() {
    const now = Date.now();
    return new Call(randomId(), now, now, null);
  }

  /** @param {any} data */
  static restore(data) {
    if (!data || typeof data.id !== "string" || typeof data.started !== "number" ||
      typeof data.touched !== "number") return null;
    const h = data.handoff;
    const handoff = h && typeof h.tree === "string" && typeof h.hash === "string" &&
      typeof h.at === "number" && Array.isArray(h.chain) ?
      { tree: h.tree, hash: h.hash, from: String(h.from || ""), at: h.at, chain: h.chain.filter(isVisit) } : null;
    return new Call(data.id, data.started, data.touched, handoff);
  }
}

/** The tab's call and the journeys saved with it. */
export class Calls {
  /** @param {import("./storage.mjs").SessionStore} store @param {number} idleMinutes */
  constructor(store, idleMinutes) {
    this.store = store;
    this.idleMs = idleMinutes * 60 * 1000;
  }

  /** The open call; a call idle for too long is ended first. @returns {{call: Call, expired: boolean}} */
  open() {
    const call = Call.restore(this.store.load(CALL));
    if (call && Date.now() - call.touched <= this.idleMs) return { call, expired: false };
    if (call) this.end();
    const fresh = Call.create();
    this.store.save(CALL, fresh);
    return { call: fresh, expired: call !== null };
  }

  /** True when `call` is no longer the tab's open call (ended, or idle for too long). @param {Call} call */
  over(call) {
    const now = Call.restore(this.store.load(CALL));
    return !now || now.id !== call.id || Date.now() - now.touched > this.idleMs;
  }

  /** @param {Call} call */
  touch(call) {
    call.touched = Date.now();
    this.store.save(CALL, call);
  }

  /** Forget the call and everything saved with it (and anything an older player saved). */
  end() {
    this.store.forgetAll("");
  }

  /** @param {string} tree */
  journey(tree) {
    return this.store.load(JOURNEY + tree);
  }

  /** @param {string} tree @param {unknown} journey */
  saveJourney(tree, journey) {
    this.store.save(JOURNEY + tree, journey);
  }

  /** Forget every guide's journey, the call itself stays open. */
  forgetJourneys() {
    this.store.forgetAll(JOURNEY);
  }

  /** The hand-off of `call` to `tree` arriving at `hash`, taken up (once) if still fresh. @param {Call} call @param {string} tree @param {string} hash */
  takeHandoff(call, tree, hash) {
    const handoff = call.handoff;
    if (!handoff || handoff.tree !== tree) return null;
    call.handoff = null;
    this.touch(call);
    return handoff.hash === hash && Date.now() - handoff.at <= HANDOFF_MS ? handoff : null;
  }
}
