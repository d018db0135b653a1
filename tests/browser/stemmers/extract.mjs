// Writes the Snowball stemmers the search page needs (themes/default/static/stemmers/) from the
// npm package snowball-stemmers (ISC licence; a JavaScript port of the Snowball algorithms,
// http://snowballstem.org/): the runtime they share (runtime.js) and one file per language
// (<lang>.js), which sets `imrfStem(word)` for static/search.js. The build stems with the same algorithms
// (rust-stemmers); stemmers.test.mjs checks that both sides give the same terms.
//
//   node stemmers/extract.mjs [OUTPUT_FOLDER]
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
export const languages = { en: "english", fr: "french", es: "spanish", ru: "russian", ar: "arabic" };
export const target = new URL("../../../themes/default/static/stemmers/", import.meta.url).pathname;

/// The names the shared runtime defines, which every language's stemmer uses.
const runtimeNames = ["_typeof", "_possibleConstructorReturn", "_inherits", "_classCallCheck", "_createClass", "_get",
  "StringBuffer", "StringBuilder", "Among", "SnowballProgram", "SnowballStemmer"];

function parts(source) {
  const lines = source.split("\n");
  const start = (pattern) => lines.findIndex((l) => pattern.test(l));
  const runtimeStart = start(/^\s*function _possibleConstructorReturn/);
  const firstStemmer = start(/^\s*var \w+Stemmer = function \(_SnowballStemmer/);
  const version = JSON.parse(readFileSync(require.resolve("snowball-stemmers/package.json"), "utf8")).version;
  return { lines, start, runtime: [lines[0], ...lines.slice(runtimeStart, firstStemmer)], version };
}

/// The runtime every stemmer shares (loaded once, before a language's stemmer).
export function runtimeFile(source) {
  const { runtime, version } = parts(source);
  return [
    `// Snowball runtime for the imrf search page, from snowball-stemmers ${version} (ISC licence),`,
    "// a JavaScript port of http://snowballstem.org/ made by tests/browser/stemmers/extract.mjs.",
    "(function (global) {",
    "'use strict';",
    ...runtime,
    `global.imrfSnowball = { ${runtimeNames.map((n) => `${n}: ${n}`).join(", ")} };`,
    "})(typeof self !== 'undefined' ? self : globalThis);",
    "",
  ].join("\n");
}

/// What a language does to a word before Snowball stems it: Spanish puts it in the singular
/// (the rule of `spanish_singular` in src/render/search/terms.rs; stemmers.test.mjs checks that
/// both sides agree on every word of the content).
const before = {
  spanish: [
    "// A Spanish word in the singular, by its regular plural endings (src/render/search/terms.rs).",
    "function singular(word) {",
    "  var chars = [...word], n = chars.length, vowel = function (c) { return 'aeiouáéíóú'.indexOf(c) >= 0; };",
    "  if (n >= 5 && word.endsWith('ces')) return chars.slice(0, n - 3).join('') + 'z';",
    "  if (n >= 5 && word.endsWith('es') && !vowel(chars[n - 3])) return chars.slice(0, n - 2).join('');",
    "  if (n >= 5 && word.endsWith('s') && vowel(chars[n - 2])) return chars.slice(0, n - 1).join('');",
    "  return word;",
    "}",
  ],
};

/// The stemmer file of one language: its algorithm on the shared runtime; sets `imrfStem`.
export function stemmerFile(source, name) {
  const { lines, start, version } = parts(source);
  const own = start(new RegExp(`^\\s*var ${name}Stemmer = function`));
  const end = lines.findIndex((l, i) => i > own && /^\s*var \w+Stemmer = function|^\s*function newStemmer/.test(l));
  return [
    `// Snowball ${name} stemmer for the imrf search page, from snowball-stemmers ${version} (ISC licence),`,
    "// made by tests/browser/stemmers/extract.mjs; runs on stemmers/runtime.js.",
    "(function (global) {",
    "'use strict';",
    `var ${runtimeNames.map((n) => `${n} = global.imrfSnowball.${n}`).join(", ")};`,
    ...lines.slice(own, end),
    `var stemmer = new ${name}Stemmer();`,
    ...(before[name] || []),
    before[name]
      ? "global.imrfStem = function (word) { stemmer.setCurrent(singular(word)); stemmer.stem(); return stemmer.getCurrent(); };"
      : "global.imrfStem = function (word) { stemmer.setCurrent(word); stemmer.stem(); return stemmer.getCurrent(); };",
    "})(typeof self !== 'undefined' ? self : globalThis);",
    "",
  ].join("\n");
}

export function extract(out) {
  const source = readFileSync(require.resolve("snowball-stemmers"), "utf8");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "runtime.js"), runtimeFile(source));
  for (const [code, name] of Object.entries(languages)) {
    writeFileSync(join(out, `${code}.js`), stemmerFile(source, name));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  extract(process.argv[2] || target);
}
