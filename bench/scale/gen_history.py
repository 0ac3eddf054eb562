#!/usr/bin/env python3
"""Generate a git records repository with a long history, for the history benchmark.

    python3 bench/scale/gen_history.py OUT_REPO [--files 10000] [--commits 20000] [--seed S] [--now "2026-11-22 09:00"] [--years 2]

Builds the history with one `git fast-import` stream, commit times spread
over the two years before "now" (`committer NAME <EMAIL> EPOCH +0800`):

- the first commit adds comms.yaml;
- one commit per record adds it to records/ as `open` (a quarter of the
  records without `created`, as if written by hand: `comms report` then
  takes the time of this commit);
- edits, one record a commit: status open -> in-progress, owner handed
  over (with a log line), log lines, and the close (done or cancelled,
  with `closed` — or, for a share of the records without `created`, without
  it, so the time of the commit that set the status stands in);
- on the first working day of every month, one commit moves every record
  closed by then to archive/<year>/<Qn>/<project>/ as pure renames (what
  `comms archive` stages).

Exactly --commits commits; it must be at least 1 + files + the archive
commits. The final tree passes `comms validate` (no errors; the records
closed without `closed` get `closed-without-time` warnings, by design).
Then `git reset --hard` checks the tree out.

Writes OUT_REPO.json beside the repository: the counts a run checks
against, and `history_id`, a record with many commits (added, handed over,
in progress, closed, archived) for `comms history`.

Deterministic for a given (files, commits, seed, now). Needs git.
"""

import argparse
import copy
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_records as G  # noqa: E402
import vocab as V  # noqa: E402

EMAILS = {name: f"user{i:02d}@example.com" for i, (name, _, _) in enumerate(V.PEOPLE, 1)}
BOT = ("comms-archive", "archive@example.com")


def quote(path):
    """A fast-import path, C-style quoted."""
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


class File:
    """One record through its life: the final record and its events."""

    def __init__(self, rec):
        self.rec = rec
        self.events = []  # (time, kind, payload)
        self.path = f"records/{rec.file_name()}"
        self.first_owner = rec.owner


class History:
    def __init__(self, files, commits, seed, now, years):
        self.rng = random.Random(f"history-{seed}")
        self.gen = G.Gen(seed, now)
        self.now = now
        self.start = now - dt.timedelta(days=int(365 * years))
        self.n_files = files
        self.n_commits = commits

    def plan(self):
        rng = self.rng
        gen = self.gen
        now = self.now
        span = (now - dt.timedelta(days=1) - self.start).total_seconds()
        # When each record is added: more in the recent past, as usage grows.
        adds = sorted(
            gen.at_work((self.start + dt.timedelta(seconds=span * rng.random() ** 0.85)).date())
            for _ in range(self.n_files)
        )
        files = []
        for t0 in adds:
            t0 = min(t0, now - dt.timedelta(hours=2))
            age = (now - t0).days
            # Old records are mostly closed; young ones mostly open.
            closing = rng.random() < (0.92 if age > 60 else 0.25)
            deadline = gen.deadline_on((t0 + dt.timedelta(days=int(rng.expovariate(1 / 8)) + 1)).date())
            if closing:
                t_close = t0 + dt.timedelta(minutes=int(rng.expovariate(1 / (4 * 24 * 60))) + 60)
                if t_close >= now - dt.timedelta(hours=1):
                    closing = False
            if closing:
                t_close = t_close.replace(second=0)
                status = "done" if rng.random() < 0.92 else "cancelled"
                r = gen.make(status, t0, deadline, t_close, with_log=False)
            else:
                r = gen.make("open", t0, deadline, None, with_log=False)
            f = File(r)
            f.t0 = t0
            f.t_close = t_close if closing else None
            r.omit_created = rng.random() < 0.25
            r.omit_closed = closing and (r.omit_created and rng.random() < 0.6 or rng.random() < 0.05)
            files.append(f)
        # Archive commits: the first working day of each month, 18:00.
        batches = []
        d = dt.datetime(self.start.year, self.start.month, 1, 18, 0)
        while d < now:
            day = d
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            if self.start < day < now:
                batches.append(day)
            d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        archived = {}
        for f in files:
            if f.t_close is not None:
                b = next((b for b in batches if b > f.t_close), None)
                if b is not None:
                    archived.setdefault(b, []).append(f)
        batches = [b for b in batches if b in archived]
        closes = sum(1 for f in files if f.t_close is not None)
        edits = self.n_commits - 1 - len(files) - len(batches)
        extra = edits - closes
        if extra < 0:
            sys.exit(
                f"--commits {self.n_commits} is too few: 1 + {len(files)} files + {len(batches)} archive commits "
                f"+ {closes} closes = {1 + len(files) + len(batches) + closes} at least"
            )
        # The other edits: in progress, handovers, log lines.
        for f in files:
            if f.t_close is not None:
                f.events.append((f.t_close, "close", None))
        for _ in range(extra):
            f = rng.choice(files)
            end = f.t_close or now
            t = gen.between_work(f.t0 + dt.timedelta(minutes=5), end - dt.timedelta(minutes=5))
            x = rng.random()
            kinds = [k for _, k, _ in f.events]
            if x < 0.7 and "progress" not in kinds:
                f.events.append((t, "progress", None))
            elif x < 0.8 and "owner" not in kinds:
                f.events.append((t, "owner", rng.choice([p for p in G.PEOPLE_NAMES if p != f.rec.owner])))
            else:
                f.events.append((t, "log", None))
        for f in files:
            f.events.sort(key=lambda e: (e[0], e[1] != "progress", e[1] == "close"))
            # A close must be the last edit; keep times strictly increasing.
            last = f.t0
            fixed = []
            for t, k, p in f.events:
                if t <= last:
                    t = last + dt.timedelta(minutes=1)
                if f.t_close is not None and k != "close" and t >= f.t_close:
                    t = f.t_close - dt.timedelta(minutes=1) if f.t_close - dt.timedelta(minutes=1) > last else last
                fixed.append((t, k, p))
                last = t
            f.events = fixed
            # The owner before a handover is someone else; the record's final owner takes over.
            for _, k, p in f.events:
                if k == "owner":
                    f.first_owner, f.rec.owner = f.rec.owner, p
        self.files = files
        self.batches = [(b, archived[b]) for b in batches]

    def state(self, f, t, status, owner):
        """The record as it is at time t."""
        r = copy.copy(f.rec)
        r.owner = owner
        r.status = status
        r.status_text = status
        if status not in G.CLOSED:
            r.closed = None
            r.actions = [dict(a, status="open", closed=None) for a in f.rec.actions]
        r.acks = [(by, at) for by, at in f.rec.acks if at <= t and by != owner]
        r.log = [line for tm, line in f.log if tm <= t]
        return r

    def stream(self, out):
        """Writes the fast-import stream to `out` (a binary file)."""
        rng = self.rng
        gen = self.gen
        commits = 0
        w = out.write

        def commit(when, who, message, changes):
            nonlocal commits
            name, email = who if isinstance(who, tuple) else (who, EMAILS[who])
            ts = G.epoch(when)
            msg = message.encode("utf-8")
            w(b"commit refs/heads/main\n")
            w(f"author {name} <{email}> {ts} +0800\ncommitter {name} <{email}> {ts} +0800\n".encode("utf-8"))
            w(b"data %d\n%s\n" % (len(msg), msg))
            for c in changes:
                if c[0] == "M":
                    data = c[2].encode("utf-8")
                    w(f"M 100644 inline {quote(c[1])}\n".encode("utf-8"))
                    w(b"data %d\n%s\n" % (len(data), data))
                else:
                    w(f"R {quote(c[1])} {quote(c[2])}\n".encode("utf-8"))
            w(b"\n")
            commits += 1

        commit(self.start - dt.timedelta(days=1), V.PEOPLE[0][0], "初始化记录仓库", [("M", "comms.yaml", G.comms_yaml())])
        # Every event of every file, in time order, with the archive commits.
        timeline = []
        for i, f in enumerate(self.files):
            timeline.append((f.t0, 0, i, "add", None))
            for t, k, p in f.events:
                timeline.append((t, 0, i, k, p))
        for j, (b, _) in enumerate(self.batches):
            timeline.append((b, 1, j, "archive", None))
        timeline.sort(key=lambda e: (e[0], e[1], e[2]))
        cur = {}  # file index -> (status, owner)
        for t, _, i, kind, p in timeline:
            if kind == "archive":
                moves = []
                for f in self.batches[i][1]:
                    r = f.rec
                    when = r.closed if not r.omit_closed else r.deadline  # comms archive: closed, else deadline
                    new = f"archive/{when.year}/Q{(when.month - 1) // 3 + 1}/{r.project or '_general'}/{r.file_name()}"
                    moves.append(("R", f.path, new))
                    f.path = new
                commit(t, BOT, f"comms archive: 归档 {len(moves)} 条已关闭记录", moves)
                continue
            f = self.files[i]
            r = f.rec
            if kind == "add":
                f.log = []
                if rng.random() < 0.3:
                    f.log.append((t, f"- {G.fmt(t)} {f.first_owner}: 已创建，通知相关人员"))
                cur[i] = ("open", f.first_owner)
                who, msg = f.first_owner, f"新建 {r.id} {r.subject}"
            elif kind == "progress":
                status, owner = cur[i]
                cur[i] = ("in-progress", owner)
                f.log.append((t, f"- {G.fmt(t)} {owner}: 已开始处理"))
                who, msg = owner, f"{r.id}: 状态 open → in-progress"
            elif kind == "owner":
                status, owner = cur[i]
                cur[i] = (status, p)
                f.log.append((t, f"- {G.fmt(t)} {owner}: 转交{p}负责"))
                who, msg = owner, f"{r.id}: 负责人 {owner} → {p}"
            elif kind == "log":
                status, owner = cur[i]
                c = gen.numbers(gen.context(r))
                f.log.append((t, f"- {G.fmt(t)} {owner}: {rng.choice(V.LOG).format(**c)}"))
                who, msg = owner, f"{r.id}: 更新反馈记录"
            else:  # close
                status, owner = cur[i]
                cur[i] = (r.status, owner)
                text = rng.choice(V.CLOSE_LOG if r.status == "done" else V.CANCEL_LOG)
                f.log.append((t, f"- {G.fmt(t)} {owner}: {text}"))
                who, msg = owner, f"{r.id}: 状态 {status} → {r.status}"
            status, owner = cur[i]
            commit(t, who, msg, [("M", f.path, G.render(self.state(f, t, status, owner)))])
        w(b"done\n")
        return commits


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="the git repository to create (must not exist)")
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now", default="2026-11-22 09:00")
    ap.add_argument("--years", type=float, default=2)
    a = ap.parse_args()
    if shutil.which("git") is None:
        sys.exit("git is not installed: apt-get install git")
    if os.path.exists(a.out):
        sys.exit(f"{a.out} exists; remove it first")
    t0 = time.monotonic()
    now = G.parse_now(a.now)
    h = History(a.files, a.commits, a.seed, now, a.years)
    h.plan()
    os.makedirs(a.out)
    git = ["git", "-C", a.out]
    subprocess.run(["git", "init", "-q", "-b", "main", a.out], check=True)
    p = subprocess.Popen(git + ["fast-import", "--quiet", "--done"], stdin=subprocess.PIPE)
    made = h.stream(p.stdin)
    p.stdin.close()
    if p.wait() != 0:
        sys.exit("git fast-import failed")
    if made != a.commits:
        sys.exit(f"internal error: {made} commits made, {a.commits} asked")
    subprocess.run(git + ["reset", "-q", "--hard", "main"], check=True)
    files = h.files
    year = str(now.year)
    meta = {
        "generator": "bench/scale/gen_history.py",
        "files": a.files, "commits": made, "seed": a.seed, "now": a.now,
        "first_commit": G.fmt(h.start - dt.timedelta(days=1)),
        "archive_commits": len(h.batches),
        "archived": sum(len(fs) for _, fs in h.batches),
        "closed": sum(1 for f in files if f.t_close is not None),
        "without_created": sum(1 for f in files if f.rec.omit_created),
        "without_closed": sum(1 for f in files if f.t_close is not None and f.rec.omit_closed),
        # comms report --year: records whose created (or first commit) is in that year
        "created_by_year": {},
        "edits": {},
        "history_id": None,
        "seconds": None,
    }
    for f in files:
        for _, k, _ in f.events:
            meta["edits"][k] = meta["edits"].get(k, 0) + 1
        y = str(f.t0.year)
        meta["created_by_year"][y] = meta["created_by_year"].get(y, 0) + 1
    # A record with a long story: added, handed over, in progress, closed, archived.
    best = max(files, key=lambda f: (len(f.events) + f.path.startswith("archive/") + f.rec.omit_created, f.t0))
    meta["history_id"] = best.rec.id
    meta["history_path"] = best.path
    meta["history_events"] = ["add"] + [k for _, k, _ in best.events] + (["archive"] if best.path.startswith("archive/") else [])
    meta["report_year"] = year
    meta["seconds"] = round(time.monotonic() - t0, 1)
    with open(a.out.rstrip("/") + ".json", "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(
        f"{a.out}: {a.files} records over {made} commits ({meta['archive_commits']} archive commits moving "
        f"{meta['archived']}; {meta['without_created']} without created, {meta['without_closed']} closed "
        f"without closed) in {meta['seconds']} s; comms history {meta['history_id']}"
    )


if __name__ == "__main__":
    main()
