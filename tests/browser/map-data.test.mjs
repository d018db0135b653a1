// The committed map data (themes/default/data/world-110m.tsv) is what tests/browser/maps/world.mjs
// makes from the installed world-atlas: regenerated into a temporary file and compared byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./helpers.mjs";
import { target } from "./maps/world.mjs";

test("the committed world map data is what maps/world.mjs makes", () => {
  const out = join(tempDir("imrf-map-"), "world-110m.tsv");
  execFileSync(process.execPath, [new URL("./maps/world.mjs", import.meta.url).pathname, out], { stdio: "pipe" });
  const made = readFileSync(out, "utf8");
  const committed = readFileSync(target, "utf8");
  assert.equal(made, committed, "run `node maps/world.mjs` in tests/browser and commit the result");
  assert.ok(committed.length < 150_000, `${committed.length} bytes`);
});

test("the map data names countries by ISO 3166-1 alpha-2 code, once each", () => {
  const lines = readFileSync(target, "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
  assert.match(lines[0], /^viewBox\t0 0 1000 \d+$/);
  const codes = lines.slice(1).map((l) => l.split("\t")[0]);
  for (const c of codes) assert.match(c, /^[A-Z]{2}$/);
  assert.equal(new Set(codes).size, codes.length);
  for (const c of ["CO", "MX", "GM", "LU", "TH", "RU", "FJ", "SO", "CY", "RS", "MT"]) assert.ok(codes.includes(c), c);
  assert.ok(!codes.includes("AQ"), "Antarctica is left out");
});
