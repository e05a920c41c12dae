// What the pages do with script on; every page works without it.
(function () {
  "use strict";
  // A table or chart too wide for the screen scrolls sideways. The
  // keyboard reaches such a box only while it does scroll: a box that
  // fits is no extra tab stop.
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".table-wrap, .chart"));
  function mark() {
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) { box.setAttribute("tabindex", "0"); }
      else { box.removeAttribute("tabindex"); }
    });
  }
  mark();
  window.addEventListener("resize", mark);
  // Opened from disk, a link to a folder would show the folder: point it
  // at the folder's index.html instead.
  if (window.location.protocol === "file:") {
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) { return; }
      var cut = href.search(/[?#]/);
      var path = cut < 0 ? href : href.slice(0, cut);
      if (path === "" || path.slice(-1) === "/") {
        a.setAttribute("href", path + "index.html" + (cut < 0 ? "" : href.slice(cut)));
      }
    });
  }
  // The roadmap's timeline opens with today in view, not the past: on a
  // narrow screen it scrolls so that today sits 60 % of the way in, its
  // label (drawn left of the line) in view too.
  boxes.forEach(function (chart) {
    var today = Number(chart.getAttribute("data-today"));
    if (chart.hasAttribute("data-today") && chart.scrollWidth > chart.clientWidth && today >= 0 && today <= 1) {
      chart.scrollLeft = Math.max(0, today * chart.scrollWidth - chart.clientWidth * 0.6);
    }
  });
})();
