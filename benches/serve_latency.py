#!/usr/bin/env python3
"""Save-to-visible latency of `imrf serve`: start the server on a site, save one page again and
again, and time from each write until the server answers with that save's text (polled every 2 ms
over loopback). Three cases, each printed with its median and 90th percentile:

- isolated: save, wait until the page shows it, pause 150 ms, save again (K saves);
- autosave every 100 ms: K saves on a fixed beat without waiting, as an editor's autosave writes;
  a save counts as visible once the page shows it or a later save (which supersedes it), and the
  page must end up showing the last save within 10 s, or the script fails;
- autosave every 300 ms: the same, on a slower beat.

    python3 benches/serve_latency.py IMRF_BINARY SITE_ROOT [K=20] [CASES=isolated,100,300]

CASES is a comma-separated list of `isolated` and autosave intervals in ms. The page is put back as
it was at the end. Between cases the script waits for the server to finish what it deferred (the
lists around the edited page), so that no case pays for the one before.
"""
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

PAGE_FILE = "content/reports/page-0.md"
PAGE_URL_PATH = "/en/reports/page-0/"
POLL = 0.002
LAST_SAVE_DEADLINE = 10.0


class Server:
    """`imrf serve --port 0` on ROOT; its stdout is read on a thread (the port, then the log)."""

    def __init__(self, binary, root):
        self.proc = subprocess.Popen([binary, "serve", "--port", "0", "--root", root],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.lines = []
        self.port = None
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(600) or self.port is None:
            self.stop()
            sys.exit("imrf serve exited or never said which port it listens on")
        self.url = f"http://127.0.0.1:{self.port}{PAGE_URL_PATH}"

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append((time.perf_counter(), line.rstrip()))
            m = re.search(r"http://[^:/]+:(\d+)/", line)
            if m and self.port is None:
                self.port = int(m.group(1))
                self.ready.set()
        self.ready.set()

    def page(self):
        """The page's text now, or '' while the server has none to give."""
        try:
            with urllib.request.urlopen(self.url, timeout=5) as r:
                return r.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return ""

    def settle(self, timeout=60.0):
        """Waits until the server has caught up with the last save: its last log line, after that
        save, says it rendered the site around the page (`the site around …`) or rebuilt it all (`…: full
        rebuild, …`), and nothing followed for half a second."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.lines:
                t, line = self.lines[-1]
                done = " around " in line or "full rebuild" in line
                if done and t >= last_write and time.perf_counter() - t >= 0.5:
                    return
            time.sleep(0.01)
        print(f"serve: warning: the server did not catch up within {timeout:.0f} s", flush=True)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


last_write = 0.0  # when a save was last written (time.perf_counter())


def write(path, text):
    global last_write
    last_write = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def wait_for(server, predicate, deadline):
    """Polls the page until predicate(text) holds; the time it did, or None past the deadline."""
    while time.perf_counter() < deadline:
        if predicate(server.page()):
            return time.perf_counter()
        time.sleep(POLL)
    return None


def isolated(server, page_file, original, k):
    samples = []
    for i in range(k):
        marker = f"latency-marker-{i}-{time.time_ns()}"
        start = time.perf_counter()
        write(page_file, original + f"\n{marker}\n")
        seen = wait_for(server, lambda body: marker in body, start + LAST_SAVE_DEADLINE)
        if seen is None:
            sys.exit(f"serve: isolated edit {i} never became visible within {LAST_SAVE_DEADLINE:.0f} s")
        samples.append((seen - start) * 1000)
        time.sleep(0.15)  # let the debounce window close before the next edit
    return samples


def autosave(server, page_file, original, k, interval):
    """K saves every `interval` seconds, written on a thread while this one polls the page."""
    token = time.time_ns()
    pattern = re.compile(rf"autosave-{token}-(\d+)\b")
    written = [None] * k  # when each save was written
    first_seen = [None] * k  # when the page first showed that save or a later one

    def writer():
        beat = time.perf_counter()
        for i in range(k):
            delay = beat + i * interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            written[i] = time.perf_counter()
            write(page_file, original + f"\nautosave-{token}-{i}\n")

    thread = threading.Thread(target=writer)
    thread.start()
    newest_seen = -1
    deadline = None
    while newest_seen < k - 1:
        body = server.page()
        now = time.perf_counter()
        m = pattern.search(body)
        if m and int(m.group(1)) > newest_seen:
            newest_seen = int(m.group(1))
            for j in range(newest_seen + 1):
                if first_seen[j] is None:
                    first_seen[j] = now
        if deadline is None and written[k - 1] is not None:
            deadline = written[k - 1] + LAST_SAVE_DEADLINE
        if deadline is not None and now > deadline:
            thread.join()
            shown = f"save {newest_seen}" if newest_seen >= 0 else "none of the saves"
            sys.exit(f"serve: autosave every {interval * 1000:.0f} ms: the page never showed the last "
                     f"save ({k - 1}) within {LAST_SAVE_DEADLINE:.0f} s of it; it shows {shown}")
        time.sleep(POLL)
    thread.join()
    return [(seen - wrote) * 1000 for seen, wrote in zip(first_seen, written)]


def p90(samples):
    """The nearest-rank 90th percentile."""
    s = sorted(samples)
    return s[max(0, -(-9 * len(s) // 10) - 1)]


def report(label, samples):
    print(f"serve: {label}: visible in {statistics.median(samples):.0f} ms median, p90 {p90(samples):.0f} ms "
          f"(min {min(samples):.0f}, max {max(samples):.0f}, {len(samples)} saves)", flush=True)


def main():
    binary, root = sys.argv[1], sys.argv[2]
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    cases = (sys.argv[4] if len(sys.argv) > 4 else "isolated,100,300").split(",")
    page_file = os.path.join(root, PAGE_FILE)
    original = open(page_file, encoding="utf-8").read()
    server = Server(binary, root)
    try:
        for case in cases:
            if case == "isolated":
                report("isolated edit (each visible, then 150 ms pause)", isolated(server, page_file, original, k))
            else:
                interval = int(case) / 1000
                report(f"autosave every {case} ms (a save or a later one)",
                       autosave(server, page_file, original, k, interval))
            server.settle()
    finally:
        write(page_file, original)
        server.stop()


if __name__ == "__main__":
    main()
