/** The guide's HTML and UI strings, and DOM helpers. */

/** @param {string} tag @param {string} [className] @param {string} [text] */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {string} className @param {string} text */
export function button(className, text) {
  const node = el("button", "md-button sopkit-button " + className, text);
  node.type = "button";
  return node;
}

/** @param {string | null | undefined} text */
export function squash(text) {
  return String(text || "").replace(/\s+/g, " ").trim();
}

/** @param {number} n */
export function pad(n) {
  return (n < 10 ? "0" : "") + n;
}

/** @param {Element | null} node @param {string} [skip] "" keeps all */
export function words(node, skip) {
  if (!node) return "";
  const copy = node.cloneNode(true);
  if (skip !== "") {
    copy.querySelectorAll(skip || ".sopkit-node__step, .sopkit-optional, .sopkit-required, " +
      ".sopkit-untranslated").forEach((part) => part.remove());
  }
  return squash(copy.textContent);
}

/** @param {HTMLElement} heading */
export function focusHeading(heading) {
  heading.focus({ preventScroll: true });
  const top = heading.getBoundingClientRect().top;
  const header = document.querySelector(".md-header");
  if (top < (header ? header.getBoundingClientRect().height : 0) || top > window.innerHeight * 0.5) {
    const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    heading.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
  }
}

/** @param {Element} element @param {string} name @returns {string} */
export function required(element, name) {
  const value = element.getAttribute(name);
  if (value === null) throw new Error(`sopkit: ${element.tagName.toLowerCase()}#${element.id} has no ${name}`);
  return value;
}

export class Steps {
  /** @param {HTMLElement} root @param {string} tree */
  constructor(root, tree) {
    this.root = root;
    this.tree = tree;
    /** @type {Map<string, HTMLElement>} */
    this.nodes = new Map();
    for (const li of root.querySelectorAll("li.sopkit-node[data-sopkit-node]")) {
      this.nodes.set(required(li, "data-sopkit-node"), li);
    }
  }

  /** @param {string} id */
  has(id) {
    return this.nodes.has(id);
  }

  /** @param {string} id */
  node(id) {
    const li = this.nodes.get(id);
    if (!li) throw new Error(`sopkit: tree '${this.tree}' has no step '${id}'`);
    return li;
  }

  /** @param {string} id @returns {HTMLElement} */
  heading(id) {
    const heading = this.node(id).querySelector(".sopkit-node__title");
    if (!(heading instanceof HTMLElement)) throw new Error(`sopkit: step '${id}' of tree '${this.tree}' has no title`);
    return heading;
  }

  /** @param {Element} input */
  label(input) {
    return this.root.querySelector(`label[for='${CSS.escape(input.id)}']`);
  }

  /** @param {string} hash @returns {string | null} */
  fromHash(hash) {
    const prefix = "#" + this.tree + "--";
    if (!hash || !hash.startsWith(prefix)) return null;
    try {
      const id = decodeURIComponent(hash.slice(prefix.length));
      return this.nodes.has(id) ? id : null;
    } catch (e) {
      return null;
    }
  }
}

/** From sopkit's locale files. */
export class Strings {
  /** @param {unknown} data */
  constructor(data) {
    /** @type {Map<string, string>} */
    this.texts = new Map(data && typeof data === "object" ?
      Object.entries(data).filter(([, text]) => typeof text === "string") : []);
  }

  /** @param {string} key @returns {string} */
  text(key) {
    return this.texts.get(key) ?? key;
  }

  /** @param {string} key @param {Record<string, string>} values */
  format(key, values) {
    return this.text(key).replace(/\{(\w+)\}/g, (all, name) => Object.hasOwn(values, name) ? values[name] : all);
  }
}
