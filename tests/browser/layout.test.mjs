// What readers see: the Arabic layout mirrored, the language switcher keeping the reader on the
// same page, the programme on a phone, and the README's screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBuiltSite, screenshotPath } from "./helpers.mjs";

const ctx = withBuiltSite(before, after);

/** Horizontal centre of the first element matching `selector`. */
async function centre(page, selector) {
  const box = await page.locator(selector).first().boundingBox();
  return box.x + box.width / 2;
}

test("Arabic pages are laid out right to left, as a mirror of English ones", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const lang of ["en", "ar"]) {
    await page.goto(`${ctx.site.url}/${lang}/programme/`);
    const dir = await page.evaluate(() => getComputedStyle(document.body).direction);
    const width = page.viewportSize().width;
    const title = await centre(page, ".site-title");
    const switcher = await centre(page, "nav.languages");
    const firstDay = await centre(page, ".day:first-of-type");
    const secondDay = await centre(page, ".day:nth-of-type(2)");
    if (lang === "en") {
      assert.equal(dir, "ltr");
      assert.ok(title < width / 2 && switcher > width / 2, "English: title left, languages right");
      assert.ok(firstDay < secondDay, "English: the week reads left to right");
    } else {
      assert.equal(dir, "rtl");
      assert.ok(title > width / 2 && switcher < width / 2, "Arabic: title right, languages left");
      assert.ok(firstDay > secondDay, "Arabic: the week reads right to left");
      // The list bullets and the event cards' accent border sit on the right.
      const border = await page.locator(".event").first().evaluate((e) => getComputedStyle(e).borderRightWidth);
      assert.equal(border, "4px");
      await page.screenshot({ path: screenshotPath("programme-ar.png") });
    }
  }
  await page.close();
});

test("the language switcher leads to the same page in the chosen language", async () => {
  const page = await ctx.browser.newPage();
  await page.goto(`${ctx.site.url}/en/programme/round-table-1/`);
  await page.locator('nav.languages a[hreflang="fr"]').click();
  await page.waitForURL(`${ctx.site.url}/fr/programme/round-table-1/`);
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  await page.locator('nav.languages a[hreflang="ar"]').click();
  await page.waitForURL(`${ctx.site.url}/ar/programme/round-table-1/`);
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  await page.locator('nav.languages a[hreflang="zh"]').click();
  await page.waitForURL(`${ctx.site.url}/zh/programme/round-table-1/`);
  await page.close();
});

test("the root page leads to the reader's language, or the default one", async () => {
  for (const [locale, expected] of [["fr-FR", "/fr/"], ["de-DE", "/en/"], ["ar", "/ar/"]]) {
    const context = await ctx.browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}/`);
    await page.waitForURL(`${ctx.site.url}${expected}`);
    await context.close();
  }
});

test("the programme is readable on a phone", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await page.goto(`${ctx.site.url}/en/programme/`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
  // Days stack in one column, each as wide as the screen allows.
  const days = await page.locator(".day").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
  assert.equal(days.length, 5);
  for (const d of days) assert.ok(d.width > 300 && d.x >= 0 && d.x + d.width <= 390, JSON.stringify(d));
  assert.ok(days[1].y > days[0].y);
  const size = await page.locator(".event h4").first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(size >= 15, `event titles are legible (${size}px)`);
  await page.screenshot({ path: screenshotPath("programme-phone.png") });
  await page.close();
});

test("home page screenshot for the README", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${ctx.site.url}/en/`);
  await page.screenshot({ path: screenshotPath("home-en.png") });
  await page.close();
});
