/** The way through one tree. Ids come from content: they are only keys of a `Map`. */

/** @param {unknown} value @returns {[string, any][]} */
function entries(value) {
  return value && typeof value === "object" && !Array.isArray(value) ? Object.entries(value) : [];
}

export class Journey {
  /** @param {string} hash @param {string} start */
  constructor(hash, start) {
    this.hash = hash;
    this.path = [start];
    /** @type {Map<string, string>} */
    this.answers = new Map();
    /** @type {Map<string, boolean>} */
    this.checks = new Map();
    /** @type {Map<string, string>} */
    this.fields = new Map();
    /** @type {Map<string, number>} */
    this.timers = new Map();
    this.skipped = false;
    this.replay = false; // changing an earlier answer
    /** @type {string[][]} */
    this.carried = [];
    this.from = "";
  }

  /** @param {any} data @param {string} hash @param {(id: string) => boolean} isNode */
  static restore(data, hash, isNode) {
    if (!data || data.hash !== hash || !Array.isArray(data.path) || data.path.length === 0 ||
      !data.path.every(isNode)) return null;
    const journey = new Journey(hash, data.path[0]);
    journey.path = data.path.slice();
    journey.answers = new Map(entries(data.answers));
    journey.checks = new Map(entries(data.checks));
    journey.fields = new Map(entries(data.fields));
    journey.timers = new Map(entries(data.timers));
    journey.skipped = Boolean(data.skipped);
    journey.replay = Boolean(data.replay);
    journey.carried = Array.isArray(data.carried) ? data.carried : [];
    journey.from = String(data.from || "");
    return journey;
  }

  toJSON() {
    return { ...this, answers: Object.fromEntries(this.answers), checks: Object.fromEntries(this.checks),
      fields: Object.fromEntries(this.fields), timers: Object.fromEntries(this.timers) };
  }

  get current() {
    return this.path[this.path.length - 1];
  }

  /** Replaying, follow later answers again. @param {string} next @param {(id: string) => boolean} isNode */
  choose(next, isNode) {
    this.answers.set(this.current, next);
    this.path.push(next);
    if (!this.replay) return;
    const seen = new Set(this.path);
    for (let then = this.answers.get(next); then && !seen.has(then) && isNode(then);
      then = this.answers.get(then)) {
      seen.add(then);
      this.path.push(then);
    }
    this.replay = false;
  }

  /** @param {string} id */
  backTo(id) {
    const at = this.path.lastIndexOf(id);
    if (at >= 0) this.path.length = at + 1;
    return at >= 0;
  }

  /** @param {string} id @param {string} start */
  jump(id, start) {
    this.path = [id];
    this.skipped = id !== start;
  }
}

/** On arrival: from a goto, resumed, or a deep link. @param {import("./storage.mjs").SessionStore} store @param {any} at */
export function arrive(store, { tree, key, hash, start, target, isNode }) {
  store.removeOthers(tree + "@", key);
  let journey = Journey.restore(store.load(key), hash, isNode);
  const carry = store.read("carry:" + tree);
  if (carry) {
    store.remove("carry:" + tree);
    journey = new Journey(hash, target || start);
    journey.carried = Array.isArray(carry.blocks) ? carry.blocks : [];
    journey.from = String(carry.from || "");
  } else if (!journey) {
    journey = new Journey(hash, start);
    if (target && target !== start) journey.jump(target, start);
  } else {
    journey.replay = false;
    if (target && !journey.backTo(target)) journey.jump(target, start);
  }
  return journey;
}
