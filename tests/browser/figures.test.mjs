// The figures (src/render/figures.rs) as readers see them: present in every language, the right
// countries marked, the week and the road to the forum mirrored in Arabic (the map is not), the
// time line usable from the keyboard, no serious axe violation, printed, and the README's
// screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { withBuiltSite, screenshotPath, repo } from "./helpers.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const ctx = withBuiltSite(before, after);
const languages = ["en", "fr", "es", "ru", "zh", "ar"];
const champions = [...readFileSync(join(repo, "content/champions.yaml"), "utf8").matchAll(/^  iso: ([A-Z]{2})$/gm)]
  .map((m) => m[1])
  .sort();

/** Horizontal centres of the elements matching `selector`, in document order. */
async function centres(page, selector) {
  return page.locator(selector).evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return r.x + r.width / 2;
  }));
}

test("the three figures are there in every language, with the champions marked", async () => {
  assert.equal(champions.length, 30);
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const lang of languages) {
    await page.goto(`${ctx.site.url}/${lang}/champions/`);
    const marked = await page.locator("svg.world-map .champion[data-iso]").evaluateAll((els) => els.map((e) => e.dataset.iso));
    assert.deepEqual(marked.sort(), champions, lang);
    // Champions are drawn in a colour of their own, visible on the page.
    const fills = await page.locator("svg.world-map path.champion").evaluateAll((els) => [...new Set(els.map((e) => getComputedStyle(e).fill))]);
    assert.deepEqual(fills, ["rgb(0, 90, 158)"], lang);
    const map = await page.locator("svg.world-map").boundingBox();
    assert.ok(map.width > 600 && map.height > 250, `${lang}: ${JSON.stringify(map)}`);
    assert.ok((await page.locator("figure.map-figure .disclaimer").innerText()).length > 20, lang);

    await page.goto(`${ctx.site.url}/${lang}/programme/`);
    assert.equal(await page.locator(".week-event").count(), 10, lang);
    assert.equal(await page.locator(".week-date").count(), 5, lang);

    await page.goto(`${ctx.site.url}/${lang}/`);
    assert.equal(await page.locator("svg.timeline a").count(), 7, lang);
    assert.equal(await page.locator("ol.milestones > li").count(), 7, lang);
  }
  await page.close();
});

test("the week and the road to the forum run right to left in Arabic; the map does not turn", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const seen = {};
  for (const lang of ["en", "ar"]) {
    await page.goto(`${ctx.site.url}/${lang}/programme/`);
    const days = await centres(page, ".week-date");
    await page.goto(`${ctx.site.url}/${lang}/`);
    const milestones = await centres(page, "svg.timeline a .day, svg.timeline a .period");
    await page.goto(`${ctx.site.url}/${lang}/champions/`);
    const [mexico, thailand] = [await centres(page, "path[data-iso=MX]"), await centres(page, "path[data-iso=TH]")];
    seen[lang] = { days, milestones, mexico: mexico[0], thailand: thailand[0] };
  }
  const { en, ar } = seen;
  assert.ok(en.days[0] < en.days[4], `English: 16 May left of 20 May ${en.days}`);
  assert.ok(ar.days[0] > ar.days[4], `Arabic: 16 May right of 20 May ${ar.days}`);
  assert.ok(en.milestones[0] < en.milestones[6], `English: the first milestone left of the last ${en.milestones}`);
  assert.ok(ar.milestones[0] > ar.milestones[6], `Arabic: the first milestone right of the last ${ar.milestones}`);
  assert.ok(en.mexico < en.thailand && ar.mexico < ar.thailand, "the map is geography: Mexico stays west");
  await page.close();
});

test("the time line's milestones are links the keyboard reaches, named by label and date", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${ctx.site.url}/en/`);
  await page.locator("svg.timeline a").first().focus();
  const name = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(name, "Pledging initiative launched17 December 2021");
  assert.equal(await page.evaluate(() => document.activeElement.tabIndex), 0);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), "/en/dialogues/");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${ctx.site.url}/en/dialogues/`);
  await page.close();
});

for (const lang of ["en", "ar", "zh"]) {
  test(`no serious or critical WCAG 2.1 AA violation on the pages with figures in ${lang}`, async () => {
    const page = await ctx.browser.newPage();
    const problems = [];
    for (const path of ["", "programme/", "champions/"]) {
      await page.goto(`${ctx.site.url}/${lang}/${path}`);
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

test("the figures print", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.emulateMedia({ media: "print" });
  for (const [path, selector] of [["champions/", "svg.world-map"], ["programme/", ".week"], ["", "svg.timeline"]]) {
    await page.goto(`${ctx.site.url}/en/${path}`);
    const box = await page.locator(selector).boundingBox();
    assert.ok(box && box.width > 300 && box.height > 100, `${selector}: ${JSON.stringify(box)}`);
  }
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 10_000);
  await page.close();
});

test("screenshots of the map and of the Arabic road to the forum for the README", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${ctx.site.url}/en/champions/`);
  await page.locator("figure.map-figure").screenshot({ path: screenshotPath("champions-map-en.png") });
  await page.goto(`${ctx.site.url}/ar/`);
  await page.locator("section.road").screenshot({ path: screenshotPath("timeline-ar.png") });
  await page.close();
});
