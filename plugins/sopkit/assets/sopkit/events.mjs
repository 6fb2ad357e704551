/** Usage events: what an agent does with a guide, for a site to learn how procedures are used.
 *
 * Every event is a `CustomEvent` named `sopkit:<event>` dispatched on the guide's
 * `section.sopkit-tree` (it bubbles, so a site's own script may listen on `document`).
 * Its `detail` is one line of the documented schema (docs/editors/insight.md): which tree,
 * node, version (content hash), language, page and call, and for some events an answer
 * id, an outcome, a time in milliseconds or the tree handed off to. Nothing else: never a
 * typed value, a checklist state, an answer's position or its words.
 *
 * The DOM events stay in the page. Sending them is off unless the site chose a sink
 * (`events:` under the sopkit plugin in mkdocs.yml): then each event also goes to that
 * sink, and to nothing else.
 */

const SCHEMA = 1;

/** @typedef {"start" | "step" | "answer" | "goto" | "outcome" | "restart" | "note-copied" | "abandon"} EventName */
/** @typedef {{v: number, event: EventName, tree: string, node: string, hash: string, lang: string,
 *   page: string, call: string, at: string, resumed?: boolean, from?: string, ms?: number,
 *   answer?: string, result?: string, to?: string}} Payload */
/** @typedef {(payload: Payload) => void} Send */

/** The extra fields an event may carry, each copied only when it has the right type. */
const EXTRAS = /** @type {const} */ ([
  ["resumed", "boolean"], ["from", "string"], ["ms", "number"], ["answer", "string"],
  ["result", "string"], ["to", "string"]
]);

/** What a provider is given besides the event's name. @param {Payload} payload */
function fields(payload) {
  /** @type {Record<string, string | number | boolean>} */
  const out = {};
  for (const [key, value] of Object.entries(payload)) if (key !== "event" && key !== "v") out[key] = value;
  return out;
}

/** Matomo's event name: `tree/node`, then the answer, outcome or tree handed off to. @param {Payload} p */
function matomoName(p) {
  const what = p.answer ?? p.result ?? p.to;
  return what === undefined ? `${p.tree}/${p.node}` : `${p.tree}/${p.node}/${what}`;
}

/** The sink chosen in mkdocs.yml, or null when events are not sent (the default).
 * @param {unknown} config the `events` entry of the guide's `data-sopkit-data`
 * @returns {Send | null} */
export function sink(config) {
  if (!config || typeof config !== "object") return null;
  const { send, url } = /** @type {{send?: unknown, url?: unknown}} */ (config);
  const page = /** @type {any} */ (window);
  switch (send) {
    case "ga4":
      return (p) => {
        if (typeof page.gtag === "function") page.gtag("event", "sopkit_" + p.event.replace("-", "_"), fields(p));
      };
    case "matomo":
      return (p) => {
        const paq = (page._paq = page._paq || []);
        const event = ["trackEvent", "sopkit", p.event, matomoName(p)];
        paq.push(p.ms === undefined ? event : event.concat([p.ms]));
      };
    case "plausible":
      return (p) => {
        if (typeof page.plausible === "function") page.plausible("sopkit " + p.event, { props: fields(p) });
      };
    case "beacon":
      if (typeof url !== "string" || !url) return null;
      return (p) => {
        if (typeof navigator.sendBeacon === "function") navigator.sendBeacon(url, JSON.stringify(p) + "\n");
      };
    default:
      return null;
  }
}

/** The events of one guide. */
export class GuideEvents {
  /** @param {import("./guide.mjs").Guide} guide @param {unknown} config */
  constructor(guide, config) {
    this.guide = guide;
    this.send = sink(config);
    /** @type {import("./history.mjs").Journey | null} the journey last shown */
    this.journey = null;
    this.node = "";
    this.shownAt = 0;
    this.ended = false; // an outcome reached, or handed off to another guide
    this.left = false;
    /** @type {import("./history.mjs").Journey | null} the journey last restarted */
    this.restartOf = null;
    /** @type {WeakSet<object>} journeys restored from an earlier visit */
    this.resumed = new WeakSet();
    // A guide Material's instant navigation swapped out is left (or not) when swapped.
    window.addEventListener("pagehide", () => {
      if (guide.root.isConnected) this.leave();
    });
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) this.left = false;
    });
  }

  /** The journey was saved earlier and is taken up again. @param {import("./history.mjs").Journey} journey */
  restored(journey) {
    this.resumed.add(journey);
  }

  /** After each render: a new journey is a start, a new current step is a step shown. */
  shown() {
    const journey = this.guide.journey;
    const node = journey.current;
    const now = performance.now();
    if (journey !== this.journey) {
      this.journey = journey;
      this.emit("start", { resumed: this.resumed.has(journey) });
      this.step(node, null, now);
    } else if (node !== this.node) {
      this.step(node, this.node, now);
    }
  }

  /** @param {string} node @param {string | null} from @param {number} now */
  step(node, from, now) {
    const elapsed = from === null ? {} : { from, ms: Math.round(now - this.shownAt) };
    this.node = node;
    this.shownAt = now;
    this.left = false;
    this.emit("step", elapsed);
    const li = this.guide.steps.node(node);
    this.ended = li.getAttribute("data-sopkit-type") === "outcome";
    if (this.ended) this.emit("outcome", { result: li.getAttribute("data-sopkit-result") || "" });
  }

  /** @param {string} answer the answer's id ("" is a step's "continue", not an answer) */
  answered(answer) {
    if (answer) this.emit("answer", { answer });
  }

  /** @param {string} tree the tree handed off to */
  handedOff(tree) {
    this.ended = true;
    this.emit("goto", { to: tree });
  }

  /** Once per journey: restarting the call may restart this guide as well. */
  restarted() {
    if (!this.journey || this.restartOf === this.journey) return;
    this.restartOf = this.journey;
    this.emit("restart", { ms: this.elapsed() });
  }

  noteCopied() {
    this.emit("note-copied", {});
  }

  /** The page goes away (or the guide leaves it): a guide started and not finished is left. */
  leave() {
    if (!this.journey || this.ended || this.left) return;
    this.left = true;
    this.emit("abandon", { ms: this.elapsed() });
  }

  elapsed() {
    return Math.round(performance.now() - this.shownAt);
  }

  /** @param {EventName} name @param {Partial<Payload>} extra */
  emit(name, extra) {
    const guide = this.guide;
    /** @type {Payload} */
    const payload = {
      v: SCHEMA, event: name, tree: guide.id, node: guide.journey.current, hash: guide.hash,
      lang: guide.root.lang || document.documentElement.lang, page: guide.pathname,
      call: guide.call.id, at: new Date().toISOString()
    };
    const out = /** @type {Record<string, unknown>} */ (payload);
    for (const [key, type] of EXTRAS) {
      const value = /** @type {Record<string, unknown>} */ (extra)[key];
      if (typeof value === type) out[key] = value;
    }
    // A guide already swapped out of the page is heard on the document.
    const target = guide.root.isConnected ? guide.root : document;
    target.dispatchEvent(new CustomEvent("sopkit:" + name, { bubbles: true, detail: Object.freeze({ ...payload }) }));
    if (this.send) this.send(payload);
  }
}
