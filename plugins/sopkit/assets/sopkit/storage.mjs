/** Progress lives in this tab's sessionStorage only; when that throws, in memory. */

const PREFIX = "sopkit:";

export class SessionStore {
  constructor() {
    /** @type {Map<string, string>} */
    this.memory = new Map();
  }

  /** @param {string} key */
  read(key) {
    try {
      const raw = window.sessionStorage.getItem(PREFIX + key);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  /** @param {string} key @param {unknown} value */
  save(key, value) {
    const text = JSON.stringify(value);
    this.memory.set(key, text);
    try {
      window.sessionStorage.setItem(PREFIX + key, text);
    } catch (e) { /* kept in memory: no resume after a reload */ }
  }

  /** @param {string} key */
  load(key) {
    const kept = this.memory.get(key);
    const stored = this.read(key);
    if (stored !== null) return stored;
    try {
      return kept === undefined ? null : JSON.parse(kept);
    } catch (e) {
      return null;
    }
  }

  /** @param {string} key */
  forget(key) {
    this.memory.delete(key);
    try {
      window.sessionStorage.removeItem(PREFIX + key);
    } catch (e) { /* nothing stored */ }
  }

  /** Keys (without the prefix) that start with `prefix`. @param {string} prefix @returns {string[]} */
  keys(prefix) {
    const found = new Set([...this.memory.keys()].filter((key) => key.startsWith(prefix)));
    try {
      const store = window.sessionStorage;
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (key && key.startsWith(PREFIX + prefix)) found.add(key.slice(PREFIX.length));
      }
    } catch (e) { /* memory only */ }
    return [...found];
  }

  /** @param {string} prefix */
  forgetAll(prefix) {
    for (const key of this.keys(prefix)) this.forget(key);
  }
}
