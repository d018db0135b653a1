// imrf serve in a real browser: an open page reloads by itself after an edit, and shows an
// error overlay while the site is broken.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyOfShippedSite, imrfServe, launch } from "./helpers.mjs";

let root, server, browser;
before(async () => {
  root = copyOfShippedSite();
  server = await imrfServe(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test("an open page reloads after an edit and shows errors until they are fixed", async () => {
  const file = join(root, "content/programme/round-table-1.md");
  const original = readFileSync(file, "utf8");
  const page = await browser.newPage();
  await page.goto(`${server.url}/en/programme/round-table-1/`);
  await page.waitForTimeout(300);

  writeFileSync(file, original.replace(/^title: .*$/m, "title: Round table 1 (edited live)"));
  await page.waitForFunction(() => document.querySelector("article > h1")?.textContent.includes("edited live"), null, { timeout: 10000 });

  writeFileSync(file, original.replace(/^objectives: .*$/m, "objectives: [2, 77]"));
  const overlay = page.locator("#imrf-errors");
  await overlay.waitFor({ timeout: 10000 });
  const text = await overlay.textContent();
  assert.match(text, /content\/programme\/round-table-1\.md:\d+: error: `77` is not a GCM objective number/);
  // The last good page is still there under the overlay.
  assert.match(await page.locator("article > h1").textContent(), /edited live/);

  writeFileSync(file, original);
  await page.waitForFunction(() => !document.querySelector("#imrf-errors") && document.querySelector("article > h1")?.textContent.trim() === "Round table 1", null, { timeout: 10000 });
  await page.close();
});

test("an open list reloads when an edit changes what it shows; pages it did not change stay as they are", async () => {
  const file = join(root, "content/programme/round-table-1.md");
  const original = readFileSync(file, "utf8");
  const open = async (url) => {
    const page = await browser.newPage();
    const seen = { loads: 0 };
    page.on("load", () => seen.loads++);
    await page.goto(`${server.url}${url}`);
    return [page, seen];
  };
  const [list, listLoads] = await open("/en/programme/");
  const [edited, editedLoads] = await open("/en/programme/round-table-1/");
  const [other, otherLoads] = await open("/en/champions/");
  await list.waitForTimeout(300);
  assert.ok(!(await list.textContent("main")).includes("listed live"));

  writeFileSync(file, original.replace(/^title: .*$/m, "title: Round table 1 (listed live)"));
  // The page first, then the list that shows its title, once edits pause.
  await edited.waitForFunction(() => document.querySelector("article > h1")?.textContent.includes("listed live"), null, { timeout: 10000 });
  await list.waitForFunction(() => document.querySelector("main")?.textContent.includes("listed live"), null, { timeout: 15000 });
  await list.waitForTimeout(1500);
  assert.equal(editedLoads.loads, 2, "the edited page reloads once, not again when the rest of the site follows");
  assert.equal(listLoads.loads, 2, "the list reloads once");
  assert.equal(otherLoads.loads, 1, "a page the edit did not change does not reload");

  writeFileSync(file, original);
  await list.waitForFunction(() => !document.querySelector("main")?.textContent.includes("listed live"), null, { timeout: 15000 });
  for (const page of [list, edited, other]) await page.close();
});
