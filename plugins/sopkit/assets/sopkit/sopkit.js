/* sopkit player: turns the guide HTML that sopkit renders into a one-step-at-a-time
 * player. Without this file every step stays readable and answers are anchor links.
 * Typed values live only in this tab's sessionStorage: never in the URL, never sent. */
(function () {
  "use strict";

  if (window.sopkitPlayer) return; // loaded once, even if a theme re-runs scripts
  var PREFIX = "sopkit:";
  var players = [];
  var active = null; // the tree id the agent last used
  var memory = {}; // the last state of each tree, for when storage fails
  var navigation = {}; // per tree id: history entries pushed; outlives re-rendered pages
  var ticker = null;

  // -- storage: sessionStorage, and a guide that keeps working when it throws ------

  var storage = {
    read: function (key) {
      try {
        var raw = window.sessionStorage.getItem(PREFIX + key);
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return null;
      }
    },
    write: function (key, value) {
      try {
        window.sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
      } catch (e) { /* private mode or quota: the guide works without resume */ }
    },
    remove: function (key) {
      try {
        window.sessionStorage.removeItem(PREFIX + key);
      } catch (e) { /* nothing stored */ }
    },
    removeOthers: function (prefix, keep) {
      try {
        var store = window.sessionStorage;
        for (var i = store.length - 1; i >= 0; i--) {
          var key = store.key(i);
          if (key && key.indexOf(PREFIX + prefix) === 0 && key !== PREFIX + keep) {
            store.removeItem(key);
          }
        }
      } catch (e) { /* nothing stored */ }
    }
  };

  // -- small DOM and text helpers ----------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(className, text) {
    var node = el("button", "md-button sopkit-button " + className, text);
    node.type = "button";
    return node;
  }

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  function squash(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  /** The words of an element, without the parts the player adds or marks as extra. */
  function words(node, skip) {
    if (!node) return "";
    var copy = node.cloneNode(true);
    if (skip === "") return squash(copy.textContent);
    copy.querySelectorAll(skip || ".sopkit-node__step, .sopkit-optional, .sopkit-required, " +
      ".sopkit-untranslated").forEach(function (part) { part.remove(); });
    return squash(copy.textContent);
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function stamp(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      " " + pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + pad(s % 60);
  }

  function minutes(seconds) {
    return String(Math.round((seconds / 60) * 10) / 10);
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function typing(target) {
    return target instanceof Element &&
      (target.isContentEditable || target.closest("input, textarea, select, [contenteditable]"));
  }

  // -- one tree on the page ----------------------------------------------------------

  function Player(root) {
    this.root = root;
    this.headingWords = {}; // a heading's words, read once (the history lists them)
    this.id = root.getAttribute("data-sopkit-tree");
    this.start = root.getAttribute("data-sopkit-start");
    this.hash = root.getAttribute("data-sopkit-hash") || "";
    this.version = root.getAttribute("data-sopkit-version") || this.hash;
    this.key = this.id + "@" + this.hash;
    this.pathname = location.pathname;
    var data = {};
    try {
      data = JSON.parse(root.getAttribute("data-sopkit-data") || "{}");
    } catch (e) { /* keep the defaults */ }
    this.ui = data.ui || {};
    this.note = data.note || {};
    this.noteUi = this.note.ui || this.ui;
    this.title = words(root.querySelector(".sopkit-tree__title"));
    this.nodes = {};
    // Material may re-render the page (instant navigation): keep history facts per tree.
    this.nav = navigation[this.id] || (navigation[this.id] = { pushes: 0, fromEmptyHash: false });
    var self = this;
    root.querySelectorAll("li.sopkit-node[data-sopkit-node]").forEach(function (li) {
      self.nodes[li.getAttribute("data-sopkit-node")] = li;
    });
    this.build();
    this.state = this.arrive();
    this.stale = true; // the inputs do not show this state yet
    this.render({ focus: this.nodeFromHash(location.hash) !== null, announce: false });
  }

  Player.prototype.fresh = function () {
    return { hash: this.hash, path: [this.start], answers: {}, checks: {}, fields: {},
      timers: {}, skipped: false, replay: false, carried: [], from: "" };
  };

  Player.prototype.valid = function (state) {
    var self = this;
    return state && state.hash === this.hash && Array.isArray(state.path) &&
      state.path.length > 0 && state.path.every(function (id) { return self.nodes[id]; });
  };

  /** The state on arrival: a goto from another tree, a resumed visit, or a deep link. */
  Player.prototype.arrive = function () {
    storage.removeOthers(this.id + "@", this.key);
    var stored = storage.read(this.key) || memory[this.key] || null;
    var state = this.valid(stored) ? stored : null;
    var target = this.nodeFromHash(location.hash);
    var carry = storage.read("carry:" + this.id);
    if (carry) {
      storage.remove("carry:" + this.id);
      state = this.fresh();
      state.path = [target || this.start];
      state.carried = Array.isArray(carry.blocks) ? carry.blocks : [];
      state.from = String(carry.from || "");
      return state;
    }
    if (!state) {
      state = this.fresh();
      if (target && target !== this.start) {
        state.path = [target];
        state.skipped = true;
      }
      return state;
    }
    state.replay = false;
    if (target) {
      var at = state.path.lastIndexOf(target);
      if (at >= 0) {
        state.path.length = at + 1;
      } else {
        state.path = [target];
        state.skipped = target !== this.start;
      }
    }
    return state;
  };

  Player.prototype.nodeFromHash = function (hash) {
    var prefix = "#" + this.id + "--";
    if (!hash || hash.indexOf(prefix) !== 0) return null;
    var id = decodeURIComponent(hash.slice(prefix.length));
    return Object.prototype.hasOwnProperty.call(this.nodes, id) ? id : null;
  };

  Player.prototype.current = function () {
    return this.state.path[this.state.path.length - 1];
  };

  Player.prototype.heading = function (id) {
    return this.nodes[id].querySelector(".sopkit-node__title");
  };

  // -- the player's own controls -----------------------------------------------------

  Player.prototype.build = function () {
    var root = this.root;
    var ui = this.ui;
    var steps = root.querySelector(".sopkit-steps");
    root.classList.add("sopkit-tree--player");

    this.notice = el("div", "admonition note sopkit-notice sopkit-chrome");
    this.notice.setAttribute("role", "note");
    this.notice.hidden = true;
    steps.parentNode.insertBefore(this.notice, steps);

    var bar = el("div", "sopkit-toolbar sopkit-chrome");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", this.title);
    this.backButton = button("sopkit-back", ui.back || "Back");
    this.restartButton = button("sopkit-restart", ui.restart || "Restart");
    this.copyButton = button("md-button--primary sopkit-copy-note", ui.copy_note || "Copy case note");
    bar.append(this.backButton, this.restartButton, this.copyButton);
    steps.parentNode.insertBefore(bar, steps.nextSibling);

    this.fallback = el("div", "sopkit-note-fallback sopkit-chrome");
    this.fallback.hidden = true;
    var label = el("label", "", this.noteUi.note_title || "Case note");
    label.htmlFor = this.id + "--case-note";
    this.fallbackMessage = el("p", "sopkit-note-fallback__message", ui.copy_failed || "");
    this.fallbackText = el("textarea", "sopkit-note-fallback__text");
    this.fallbackText.id = this.id + "--case-note";
    this.fallbackText.readOnly = true;
    this.fallbackText.rows = 12;
    this.fallbackText.lang = this.note.lang || root.lang;
    this.fallback.append(this.fallbackMessage, label, this.fallbackText);
    bar.parentNode.insertBefore(this.fallback, bar.nextSibling);

    this.history = el("section", "sopkit-history sopkit-chrome");
    var historyTitle = el("h3", "sopkit-history__title", ui.your_answers || "Your answers");
    historyTitle.id = this.id + "--your-answers";
    this.history.setAttribute("aria-labelledby", historyTitle.id);
    this.historyList = el("ol", "sopkit-history__list");
    this.historyItems = []; // per list item: its step, the answer, the element
    this.history.append(historyTitle, this.historyList);
    this.history.hidden = true;
    this.fallback.parentNode.insertBefore(this.history, this.fallback.nextSibling);

    this.live = el("div", "sopkit-sr-only sopkit-live");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");
    root.appendChild(this.live);

    // The player restores checkboxes itself; without this Chromium saves all of them
    // with the page's history entry on every step (as it already does not for fields).
    root.querySelectorAll("input[data-sopkit-check]").forEach(function (box) {
      box.autocomplete = "off";
    });
    root.querySelectorAll(".sopkit-script__text").forEach(function (quote) {
      var copy = button("sopkit-copy-script sopkit-chrome", ui.copy_script || "Copy script");
      quote.parentNode.insertBefore(copy, quote.nextSibling);
    });
    var self = this;
    Object.keys(this.nodes).forEach(function (id) {
      var li = self.nodes[id];
      if (li.hasAttribute("data-sopkit-timebox")) {
        var box = li.querySelector(".sopkit-timebox");
        var timer = el("p", "sopkit-countdown sopkit-chrome");
        timer.setAttribute("role", "timer");
        var up = el("p", "admonition warning sopkit-timeup sopkit-chrome");
        up.setAttribute("role", "alert");
        up.hidden = true;
        var after = box || li.querySelector(".sopkit-node__title");
        after.parentNode.insertBefore(up, after.nextSibling);
        after.parentNode.insertBefore(timer, after.nextSibling);
      }
      var result = li.getAttribute("data-sopkit-result");
      if (result === "escalate" || result === "transfer") {
        var missing = el("div", "admonition warning sopkit-missing sopkit-chrome");
        missing.hidden = true;
        var outcome = li.querySelector(".sopkit-outcome");
        li.insertBefore(missing, outcome || null);
      }
    });

    root.addEventListener("click", this.onClick.bind(this));
    root.addEventListener("input", this.onInput.bind(this));
    root.addEventListener("change", this.onInput.bind(this));
  };

  // -- events ------------------------------------------------------------------------

  Player.prototype.onClick = function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    active = this.id;
    var answer = target.closest("a.sopkit-answer[data-sopkit-next]");
    if (answer && this.root.contains(answer)) {
      // Material's instant navigation would push its own entry: keep the click here.
      event.preventDefault();
      event.stopPropagation();
      var node = answer.closest("li.sopkit-node");
      if (node && node.getAttribute("data-sopkit-node") === this.current()) {
        this.choose(answer.getAttribute("data-sopkit-next"));
      }
      return;
    }
    var goto = target.closest("a.sopkit-goto[data-sopkit-goto]");
    if (goto) {
      var carry = { from: this.title, blocks: this.state.carried.concat([this.block()]) };
      var other = live().filter(function (p) {
        return p.id === goto.getAttribute("data-sopkit-goto");
      })[0];
      if (other) {
        // The other tree is on this page: hand the path over without a navigation.
        event.preventDefault();
        event.stopPropagation();
        other.adopt(carry, other.nodeFromHash(goto.hash));
      } else {
        storage.write("carry:" + goto.getAttribute("data-sopkit-goto"), carry);
      }
      return;
    }
    if (target.closest(".sopkit-back")) this.back();
    else if (target.closest(".sopkit-restart")) this.restart();
    else if (target.closest(".sopkit-copy-note")) this.copyNote();
    else if (target.closest(".sopkit-copy-script")) {
      var quote = target.closest(".sopkit-copy-script").previousElementSibling;
      this.copy(squash(quote.innerText || quote.textContent), null);
    } else if (target.closest("[data-sopkit-revisit]")) {
      this.revisit(target.closest("[data-sopkit-revisit]").getAttribute("data-sopkit-revisit"));
    }
  };

  Player.prototype.onInput = function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement)) return;
    if (input.hasAttribute("data-sopkit-check")) {
      this.state.checks[input.getAttribute("data-sopkit-check")] = input.checked;
    } else if (input.hasAttribute("data-sopkit-field")) {
      this.state.fields[input.getAttribute("data-sopkit-field")] = input.value;
    } else {
      return;
    }
    this.renderMissing();
    this.save();
  };

  /** The URL's hash changed (browser Back/Forward, a link on the page). */
  Player.prototype.onHash = function (hash) {
    var id = this.nodeFromHash(hash);
    var state = this.state;
    if (id === null) {
      if (!hash && this.id === active && this.nav.fromEmptyHash && state.path.length > 1) {
        state.path.length = 1;
        this.nav.pushes = 0;
        this.render({ focus: true, announce: true });
      }
      return;
    }
    if (id === this.current()) return;
    var at = state.path.lastIndexOf(id);
    if (at >= 0) {
      state.path.length = at + 1;
      this.nav.pushes = Math.max(0, this.nav.pushes - 1);
    } else if (this.nextOf(this.current()) === id) {
      state.path.push(id);
      this.nav.pushes += 1;
    } else {
      state.path = [id];
      state.skipped = id !== this.start;
    }
    state.replay = false;
    this.render({ focus: true, announce: true });
  };

  // -- moves -------------------------------------------------------------------------

  /** Where a node leads when nothing new is chosen: a step's next, or the last answer. */
  Player.prototype.nextOf = function (id) {
    var li = this.nodes[id];
    if (li.getAttribute("data-sopkit-type") === "step") {
      var link = li.querySelector("a.sopkit-answer[data-sopkit-next]");
      return link ? link.getAttribute("data-sopkit-next") : null;
    }
    return this.state.answers[id] || null;
  };

  Player.prototype.choose = function (next) {
    var state = this.state;
    if (!this.nodes[next]) return;
    state.answers[this.current()] = next;
    state.path.push(next);
    if (state.replay) {
      // Changing an earlier answer keeps the later ones while the path is the same.
      var seen = {};
      state.path.forEach(function (id) { seen[id] = true; });
      var id = next;
      while (state.answers[id] && !seen[state.answers[id]] && this.nodes[state.answers[id]]) {
        id = state.answers[id];
        seen[id] = true;
        state.path.push(id);
      }
      state.replay = false;
    }
    this.push();
    this.render({ focus: true, announce: true });
  };

  Player.prototype.push = function () {
    if (!location.hash) this.nav.fromEmptyHash = true;
    history.pushState(history.state, "", "#" + this.heading(this.current()).id);
    this.nav.pushes += 1;
    active = this.id;
  };

  Player.prototype.back = function () {
    var state = this.state;
    if (state.path.length < 2) return;
    if (this.nav.pushes > 0 && this.nodeFromHash(location.hash) === this.current()) {
      history.back(); // the popstate handler moves the player
      return;
    }
    state.path.pop();
    state.replay = false;
    history.replaceState(history.state, "", "#" + this.heading(this.current()).id);
    this.render({ focus: true, announce: true });
  };

  /** Go back to an earlier step to change it; answering it again replays the rest. */
  Player.prototype.revisit = function (id) {
    var state = this.state;
    var at = state.path.lastIndexOf(id);
    if (at < 0) return;
    state.path.length = at + 1;
    state.replay = true;
    this.push();
    this.render({ focus: true, announce: true });
  };

  /** Continue here from a goto in another tree, carrying its part of the case note. */
  Player.prototype.adopt = function (carry, target) {
    this.state = this.fresh();
    this.state.path = [target || this.start];
    this.state.carried = carry.blocks;
    this.state.from = carry.from;
    this.stale = true;
    this.push();
    this.render({ focus: true, announce: true });
  };

  Player.prototype.restart = function () {
    storage.remove(this.key);
    delete memory[this.key];
    this.state = this.fresh();
    this.stale = true;
    this.fallback.hidden = true;
    this.fallbackText.value = "";
    this.push();
    this.render({ focus: true, announce: true });
  };

  // -- drawing -----------------------------------------------------------------------

  Player.prototype.render = function (options) {
    var self = this;
    var state = this.state;
    var current = this.current();
    // Only touch nodes whose visibility changes: a big tree has a thousand of them.
    Object.keys(this.nodes).forEach(function (id) {
      var hide = id !== current;
      if (self.nodes[id].hidden !== hide) self.nodes[id].hidden = hide;
    });
    // Inputs only change by typing (kept in the state as it happens) or with a new state.
    if (this.stale) {
      this.stale = false;
      this.root.querySelectorAll("input[data-sopkit-check]").forEach(function (box) {
        box.checked = !!state.checks[box.getAttribute("data-sopkit-check")];
      });
      this.root.querySelectorAll("input[data-sopkit-field]").forEach(function (field) {
        var value = state.fields[field.getAttribute("data-sopkit-field")];
        if (field.value !== (value || "")) field.value = value || "";
      });
    }
    this.backButton.disabled = state.path.length < 2;
    this.renderNotice();
    this.renderHistory();
    this.renderMissing();
    var li = this.nodes[current];
    if (li.hasAttribute("data-sopkit-timebox") && !state.timers[current]) {
      state.timers[current] = Date.now();
    }
    this.tick();
    startTicker();
    this.save();
    var heading = this.heading(current);
    if (options.announce) this.live.textContent = squash(heading.textContent);
    if (options.focus) focusHeading(heading);
  };

  Player.prototype.renderNotice = function () {
    var notice = this.notice;
    var text = "";
    if (this.state.from) text = (this.ui.note_continued || "Continued from") + ": " + this.state.from;
    if (this.state.skipped) text = (text ? text + " " : "") + (this.ui.skipped || "");
    notice.textContent = text;
    notice.hidden = !text;
  };

  Player.prototype.renderHistory = function () {
    var self = this;
    var path = this.state.path;
    var list = this.historyList;
    var items = this.historyItems;
    // Keep the answers that did not change: a long path is not rebuilt on every click.
    var keep = 0;
    while (keep < items.length && keep < path.length - 1 && items[keep].id === path[keep] &&
      items[keep].next === path[keep + 1]) keep++;
    items.splice(keep).forEach(function (old) { old.item.remove(); });
    path.slice(keep, -1).forEach(function (id, j) {
      var i = keep + j;
      var item = el("li", "sopkit-history__item");
      var question = self.headingWords[id] || (self.headingWords[id] = words(self.heading(id)));
      item.append(el("span", "sopkit-history__question", question), " → ",
        el("span", "sopkit-history__answer", self.answerLabel(id, path[i + 1])), " ");
      var change = button("sopkit-change", self.ui.change || "Change");
      change.setAttribute("data-sopkit-revisit", id);
      change.appendChild(el("span", "sopkit-sr-only", ": " + question));
      item.appendChild(change);
      list.appendChild(item);
      items.push({ id: id, next: path[i + 1], item: item });
    });
    this.history.hidden = path.length < 2;
  };

  Player.prototype.answerLabel = function (id, next) {
    var links = this.nodes[id].querySelectorAll("a.sopkit-answer[data-sopkit-next]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("data-sopkit-next") === next) return words(links[i]);
    }
    return "";
  };

  /** Required checklist items and fields left empty on the way to this outcome. */
  Player.prototype.missing = function () {
    var self = this;
    var seen = {};
    var found = [];
    this.state.path.forEach(function (id) {
      if (seen[id]) return;
      seen[id] = true;
      self.nodes[id].querySelectorAll("input[data-sopkit-required]").forEach(function (input) {
        var label = self.root.querySelector("label[for='" + input.id + "']");
        var empty = input.type === "checkbox" ? !input.checked : !input.value.trim();
        if (empty) found.push({ node: id, label: words(label), check: input.type === "checkbox" });
      });
    });
    return found;
  };

  Player.prototype.renderMissing = function () {
    var self = this;
    var panel = this.nodes[this.current()].querySelector(".sopkit-missing");
    if (!panel) return;
    var found = this.missing();
    panel.replaceChildren();
    panel.hidden = found.length === 0;
    if (!found.length) return;
    var result = this.nodes[this.current()].getAttribute("data-sopkit-result");
    var verb = (this.ui["result." + result] || result);
    panel.appendChild(el("p", "admonition-title",
      format(this.ui.missing, { result: verb.charAt(0).toLowerCase() + verb.slice(1) })));
    var list = el("ul");
    found.forEach(function (item) {
      var li = el("li", "", item.label + ": " +
        (item.check ? self.ui.missing_check : self.ui.missing_field) + " ");
      var step = words(self.heading(item.node).querySelector(".sopkit-node__step"), "");
      var go = button("sopkit-change", step);
      go.setAttribute("data-sopkit-revisit", item.node);
      go.appendChild(el("span", "sopkit-sr-only", ": " + item.label));
      li.appendChild(go);
      list.appendChild(li);
    });
    panel.appendChild(list);
  };

  /** Update the countdown of the current step; true while one is running. */
  Player.prototype.tick = function () {
    var current = this.current();
    var li = this.nodes[current];
    if (!li.hasAttribute("data-sopkit-timebox")) return false;
    var seconds = Number(li.getAttribute("data-sopkit-timebox"));
    var left = seconds - (Date.now() - this.state.timers[current]) / 1000;
    var timer = li.querySelector(".sopkit-countdown");
    var up = li.querySelector(".sopkit-timeup");
    if (left > 0) {
      timer.textContent = format(this.ui.timebox_left, { time: clock(left) });
      timer.hidden = false;
      up.hidden = true;
      return true;
    }
    timer.hidden = true;
    var text = format(this.ui.timebox_up, {
      minutes: minutes(seconds), action: this.ui.timebox_action || ""
    });
    if (up.hidden || up.textContent !== text) {
      up.textContent = text;
      up.hidden = false;
    }
    return false;
  };

  Player.prototype.save = function () {
    memory[this.key] = JSON.parse(JSON.stringify(this.state));
    storage.write(this.key, this.state);
  };

  // -- case note -----------------------------------------------------------------------

  Player.prototype.noteText = function (node, kind, index) {
    var own = this.note.nodes && this.note.nodes[node];
    if (!own) return null;
    if (kind === "text") return own.text || null;
    var list = own[kind];
    return list && list[index] !== undefined ? list[index] : null;
  };

  /** This tree's part of the case note, as lines of plain text. */
  Player.prototype.block = function () {
    var self = this;
    var L = this.noteUi;
    var path = this.state.path;
    var lines = [(L.note_tree || "Guide") + ": " + (this.note.title || this.title),
      (L.note_version || "Version") + ": " + this.version, (L.note_path || "Path") + ":"];
    if (this.state.skipped) lines.push(L.skipped || "");
    var textOf = function (id) {
      return self.noteText(id, "text") || words(self.heading(id));
    };
    path.forEach(function (id, i) {
      var li = self.nodes[id];
      var type = li.getAttribute("data-sopkit-type");
      var last = i === path.length - 1;
      if (last && type === "outcome") {
        var result = li.getAttribute("data-sopkit-result");
        lines.push((L.note_outcome || "Outcome") + ": " + (L["result." + result] || result) +
          " — " + textOf(id));
      } else if (last && type !== "goto") {
        lines.push((L.note_in_progress || "In progress at") + ": " + textOf(id));
      } else if (type === "goto") {
        lines.push((i + 1) + ". " + textOf(id));
      } else {
        lines.push((i + 1) + ". " + textOf(id) + " -> " + self.noteAnswer(id, path[i + 1]));
      }
    });
    var checks = [];
    var fields = [];
    var seen = {};
    path.forEach(function (id) {
      if (seen[id]) return;
      seen[id] = true;
      self.nodes[id].querySelectorAll("input[data-sopkit-check]").forEach(function (box, i) {
        var text = self.noteText(id, "checklist", i) || words(box.parentNode.querySelector("label"));
        var optional = box.hasAttribute("data-sopkit-required") ? "" :
          " (" + (L.optional || "optional") + ")";
        var mark = self.state.checks[box.getAttribute("data-sopkit-check")] ?
          L.note_checked || "[x]" : L.note_unchecked || "[ ]";
        checks.push(mark + " " + text + optional);
      });
      self.nodes[id].querySelectorAll("input[data-sopkit-field]").forEach(function (field) {
        var fid = field.getAttribute("data-sopkit-field");
        var own = self.note.nodes && self.note.nodes[id] && self.note.nodes[id].fields;
        var text = (own && own[fid]) ||
          words(self.root.querySelector("label[for='" + field.id + "']"));
        var value = squash(self.state.fields[fid]);
        fields.push(text + ": " + (value || "(" + (L.missing_field || "empty") + ")"));
      });
    });
    if (checks.length) lines.push((L.note_checklist || "Checklist") + ":", ...checks);
    if (fields.length) lines.push((L.note_fields || "Details") + ":", ...fields);
    return lines;
  };

  Player.prototype.noteAnswer = function (id, next) {
    var li = this.nodes[id];
    if (li.getAttribute("data-sopkit-type") === "step") return this.noteUi.continue || "";
    var links = li.querySelectorAll("a.sopkit-answer[data-sopkit-next]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("data-sopkit-next") === next) {
        return this.noteText(id, "answers", i) || words(links[i]);
      }
    }
    return "";
  };

  /** The whole case note: a heading, the date, then one block per guide followed. */
  Player.prototype.caseNote = function () {
    var L = this.noteUi;
    var lines = [L.note_title || "Case note", (L.note_date || "Date") + ": " + stamp(new Date())];
    this.state.carried.concat([this.block()]).forEach(function (block) {
      lines.push("");
      lines.push.apply(lines, block);
    });
    return lines.join("\n") + "\n";
  };

  Player.prototype.copyNote = function () {
    this.copy(this.caseNote(), this.fallback);
  };

  Player.prototype.copy = function (text, fallback) {
    var self = this;
    var done = function () {
      self.live.textContent = self.ui.copied || "Copied";
    };
    var failed = function () {
      if (!fallback) return;
      self.fallbackText.value = text;
      fallback.hidden = false;
      self.fallbackText.focus();
      self.fallbackText.select();
      self.live.textContent = self.ui.copy_failed || "";
    };
    try {
      if (fallback) fallback.hidden = true;
      navigator.clipboard.writeText(text).then(done, failed);
    } catch (e) {
      failed();
    }
  };

  // -- page-wide wiring ----------------------------------------------------------------

  function focusHeading(heading) {
    heading.focus({ preventScroll: true });
    var top = heading.getBoundingClientRect().top;
    var header = document.querySelector(".md-header");
    var offset = header ? header.getBoundingClientRect().height : 0;
    if (top < offset || top > window.innerHeight * 0.5) {
      heading.scrollIntoView({ block: "start", behavior: reducedMotion() ? "auto" : "smooth" });
    }
  }

  function live() {
    players = players.filter(function (p) { return p.root.isConnected; });
    return players;
  }

  function startTicker() {
    if (ticker !== null) return;
    ticker = window.setInterval(function () {
      var running = live().map(function (p) { return p.tick(); });
      if (running.indexOf(true) < 0) {
        window.clearInterval(ticker);
        ticker = null;
      }
    }, 1000);
  }

  function init() {
    live();
    document.querySelectorAll("section.sopkit-tree[data-sopkit-tree]").forEach(function (root) {
      if (root.hasAttribute("data-sopkit-ready")) return;
      root.setAttribute("data-sopkit-ready", "");
      try {
        players.push(new Player(root));
      } catch (e) {
        // A broken page keeps the plain guide rather than a half-built player.
        root.classList.remove("sopkit-tree--player");
        if (window.console) window.console.warn("sopkit: guide left static:", e);
      }
    });
  }

  function onHash() {
    // Only players of the page in the address bar: a change of page is not a step.
    live().forEach(function (p) {
      if (p.pathname === location.pathname) p.onHash(location.hash);
    });
  }

  function onKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!/^[1-9]$/.test(event.key) || typing(event.target)) return;
    var list = live();
    var focused = document.activeElement;
    var player = list.filter(function (p) { return p.root.contains(focused); })[0] ||
      list.filter(function (p) { return p.id === active; })[0] ||
      (list.length === 1 ? list[0] : null);
    if (!player) return;
    var links = player.nodes[player.current()].querySelectorAll("a.sopkit-answer");
    var link = links[Number(event.key) - 1];
    if (!link) return;
    event.preventDefault();
    link.click();
  }

  window.sopkitPlayer = { version: 1 };
  window.addEventListener("popstate", onHash);
  window.addEventListener("hashchange", onHash);
  document.addEventListener("keydown", onKey);
  // Material's instant navigation swaps pages without a reload and emits on document$;
  // same-page link changes that it pushes itself come through location$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  if (window.location$ && typeof window.location$.subscribe === "function") {
    var lastPath = location.pathname;
    window.location$.subscribe(function (url) {
      var samePage = url && url.pathname === lastPath;
      lastPath = url ? url.pathname : location.pathname;
      if (samePage) window.setTimeout(onHash, 0);
    });
  }
})();
