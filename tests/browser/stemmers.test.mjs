// One rule for search terms on both sides: every word of the shipped content, in each language,
// becomes the same terms in the build (`imrf search-terms LANG`, rust-stemmers) and in the
// browser's search.js (with the extracted Snowball stemmer). And the committed stemmer files are
// what stemmers/extract.mjs makes from the installed snowball-stemmers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { bin, repo, tempDir } from "./helpers.mjs";
import { extract, languages, target } from "./stemmers/extract.mjs";

/// Every distinct word of the content files of a language (`x.fr.md`; for English `x.md`).
function words(lang) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (lang === "en" ? /^[^.]+\.md$|^_index\.md$/.test(name) : name.endsWith(`.${lang}.md`)) files.push(path);
    }
  };
  walk(join(repo, "content"));
  const set = new Set();
  for (const f of files) for (const w of readFileSync(f, "utf8").match(/[\p{Alphabetic}\p{N}\u064B-\u0652\u0670\u0640]+/gu) || []) set.add(w);
  return [...set].sort();
}

/// The browser's terms function, with the language's stemmer loaded as the search page loads it.
function browserTerms(lang) {
  const context = vm.createContext({ TextEncoder });
  const stemmer = join(repo, "themes/default/static/stemmers", `${lang}.js`);
  const runtime = join(repo, "themes/default/static/stemmers/runtime.js");
  try {
    vm.runInContext(readFileSync(runtime, "utf8"), context);
    vm.runInContext(readFileSync(stemmer, "utf8"), context);
  } catch { /* no stemmer for this language */ }
  vm.runInContext(readFileSync(join(repo, "themes/default/static/search.js"), "utf8"), context);
  return (text) => context.imrfTerms(text, context.imrfStem || null);
}

for (const lang of ["en", "fr", "es", "ru", "ar", "zh"]) {
  test(`${lang}: the build and the browser make the same terms of every word`, () => {
    const list = words(lang);
    assert.ok(list.length > 100, `${list.length} words`);
    const built = execFileSync(bin, ["search-terms", lang], { input: list.join("\n") + "\n", encoding: "utf8" }).split("\n");
    const terms = browserTerms(lang);
    const differ = list.filter((w, i) => terms(w).join(" ") !== built[i]);
    assert.deepEqual(differ.slice(0, 10).map((w) => [w, terms(w).join(" "), built[list.indexOf(w)]]), []);
  });
}

test("the committed stemmers are what stemmers/extract.mjs makes", () => {
  const out = tempDir("imrf-stemmers-");
  extract(out);
  for (const code of ["runtime", ...Object.keys(languages)]) {
    assert.equal(readFileSync(join(out, `${code}.js`), "utf8"), readFileSync(join(target, `${code}.js`), "utf8"), code);
  }
});
