// Shared helpers of the browser tests: the imrf binary, fixture sites, a static file server for
// built sites, and headless Chromium (Debian's, started with the flags this network needs).
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, cpSync, readFileSync, existsSync, statSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const bin = process.env.IMRF_BIN || join(repo, "target/debug/imrf");

export function tempDir(prefix = "imrf-browser-") {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Builds the site at `root` into a fresh folder and returns that folder. */
export function build(root = repo) {
  const out = join(tempDir(), "public");
  execFileSync(bin, ["build", "--root", root, "--output", out], { stdio: "pipe" });
  return out;
}

/** A copy of the shipped site in a temporary folder (for tests that edit it). */
export function copyOfShippedSite() {
  const root = tempDir("imrf-site-");
  cpSync(join(repo, "site.toml"), join(root, "site.toml"));
  cpSync(join(repo, "content"), join(root, "content"), { recursive: true });
  return root;
}

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".ics": "text/calendar", ".png": "image/png",
  ".svg": "image/svg+xml", ".txt": "text/plain",
};

/** Serves `dir` as any static host would; resolves to { url, close }. */
export function serveStatic(dir) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.includes("..")) { res.writeHead(400); res.end(); return; }
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": types[".html"] });
      res.end(readFileSync(join(dir, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  })));
}

/** Runs `imrf serve --port 0` on `root`; resolves to { url, stop }. */
export function imrfServe(root) {
  const child = spawn(bin, ["serve", "--port", "0", "--root", root], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => { log += d; });
  return new Promise((ok, fail) => {
    child.stdout.on("data", (d) => {
      log += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (m) ok({ url: `http://127.0.0.1:${m[1]}`, stop: () => child.kill(), log: () => log });
    });
    child.on("exit", (code) => fail(new Error(`imrf serve exited ${code}: ${log}`)));
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/** Where screenshots for the README go. */
export function screenshotPath(name) {
  const dir = join(repo, "docs", "screenshots");
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/**
 * Registers before/after hooks that build the shipped site, serve it statically and start
 * Chromium; returns an object whose `site` and `browser` are set once they run.
 */
export function withBuiltSite(before, after) {
  const ctx = { site: null, browser: null };
  before(async () => {
    ctx.site = await serveStatic(build());
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.site?.close();
  });
  return ctx;
}
