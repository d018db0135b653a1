// The browser CMS (/admin/, docs/cms.md) on `imrf serve` for a copy of the shipped site with
// `[cms]`: Decap CMS logs in to serve's local backend, lists every section, opens a page in its
// two languages, creates a note in English and French through the form, and what it saves is
// what `imrf check` accepts and serve shows; a note without a required field is not saved.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, existsSync, readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { bin, copyOfShippedSite, imrfServe, launch, repo, screenshotPath } from "./helpers.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
// The YAML reader the CMS page itself uses (themes/default/cms/yaml.js), to read what it wrote.
const YAML = (() => {
  const context = {};
  runInNewContext(`${readFileSync(join(repo, "themes/default/cms/yaml.js"), "utf8")};this.YAML = YAML;`, context);
  return context.YAML;
})();
let root, server, browser;

before(async () => {
  root = copyOfShippedSite();
  appendFileSync(join(root, "site.toml"), '\n[cms]\nbackend = "github"\nrepo = "example/imrf-kb"\n');
  server = await imrfServe(root);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** A page of the CMS, logged in to the local backend. */
async function admin(hash = "") {
  const page = await browser.newPage();
  await page.goto(`${server.url}/admin/`);
  await page.getByRole("button", { name: "Login" }).click();
  await page.waitForSelector('[data-testid="notes"]');
  if (hash) {
    await page.goto(`${server.url}/admin/${hash}`);
  }
  return page;
}

/** Shows `lang` in the form's second pane. */
async function secondPane(page, lang) {
  const pane = page.locator('[class*="Pane2"]');
  await pane.getByText(/^Writing in /).click();
  await pane.getByRole("menuitem", { name: lang, exact: true }).click();
}

test("the CMS lists every section and opens a page in its languages", async () => {
  const page = await admin();
  const collections = await page.locator("a[data-testid]").evaluateAll((as) => as.map((a) => a.dataset.testid));
  const sections = readdirSync(join(root, "content"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, "content", e.name, "_index.md")))
    .map((e) => e.name);
  assert.deepEqual(collections.filter((c) => c !== "sections" && c !== "data").sort(), sections.sort());
  assert.ok(collections.includes("sections") && collections.includes("data"));
  // The English page is `hearing-concept-note.md`: the CMS sees it as the default language's.
  await page.goto(`${server.url}/admin/#/collections/notes/entries/hearing-concept-note`);
  const titles = page.locator('[id^="title-field"]');
  await titles.first().waitFor();
  assert.equal(await titles.first().inputValue(), "Concept note and provisional programme of the multi-stakeholder hearing");
  await secondPane(page, "fr");
  await page.waitForFunction(() => [...document.querySelectorAll('[id^="title-field"]')].some((e) => e.value.startsWith("Note conceptuelle")));
  // The kind is a select labelled with the UI's words, showing the page's value.
  await page.getByText("Concept note", { exact: true }).first().waitFor();
  await page.close();
});

test("a note made in English and French through the form is saved as imrf's files, passes check and shows", async () => {
  const page = await admin("#/collections/notes/new");
  const titles = page.locator('[id^="title-field"]');
  await titles.first().waitFor();
  await titles.nth(0).fill("Migration data in practice");
  await page.locator('[id^="summary-field"]').nth(0).fill("How the forum's documents use migration data.");
  await page.locator('[id^="date-field"]').nth(0).fill("2022-05-17");
  await page.locator('[id^="issued_by-field"]').nth(0).fill("UN Network on Migration");
  await page.locator('[id^="kind-field"]').nth(0).click();
  await page.getByText("Concept note", { exact: true }).click();
  await page.locator('[id^="objectives-field"]').nth(0).click();
  await page.getByText(/^17\. /).click();
  await secondPane(page, "fr");
  await titles.nth(1).fill("Les données migratoires en pratique");
  await page.locator('[id^="issued_by-field"]').nth(1).fill("Réseau des Nations Unies sur les migrations");
  // Arabic typed in a field runs right to left, whatever the editor's language.
  await secondPane(page, "ar");
  await titles.nth(1).fill("بيانات الهجرة");
  assert.equal(await titles.nth(1).evaluate((e) => getComputedStyle(e).unicodeBidi), "plaintext");
  await titles.nth(1).fill("");
  // The screenshot of docs/cms.md: English beside French, scrolled to the start.
  await secondPane(page, "fr");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.evaluate(() => document.querySelectorAll("*").forEach((e) => { if (e.scrollLeft) e.scrollLeft = 0; }));
  await page.screenshot({ path: screenshotPath("cms-editor.png") });
  await page.getByRole("button", { name: "Publish" }).first().click();
  await page.getByText("Publish now").click();
  const english = join(root, "content/notes/migration-data-in-practice.md");
  const french = join(root, "content/notes/migration-data-in-practice.fr.md");
  for (let i = 0; i < 100 && !(existsSync(english) && existsSync(french)); i++) await page.waitForTimeout(100);
  const en = readFileSync(english, "utf8");
  assert.match(en, /^title: Migration data in practice$/m);
  assert.match(en, /^date: 2022-05-17$/m);
  assert.match(en, /^kind: concept-note$/m);
  assert.match(en, /^issued_by: UN Network on Migration$/m);
  assert.match(en, /^objectives:\n {2}- 17$/m);
  const fr = readFileSync(french, "utf8");
  assert.match(fr, /^title: Les données migratoires en pratique$/m);
  assert.doesNotMatch(fr, /^kind:/m, "a translation does not repeat what it takes from its source");
  // No file for the languages nobody wrote in, and none under the CMS's name for English.
  const made = readdirSync(join(root, "content/notes")).filter((n) => n.startsWith("migration-data-in-practice"));
  assert.deepEqual(made.sort(), ["migration-data-in-practice.fr.md", "migration-data-in-practice.md"]);
  const check = execFileSync(bin, ["check", "--root", root], { encoding: "utf8", stdio: "pipe" });
  assert.doesNotMatch(check, /error/);
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    status = (await fetch(`${server.url}/fr/notes/migration-data-in-practice/`)).status;
    if (status !== 200) await page.waitForTimeout(100);
  }
  assert.equal(status, 200);
  const shown = await browser.newPage();
  await shown.goto(`${server.url}/fr/notes/migration-data-in-practice/`);
  assert.equal(await shown.locator("h1").first().textContent(), "Les données migratoires en pratique");
  await shown.close();
  await page.close();
});

test("a note without a required field is not saved", async () => {
  const page = await admin("#/collections/notes/new");
  const titles = page.locator('[id^="title-field"]');
  await titles.first().waitFor();
  await titles.nth(0).fill("Unfinished note");
  await page.getByRole("button", { name: "Publish" }).first().click();
  await page.getByText("Publish now").click();
  await page.getByText(/missed a required field/).waitFor();
  await page.waitForTimeout(500);
  assert.ok(!existsSync(join(root, "content/notes/unfinished-note.md")));
  await page.close();
});

test("a webinar without a round table or a cluster is not saved, in check's words", async () => {
  const page = await admin("#/collections/dialogues/new");
  const titles = page.locator('[id^="title-field"]');
  await titles.first().waitFor();
  await titles.nth(0).fill("Webinar without a group");
  await page.locator('[id^="date-field"]').nth(0).fill("2022-02-16");
  await page.locator('[id^="theme-field"]').nth(0).fill("Data");
  await page.locator('[id^="format-field"]').nth(0).fill("Online");
  await page.getByRole("button", { name: "Publish" }).first().click();
  await page.getByText("Publish now").click();
  // The loader's message (content::schema::DIALOGUE_NAMES_ITS_GROUP), in the CMS's error note.
  await page.getByText(/a dialogue needs a `round_table` \(1-4\) or a `cluster`/).first().waitFor();
  await page.waitForTimeout(500);
  assert.ok(!existsSync(join(root, "content/dialogues/webinar-without-a-group.md")));
  // With a cluster it is saved, and check accepts it.
  await page.locator('[id^="cluster-field"]').nth(0).fill("Cluster one");
  await page.getByRole("button", { name: "Publish" }).first().click();
  await page.getByText("Publish now").click();
  const saved = join(root, "content/dialogues/webinar-without-a-group.md");
  for (let i = 0; i < 100 && !existsSync(saved); i++) await page.waitForTimeout(100);
  assert.match(readFileSync(saved, "utf8"), /^cluster: Cluster one$/m);
  const check = execFileSync(bin, ["check", "--root", root], { encoding: "utf8", stdio: "pipe" });
  assert.doesNotMatch(check, /error/);
  await page.close();
});

/** The items of a data file as YAML reads them, and the comments above them. */
function dataFile(path) {
  const text = readFileSync(path, "utf8");
  // Through JSON: the reader runs in a context of its own, whose objects are not this one's.
  return { header: text.match(/^(?:[ \t]*(?:#[^\n]*)?\n)*/)[0], items: JSON.parse(JSON.stringify(YAML.parse(text))) };
}

test("a champion country added through the form keeps the data file a commented list that check accepts", async () => {
  const file = join(root, "content/champions.yaml");
  const before = dataFile(file);
  assert.ok(before.header.length > 100, "the shipped file has its sources in comments above the list");
  const page = await admin("#/collections/data/entries/champions");
  await page.getByText(`${before.items.length} champion countries`).waitFor();
  await page.getByRole("button", { name: "Add champion country" }).click();
  const item = page.locator('[id^="iso-field"]').last().locator('xpath=ancestor::*[.//*[starts-with(@id,"name-field")]][1]');
  await item.locator('[id^="en-field"]').first().fill("Atlantis");
  await item.locator('[id^="fr-field"]').first().fill("Atlantide");
  await item.locator('[id^="region-field"]').click();
  await page.getByText("Africa", { exact: true }).last().click();
  // An ISO code the loader refuses is refused in the form, in check's words.
  const iso = item.locator('[id^="iso-field"]');
  await iso.fill("Qa");
  await page.getByRole("button", { name: "Publish" }).first().click();
  await page.getByText("Publish now").click();
  await page.getByText(/is not an ISO 3166-1 alpha-2 code/).first().waitFor();
  assert.deepEqual(dataFile(file), before, "nothing is written while a field is refused");
  await iso.click({ clickCount: 3 });
  await iso.press("Backspace");
  await iso.pressSequentially("QA");
  assert.equal(await iso.inputValue(), "QA");
  // The French list of champions, open in another tab while the CMS saves.
  const open = await browser.newPage();
  await open.goto(`${server.url}/fr/champions/`);
  assert.doesNotMatch(await open.locator("main").innerText(), /Atlantide/);
  await page.getByRole("button", { name: "Publish" }).first().click();
  await page.getByText("Publish now").click();
  let after = before;
  for (let i = 0; i < 100 && after.items.length === before.items.length; i++) {
    await page.waitForTimeout(100);
    after = dataFile(file);
  }
  assert.equal(after.header, before.header, "the comments above the list are kept");
  assert.deepEqual(after.items.slice(0, before.items.length), before.items, "the other countries are as they were");
  assert.deepEqual(after.items.at(-1), { name: { en: "Atlantis", fr: "Atlantide" }, iso: "QA", region: "africa" });
  const check = execFileSync(bin, ["check", "--root", root], { encoding: "utf8", stdio: "pipe" });
  assert.doesNotMatch(check, /error/);
  // serve rebuilt, and live reload brought the new country to the open page.
  await open.waitForFunction(() => document.querySelector("main")?.innerText.includes("Atlantide"), null, { timeout: 20000 });
  await open.close();
  await page.close();
});

test("the admin page has no serious accessibility violation of its own", async () => {
  const page = await admin("#/collections/notes");
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  // imrf's part of the page is the document itself: its language and title.
  const ours = serious.filter((v) => ["html-has-lang", "html-lang-valid", "document-title"].includes(v.id));
  assert.deepEqual(ours, []);
  console.log("Decap CMS's own:", serious.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join("; ") || "none");
  await page.close();
});
