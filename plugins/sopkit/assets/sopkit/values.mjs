/**
 * Typed values: what an agent types read into the canonical value, and canonical values
 * written for a reader of a language ("1.234,50 US$", "5 mar 2026").
 *
 * Canonical values (saved progress, conditions, tests/vectors/values.json): number and
 * money a decimal string with "." and no grouping ("49.99", "-3"), date YYYY-MM-DD,
 * datetime YYYY-MM-DDTHH:MM (wall time, no zone), choice the option id, text as typed;
 * "" when empty or not valid. formatValue writes the same as sopkit/values.py (Babel).
 * A number is written without thousands separators (ports, counts and years read as
 * typed: 8080, not 8,080); money groups thousands from 1,000, as Babel does, so Intl is
 * asked to group always.
 */

/**
 * @typedef {{type: string, currency?: string | null, options?: Map<string, string>,
 *   min?: string | null, max?: string | null, grouping?: boolean}} FieldInfo
 * A field as values need it: its type, money's currency, a choice's option labels
 * (id -> label in the language wanted), and the bounds as canonical decimals;
 * ``grouping`` writes a number with thousands separators, as money is written.
 */

/**
 * @typedef {{value: string, problem: string | null}} Parsed
 * The canonical value ("" when empty or not valid) and, when not valid, why: "number",
 * "money" (not an amount), "decimals" (more decimals than the currency has), "min",
 * "max", "date", "datetime" or "choice".
 */

const DECIMAL_RE = /^-?\d+(?:\.\d+)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;
const SPACES_RE = /[\s\u00a0\u202f\u2009]/g;

/** @param {string} lang @returns {string} lang, or "en" when Intl does not know it */
function known(lang) {
  try {
    return Intl.NumberFormat.supportedLocalesOf([lang]).length ? lang : "en";
  } catch (_) {
    return "en";
  }
}

/**
 * The UTC time of a date (and time) given as numbers, or null when it is no real date
 * (2026-02-30).
 * @param {RegExpMatchArray} m @returns {number | null}
 */
function utc(m) {
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i] || 0));
  const t = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(t);
  const same = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d && h < 24 && mi < 60;
  return same ? t : null;
}

/**
 * ``value`` (canonical) of ``field`` as a reader of ``lang`` expects it; "" for "",
 * and a value that is not canonical for the type returned as it is.
 * @param {FieldInfo} field @param {string} value @param {string} lang @returns {string}
 */
export function formatValue(field, value, lang) {
  if (!value) return "";
  const locale = known(lang);
  const type = field.type;
  if ((type === "number" || type === "money") && DECIMAL_RE.test(value)) {
    /** @type {Intl.NumberFormatOptions} */
    const options = field.currency && type === "money"
      ? { style: "currency", currency: field.currency }
      : { maximumFractionDigits: 20 };
    // A decimal string is formatted exactly (no binary rounding).
    const grouping = type === "money" || field.grouping ? "always" : false;
    return new Intl.NumberFormat(locale, { ...options, useGrouping: /** @type {any} */ (grouping) })
      .format(/** @type {any} */ (value));
  }
  const date = type === "date" ? value.match(DATE_RE) : null;
  const time = type === "datetime" ? value.match(DATETIME_RE) : null;
  const when = date || time;
  const t = when ? utc(when) : null;
  if (t !== null) {
    /** @type {Intl.DateTimeFormatOptions} */
    const style = date ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" };
    return new Intl.DateTimeFormat(locale, { ...style, timeZone: "UTC" }).format(t);
  }
  if (type === "choice" && field.options) return field.options.get(value) ?? value;
  return value;
}

/**
 * The decimal and group separators of ``lang``, and money's symbols to ignore.
 * @param {string} lang @param {string | null | undefined} currency
 */
function symbols(lang, currency) {
  const parts = new Intl.NumberFormat(lang, { useGrouping: /** @type {any} */ ("always") })
    .formatToParts(11111.5);
  const decimal = parts.find((p) => p.type === "decimal")?.value || ".";
  /** @type {string[]} */
  const signs = [];
  let digits = 2;
  if (currency) {
    for (const currencyDisplay of ["symbol", "narrowSymbol", "code"]) {
      const format = new Intl.NumberFormat(lang, {
        style: "currency", currency, currencyDisplay: /** @type {any} */ (currencyDisplay)
      });
      const sign = format.formatToParts(1).find((p) => p.type === "currency")?.value;
      if (sign) signs.push(sign.toLowerCase());
      digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    }
  }
  signs.sort((a, b) => b.length - a.length); // "us$" before "$"
  return { decimal, signs, digits };
}

/**
 * What an agent typed as a number, in ``lang``'s way or without grouping, as a
 * canonical decimal; null when it is not one. Accepted: an optional sign, digits,
 * the language's decimal separator, and "." or "," between groups of three digits
 * ("1,234.56" in English, "1.234,56" or "1234,56" in Spanish, "1 234,56" in French).
 * A single "." or "," that cannot group thousands ("49.99" on a Spanish page) is read
 * as the decimal point; the player shows the value read, so the agent sees which.
 * @param {string} typed @param {string} decimal @param {string[]} signs
 * @returns {string | null}
 */
function readDecimal(typed, decimal, signs) {
  let text = typed.toLowerCase().replace(/\u2212/g, "-");
  for (const sign of signs) text = text.split(sign).join(" ");
  text = text.replace(SPACES_RE, "");
  const m = text.match(/^([+-]?)([\d.,]+)$/);
  if (!m || !/\d/.test(m[2])) return null;
  const other = decimal === "," ? "." : ",";
  let body = m[2];
  const grouped = (/** @type {string} */ whole, /** @type {string} */ group) =>
    new RegExp("^\\d{1,3}(?:\\" + group + "\\d{3})+$").test(whole);
  let whole = body;
  let fraction = "";
  if (body.includes(decimal)) {
    const at = body.indexOf(decimal);
    if (body.indexOf(decimal, at + 1) !== -1) return null;
    whole = body.slice(0, at);
    fraction = body.slice(at + 1);
    if (whole.includes(other) && !grouped(whole, other)) return null;
    whole = whole.split(other).join("");
  } else if (body.includes(other)) {
    if (grouped(body, other)) whole = body.split(other).join("");
    else if (body.split(other).length === 2) [whole, fraction] = body.split(other);
    else return null;
  }
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || !(whole + fraction)) return null;
  whole = whole.replace(/^0+(?=\d)/, "") || "0";
  fraction = fraction.replace(/0+$/, "");
  const value = whole + (fraction ? "." + fraction : "");
  return m[1] === "-" && /[1-9]/.test(value) ? "-" + value : value;
}

/**
 * -1, 0 or 1 as canonical decimal ``a`` is below, equal to or above ``b``.
 * @param {string} a @param {string} b @returns {number}
 */
export function compareDecimals(a, b) {
  const sign = (/** @type {string} */ s) => (s.startsWith("-") ? -1 : 1);
  if (sign(a) !== sign(b)) return sign(a);
  const [aw, af = ""] = a.replace("-", "").split(".");
  const [bw, bf = ""] = b.replace("-", "").split(".");
  const width = Math.max(af.length, bf.length);
  const x = aw.padStart(40, "0") + af.padEnd(width, "0");
  const y = bw.padStart(40, "0") + bf.padEnd(width, "0");
  const order = x === y ? 0 : x < y ? -1 : 1;
  return order * sign(a);
}

/**
 * What the agent typed in ``field``'s control, read in ``lang``: the canonical value,
 * or "" and the problem.
 * @param {FieldInfo} field @param {string} typed @param {string} lang @returns {Parsed}
 */
export function parseValue(field, typed, lang) {
  const type = field.type;
  if (type === "text") return { value: typed, problem: null };
  if (!typed.trim()) return { value: "", problem: null };
  if (type === "number" || type === "money") return parseAmount(field, typed, known(lang));
  if (type === "date" || type === "datetime") {
    const m = typed.trim().match(type === "date" ? DATE_RE : DATETIME_RE);
    if (m && utc(m) !== null) return { value: m[0].slice(0, type === "date" ? 10 : 16), problem: null };
    return { value: "", problem: type };
  }
  if (type === "choice" && (!field.options || field.options.has(typed))) {
    return { value: typed, problem: null };
  }
  return { value: "", problem: type };
}

/** @param {FieldInfo} field @param {string} typed @param {string} lang @returns {Parsed} */
function parseAmount(field, typed, lang) {
  const money = field.type === "money" && field.currency;
  const { decimal, signs, digits } = symbols(lang, money ? field.currency : null);
  const value = readDecimal(typed, decimal, signs);
  if (value === null) return { value: "", problem: field.type };
  if (money && (value.split(".")[1] || "").length > digits) return { value: "", problem: "decimals" };
  if (field.min && compareDecimals(value, field.min) < 0) return { value: "", problem: "min" };
  if (field.max && compareDecimals(value, field.max) > 0) return { value: "", problem: "max" };
  return { value, problem: null };
}
