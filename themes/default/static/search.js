// The search box: loads the index (search-index.js, a script, so that it
// works from file:// too) once and searches it as the reader types: every
// word of titles and bodies, ids with or without dashes, people, labels,
// iterations; a word may be the start of an indexed word or, in words of
// four letters or more without digits, one typo off.
// Backlog text is untrusted: it is only ever inserted with textContent.
(function () {
  "use strict";
  var LIMIT = 20;
  var root = document.body.getAttribute("data-root") || "";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (!input || !list) { return; }
  var form = input.form;
  var status = document.getElementById("search-status");
  var popup = list.parentNode;
  var index = null;
  var vocabulary = null;
  var quiet = false; // focus came back from the results: keep them closed
  function load() {
    if (index) { return Promise.resolve(index); }
    return new Promise(function (done, failed) {
      if (window.rankdownSearch) { done(); return; }
      var script = document.createElement("script");
      script.src = root + "search-index.js";
      script.onload = done;
      script.onerror = failed;
      document.head.appendChild(script);
    }).then(function () {
      index = window.rankdownSearch;
      vocabulary = Object.keys(index.words);
      return index;
    });
  }
  // The documents holding `word`, from its list of differences.
  function holding(word) {
    var at = 0;
    return index.words[word].map(function (d) { at += d; return at; });
  }
  // Whether a and b differ by at most one letter added, dropped or changed.
  function oneOff(a, b) {
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) { return false; }
      if (a.length > b.length) { i++; } else if (b.length > a.length) { j++; } else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }
  // A query word as the index holds words: lowercase, `-` `.` `_` dropped.
  function terms(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}._-]+/u)
      .map(function (w) { return w.replace(/[._-]/g, ""); })
      .filter(function (w) { return w.length > 0; });
  }
  // Each document's score for the query: higher is better; none if a
  // word finds nothing in it.
  function scores(words) {
    var total = null;
    words.forEach(function (q) {
      var found = {};
      // A typo is forgiven in longer words, never in ids or numbers.
      var typos = q.length >= 4 && !/\d/.test(q);
      vocabulary.forEach(function (w) {
        var s = w === q ? 3 : (w.indexOf(q) === 0 ? 2 : (typos && oneOff(q, w) ? 1 : 0));
        if (!s) { return; }
        holding(w).forEach(function (n) { found[n] = Math.max(found[n] || 0, s); });
      });
      if (total === null) { total = found; return; }
      var both = {};
      Object.keys(total).forEach(function (n) { if (found[n]) { both[n] = total[n] + found[n]; } });
      total = both;
    });
    return total || {};
  }
  function say(text) { if (status) { status.textContent = text; } }
  function open(yes) {
    if (popup && popup.classList) { popup.classList.toggle("open", yes); }
  }
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  function href(url) {
    // From disk a folder's page is its index.html.
    return root + url + (window.location.protocol === "file:" ? "index.html" : "");
  }
  function show(entries, words) {
    list.textContent = "";
    entries.slice(0, LIMIT).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      var id = document.createElement("span");
      var title = document.createElement("span");
      var state = document.createElement("span");
      a.href = href(e[4]);
      id.className = "r-id";
      id.textContent = e[0];
      title.textContent = e[1];
      state.className = "r-status";
      state.textContent = "(" + e[3] + ")";
      // Reads as "id title (status)".
      a.appendChild(id);
      a.appendChild(document.createTextNode(" "));
      a.appendChild(title);
      a.appendChild(document.createTextNode(" "));
      a.appendChild(state);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!words.length) { say(""); open(false); return; }
    if (entries.length === 0) {
      say("No stories or features match “" + words.join(" ") + "”.");
    } else if (entries.length > LIMIT) {
      say("Showing " + LIMIT + " of " + entries.length + " matches: add words to narrow them.");
    } else {
      say(entries.length + (entries.length === 1 ? " match" : " matches") + ". Arrow keys move, Enter opens.");
    }
    open(true);
  }
  function search() {
    var words = terms(input.value);
    if (words.length === 0) { show([], []); return; }
    load().then(function () {
      var found = scores(words);
      var ranked = Object.keys(found).map(function (n) {
        var doc = index.docs[n];
        var id = doc[0].toLowerCase().replace(/[._-]/g, "");
        var title = doc[1].toLowerCase();
        // Best first: the exact id, then words in the title, then the rest.
        var bonus = (words.length === 1 && id === words[0] ? 100 : 0) +
          words.filter(function (w) { return title.indexOf(w) !== -1; }).length * 4;
        return { doc: doc, score: found[n] + bonus, n: Number(n) };
      });
      ranked.sort(function (a, b) { return b.score - a.score || a.n - b.n; });
      show(ranked.map(function (r) { return r.doc; }), input.value.split(/\s+/).filter(Boolean));
    }, function () {
      list.textContent = "";
      say("Search is not available here (search-index.js could not be loaded).");
      open(true);
    });
  }
  function move(from, step) {
    var all = links();
    var i = all.indexOf(from) + step;
    if (i < 0) { input.focus(); } else if (i < all.length) { all[i].focus(); }
  }
  input.addEventListener("input", search);
  input.addEventListener("focus", function () {
    if (quiet) { quiet = false; return; }
    if (input.value.trim()) { open(true); }
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && links().length) { ev.preventDefault(); open(true); links()[0].focus(); }
    if (ev.key === "Escape" && popup.classList.contains("open")) { ev.preventDefault(); open(false); }
  });
  list.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") { ev.preventDefault(); move(ev.target, ev.key === "ArrowDown" ? 1 : -1); }
    if (ev.key === "Home") { ev.preventDefault(); move(null, 1); }
    if (ev.key === "End") { ev.preventDefault(); var all = links(); all[all.length - 1].focus(); }
    if (ev.key === "Escape") { ev.preventDefault(); open(false); quiet = true; input.focus(); }
  });
  if (form) {
    // Enter opens the first match instead of going to the search page.
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var first = links()[0];
      if (first) { window.location.href = first.href; }
    });
    document.addEventListener("click", function (ev) { if (!form.contains(ev.target)) { open(false); } });
    form.addEventListener("focusout", function (ev) { if (ev.relatedTarget && !form.contains(ev.relatedTarget)) { open(false); } });
  }
  // `?q=words` in the address fills the box, so a search can be shared as a link.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; search(); }
})();

// The site navigation's menus (<details>) work without script; this only
// closes an open menu on Escape, on a click elsewhere, or when another opens.
(function () {
  "use strict";
  var menus = Array.prototype.slice.call(document.querySelectorAll(".site-nav details"));
  if (!menus.length) { return; }
  menus.forEach(function (d) {
    d.addEventListener("toggle", function () {
      if (d.open) { menus.forEach(function (o) { if (o !== d) { o.open = false; } }); }
    });
  });
  document.addEventListener("click", function (ev) {
    menus.forEach(function (d) { if (d.open && !d.contains(ev.target)) { d.open = false; } });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    menus.forEach(function (d) {
      if (d.open) { d.open = false; if (d.contains(document.activeElement)) { d.querySelector("summary").focus(); } }
    });
  });
})();
