// The country shapes of the champion countries map (themes/default/data/world-110m.tsv), made
// once from Natural Earth's 1:110m countries as packaged by `world-atlas` (TopoJSON, public
// domain data) and committed; tests/browser/map-data.test.mjs checks that the committed file is
// what this script makes. Run it again after upgrading world-atlas:
//
//   cd tests/browser && npm ci && node maps/world.mjs            # rewrites the theme's file
//   node maps/world.mjs /tmp/world.tsv                            # writes elsewhere
//
// What it does:
// - world-atlas names countries by ISO 3166-1 numeric code; i18n-iso-countries turns that into
//   the alpha-2 code champions.yaml uses. The three shapes without a code are joined to the UN
//   Member State they belong to in UN usage (N. Cyprus to CY, Somaliland to SO, Kosovo to RS, as
//   in "Kosovo under UNSCR 1244"); Antarctica is left out (it would take a fifth of the height).
// - Each shape is projected with the Natural Earth projection (Šavrič et al.'s polynomial, as in
//   d3-geo's geoNaturalEarth1) into a viewBox 1000 units wide, rounded to whole units, and
//   written as an SVG path with relative coordinates (`M x y l dx dy … z`): about 40 KB in all.
//   Rings that shrink below three distinct points at that size are dropped.
// - A country whose largest part covers less than SMALL square units (Luxembourg, the Gambia, El
//   Salvador, …) gets a marker point, the centre of that part, where the site draws a dot so that
//   it can be seen; the others get `-`. Countries the 1:110m set lacks (Malta, Singapore, small
//   island States) get a line with a marker point from the 1:50m set and no shape.
// Output lines are sorted by code, so the same input always gives the same bytes.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { feature, merge } from "topojson-client";
import countries from "i18n-iso-countries";

const here = dirname(fileURLToPath(import.meta.url));
export const target = resolve(here, "../../../themes/default/data/world-110m.tsv");

const WIDTH = 1000;
const SMALL = 60;
/** Shapes with no ISO code, joined to the Member State they belong to in UN usage. */
const JOINED = { "N. Cyprus": "CY", Somaliland: "SO", Kosovo: "RS" };
const LEFT_OUT = new Set(["AQ"]);

/** Natural Earth projection of (longitude, latitude) in radians. */
function naturalEarth(lambda, phi) {
  const phi2 = phi * phi;
  const phi4 = phi2 * phi2;
  return [
    lambda * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))),
    phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))),
  ];
}

const radians = Math.PI / 180;
const halfWidth = naturalEarth(Math.PI, 0)[0];
const scale = WIDTH / (2 * halfWidth);

function polygonsOf(geometry) {
  if (!geometry) return [];
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

/** Twice the signed area of a ring of points. */
function area2(ring) {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    a += x0 * y1 - x1 * y0;
  }
  return a;
}

function centroid(ring) {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    const c = x0 * y1 - x1 * y0;
    a += c; cx += (x0 + x1) * c; cy += (y0 + y1) * c;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * A ring that crosses the antimeridian (TopoJSON stitches Russia's and Fiji's) made continuous,
 * then cut at ±180° into the parts that fall on each side, each moved back onto the map.
 */
function splitAtAntimeridian(ring) {
  const unwrapped = [ring[0]];
  for (let i = 1; i < ring.length; i++) {
    let [lon, lat] = ring[i];
    const previous = unwrapped[i - 1][0];
    while (lon - previous > 180) lon -= 360;
    while (previous - lon > 180) lon += 360;
    unwrapped.push([lon, lat]);
  }
  const lons = unwrapped.map(([lon]) => lon);
  const [min, max] = [Math.min(...lons), Math.max(...lons)];
  if (min >= -180 && max <= 180) return [ring];
  const edge = max > 180 ? 180 : -180;
  const inside = clip(unwrapped, edge, edge > 0 ? (lon) => lon <= edge : (lon) => lon >= edge);
  const outside = clip(unwrapped, edge, edge > 0 ? (lon) => lon >= edge : (lon) => lon <= edge);
  const shift = edge > 0 ? -360 : 360;
  return [inside, outside.map(([lon, lat]) => [lon + shift, lat])].filter((r) => r.length >= 3);
}

/** Sutherland-Hodgman: the part of a ring on the `keep` side of the meridian `edge`. */
function clip(ring, edge, keep) {
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    if (keep(a[0])) out.push(a);
    if (keep(a[0]) !== keep(b[0]) && a[0] !== edge && b[0] !== edge) {
      const t = (edge - a[0]) / (b[0] - a[0]);
      out.push([edge, a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

/**
 * Every country as { iso, rings } in projected, unrounded coordinates (y pointing up). With
 * `strict`, a shape without an ISO code (and not in JOINED) is an error; otherwise it is skipped.
 */
function projectedCountries(topology, strict) {
  const byIso = new Map();
  for (const g of topology.objects.countries.geometries) {
    const iso = g.id ? countries.numericToAlpha2(g.id) : JOINED[g.properties.name];
    if (!iso && strict) throw new Error(`no ISO code for ${g.properties.name} (${g.id})`);
    if (!iso) continue;
    if (LEFT_OUT.has(iso)) continue;
    if (!byIso.has(iso)) byIso.set(iso, []);
    byIso.get(iso).push(g);
  }
  const out = [];
  for (const [iso, geometries] of byIso) {
    const geometry = geometries.length === 1
      ? feature(topology, geometries[0]).geometry
      : merge(topology, geometries);
    const rings = [];
    for (const polygon of polygonsOf(geometry)) {
      for (const ring of polygon) {
        for (const part of splitAtAntimeridian(ring)) {
          rings.push(part.map(([lon, lat]) => naturalEarth(lon * radians, lat * radians)));
        }
      }
    }
    out.push({ iso, rings });
  }
  return out;
}

/** The projected point of `ring` in view coordinates (shared by both scales). */
function view(top, [x, y]) {
  return [(x + halfWidth) * scale, (top - y) * scale];
}

/** The largest part of a country: { size, ring } in view coordinates. */
function largestPart(rings, top) {
  let largest = null;
  for (const ring of rings) {
    const exact = ring.map((p) => view(top, p));
    const size = Math.abs(area2(exact)) / 2;
    if (!largest || size > largest.size) largest = { size, ring: exact };
  }
  return largest;
}

/** The SVG path of a country's rings, rounded to whole units; "" when every ring vanishes. */
function pathOf(rings, top) {
  let d = "";
  for (const ring of rings) {
    const points = [];
    for (const p of ring.map((q) => view(top, q).map(Math.round))) {
      const last = points[points.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) points.push(p);
    }
    while (points.length > 1 && points[0][0] === points.at(-1)[0] && points[0][1] === points.at(-1)[1]) points.pop();
    if (points.length < 3) continue;
    d += `M${points[0][0]} ${points[0][1]}l`;
    for (let i = 1; i < points.length; i++) {
      const dx = points[i][0] - points[i - 1][0];
      const dy = points[i][1] - points[i - 1][1];
      d += (i > 1 && dx >= 0 ? " " : "") + dx + (dy >= 0 ? " " : "") + dy;
    }
    d += "z";
  }
  return d;
}

function load(name) {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), "utf8"));
}

/** The file's text. */
export function worldMap() {
  const shapes = projectedCountries(load("countries-110m.json"), true);
  const ys = shapes.flatMap((c) => c.rings.flat().map(([, y]) => y));
  const top = Math.max(...ys);
  const height = Math.ceil((top - Math.min(...ys)) * scale);
  const point = (ring) => centroid(ring).map((v) => Math.round(v)).join(" ");

  const lines = new Map();
  for (const { iso, rings } of shapes) {
    const d = pathOf(rings, top);
    if (!d) throw new Error(`${iso} vanishes at this size`);
    const largest = largestPart(rings, top);
    lines.set(iso, `${iso}\t${largest.size < SMALL ? point(largest.ring) : "-"}\t${d}`);
  }
  // Countries too small for the 1:110m shapes (Malta, Singapore, small island States): a marker
  // at the centre of their largest part at 1:50m.
  for (const { iso, rings } of projectedCountries(load("countries-50m.json"), false)) {
    if (!lines.has(iso)) lines.set(iso, `${iso}\t${point(largestPart(rings, top).ring)}\t-`);
  }
  const header = [
    "# Country shapes of the champion countries map, one line per country:",
    "# ISO 3166-1 alpha-2 code <TAB> marker point \"x y\" for a country too small to see, or - <TAB> SVG path, or -",
    "# for a country with a marker only.",
    "# Source: Natural Earth Admin 0 countries, 1:110m (shapes) and 1:50m (markers of the countries the",
    "# 1:110m set lacks), public domain (naturalearthdata.com), via the npm package world-atlas 2 (TopoJSON);",
    "# Natural Earth projection; Antarctica left out.",
    "# Made by tests/browser/maps/world.mjs: do not edit by hand, run the script again.",
    `viewBox\t0 0 ${WIDTH} ${height}`,
  ];
  const sorted = [...lines.keys()].sort().map((iso) => lines.get(iso));
  return [...header, ...sorted].join("\n") + "\n";
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? resolve(process.argv[2]) : target;
  writeFileSync(out, worldMap());
  console.log(`wrote ${out}`);
}
