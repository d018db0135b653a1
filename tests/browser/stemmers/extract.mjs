// Writes the Snowball stemmers the search page needs (themes/default/static/stemmers/<lang>.js)
// from the npm package snowball-stemmers (ISC licence; a JavaScript port of the Snowball
// algorithms, http://snowballstem.org/): its shared runtime and one language's stemmer, which
// set `imrfStem(word)` for static/search.js. The build stems with the same algorithms
// (rust-stemmers); stemmers.test.mjs checks that both sides give the same terms.
//
//   node stemmers/extract.mjs [OUTPUT_FOLDER]
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
export const languages = { en: "english", fr: "french", es: "spanish", ru: "russian", ar: "arabic" };
export const target = new URL("../../../themes/default/static/stemmers/", import.meta.url).pathname;

/// The stemmer file of one language.
export function stemmerFile(source, name) {
  const lines = source.split("\n");
  const start = (pattern) => lines.findIndex((l) => pattern.test(l));
  const runtimeStart = start(/^\s*function _possibleConstructorReturn/);
  const firstStemmer = start(/^\s*var \w+Stemmer = function \(_SnowballStemmer/);
  const own = start(new RegExp(`^\\s*var ${name}Stemmer = function`));
  let end = lines.findIndex((l, i) => i > own && /^\s*var \w+Stemmer = function|^\s*function newStemmer/.test(l));
  const version = JSON.parse(readFileSync(require.resolve("snowball-stemmers/package.json"), "utf8")).version;
  return [
    `// Snowball ${name} stemmer for the imrf search page, from snowball-stemmers ${version} (ISC licence),`,
    "// a JavaScript port of http://snowballstem.org/ made by tests/browser/stemmers/extract.mjs.",
    "(function (global) {",
    "'use strict';",
    lines[0],
    ...lines.slice(runtimeStart, firstStemmer),
    ...lines.slice(own, end),
    `var stemmer = new ${name}Stemmer();`,
    "global.imrfStem = function (word) { stemmer.setCurrent(word); stemmer.stem(); return stemmer.getCurrent(); };",
    "})(typeof self !== 'undefined' ? self : globalThis);",
    "",
  ].join("\n");
}

export function extract(out) {
  const source = readFileSync(require.resolve("snowball-stemmers"), "utf8");
  mkdirSync(out, { recursive: true });
  for (const [code, name] of Object.entries(languages)) {
    writeFileSync(join(out, `${code}.js`), stemmerFile(source, name));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  extract(process.argv[2] || target);
}
