// Side-by-side search benchmark: the same query set against imrf's search page and against
// Pagefind run over the same built site, in headless Chromium (Debian's). Counts a query as
// answered when the expected page is in the top three, and reports the bytes each query makes
// the browser download.
//
//   node benches/search/compare.mjs SITE_FOLDER   (see run.sh, which builds the site and Pagefind)
import { createRequire } from "node:module";
import { readFileSync, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join, extname } from "node:path";

const require = createRequire(new URL("../../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const site = process.argv[2];
const { queries } = JSON.parse(readFileSync(new URL("./queries.json", import.meta.url), "utf8"));
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".json": "application/json", ".css": "text/css",
  ".wasm": "application/wasm", ".pf_meta": "application/octet-stream" };

const server = createServer((req, res) => {
  let file = join(site, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });

/// Runs `fn(page)` with a fresh page, returning its result and the bytes of the search data
/// (paths holding `data`) downloaded after `ready`: the query itself, not the page around it.
async function measure(url, ready, fn, data) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  if (ready) await ready(page);
  let bytes = 0;
  page.on("response", async (r) => {
    if (!new URL(r.url()).pathname.includes(data)) return;
    try { bytes += (await r.body()).length; } catch { /* redirect or aborted */ }
  });
  const result = await fn(page);
  await page.waitForTimeout(50);
  await context.close();
  return { result, bytes };
}

const rows = [];
for (const [lang, query, expected] of queries) {
  const imrf = await measure(`${base}/${lang}/`, null, async (page) => {
    await page.goto(`${base}/${lang}/search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
    return page.locator("#search-results > li > a").evaluateAll((as) => as.slice(0, 3).map((a) => a.getAttribute("href")));
  }, "/search/");
  const pagefind = await measure(`${base}/${lang}/`, async (page) => {
    await page.evaluate(async () => { window.pf = await import("/pagefind/pagefind.js"); await window.pf.init(); });
  }, async (page) => page.evaluate(async (q) => {
    const r = await window.pf.search(q);
    const top = await Promise.all(r.results.slice(0, 3).map((x) => x.data()));
    return top.map((d) => d.url);
  }, query), "/pagefind/");
  rows.push({ lang, query, expected, imrf: imrf.result.includes(expected), pagefind: pagefind.result.includes(expected),
    imrfBytes: imrf.bytes, pagefindBytes: pagefind.bytes, imrfTop: imrf.result, pagefindTop: pagefind.result });
}
await browser.close();
server.close();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
console.log("| language | imrf (top 3) | Pagefind (top 3) |\n| --- | --- | --- |");
for (const lang of ["en", "fr", "es", "ru", "ar", "zh"]) {
  const mine = rows.filter((r) => r.lang === lang);
  console.log(`| ${lang} | ${mine.filter((r) => r.imrf).length}/${mine.length} | ${mine.filter((r) => r.pagefind).length}/${mine.length} |`);
}
console.log(`| all | ${rows.filter((r) => r.imrf).length}/${rows.length} | ${rows.filter((r) => r.pagefind).length}/${rows.length} |`);
console.log(`\nsearch data downloaded per query, median (imrf: search page, index files; Pagefind: after init): imrf ${median(rows.map((r) => r.imrfBytes))} bytes, Pagefind ${median(rows.map((r) => r.pagefindBytes))} bytes`);
for (const r of rows.filter((r) => !r.imrf || !r.pagefind)) {
  console.log(`missed: ${r.lang} "${r.query}" → imrf ${JSON.stringify(r.imrfTop)}, Pagefind ${JSON.stringify(r.pagefindTop)}`);
}
