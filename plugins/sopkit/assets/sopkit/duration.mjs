/**
 * Durations in words, in the page's language: "30 seconds", "1 hora 30 minutos".
 *
 * The same words as sopkit's Python side (sopkit/durations.py, with Babel): each unit in
 * its long form, units that are zero left out, joined as CLDR's narrow unit lists join
 * them. tests/vectors/durations.json holds the cases both must agree on.
 */

/** @typedef {{hours: number, minutes: number, seconds: number}} Parts */

const LONG = /** @type {const} */ ({
  style: "narrow", hours: "long", minutes: "long", seconds: "long",
  hoursDisplay: "auto", minutesDisplay: "auto", secondsDisplay: "auto"
});

/** @param {number} seconds @returns {Parts} whole hours, minutes and seconds */
function parts(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  return { hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
}

/**
 * ``seconds`` as hours, minutes and seconds in words, with Intl.DurationFormat.
 * @param {number} seconds @param {string} lang @returns {string}
 */
export function duration(seconds, lang) {
  const DurationFormat = /** @type {any} */ (Intl).DurationFormat;
  if (typeof DurationFormat !== "function") return durationByUnits(seconds, lang);
  const p = parts(seconds);
  if (!p.hours && !p.minutes && !p.seconds) return durationByUnits(0, lang);
  return new DurationFormat(lang, LONG).format(p);
}

/**
 * The same words without Intl.DurationFormat (older browsers): each unit with
 * Intl.NumberFormat, joined with Intl.ListFormat.
 * @param {number} seconds @param {string} lang @returns {string}
 */
export function durationByUnits(seconds, lang) {
  const p = parts(seconds);
  /** @type {Array<[number, string]>} */
  const units = [[p.hours, "hour"], [p.minutes, "minute"], [p.seconds, "second"]];
  const shown = units.filter(([amount]) => amount > 0);
  const words = (shown.length ? shown : [[0, "second"]]).map(([amount, unit]) =>
    new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "long" }).format(amount));
  return new Intl.ListFormat(lang, { type: "unit", style: "narrow" }).format(words);
}
