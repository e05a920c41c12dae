// The search box: fetches search.json once and filters it as the reader types.
// Every page works without this script; it only adds the results list.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (!input || !list) { return; }
  var index = null;
  function load() {
    if (index) { return Promise.resolve(index); }
    return fetch(root + "search.json").then(function (r) { return r.json(); }).then(function (data) { index = data; return data; });
  }
  function show(entries) {
    list.textContent = "";
    entries.slice(0, 20).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.url;
      a.textContent = e.id + " " + e.title + " (" + e.status + ")";
      li.appendChild(a);
      list.appendChild(li);
    });
  }
  function search() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) { show([]); return; }
    load().then(function (entries) {
      show(entries.filter(function (e) {
        var hay = (e.id + " " + e.title + " " + e.labels.join(" ") + " " + e.status + " " + e.text).toLowerCase();
        return words.every(function (w) { return hay.indexOf(w) !== -1; });
      }));
    });
  }
  input.addEventListener("input", search);
  // `?q=words` in the address fills the box, so a search can be shared as a link.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; search(); }
})();
