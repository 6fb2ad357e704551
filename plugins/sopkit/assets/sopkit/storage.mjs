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
  write(key, value) {
    try {
      window.sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch (e) { /* no resume */ }
  }

  /** @param {string} key */
  remove(key) {
    try {
      window.sessionStorage.removeItem(PREFIX + key);
    } catch (e) { /* nothing stored */ }
  }

  /** @param {string} prefix @param {string} keep */
  removeOthers(prefix, keep) {
    try {
      const store = window.sessionStorage;
      for (let i = store.length - 1; i >= 0; i--) {
        const key = store.key(i);
        if (key && key.startsWith(PREFIX + prefix) && key !== PREFIX + keep) store.removeItem(key);
      }
    } catch (e) { /* nothing stored */ }
  }

  /** @param {string} key @param {unknown} value */
  save(key, value) {
    this.memory.set(key, JSON.stringify(value));
    this.write(key, value);
  }

  /** @param {string} key */
  load(key) {
    const kept = this.memory.get(key);
    return this.read(key) || (kept === undefined ? null : JSON.parse(kept));
  }

  /** @param {string} key */
  forget(key) {
    this.remove(key);
    this.memory.delete(key);
  }
}
