// The search box: fetches search.json once and filters it as the reader types.
// Every page works without this script; it only adds the results list.
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
  function load() {
    if (index) { return Promise.resolve(index); }
    return fetch(root + "search.json").then(function (r) { return r.json(); }).then(function (data) { index = data; return data; });
  }
  function say(text) { if (status) { status.textContent = text; } }
  function open(yes) {
    if (popup && popup.classList) { popup.classList.toggle("open", yes); }
  }
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  function show(entries, words) {
    list.textContent = "";
    entries.slice(0, LIMIT).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      var id = document.createElement("span");
      var title = document.createElement("span");
      var state = document.createElement("span");
      a.href = root + e.url;
      id.className = "r-id";
      id.textContent = e.id;
      title.textContent = e.title;
      state.className = "r-status";
      state.textContent = "(" + e.status + ")";
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
  // Best first: the exact id, then ids starting with a word, then titles.
  function score(e, words) {
    var id = String(e.id).toLowerCase();
    var title = String(e.title).toLowerCase();
    if (words.length === 1 && id === words[0]) { return 0; }
    if (words.some(function (w) { return id.indexOf(w) === 0; })) { return 1; }
    if (words.every(function (w) { return title.indexOf(w) !== -1; })) { return 2; }
    return 3;
  }
  function search() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) { show([], words); return; }
    load().then(function (entries) {
      var found = entries.filter(function (e) {
        var hay = (e.id + " " + e.title + " " + e.labels.join(" ") + " " + e.status + " " + e.text).toLowerCase();
        return words.every(function (w) { return hay.indexOf(w) !== -1; });
      }).map(function (e, i) { return { e: e, s: score(e, words), i: i }; });
      found.sort(function (a, b) { return a.s - b.s || a.i - b.i; });
      show(found.map(function (f) { return f.e; }), words);
    }, function () {
      list.textContent = "";
      say("Search is not available here (search.json could not be loaded).");
      open(true);
    });
  }
  function move(from, step) {
    var all = links();
    var i = all.indexOf(from) + step;
    if (i < 0) { input.focus(); } else if (i < all.length) { all[i].focus(); }
  }
  input.addEventListener("input", search);
  input.addEventListener("focus", function () { if (input.value.trim()) { open(true); } });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && links().length) { ev.preventDefault(); open(true); links()[0].focus(); }
    if (ev.key === "Escape" && popup.classList.contains("open")) { ev.preventDefault(); open(false); }
  });
  list.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") { ev.preventDefault(); move(ev.target, ev.key === "ArrowDown" ? 1 : -1); }
    if (ev.key === "Home") { ev.preventDefault(); move(null, 1); }
    if (ev.key === "End") { ev.preventDefault(); var all = links(); all[all.length - 1].focus(); }
    if (ev.key === "Escape") { ev.preventDefault(); open(false); input.focus(); }
  });
  if (form) {
    // Enter opens the first match instead of submitting the form.
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
