/** Decide nodes: conditions evaluated against what the agent entered, and why a rule applied.
 *
 * The JavaScript half of one semantics: sopkit/decisions.py is the other, and
 * tests/vectors/decide.json shows both give the same result. The conditions arrive
 * parsed (JSON from sopkit/conditions.py): nothing here parses or evaluates source text.
 *
 * - Values are canonical strings ("620", "2026-03-31", "2026-03-31T17:00", an option id);
 *   "" is empty. Numbers are compared exactly, as fractions of BigInts.
 * - A comparison whose value is empty is false, whatever the operator; `not` makes it true.
 * - Texts compare without regard to case or surrounding spaces.
 * - Now and today are this browser's clock and time zone.
 */

/** @typedef {{n: bigint, d: bigint}} Fraction  d > 0 */
/** @typedef {{kind: "number" | "date" | "datetime" | "text", value: Fraction | string}} Typed */
/** @typedef {{values: Map<string, string>, types: Map<string, string>, answers: Map<string, string>, ticked: Map<string, number>, now: Date}} Facts */

const NUMBER_RE = /^-?\d+(?:\.\d+)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DAY_MS = 86400000;

/** @param {bigint} n @param {bigint} [d] @returns {Fraction} */
function fraction(n, d = 1n) {
  return d < 0n ? { n: -n, d: -d } : { n, d };
}

/** "49.99" as 4999/100. @param {string} text @returns {Fraction | null} */
export function decimal(text) {
  if (!NUMBER_RE.test(text)) return null;
  const [whole, part = ""] = text.split(".");
  return fraction(BigInt(whole + part), 10n ** BigInt(part.length));
}

/** @param {Fraction} a @param {Fraction} b @returns {number} -1, 0 or 1 */
function order(a, b) {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Days since 1970-01-01 of a calendar date, or null when it is not one. @param {number} y @param {number} m @param {number} d */
function dayNumber(y, m, d) {
  const at = new Date(Date.UTC(y, m - 1, d));
  at.setUTCFullYear(y);
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) return null;
  return Math.round(at.getTime() / DAY_MS);
}

/** A canonical value read as its type; null when empty or not valid. @param {string} value @param {string} type @returns {Typed | null} */
export function typed(value, type) {
  if (value === "") return null;
  if (type === "number" || type === "money") {
    const found = decimal(value);
    return found && { kind: "number", value: found };
  }
  if (type === "date") {
    const m = DATE_RE.exec(value);
    const day = m && dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
    return day === null || day === undefined ? null : { kind: "date", value: fraction(BigInt(day)) };
  }
  if (type === "datetime") {
    const m = DATETIME_RE.exec(value);
    const day = m && dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!m || day === null || Number(m[4]) > 23 || Number(m[5]) > 59) return null;
    return { kind: "datetime", value: fraction(BigInt(day * 1440 + Number(m[4]) * 60 + Number(m[5]))) };
  }
  return { kind: "text", value };
}

/** Mondays to Fridays among the days before day `day` (counted from a Monday). @param {number} day */
function weekdaysBefore(day) {
  const k = day + 3; // 1969-12-29, day -3, was a Monday
  const weeks = Math.floor(k / 7);
  return 5 * weeks + Math.min(k - 7 * weeks, 5);
}

/** Mondays to Fridays after `start` up to and including `end` (negative when reversed). @param {number} start @param {number} end */
export function businessDaysBetween(start, end) {
  return weekdaysBefore(end + 1) - weekdaysBefore(start + 1);
}

/** @param {Date} now */
function today(now) {
  return /** @type {number} */ (dayNumber(now.getFullYear(), now.getMonth() + 1, now.getDate()));
}

/** The value a reference reads, or null when empty. @param {any} ref @param {Facts} facts @returns {Typed | null} */
export function read(ref, facts) {
  if (ref.ref === "answer") {
    const answer = facts.answers.get(ref.id);
    return answer ? { kind: "text", value: answer } : null;
  }
  if (ref.ref === "count") return { kind: "number", value: fraction(BigInt(facts.ticked.get(ref.id) || 0)) };
  const value = typed(facts.values.get(ref.id) || "", facts.types.get(ref.id) || "text");
  if (ref.ref === "field" || value === null) return value;
  if (value.kind !== "date" && value.kind !== "datetime") return null;
  const v = /** @type {Fraction} */ (value.value);
  const day = Number(value.kind === "date" ? v.n : v.n / 1440n - (v.n % 1440n < 0n ? 1n : 0n));
  if (ref.ref === "hours_since") {
    const minutes = value.kind === "date" ? 0 : Number(v.n) - day * 1440;
    const wall = new Date(day * DAY_MS);
    const then = new Date(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(),
      Math.floor(minutes / 60), minutes % 60);
    then.setFullYear(wall.getUTCFullYear());
    return { kind: "number", value: fraction(BigInt(facts.now.getTime() - then.getTime()), 3600000n) };
  }
  if (ref.ref === "days_since") return { kind: "number", value: fraction(BigInt(today(facts.now) - day)) };
  return { kind: "number", value: fraction(BigInt(businessDaysBetween(day, today(facts.now)))) };
}

/** A literal read as the kind of what it is compared with; null when they cannot compare. @param {any} literal @param {Typed} left @returns {Typed | null} */
function literal(literal, left) {
  const text = String(literal.text);
  if (left.kind === "number") return literal.kind === "number" ? typed(text, "number") : null;
  if (left.kind === "text") return literal.kind === "text" || literal.kind === "id" ? { kind: "text", value: text } : null;
  if (literal.kind === "datetime" && left.kind === "datetime") return typed(text, "datetime");
  if (literal.kind !== "date") return null;
  const day = typed(text, "date");
  if (!day || left.kind === "date") return day;
  const d = /** @type {Fraction} */ (day.value);
  return { kind: "datetime", value: fraction(d.n * 1440n) };
}

/** @param {Typed} a @param {Typed} b */
function compare(a, b) {
  if (a.kind === "text") {
    const x = String(a.value).trim().toLowerCase();
    const y = String(b.value).trim().toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return order(/** @type {Fraction} */ (a.value), /** @type {Fraction} */ (b.value));
}

/** Whether a comparison holds. @param {any} expr @param {Facts} facts */
function holds(expr, facts) {
  const left = read(expr.left, facts);
  if (expr.op === "empty") return left === null;
  if (left === null) return false;
  const values = expr.values.map((/** @type {any} */ v) => literal(v, left));
  if (values.some((/** @type {Typed | null} */ v) => v === null)) return false;
  if (expr.op === "between") return compare(values[0], left) <= 0 && compare(left, values[1]) <= 0;
  const c = compare(left, values[0]);
  switch (expr.op) {
    case "==": return c === 0;
    case "!=": return c !== 0;
    case "<": return c < 0;
    case "<=": return c <= 0;
    case ">": return c > 0;
    case ">=": return c >= 0;
    default: throw new Error(`sopkit: unknown comparison '${expr.op}'`);
  }
}

/** Whether condition `expr` holds for `facts`. @param {any} expr @param {Facts} facts @returns {boolean} */
export function evaluate(expr, facts) {
  if (expr.op === "and") return expr.args.every((/** @type {any} */ arg) => evaluate(arg, facts));
  if (expr.op === "or") return expr.args.some((/** @type {any} */ arg) => evaluate(arg, facts));
  if (expr.op === "not") return !evaluate(expr.arg, facts);
  return holds(expr, facts);
}

/**
 * Why a condition that holds holds, in words: the comparisons that hold, each with the
 * value read (`Amount 620 USD is above 500`). `show` formats a value for the page.
 * @param {any} expr @param {Facts} facts @param {(ref: any, value: string) => string} show @returns {string[]}
 */
export function reasons(expr, facts, show) {
  if (expr.op === "and" || expr.op === "or") {
    return expr.args.filter((/** @type {any} */ arg) => evaluate(arg, facts))
      .flatMap((/** @type {any} */ arg) => reasons(arg, facts, show));
  }
  if (expr.op === "not") return [String(expr.say || "")].filter(Boolean);
  const value = shownValue(expr.left, facts);
  return [String(expr.why || "").replace("{value}", value === null ? "" : show(expr.left, value))];
}

/**
 * What the conditions read, once each, in words: `Amount: 20 USD` (empty values left
 * out). Says why no rule applied.
 * @param {any[]} conditions @param {Facts} facts @param {(ref: any, value: string) => string} show @returns {string[]}
 */
export function readings(conditions, facts, show) {
  /** @type {Map<string, string>} */
  const seen = new Map();
  /** @param {any} expr */
  const visit = (expr) => {
    if (expr.op === "and" || expr.op === "or") expr.args.forEach(visit);
    else if (expr.op === "not") visit(expr.arg);
    else {
      const key = expr.left.ref + " " + expr.left.id;
      const value = shownValue(expr.left, facts);
      if (!seen.has(key) && value !== null) seen.set(key, String(expr.name || expr.left.id) + ": " + show(expr.left, value));
    }
  };
  conditions.forEach(visit);
  return [...seen.values()];
}

/** The value a reference reads, as a canonical string (a count or number of days as digits). @param {any} ref @param {Facts} facts */
function shownValue(ref, facts) {
  if (ref.ref === "field" || ref.ref === "answer") {
    return ref.ref === "field" ? facts.values.get(ref.id) || null : facts.answers.get(ref.id) || null;
  }
  const found = read(ref, facts);
  if (!found) return null;
  const f = /** @type {Fraction} */ (found.value);
  if (f.d === 1n) return String(f.n);
  return (Number(f.n) / Number(f.d)).toFixed(1);
}

/**
 * The rule that applies: the first whose condition holds, else "otherwise".
 * @param {any} data the node's data-sopkit-rules @param {Facts} facts
 * @returns {{next: string, rule: number}} rule -1 is "otherwise"
 */
export function decide(data, facts) {
  const rules = Array.isArray(data.rules) ? data.rules : [];
  for (let i = 0; i < rules.length; i++) {
    if (evaluate(rules[i].when, facts)) return { next: String(rules[i].next), rule: i };
  }
  return { next: String(data.otherwise), rule: -1 };
}
