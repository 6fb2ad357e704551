/** The way through one tree: the steps taken and, for each, the answer given there.
 *
 * An answer is recorded by its id (`data-sopkit-answer`), never by its position or by
 * where it leads: two answers may lead to the same step. Ids come from content, so they
 * are only ever keys of a `Map`.
 */

/** @typedef {{node: string, answer: string | null}} Entry  answer "" is a step's "continue" */
/** @typedef {(node: string, answer: string) => string | null} Follow  where an answer leads */
/** @typedef {{tree: string, title: string, page: string, node: string, block: string[]}} Visit  an earlier guide of the call */

const VERSION = 2;

/** @param {unknown} value @returns {[string, any][]} */
function entries(value) {
  return value && typeof value === "object" && !Array.isArray(value) ? Object.entries(value) : [];
}

export class Journey {
  /** @param {string} hash @param {string} start @param {string} call */
  constructor(hash, start, call) {
    this.hash = hash;
    this.call = call;
    /** @type {Entry[]} */
    this.path = [{ node: start, answer: null }];
    /** @type {Map<string, boolean>} */
    this.checks = new Map();
    /** @type {Map<string, string>} */
    this.fields = new Map();
    /** @type {Map<string, {started: number, ended: number}>} */
    this.timers = new Map();
    /** @type {Map<string, {why: string, note: string}>} decide node -> the rule taken and why */
    this.decisions = new Map();
    /** @type {Entry[]} the steps after one the agent went back to, in case they go forward again */
    this.future = [];
    this.replay = false; // changing an earlier answer: follow the later ones again
    this.skipped = false;
    this.updated = false;
    /** @type {Visit[]} */
    this.chain = [];
  }

  get current() {
    return this.path[this.path.length - 1].node;
  }

  /** True once the agent did something worth resuming. */
  get started() {
    return this.path.length > 1 || [...this.fields.values()].some((v) => v.trim() !== "") ||
      [...this.checks.values()].some(Boolean);
  }

  /** @param {string} node */
  lastIndexOf(node) {
    for (let i = this.path.length - 1; i >= 0; i--) if (this.path[i].node === node) return i;
    return -1;
  }

  /** @param {string} answer @param {string} next @param {Follow} follow */
  choose(answer, next, follow) {
    const here = this.path[this.path.length - 1];
    const before = this.future.shift();
    here.answer = answer;
    this.path.push({ node: next, answer: null });
    if (this.replay) this.followFuture(follow);
    else if (!before || before.node !== here.node || before.answer !== answer) this.future = [];
  }

  /** After a changed answer: wherever a later answer applies again, give it again. @param {Follow} follow */
  followFuture(follow) {
    for (let guard = 0; guard < 10000; guard++) {
      const i = this.future.findIndex((f) => f.node === this.current && f.answer !== null);
      if (i < 0) break;
      const step = this.future[i];
      const next = follow(step.node, /** @type {string} */ (step.answer));
      if (next === null) break;
      this.future.splice(0, i + 1);
      this.path[this.path.length - 1].answer = step.answer;
      this.path.push({ node: next, answer: null });
    }
    this.future = [];
    this.replay = false;
  }

  /** Forward again along the steps gone back from, when `node` is the next of them. @param {string} node @param {Follow} follow */
  forward(node, follow) {
    const before = this.future[0];
    if (!before || before.node !== this.current || before.answer === null ||
      follow(before.node, before.answer) !== node) return false;
    this.choose(before.answer, node, follow);
    return true;
  }

  /** @param {number} index */
  backTo(index) {
    if (index < 0 || index >= this.path.length) return false;
    // Already there (a page swapped in for itself arrives so): the steps ahead stay ahead.
    if (index === this.path.length - 1) return true;
    // Back from a step already gone back to: the steps beyond it stay ahead too.
    const ahead = this.future.length && this.future[0].node === this.current ? this.future : this.path.slice(-1);
    this.future = [...this.path.slice(index, -1), ...ahead].map((entry) => ({ ...entry }));
    this.path.length = index + 1;
    this.path[index].answer = null;
    return true;
  }

  /** @param {string} node @param {string} start */
  jump(node, start) {
    this.path = [{ node, answer: null }];
    this.future = [];
    this.skipped = node !== start;
  }

  /** @param {number} now */
  leave(now) {
    const timer = this.timers.get(this.current);
    if (timer && !timer.ended) timer.ended = now;
  }

  toJSON() {
    return {
      version: VERSION, hash: this.hash, call: this.call, path: this.path, future: this.future,
      replay: this.replay, skipped: this.skipped, chain: this.chain,
      checks: Object.fromEntries(this.checks), fields: Object.fromEntries(this.fields),
      timers: Object.fromEntries(this.timers), decisions: Object.fromEntries(this.decisions)
    };
  }

  /**
   * A saved journey, as far as it still applies: a step or answer that no longer exists
   * after a redeploy ends the path there, and `updated` says so.
   * @param {any} data @param {{hash: string, start: string, call: string, isNode: (id: string) => boolean, follow: Follow}} tree
   */
  static restore(data, { hash, start, call, isNode, follow }) {
    if (!data || data.version !== VERSION || data.call !== call || !Array.isArray(data.path)) return null;
    const journey = new Journey(hash, start, call);
    /** @type {Entry[]} */
    const path = [];
    for (const entry of data.path) {
      if (!entry || typeof entry.node !== "string" || !isNode(entry.node)) break;
      const before = path[path.length - 1];
      if (before && (before.answer === null || follow(before.node, before.answer) !== entry.node)) break;
      path.push({ node: entry.node, answer: typeof entry.answer === "string" ? entry.answer : null });
    }
    if (path.length === 0) path.push({ node: start, answer: null });
    path[path.length - 1].answer = null;
    journey.path = path;
    journey.updated = data.hash !== hash;
    journey.skipped = Boolean(data.skipped) && path.length === data.path.length;
    if (!journey.updated && Array.isArray(data.future)) {
      journey.future = data.future.filter((f) => f && typeof f.node === "string")
        .map((f) => ({ node: f.node, answer: typeof f.answer === "string" ? f.answer : null }));
      journey.replay = Boolean(data.replay);
    }
    journey.checks = new Map(entries(data.checks).filter(([, v]) => typeof v === "boolean"));
    journey.fields = new Map(entries(data.fields).filter(([, v]) => typeof v === "string"));
    journey.timers = new Map(entries(data.timers).filter(([, v]) => v && typeof v.started === "number")
      .map(([k, v]) => [k, { started: v.started, ended: typeof v.ended === "number" ? v.ended : 0 }]));
    journey.chain = Array.isArray(data.chain) ? data.chain.filter(isVisit) : [];
    journey.decisions = new Map(entries(data.decisions)
      .filter(([, v]) => v && typeof v.why === "string" && typeof v.note === "string")
      .map(([k, v]) => [k, { why: v.why, note: v.note }]));
    return journey;
  }
}

/** @param {any} visit @returns {visit is Visit} */
export function isVisit(visit) {
  return Boolean(visit) && typeof visit.tree === "string" && typeof visit.page === "string" &&
    typeof visit.node === "string" && Array.isArray(visit.block) &&
    visit.block.every((/** @type {unknown} */ line) => typeof line === "string");
}
