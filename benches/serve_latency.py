#!/usr/bin/env python3
"""Edit-to-visible latency of `imrf serve`: start the server on a site, edit one page K times,
and time from the write until the server answers with the new text (polled every 2 ms over
loopback). Prints the median and the spread.

    python3 benches/serve_latency.py IMRF_BINARY SITE_ROOT [K]
"""
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

binary, root = sys.argv[1], sys.argv[2]
k = int(sys.argv[3]) if len(sys.argv) > 3 else 20
page_file = os.path.join(root, "content/reports/page-0.md")
page_url_path = "/en/reports/page-0/"

proc = subprocess.Popen([binary, "serve", "--port", "0", "--root", root], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    port = None
    while port is None:
        line = proc.stdout.readline()
        if not line:
            sys.exit("imrf serve exited")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
    url = f"http://127.0.0.1:{port}{page_url_path}"
    original = open(page_file, encoding="utf-8").read()
    samples = []
    for i in range(k):
        marker = f"latency-marker-{i}-{time.time_ns()}"
        start = time.perf_counter()
        with open(page_file, "w", encoding="utf-8") as f:
            f.write(original + f"\n{marker}\n")
        deadline = start + 10
        while time.perf_counter() < deadline:
            body = urllib.request.urlopen(url).read().decode("utf-8")
            if marker in body:
                samples.append((time.perf_counter() - start) * 1000)
                break
            time.sleep(0.002)
        else:
            sys.exit(f"edit {i} never became visible")
        time.sleep(0.15)  # let the debounce window close before the next edit
    with open(page_file, "w", encoding="utf-8") as f:
        f.write(original)
    samples.sort()
    print(f"serve: one-page edit visible in {statistics.median(samples):.0f} ms median "
          f"(min {samples[0]:.0f}, max {samples[-1]:.0f}, {k} edits)")
finally:
    proc.terminate()
    proc.wait()
