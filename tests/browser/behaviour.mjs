// How readers use the built example site in Chromium: full-text search with
// ids and a typo, the keyboard in the results, the site opened from disk
// (file://), the search box with script off, and the roadmap on a phone.
//
// Usage: node behaviour.mjs ORIGIN SITE_DIR
// Prints a JSON list of checks: [{"name", "ok", "detail"}]. Uses the Chromium
// named by RANKDOWN_CHROMIUM (default /usr/bin/chromium).
import { chromium } from "playwright-core";

const [origin, siteDir] = process.argv.slice(2);
const checks = [];
const check = (name, ok, detail) => checks.push({ name, ok: Boolean(ok), detail: String(detail) });

const browser = await chromium.launch({
  executablePath: process.env.RANKDOWN_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--allow-file-access-from-files"],
});

/** The result links (id first) after searching for `query` on `base`. */
async function results(page, base, query) {
  await page.goto(base + "?q=" + encodeURIComponent(query));
  await page.waitForFunction(() => document.getElementById("search-status").textContent !== "");
  return page.$$eval("#search-results a", (links) => links.map((a) => a.textContent));
}

try {
  const page = await browser.newPage();
  const searches = [
    ["a word late in a body", "chemistry", "LND-16"],
    ["an id without its dash", "LND16", "LND-16"],
    ["an iteration", "PI-7.4", "CAT-105"],
    ["a person", "Mira Okafor", "CAT-107"],
    ["a word with a typo", "renovaton", "LND-21"],
  ];
  for (const [what, query, id] of searches) {
    const found = await results(page, origin + "/", query);
    check(`search finds ${what} (${query})`, found.some((t) => t.startsWith(id + " ")), found.slice(0, 5).join(" | "));
  }
  const exact = await results(page, origin + "/", "LND-16");
  check("an exact id comes first", exact[0] && exact[0].startsWith("LND-16 "), exact.slice(0, 3).join(" | "));

  // Keyboard: down into the results, Escape back to the box, closed.
  await page.goto(origin + "/");
  await page.focus("#search-input");
  await page.keyboard.type("renovation");
  // The popup can open before the index has loaded on a busy machine:
  // wait for the results themselves.
  await page.waitForSelector(".search-popup.open #search-results a");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.closest("#search-results") !== null);
  check("ArrowDown moves into the results", focused, "");
  await page.keyboard.press("Escape");
  await page
    .waitForFunction(() => !document.querySelector(".search-popup").classList.contains("open"), null, { timeout: 5000 })
    .catch(() => {});
  await page.waitForTimeout(100);
  const state = await page.evaluate(() => ({
    open: document.querySelector(".search-popup").classList.contains("open"),
    inBox: document.activeElement.id === "search-input",
  }));
  check("Escape on a result closes the results and stays closed", !state.open && state.inBox, JSON.stringify(state));
  // The address is what counts: waiting for the page's load as well once
  // timed out on a busy CI machine.
  await Promise.all([page.waitForURL("**/stories/LND-21/", { waitUntil: "commit" }), page.keyboard.press("Enter")]);
  check("Enter in the box opens the first result", page.url().endsWith("/stories/LND-21/"), page.url());

  // On a phone the roadmap opens with today in view, not the past.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(origin + "/roadmap/");
  await phone
    .waitForFunction(() => document.querySelector(".chart[data-today]").scrollLeft > 0, null, { timeout: 5000 })
    .catch(() => {});
  const today = await phone.evaluate(() => {
    const chart = document.querySelector(".chart[data-today]");
    const line = chart.querySelector(".today").getBoundingClientRect();
    const box = chart.getBoundingClientRect();
    return { scrolled: chart.scrollLeft, inView: line.left >= box.left && line.right <= box.right };
  });
  check("on a phone the roadmap opens with today in view", today.scrolled > 0 && today.inView, JSON.stringify(today));
  await phone.close();

  // From disk: navigation opens pages, not folder listings; search works.
  const disk = "file://" + siteDir + "/";
  await page.goto(disk + "index.html");
  await page.click("nav.site-nav >> text=Program backlog");
  const heading = await page.textContent("h1");
  check("from disk a navigation link opens its page", page.url().endsWith("/program/index.html") && heading === "Program backlog", page.url());
  const fromDisk = await results(page, disk + "index.html", "renovation");
  check("from disk search works", fromDisk.some((t) => t.startsWith("LND-21 ")), fromDisk.join(" | "));

  // Script off: Enter in the box leads to a page that says how to search.
  const off = await browser.newPage({ javaScriptEnabled: false });
  await off.goto(origin + "/");
  await off.fill("#search-input", "renovation");
  await off.press("#search-input", "Enter");
  await off.waitForLoadState();
  const told = await off.evaluate(() => document.body.innerText.includes("Search needs JavaScript"));
  check("without script the search box leads to a page that says how to search", off.url().includes("/search/") && told, off.url());
} catch (error) {
  check("the checks ran", false, error.stack || error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(checks));
