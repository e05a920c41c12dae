// The roadmap's timeline opens with today in view, not the past: on a
// narrow screen it scrolls so that today sits 60 % of the way in, its
// label (drawn left of the line) in view too.
for (const chart of document.querySelectorAll(".chart[data-today]")) {
  const today = Number(chart.dataset.today);
  if (chart.scrollWidth > chart.clientWidth && today >= 0 && today <= 1) {
    chart.scrollLeft = Math.max(0, today * chart.scrollWidth - chart.clientWidth * 0.6);
  }
}
