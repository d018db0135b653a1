#!/usr/bin/env python3
"""Prints one corpus's table for benches/bench.sh from the samples it recorded.

    python3 benches/bench_table.py SAMPLES HEADING...

SAMPLES holds one measurement a line, `CASE TOOL VALUE`:
- cold, cached, written, warm, edit, cold3: VALUE is `START END`, two $EPOCHREALTIME readings (seconds);
- memory, memoryw: peak resident set in KB (/usr/bin/time -f %M) of the cold builds and of imrf's
  fresh-clone builds (`written`);
- html, files: how many .html files, and files in all, a cold build wrote.
Every case is reported as the median of its samples. HEADING lines are printed first.
"""
import statistics
import sys

TOOLS = [("imrf", "imrf"), ("hugo", "Hugo"), ("zola", "Zola")]


def read(path):
    samples = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            case, tool, *values = line.split()
            values = [float(v.replace(",", ".")) for v in values]
            value = values[1] - values[0] if len(values) == 2 else values[0]
            samples.setdefault((case, tool), []).append(value)
    return {key: statistics.median(v) for key, v in samples.items()}


def seconds(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def main():
    path, heading = sys.argv[1], sys.argv[2:]
    m = read(path)
    tools = [(t, name) for t, name in TOOLS if ("cold", t) in m]
    rows = []
    for case, label, fmt in [
        ("cold", "cold: empty output on tmpfs", seconds),
        ("cached", "cold output, Markdown cache kept", seconds),
        ("written", "fresh clone: first build, cache written", seconds),
        ("warm", "warm: nothing changed, output on disk", seconds),
        ("edit", "edit: one page edited, output on disk", seconds),
        ("memory", "peak memory, cold", lambda kb: f"{kb / 1024:.0f} MB"),
        ("memoryw", "peak memory, fresh clone, cache written", lambda kb: f"{kb / 1024:.0f} MB"),
        ("html", "HTML files written", lambda n: f"{n:.0f}"),
        ("files", "files written in all", lambda n: f"{n:.0f}"),
    ]:
        if not any((case, t) in m for t, _ in tools):
            continue  # a case this table did not run
        row = [label] + [fmt(m[case, t]) if (case, t) in m else "-" for t, _ in tools]
        for other, _ in tools[1:]:
            if (case, "imrf") in m and (case, other) in m and m[case, other]:
                row.append(f"{m[case, 'imrf'] / m[case, other]:.2f}x")
            else:
                row.append("-")
        rows.append(row)
    if ("written", "imrf") in m:
        ratio = m["written", "imrf"] / m["cold", "imrf"]
        rows.append(["fresh clone, cache written (x cold, --no-cache)", f"{ratio:.2f}x"] + ["-"] * (2 * len(tools) - 2))
    if ("cold3", "imrf") in m:
        ratio = m["cold3", "imrf"] / m["cold", "imrf"]
        rows.append(["cold at 3x the pages (x its time at 1x)", f"{seconds(m['cold3', 'imrf'])} ({ratio:.2f}x)"]
                    + ["-"] * (2 * len(tools) - 2))
    header = ["case"] + [name for _, name in tools] + [f"imrf/{name}" for _, name in tools[1:]]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    print()
    for h in heading:
        print(h)
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main()
