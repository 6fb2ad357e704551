/**
 * What every page of a sopkit site needs from the theme, guide or not. Loaded as a
 * module, it runs once the page is parsed and before `DOMContentLoaded`, so before
 * Material's own code looks at the page.
 */

/**
 * Names Material's search dialog (`.md-search` has `role="dialog"` and no name) after its
 * search field, whose label the theme writes in the page's language.
 * @param {Document} doc
 * @returns {string} the name given, or "" when there is no such dialog or it has one
 */
export function nameSearchDialog(doc) {
  const dialog = doc.querySelector('.md-search[role="dialog"]');
  if (!dialog || dialog.hasAttribute("aria-label") || dialog.hasAttribute("aria-labelledby")) {
    return "";
  }
  const field = dialog.querySelector(".md-search__input");
  const name = field ? field.getAttribute("aria-label") || field.getAttribute("placeholder") || "" : "";
  if (name) dialog.setAttribute("aria-label", name);
  return name;
}

/**
 * Takes the language alternates out of the live page's head.
 *
 * Material fetches `sitemap.xml` next to every `<link rel="alternate">` of the head, for
 * alternates that are the roots of language versions. mkdocs-static-i18n's alternates
 * are the page's own translations, so each page asked for two `<page>/sitemap.xml`
 * that do not exist. The links stay in the HTML that crawlers read, and the sitemap
 * lists every page's translations as well; the language menu links to them directly.
 * (With `navigation.instant`, Material adds the next page's links back as it swaps.)
 * @param {Document} doc
 * @returns {number} how many links were taken out
 */
export function quietAlternates(doc) {
  const links = doc.head.querySelectorAll('link[rel="alternate"][hreflang]');
  links.forEach((link) => link.remove());
  return links.length;
}

nameSearchDialog(document);
quietAlternates(document);
