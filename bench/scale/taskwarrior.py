#!/usr/bin/env python3
"""Write the same N records as Taskwarrior 2.6 data, the peer of the benchmark.

    python3 bench/scale/taskwarrior.py N DATA_DIR [--seed S] [--now "2026-11-22 09:00"] [--shift auto|SECONDS] [--no-verify]

Regenerates the record stream of gen_records.py for (N, seed, now) and
writes one task per record (action items of meetings are not tasks):

  DATA_DIR/pending.data    open / in-progress / delayed records, status:"pending"
  DATA_DIR/completed.data  done records (status:"completed") and cancelled
                           ones (status:"deleted"), with `end`
  DATA_DIR/taskrc          data.location=DATA_DIR, confirmation=no,
                           verbose=nothing, gc=off, hooks=off, uda.owner

Each line is what `task add` writes in Taskwarrior 2.6.2: attributes in
alphabetical order, values JSON-escaped with `[` `]` as `&open;` `&close;`,
times as Unix epochs, for example

  [description:"【紧急】生产部-设备故障通知" due:"1795338000" entry:"1795309800"
   modified:"1795309800" owner:"张伟" priority:"H" project:"二号产线"
   status:"pending" tags:"urgent" tags_urgent:"x" uuid:"…"]

The owner is a UDA (`uda.owner.type=string`), the record type a tag. With
--annotations, each line of the record's log (反馈记录) is also an
annotation (`annotation_<epoch>:"张伟: 已通知设备部"`), as `task annotate`
writes it: more data for Taskwarrior to read, closer to what comms reads.

Taskwarrior has no --now: `+OVERDUE` is `due < the real clock`. So every
time is shifted by (real now - the data set's now), rounded to the minute
(--shift auto, the default); the generator keeps active deadlines out of
[now, now + 2 h), so the overdue set stays the same for two hours after
this script ran. Rerun it before each measurement (bench/scale/run does).

Then checks that `task rc:DATA_DIR/taskrc +OVERDUE count` equals the number
of overdue records the generator counted — the records (kind "record") that
`comms status --overdue --format json` lists at the same "now" — and prints
both; exit status 1 when they differ.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_records as G  # noqa: E402

PRIORITY = {"high": "H", "medium": "M", "low": "L"}


def enc(s):
    """A value as Taskwarrior 2.6 writes it inside the quotes."""
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("/", "\\/")
    s = s.replace("\b", "\\b").replace("\f", "\\f").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return s.replace("[", "&open;").replace("]", "&close;")


def line(attrs):
    return "[" + " ".join(f'{k}:"{enc(str(v))}"' for k, v in sorted(attrs.items())) + "]\n"


def task_of(r, shift, ids, annotations=False):
    entry = G.epoch(r.created) + shift
    a = {
        "description": r.subject,
        "due": G.epoch(r.deadline) + shift,
        "entry": entry,
        "modified": entry,
        "owner": r.owner,
        "tags": r.type,
        f"tags_{r.type}": "x",
        "uuid": str(uuid.UUID(int=ids.getrandbits(128), version=4)),
    }
    if annotations:
        # The record's log lines, as `task annotate` writes them.
        last = 0
        for line in r.log:
            when, text = line[2:18], line[19:]
            t = max(G.epoch(G.parse_now(when)) + shift, last + 1)
            a[f"annotation_{t}"] = text
            last = t
    if r.project:
        a["project"] = r.project
    if r.priority:
        a["priority"] = PRIORITY[r.priority]
    if r.active:
        a["status"] = "pending"
    else:
        end = G.epoch(r.closed) + shift
        a["status"] = "completed" if r.status == "done" else "deleted"
        a["end"] = end
        a["modified"] = end
    return a


def taskrc(data):
    return (
        "# Taskwarrior 2.6 configuration of the comms scale benchmark (bench/scale/taskwarrior.py).\n"
        f"data.location={data}\n"
        "confirmation=no\n"
        "verbose=nothing\n"
        "# No garbage collection: a `list` never rewrites the data files, every run reads the same.\n"
        "gc=off\n"
        "hooks=off\n"
        "uda.owner.type=string\n"
        "uda.owner.label=Owner\n"
    )


def write(n, data, seed, now, shift, annotations=False):
    t0 = time.monotonic()
    os.makedirs(data, exist_ok=True)
    for f in ("pending.data", "completed.data", "undo.data", "backlog.data"):
        if os.path.exists(os.path.join(data, f)):
            os.remove(os.path.join(data, f))
    ids = random.Random(f"taskwarrior-{seed}")
    expected = 0
    counts = {"pending": 0, "completed": 0, "deleted": 0}
    with (
        open(os.path.join(data, "pending.data"), "w", encoding="utf-8") as pending,
        open(os.path.join(data, "completed.data"), "w", encoding="utf-8") as completed,
    ):
        for r in G.Gen(seed, now).stream(n):
            a = task_of(r, shift, ids, annotations)
            (pending if r.active else completed).write(line(a))
            counts[a["status"]] += 1
            expected += r.overdue(now)
    rc = os.path.join(data, "taskrc")
    with open(rc, "w", encoding="utf-8") as f:
        f.write(taskrc(os.path.abspath(data)))
    meta = {
        "generator": "bench/scale/taskwarrior.py",
        "n": n, "seed": seed, "now": G.fmt(now), "shift_seconds": shift, "annotations": annotations,
        "written_at": int(time.time()), "tasks": counts, "expected_overdue": expected,
        "seconds": round(time.monotonic() - t0, 1),
    }
    with open(os.path.join(data, "bench-meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    return meta


def task_count(rc):
    env = dict(os.environ, TZ="Asia/Shanghai")
    p = subprocess.run(["task", f"rc:{rc}", "+OVERDUE", "count"], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"task failed ({p.returncode}): {p.stderr.strip()}")
    return int(p.stdout.strip() or 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("data", help="Taskwarrior data folder to (re)write")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now", default="2026-11-22 09:00")
    ap.add_argument("--shift", default="auto", help="seconds added to every time; auto: real now - NOW")
    ap.add_argument("--annotations", action="store_true", help="also write each record's log lines as annotations")
    ap.add_argument("--no-verify", action="store_true", help="do not run task to check the overdue count")
    a = ap.parse_args()
    now = G.parse_now(a.now)
    if a.shift == "auto":
        shift = (int(time.time()) // 60) * 60 - G.epoch(now)
    else:
        shift = int(a.shift)
    meta = write(a.n, a.data, a.seed, now, shift, a.annotations)
    c = meta["tasks"]
    print(
        f"{a.n} tasks in {a.data} ({c['pending']} pending, {c['completed']} completed, {c['deleted']} deleted), "
        f"times shifted by {shift} s ({shift / 86400:+.2f} days) in {meta['seconds']} s"
    )
    if a.no_verify:
        return
    if shutil.which("task") is None:
        sys.exit("task (Taskwarrior 2.6) is not installed: apt-get install taskwarrior")
    got = task_count(os.path.join(os.path.abspath(a.data), "taskrc"))
    print(f"overdue at {a.now}: expected {meta['expected_overdue']} (generator), task +OVERDUE count {got}")
    if got != meta["expected_overdue"]:
        sys.exit("MISMATCH: Taskwarrior's overdue count differs from the generator's")


if __name__ == "__main__":
    main()
