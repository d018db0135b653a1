// Accessibility: axe-core (WCAG 2.1 A and AA rules) finds no serious or critical violation on the
// pages readers use most, in English, Arabic and Chinese; plus keyboard basics axe cannot see.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { withBuiltSite } from "./helpers.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const ctx = withBuiltSite(before, after);

const pages = ["", "programme/", "objectives/", "objectives/8/", "programme/round-table-1/", "search/?q=migration"];

for (const lang of ["en", "ar", "zh"]) {
  test(`no serious or critical WCAG 2.1 AA violation in ${lang}`, async () => {
    const page = await ctx.browser.newPage();
    const problems = [];
    for (const path of pages) {
      await page.goto(`${ctx.site.url}/${lang}/${path}`);
      if (path.startsWith("search")) await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
      for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        problems.push(`${lang}/${path}: ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      }
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("skip link, landmarks and a visible focus", async () => {
  const page = await ctx.browser.newPage();
  await page.goto(`${ctx.site.url}/en/programme/`);
  await page.keyboard.press("Tab");
  const skip = page.locator(".skip-link");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  const box = await skip.boundingBox();
  assert.ok(box.y >= 0, "the skip link shows when focused");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  for (const landmark of ["header", "main", "footer", "nav", "form[role=search]"]) {
    assert.ok(await page.locator(landmark).count() > 0, landmark);
  }
  await page.close();
});

test("the print stylesheet hides the chrome and keeps the content", async () => {
  const page = await ctx.browser.newPage();
  await page.goto(`${ctx.site.url}/en/programme/round-table-1/`);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".site-header").evaluate((e) => getComputedStyle(e).display), "none");
  assert.notEqual(await page.locator("main").evaluate((e) => getComputedStyle(e).display), "none");
  await page.close();
});
