/**
 * Search results in the page's language first.
 *
 * sopkit writes one search index for every language (search/search_index.json), and
 * Material's search lists results by score alone, whatever the page's language. On a
 * Spanish page an agent searches Spanish content first: this module moves the results
 * in the page's language above the others, each group kept in Material's order.
 *
 * A result's language is its folder under the site root (mkdocs-static-i18n puts every
 * language but the default under `<lang>/`); the folders are read from the theme's
 * language menu (`a.md-select__link[hreflang]`), or from the `<link rel="alternate"
 * hreflang>` links (page.mjs takes those out of the live head). A site with one
 * language has neither, and its results stay as Material lists them.
 */

const LIST = ".md-search-result__list";

/** The site's root URL, as Material's `__config` gives it relative to the page. */
function siteRoot() {
  const config = document.getElementById("__config");
  let base = ".";
  try {
    const parsed = JSON.parse(config ? config.textContent || "{}" : "{}");
    if (parsed && typeof parsed.base === "string") base = parsed.base;
  } catch (e) { /* the page's own folder */ }
  return new URL(base.endsWith("/") ? base : base + "/", location.href);
}

/** Orders the results of one search list; see the module's comment. */
export class ResultOrder {
  /** @param {Element} list Material's result list */
  constructor(list) {
    this.list = list;
    this.root = siteRoot();
    this.observer = new MutationObserver(() => this.order());
    this.observer.observe(list, { childList: true });
  }

  /** The first folder of `url` under the site root, or "" outside the root. */
  folderOf(/** @type {URL} */ url) {
    if (url.origin !== this.root.origin || !url.pathname.startsWith(this.root.pathname)) return "";
    return url.pathname.slice(this.root.pathname.length).split("/")[0];
  }

  /** Languages that have a folder of their own: an alternate page in `<lang>/`. */
  folders() {
    const folders = new Set();
    for (const link of document.querySelectorAll('a.md-select__link[hreflang], link[rel="alternate"][hreflang]')) {
      const lang = link.getAttribute("hreflang") || "";
      const href = link.getAttribute("href");
      if (lang && href && this.folderOf(new URL(href, location.href)) === lang) folders.add(lang);
    }
    return folders;
  }

  /** The language folder of a URL; "" for the default language. */
  languageOf(/** @type {URL} */ url, /** @type {Set<string>} */ folders) {
    const folder = this.folderOf(url);
    return folders.has(folder) ? folder : "";
  }

  /** Move the results in the page's language to the top (no move when already there). */
  order() {
    const folders = this.folders();
    if (!folders.size) return;
    const here = this.languageOf(new URL(location.href), folders);
    const items = [...this.list.children];
    const mine = new Set(items.filter((item) => {
      const link = item.querySelector("a[href]");
      const href = link ? link.getAttribute("href") : null;
      return href !== null && this.languageOf(new URL(href, location.href), folders) === here;
    }));
    const wanted = [...mine, ...items.filter((item) => !mine.has(item))];
    if (wanted.every((item, i) => item === items[i])) return;
    this.list.append(...wanted);
  }

  disconnect() {
    this.observer.disconnect();
  }
}

/** @type {ResultOrder | null} */
let current = null;

/** Watch the page's result list (again after Material's instant navigation). */
function start() {
  const list = document.querySelector(LIST);
  if (current && current.list === list) return;
  if (current) current.disconnect();
  current = list ? new ResultOrder(list) : null;
}

const material = /** @type {any} */ (window);
if (!material.sopkitSearchOrder) {
  material.sopkitSearchOrder = true;
  if (material.document$ && typeof material.document$.subscribe === "function") {
    material.document$.subscribe(start);
  } else {
    start();
  }
}
