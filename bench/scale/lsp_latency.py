#!/usr/bin/env python3
"""Time `comms lsp` the way an editor uses it: didChange -> publishDiagnostics.

    python3 bench/scale/lsp_latency.py COMMS REPO [--edits K] [--now T] [--json FILE]

Starts `COMMS --now T lsp` in REPO (a repository made by gen_records.py),
initializes it (the server reads every record then: timed as "initialize"),
opens one open record and sends K whole-text changes to it, alternating a
vague deadline (an error), a duplicate of another record's id (the
repository-wide rule) and the record as it was; each change is timed from
the moment it is written to the server's stdin to the moment the
diagnostics for that file are read back, and checked: the expected code is
there, or (for the record as it was) the same findings as when opened. Prints the median, 95th percentile and maximum.

Python 3.11 standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse


class Server:
    def __init__(self, comms, repo, now):
        self.p = subprocess.Popen(
            [comms, "--now", now, "lsp"],
            cwd=repo,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise SystemExit("comms lsp closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == self.next_id and "method" not in m:
                return m.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]


def uri_of(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("comms")
    ap.add_argument("repo")
    ap.add_argument("--edits", type=int, default=60)
    ap.add_argument("--now", default="2026-11-22 09:00")
    ap.add_argument("--json", help="also write the results here")
    a = ap.parse_args()

    records = os.path.join(a.repo, "records")
    names = sorted(n for n in os.listdir(records) if n.endswith(".md"))
    n_files = sum(len([f for f in fs if f.endswith(".md")]) for _, _, fs in os.walk(a.repo))
    path = os.path.join(records, names[0])
    other = os.path.join(records, names[1])
    text = open(path, encoding="utf-8").read()
    other_id = next(l for l in open(other, encoding="utf-8") if l.startswith("id:")).split(":", 1)[1].strip()
    own_id_line = next(l for l in text.splitlines() if l.startswith("id:"))
    deadline_line = next(l for l in text.splitlines() if l.startswith("deadline:"))
    variants = [
        (text.replace(deadline_line, "deadline: 尽快", 1), "vague-deadline"),
        (text.replace(own_id_line, "id: " + other_id, 1), "duplicate-id"),
        (text, None),
    ]

    s = Server(os.path.abspath(a.comms), a.repo, a.now)
    t0 = time.perf_counter()
    s.request("initialize", {"processId": None, "rootUri": uri_of(a.repo), "capabilities": {}})
    init_ms = (time.perf_counter() - t0) * 1000
    s.notify("initialized", {})
    uri = uri_of(path)
    t0 = time.perf_counter()
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    # What the record has as generated (a warning such as `stale` at "now"
    # is possible): the unchanged text must give exactly that again.
    baseline = sorted(d["code"] for d in s.diagnostics(uri))
    open_ms = (time.perf_counter() - t0) * 1000

    times = []
    for i in range(a.edits):
        body, want = variants[i % len(variants)]
        t0 = time.perf_counter()
        s.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": body}]},
        )
        got = s.diagnostics(uri)
        times.append((time.perf_counter() - t0) * 1000)
        codes = sorted(d["code"] for d in got)
        if (want is None and codes != baseline) or (want is not None and want not in codes):
            raise SystemExit(f"change {i}: expected {want or baseline}, got {codes}")
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=30)

    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    result = {
        "records": n_files,
        "initialize_ms": round(init_ms, 1),
        "open_ms": round(open_ms, 1),
        "changes": len(times),
        "change_median_ms": round(statistics.median(times), 2),
        "change_p95_ms": round(p95, 2),
        "change_max_ms": round(times[-1], 2),
    }
    print(
        f"comms lsp on {n_files} records: initialize (reads them all) {init_ms:.0f} ms, "
        f"didOpen -> diagnostics {open_ms:.1f} ms; "
        f"{len(times)} didChange -> publishDiagnostics: median {result['change_median_ms']} ms, "
        f"p95 {result['change_p95_ms']} ms, max {result['change_max_ms']} ms"
    )
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
