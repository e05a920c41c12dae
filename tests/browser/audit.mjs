#!/usr/bin/env node
// Audits pages of a running site for accessibility and phone layout, in one
// headless Chromium: every page at each viewport, in light and dark colour
// scheme. Run by tests/suite/a11y.rs:
//
//   node tests/browser/audit.mjs ORIGIN PATH...
//
// ORIGIN is `http://127.0.0.1:PORT`, each PATH a page such as `/teams/`.
// Chromium is `$RANKDOWN_CHROMIUM`, else /usr/bin/chromium (never downloaded).
// Prints one JSON object on standard output (see `audit` below); exits 2 when
// it cannot run at all.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

/** The viewports every page is seen in: a laptop and a phone. */
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];

/** The colour schemes every page is seen in, at each viewport. */
const SCHEMES = ["light", "dark"];

/** The longest one page may take to load. */
const LOAD_TIMEOUT_MS = 15_000;

/** HTML snippets are cut to this many characters. */
const SNIPPET = 160;

const require = createRequire(import.meta.url);

/**
 * Loads `path` in `page` (one viewport), waits for its scripts, and audits it
 * in each colour scheme in turn, without loading it again.
 * @returns {Promise<object[]>} one result per scheme (see `audit`).
 */
async function auditPage(page, origin, path, viewport) {
  // The tab is reused: scripts that run on load see the first scheme.
  await page.emulateMedia({ colorScheme: SCHEMES[0] });
  const response = await page.goto(origin + path, {
    waitUntil: "load",
    timeout: LOAD_TIMEOUT_MS,
  });
  // Pages with a query run the search, which fetches search.json.
  if (path.includes("?")) {
    await page.waitForLoadState("networkidle", { timeout: LOAD_TIMEOUT_MS });
  }
  const results = [];
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(settle);
    const axe = await page.evaluate(runAxe);
    const layout = await page.evaluate(measureLayout, SNIPPET);
    results.push({
      path,
      width: viewport.width,
      scheme,
      status: response ? response.status() : 0,
      violations: axe.violations.map(summarize),
      incomplete: axe.incomplete.map(summarize),
      ...layout,
    });
  }
  return results;
}

/**
 * Waits for web fonts and ends running transitions and animations, so that
 * colours are measured as they end up after a scheme change. Runs in the page.
 */
async function settle() {
  await document.fonts.ready;
  for (const animation of document.getAnimations()) {
    try {
      animation.finish();
    } catch {
      // An endless animation cannot finish; it is measured as it is.
    }
  }
}

/** Runs axe-core (injected by an init script) with its default rules. Runs in the page. */
async function runAxe() {
  // eslint-disable-next-line no-undef
  const results = await axe.run(document, {
    resultTypes: ["violations", "incomplete"],
  });
  return { violations: results.violations, incomplete: results.incomplete };
}

/** One axe rule's result, cut down to what a report shows. */
function summarize(result) {
  return {
    id: result.id,
    impact: result.impact ?? "unknown",
    help: result.help,
    helpUrl: result.helpUrl,
    nodes: result.nodes.map((node) => ({
      target: node.target.flat(Infinity).join(" "),
      html: cut(node.html),
      summary: cut(node.failureSummary ?? "", 300),
    })),
  };
}

/** `text` on one line, at most `max` characters. */
function cut(text, max = SNIPPET) {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Horizontal overflow and keyboard stops that scroll nothing. Runs in the
 * page, so it defines its own helpers.
 */
function measureLayout(snippet) {
  const cutHtml = (el) => {
    const html = el.outerHTML.replace(/\s+/g, " ").trim();
    return html.length > snippet ? `${html.slice(0, snippet - 1)}…` : html;
  };
  // A CSS selector for `el`: its id, else a path of tag.class:nth-of-type.
  const selector = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (e.id) {
        parts.unshift(`#${CSS.escape(e.id)}`);
        break;
      }
      let part = e.localName;
      if (e === document.documentElement || e === document.body) {
        parts.unshift(part);
        continue;
      }
      const cls = [...e.classList].map((c) => `.${CSS.escape(c)}`).join("");
      part += cls;
      const same = e.parentElement
        ? [...e.parentElement.children].filter((s) => s.localName === e.localName)
        : [];
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const viewport = window.innerWidth;
  const style = (el) => getComputedStyle(el);
  const clips = (el) => style(el).overflowX !== "visible";
  const sticksOut = (el) => {
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.right + window.scrollX > viewport + 0.5;
  };
  // The box `el` is laid out in: its parent, or for absolute and fixed
  // boxes their containing block (`null` for the viewport). Transforms and
  // containment, which also make containing blocks, are not considered.
  const container = (el) => {
    const position = style(el).position;
    if (position === "fixed") return null;
    if (position === "absolute") {
      const block = el.offsetParent;
      return block === document.body && style(block).position === "static" ? null : block;
    }
    return el.parentElement;
  };
  // Whether some box that `el` is laid out in clips or scrolls it, so it
  // cannot widen the document.
  const clipped = (el) => {
    for (let box = container(el); box && box !== document.body; box = container(box)) {
      if (clips(box)) return true;
    }
    return false;
  };
  const widens = (el) => el && el !== document.body && sticksOut(el) && !clipped(el);

  // The outermost elements that widen the document: those whose box does not.
  const offenders = [...document.body.querySelectorAll("*")]
    .filter((el) => widens(el) && !widens(container(el)))
    .map((el) => ({
      selector: selector(el),
      right: Math.round(el.getBoundingClientRect().right + window.scrollX),
      width: Math.round(el.getBoundingClientRect().width),
      html: cutHtml(el),
    }));
  offenders.sort((a, b) => b.right - a.right);

  // Keyboard stops added with tabindex="0" (scroll containers) that have
  // nothing to scroll.
  const deadTabStops = [...document.querySelectorAll('[tabindex="0"]')]
    .filter((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)
    .map((el) => ({
      selector: selector(el),
      size: `${el.clientWidth}x${el.clientHeight}`,
      html: cutHtml(el),
    }));

  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: viewport,
    overflowing: offenders.slice(0, 5),
    deadTabStops,
  };
}

/**
 * Audits every path at every viewport in every scheme, in one browser.
 * @returns {Promise<object>} `{ axeVersion, chromium, pages: [...] }`.
 */
async function audit(origin, paths) {
  const axePath = require.resolve("axe-core/axe.min.js");
  const axeSource = await readFile(axePath, "utf8");
  const { version: axeVersion } = require("axe-core/package.json");
  const browser = await chromium.launch({
    executablePath: process.env.RANKDOWN_CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    // One tab per viewport, each going through every path: a new tab costs
    // Chromium a renderer process, which takes seconds on a small machine.
    const perViewport = await Promise.all(
      VIEWPORTS.map(async (viewport) => {
        const context = await browser.newContext({ viewport });
        // In every frame before the page's own scripts, and past any CSP.
        await context.addInitScript({ content: axeSource });
        const page = await context.newPage();
        const results = [];
        for (const path of paths) {
          results.push(...(await auditPage(page, origin, path, viewport)));
        }
        await context.close();
        return results;
      }),
    );
    return { axeVersion, chromium: browser.version(), pages: perViewport.flat() };
  } finally {
    await browser.close();
  }
}

async function main() {
  const [origin, ...paths] = process.argv.slice(2);
  if (!origin || paths.length === 0) {
    console.error("usage: node audit.mjs ORIGIN PATH...");
    process.exit(2);
  }
  try {
    const result = await audit(origin, paths);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    console.error(`audit failed: ${error.stack ?? error}`);
    process.exit(2);
  }
}

await main();
