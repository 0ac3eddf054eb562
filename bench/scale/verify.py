#!/usr/bin/env python3
"""Recount a generated repository from its files, independently of the generators.

    python3 bench/scale/verify.py REPO [--now "2026-11-22 09:00"] [--year 2026] [--json]

Reads every record under REPO/records and REPO/archive with a plain line
scan of the front matter (not the generator's own state) and counts what
the benchmark's checks compare against: records, overdue records and
overdue action items at "now" (status open, in-progress or delayed, or one
of their Chinese aliases, and deadline < now), the open items due within a
day of "now" and the open urgent records without acknowledgements (what
`comms remind` chases besides the overdue), and the records created in the
year. When a record has no `created` and REPO is a git repository, the
time of the commit that added the file stands in (renames followed), as
the design says. Then compares with the generator's numbers (REPO/bench-meta.json,
or REPO.json for gen_history.py) and exits 1 on a difference.

Use it when comms and the benchmark disagree: it says which side is wrong.
"""

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys

OPEN = {"open", "in-progress", "delayed", "待处理", "未开始", "待执行", "todo", "处理中", "进行中", "执行中",
        "in progress", "doing", "延期", "已延期"}
KEY = re.compile(r"^([A-Za-z_]+):[ \t]*(.*?)\s*$")


def front(path):
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    out = []
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            return out
        out.append(line)
    return None


def unq(v):
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'" else v


def scan(path):
    """Top-level fields and action items of one record."""
    fm = front(path)
    if fm is None:
        return None
    top, actions, section = {}, [], None
    top["acks_n"] = 0
    for line in fm:
        if line.startswith("#") or not line.strip():
            continue
        m = KEY.match(line)
        if m:
            section = m.group(1)
            top[section] = unq(m.group(2))
            if section == "acks" and top[section].startswith("[") and top[section] != "[]":
                top["acks_n"] += 1
            continue
        if section == "acks" and line.strip().startswith("- "):
            top["acks_n"] += 1
        if section == "actions":
            s = line.strip()
            if s.startswith("- "):
                actions.append({})
                s = s[2:]
            m = KEY.match(s)
            if m and actions:
                actions[-1][m.group(1)] = unq(m.group(2))
    return top, actions


def when(s):
    try:
        return dt.datetime.strptime(s[:16], "%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return None


def added_times(repo):
    """Path -> local time of the commit that added the file (renames followed)."""
    if not os.path.isdir(os.path.join(repo, ".git")):
        return {}
    out = subprocess.run(
        ["git", "-C", repo, "-c", "core.quotepath=off", "log", "--reverse", "-M", "--name-status", "--format=@%ct"],
        capture_output=True, text=True, check=True,
    ).stdout
    added, t = {}, None
    for line in out.splitlines():
        if line.startswith("@"):
            # Asia/Shanghai: UTC+8, no daylight saving.
            t = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(line[1:]) + 8 * 3600)
        elif line.startswith("A\t"):
            added[line[2:]] = t
        elif line.startswith("R"):
            _, old, new = line.split("\t")
            added[new] = added.pop(old, t)
    return added


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo")
    ap.add_argument("--now", default="2026-11-22 09:00")
    ap.add_argument("--year", type=int)
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    a = ap.parse_args()
    now = when(a.now)
    year = a.year or now.year
    added = None
    soon = now + dt.timedelta(days=1)
    c = {
        "records": 0, "overdue_records": 0, "overdue_actions": 0, "due_within_1d": 0, "unacknowledged_urgent": 0,
        "created_in_year": 0, "created_from_git": 0,
    }
    for d in ("records", "archive"):
        for base, dirs, files in os.walk(os.path.join(a.repo, d)):
            dirs[:] = [x for x in dirs if not x.startswith(".")]
            for name in files:
                if not name.endswith(".md") or name.startswith(".") or name == "README.md":
                    continue
                path = os.path.join(base, name)
                got = scan(path)
                if got is None:
                    continue
                top, actions = got
                c["records"] += 1
                is_open = top.get("status") in OPEN
                if is_open and when(top.get("deadline")) < now:
                    c["overdue_records"] += 1
                if is_open:
                    c["overdue_actions"] += sum(
                        1 for x in actions if x.get("status") in OPEN and when(x.get("deadline")) < now
                    )
                    deadlines = [when(top.get("deadline"))] + [
                        when(x.get("deadline")) for x in actions if x.get("status") in OPEN
                    ]
                    c["due_within_1d"] += sum(1 for d in deadlines if d is not None and now <= d < soon)
                    c["unacknowledged_urgent"] += top.get("type") == "urgent" and top["acks_n"] == 0
                created = when(top.get("created"))
                if created is None:
                    if added is None:
                        added = added_times(a.repo)
                    created = added.get(os.path.relpath(path, a.repo))
                    c["created_from_git"] += 1
                if created is not None and created.year == year:
                    c["created_in_year"] += 1
    if a.json:
        print(json.dumps(c))
    else:
        print(f"{a.repo}: " + ", ".join(f"{k} {v}" for k, v in c.items()) + f" (year {year}, now {a.now})")
    meta_path = os.path.join(a.repo, "bench-meta.json")
    if not os.path.exists(meta_path):
        meta_path = a.repo.rstrip("/") + ".json"
    if not os.path.exists(meta_path):
        return
    with open(meta_path, encoding="utf-8") as f:
        meta = json.load(f)
    want = {
        "records": meta.get("n", meta.get("files")),
        "created_in_year": meta["created_by_year"].get(str(year), 0),
    }
    if "overdue_records" in meta:
        want["overdue_records"] = meta["overdue_records"]
        want["overdue_actions"] = meta["overdue_actions"]
    for k in ("due_within_1d", "unacknowledged_urgent"):
        if k in meta:
            want[k] = meta[k]
    bad = {k: (c[k], v) for k, v in want.items() if c[k] != v}
    if bad:
        sys.exit("differs from the generator: " + ", ".join(f"{k} {got} (generator {w})" for k, (got, w) in bad.items()))
    print(f"agrees with the generator ({os.path.basename(meta_path)})")


if __name__ == "__main__":
    main()
