// Search in the reader's language, from the header box and the search page, by keyboard.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBuiltSite } from "./helpers.mjs";

const ctx = withBuiltSite(before, after);

async function resultsFor(page, lang, query) {
  await page.goto(`${ctx.site.url}/${lang}/search/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
  return page.locator("#search-results > li").evaluateAll((lis) => lis.map((li) => ({
    title: li.querySelector("a").textContent,
    href: li.querySelector("a").getAttribute("href"),
    type: li.querySelector(".meta").textContent,
    snippet: li.querySelector("p")?.textContent || "",
  })));
}

test("English: a query finds pages, with title, type, snippet and link", async () => {
  const page = await ctx.browser.newPage();
  const results = await resultsFor(page, "en", "policy debate");
  const hit = results.find((r) => r.href === "/en/programme/policy-debate/");
  assert.ok(hit, JSON.stringify(results.slice(0, 5)));
  assert.ok(hit.title.length > 0 && hit.type.length > 0 && hit.snippet.length > 0);
  // The last word may be unfinished.
  const partial = await resultsFor(page, "en", "pledg");
  assert.ok(partial.some((r) => r.href === "/en/about/pledging-initiative/"), JSON.stringify(partial.slice(0, 5)));
  await page.close();
});

test("French: accents do not matter and translated pages answer in French", async () => {
  const page = await ctx.browser.newPage();
  const results = await resultsFor(page, "fr", "debat d'orientation");
  assert.equal(results[0]?.href, "/fr/programme/policy-debate/", JSON.stringify(results.slice(0, 3)));
  assert.equal(results[0].title, "Débat d’orientation");
  await page.close();
});

test("Chinese: words are found without spaces", async () => {
  const page = await ctx.browser.newPage();
  const results = await resultsFor(page, "zh", "圆桌会议");
  assert.ok(results.some((r) => r.href === "/zh/programme/round-table-1/" && r.title === "圆桌会议1"), JSON.stringify(results.slice(0, 5)));
  const debate = await resultsFor(page, "zh", "政策辩论");
  assert.equal(debate[0]?.href, "/zh/programme/policy-debate/");
  await page.close();
});

test("Arabic: the article and letter variants do not matter", async () => {
  const page = await ctx.browser.newPage();
  const results = await resultsFor(page, "ar", "مائدة مستديرة");
  assert.ok(results.some((r) => r.href === "/ar/programme/round-table-1/"), JSON.stringify(results.slice(0, 5)));
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  await page.close();
});

test("the header search box works from the keyboard", async () => {
  const page = await ctx.browser.newPage();
  await page.goto(`${ctx.site.url}/en/programme/`);
  // Tab from the skip link to the search box, type, press Enter.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  let focused = await page.evaluate(() => document.activeElement.id);
  for (let i = 0; i < 10 && focused !== "site-search-q"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement.id);
  }
  assert.equal(focused, "site-search-q");
  await page.keyboard.type("round table");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/en\/search\/\?q=round\+table/);
  await page.waitForSelector("#search-results > li");
  // The results are links reachable with Tab.
  await page.locator("#q").focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const tag = await page.evaluate(() => document.activeElement.closest("#search-results") !== null);
  assert.ok(tag, "Tab reaches the results");
  const none = await resultsFor(page, "en", "zzzzqqq");
  assert.equal(none.length, 0);
  assert.match(await page.locator("#search-status").textContent(), /No results/);
  await page.close();
});
