#!/usr/bin/env python3
"""Generate a records repository of N valid records for the scale benchmark.

    python3 bench/scale/gen_records.py N OUT_DIR [--seed S] [--now "2026-11-22 09:00"]

Writes OUT_DIR/comms.yaml (timezone Asia/Shanghai, language zh, 40 people
in 12 departments), OUT_DIR/records/ (30% of the records: open, in-progress
or delayed, deadlines around "now" so that about 15% of them are overdue)
and OUT_DIR/archive/<year>/<Qn>/<project>/ (70%: done or cancelled, closed
2021 to just before "now", filed by the quarter of `closed`; records
without a project under `_general`). Every record passes
`comms validate --strict`: the five built-in types with their required
fields and body sections, read from templates/types/*/ of this repository.

Also writes OUT_DIR/bench-meta.json: the counts a run checks the tools
against (overdue records and action items at "now", records created per
year, ...). comms reads only records/ and archive/, so the file is inert.

Deterministic for a given (N, seed, now). Python 3.11 standard library only.
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import vocab as V  # noqa: E402

TEMPLATES = os.path.join(HERE, "..", "..", "templates", "types")
FMT = "%Y-%m-%d %H:%M"
UTC_OFFSET = dt.timedelta(hours=8)  # Asia/Shanghai: no daylight saving since 1991
EPOCH = dt.datetime(1970, 1, 1)
TYPES = ["internal", "external", "urgent", "knowledge", "meeting"]
TYPE_WEIGHTS = [35, 20, 10, 10, 25]
ACTIVE = ("open", "in-progress", "delayed")
# Built-in types with `outcome_required` and with `update_every`
# (templates/types/*/type.yaml).
OUTCOME_TYPES = ("internal", "urgent", "meeting")
UPDATE_EVERY_TYPES = ("internal", "urgent", "meeting")
CLOSED = ("done", "cancelled")
# Aliases written in a few records, as people do (templates/lexicon.yaml).
STATUS_ALIASES = {"open": "待处理", "in-progress": "处理中", "delayed": "延期", "done": "已完成", "cancelled": "已取消"}
PRIORITY_ALIASES = {"high": "高", "medium": "中", "low": "低"}
DEADLINE_TIMES = [(10, 0), (12, 0), (14, 0), (15, 0), (17, 0), (17, 30), (18, 0), (18, 0), (20, 0)]
# Active deadlines stay out of [now, now + GUARD): Taskwarrior cannot be told
# what time it is, so its data is shifted to the real clock (taskwarrior.py)
# and the run may take a while; no item may cross "now" meanwhile.
GUARD = dt.timedelta(hours=2)
FIRST_CLOSED = dt.datetime(2021, 1, 1, 9, 0)


def fmt(t):
    return t.strftime(FMT)


def epoch(t):
    """Seconds since the Unix epoch of a local (Asia/Shanghai) time."""
    return int((t - UTC_OFFSET - EPOCH).total_seconds())


def parse_now(s):
    return dt.datetime.strptime(s, FMT)


# ---------------------------------------------------------------- templates


class TypeDef:
    """What templates/types/NAME/{type.yaml,zh.md} say about one type."""

    def __init__(self, name):
        d = os.path.join(TEMPLATES, name)
        with open(os.path.join(d, "type.yaml"), encoding="utf-8") as f:
            ty = f.read()
        m = re.search(r"^required:\s*\[(.*)\]", ty, re.M)
        self.required = [x.strip() for x in m.group(1).split(",") if x.strip()] if m else []
        self.sections = re.findall(r"^\s*-\s*\{\s*zh:\s*([^,]+?),", ty.split("sections:", 1)[1], re.M)
        m = re.search(r"^subject_prefixes:\s*\[(.*)\]", ty, re.M)
        self.prefixes = [x.strip().strip('"') for x in m.group(1).split(",")] if m else []
        self.declared = set(re.findall(r"^  (\w+):\s*\{", ty.split("fields:", 1)[1].split("sections:", 1)[0], re.M))
        with open(os.path.join(d, "zh.md"), encoding="utf-8") as f:
            skel = f.read()
        _, front, body = skel.split("---\n", 2)
        # The comment lines above each key, as `comms new` leaves them.
        self.comments = {}
        pending = []
        self.order = []
        for line in front.splitlines():
            if line.startswith("#"):
                pending.append(line)
            elif re.match(r"^\w+:", line):
                key = line.split(":", 1)[0]
                self.order.append(key)
                self.comments[key] = pending
                pending = []
        # Each section's heading and the HTML hint under it.
        self.hints = dict(re.findall(r"^## (\S+)\n\n(<!--.*?-->)", body, re.M))
        headings = re.findall(r"^## (\S+)", body, re.M)
        if headings != self.sections:
            sys.exit(f"templates/types/{name}: zh.md headings {headings} differ from type.yaml sections {self.sections}")


TYPEDEFS = None


def typedefs():
    global TYPEDEFS
    if TYPEDEFS is None:
        TYPEDEFS = {t: TypeDef(t) for t in TYPES}
    return TYPEDEFS


# ------------------------------------------------------------------ YAML


_PLAIN_BAD_START = tuple("-?:,[]{}#&*!|>'\"%@`")


def yq(s):
    """A YAML scalar for `s`: plain when that reads back as the same text."""
    if (
        not s
        or s.startswith(_PLAIN_BAD_START)
        or s != s.strip()
        or ": " in s
        or " #" in s
        or s.endswith(":")
        or s.lower() in ("null", "~", "true", "false", "yes", "no", "on", "off")
    ):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def yflow(items):
    return "[" + ", ".join(items) + "]"


# --------------------------------------------------------------- records


class Record:
    __slots__ = (
        "id", "type", "subject", "owner", "deadline", "status", "priority", "project", "created", "closed",
        "extra", "acks", "actions", "body", "style", "status_text", "priority_text", "omit_created",
        "omit_closed", "held", "log",
    )

    def __init__(self):
        self.priority = None
        self.project = None
        self.closed = None
        self.extra = []  # (key, yaml text) after the common fields
        self.acks = []  # (name, time)
        self.actions = []  # dicts: task, owner, deadline, status, deliverable, closed
        self.style = "clean"
        self.omit_created = False
        self.omit_closed = False
        self.held = None

    @property
    def active(self):
        return self.status in ACTIVE

    def overdue(self, now):
        return self.status in ACTIVE and self.deadline < now

    def overdue_actions(self, now):
        if not self.active:
            return 0
        return sum(1 for a in self.actions if a["status"] in ACTIVE and a["deadline"] < now)

    def slug(self):
        out = []
        dash = False
        n = 0
        for c in self.subject:
            if c.isalnum():
                if dash and out:
                    out.append("-")
                dash = False
                out.append(c.lower())
                n += 1
            else:
                dash = True
            if n >= 40:
                break
        return "".join(out).strip("-")

    def file_name(self):
        s = self.slug()
        return f"{self.id}-{s}.md" if s else f"{self.id}.md"

    def folder(self):
        """records, or archive/<year>/<Qn>/<project> of `closed`."""
        if self.active:
            return "records"
        c = self.closed
        return f"archive/{c.year}/Q{(c.month - 1) // 3 + 1}/{self.project or '_general'}"

    def path(self):
        return f"{self.folder()}/{self.file_name()}"


def render(r):
    """The Markdown file of a record."""
    td = typedefs()[r.type]
    new_style = r.style == "new"
    fields = {
        "id": r.id,
        "type": r.type,
        "subject": yq(r.subject),
        "owner": r.owner,
        "deadline": fmt(r.deadline),
        "status": r.status_text,
    }
    if r.priority is not None:
        fields["priority"] = r.priority_text
    if r.project is not None:
        fields["project"] = yq(r.project)
    if not r.omit_created:
        fields["created"] = fmt(r.created)
    for k, v in r.extra:
        fields[k] = v
    out = ["---"]
    done = set()

    def emit(key):
        if key in done:
            return
        done.add(key)
        if key == "actions":
            if not r.actions:
                return
            if new_style:
                out.extend(td.comments.get(key, []))
            out.append("actions:")
            for a in r.actions:
                out.append(f"  - task: {yq(a['task'])}")
                out.append(f"    owner: {a['owner']}")
                out.append(f"    deadline: {fmt(a['deadline'])}")
                out.append(f"    status: {a['status']}")
                if a.get("deliverable"):
                    out.append(f"    deliverable: {yq(a['deliverable'])}")
                if a.get("closed"):
                    out.append(f"    closed: {fmt(a['closed'])}")
                if a.get("ack_at"):
                    out.append(f"    acks: [{{ by: {a['owner']}, at: {fmt(a['ack_at'])} }}]")
            return
        if key == "closed":
            if r.closed is not None and not r.omit_closed:
                out.append(f"closed: {fmt(r.closed)}")
            return
        if key not in fields:
            return
        if new_style:
            out.extend(td.comments.get(key, []))
        v = fields[key]
        out.append(f"{key}: {v}" if v != "" else f"{key}:")

    for key in td.order:
        emit(key)
        if key == "created":
            emit("closed")
        if key == "status" and "priority" not in td.order:
            emit("priority")
    for key in list(fields) + ["closed", "actions"]:
        emit(key)
    if r.acks:
        out.append("acks:")
        for by, at in r.acks:
            out.append(f"  - {{ by: {by}, at: {fmt(at)} }}")
    out.append("---")
    out.append("")
    text = "\n".join(out) + "\n" + r.body
    if r.log:
        text += "\n".join(r.log) + "\n"
    return text


# ------------------------------------------------------------ generation


PEOPLE_NAMES = [p[0] for p in V.PEOPLE]
BY_DEPT = {}
for _name, _dept, _role in V.PEOPLE:
    BY_DEPT.setdefault(_dept, []).append(_name)


class Gen:
    """The deterministic record stream for (seed, now)."""

    def __init__(self, seed, now):
        self.rng = random.Random(seed)
        self.now = now
        self.ids = set()
        self.recent_ids = []

    # -- time helpers
    def at_work(self, day):
        """A time on `day` during working hours."""
        rng = self.rng
        return dt.datetime(day.year, day.month, day.day, rng.randint(8, 19), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50)))

    def deadline_on(self, day):
        h, m = self.rng.choice(DEADLINE_TIMES)
        return dt.datetime(day.year, day.month, day.day, h, m)

    def between(self, a, b):
        """A minute between a and b (a <= b)."""
        span = int((b - a).total_seconds() // 60)
        return a + dt.timedelta(minutes=self.rng.randint(0, max(span, 0)))

    # -- ids
    def new_id(self, created):
        prefix = created.strftime("%Y%m%d-")
        rng = self.rng
        for attempt in range(40):
            n = 4 if attempt < 32 else 6
            i = prefix + format(rng.getrandbits(4 * n), f"0{n}x")
            if i not in self.ids:
                self.ids.add(i)
                return i
        raise RuntimeError("no free id")

    # -- text
    def context(self, r):
        rng = self.rng
        ch = rng.choice
        depts = rng.sample(V.DEPARTMENTS, 3)
        others = rng.sample(PEOPLE_NAMES, 3)
        base = r.created
        md1 = (base - dt.timedelta(days=rng.randint(0, 5))).strftime("%m-%d")
        md2 = (r.deadline if rng.random() < 0.5 else base + dt.timedelta(days=rng.randint(1, 10))).strftime("%m-%d")
        return {
            "dept": depts[0], "dept2": depts[1], "dept3": depts[2],
            "person": others[0], "person2": others[1], "person3": others[2], "owner": r.owner,
            "project": r.project or ch(V.PROJECTS), "cp": ch(V.COMPANIES), "thing": ch(V.THINGS),
            "req": ch(V.REQUESTS), "incident": ch(V.INCIDENTS), "product": ch(V.PRODUCTS),
            "system": ch(V.SYSTEMS), "equipment": ch(V.EQUIPMENT), "line": ch(V.LINES),
            "deliverable": ch(V.DELIVERABLES), "channel": ch(V.CHANNELS),
            "fin": ch(BY_DEPT["财务部"]), "tech": ch(BY_DEPT["技术部"]), "sales": ch(BY_DEPT["销售部"]),
            "legal": ch(BY_DEPT["法务部"]),
            "n1": rng.randint(2, 30), "n2": rng.randint(100, 5000), "n3": rng.randint(1, 9),
            "pct": rng.randint(5, 40), "pct2": rng.randint(80, 99), "money": f"{rng.randint(2, 200)}.{rng.randint(0, 9)}",
            "md1": md1, "md2": md2, "hm": f"{rng.randint(8, 20):02d}:{ch(('00', '15', '30', '45'))}",
            "q": f"Q{rng.randint(1, 4)}", "month": rng.randint(1, 12),
        }

    def numbers(self, c):
        rng = self.rng
        c["n1"] = rng.randint(2, 12)
        c["n2"] = rng.randint(100, 5000)
        c["n3"] = rng.randint(1, 9)
        c["pct"] = rng.randint(5, 40)
        c["pct2"] = rng.randint(80, 99)
        c["money"] = f"{rng.randint(2, 200)}.{rng.randint(0, 9)}"
        return c

    def pick(self, bank, c, lo, hi):
        k = self.rng.randint(lo, hi)
        return [s.format(**self.numbers(c)) for s in self.rng.sample(bank, min(k, len(bank)))]

    def numbered(self, lines):
        """Sorted into their numbered order, numbered again from 1."""
        lines = sorted(lines)
        out, i = [], 0
        for line in lines:
            m = re.match(r"^\d+\. ", line)
            if m:
                i += 1
                line = f"{i}. {line[m.end():]}"
            out.append(line)
        return out

    def between_work(self, a, b):
        """A minute between a and b, in working hours when that fits."""
        t = self.between(a, b)
        if not 8 <= t.hour <= 21:
            w = t.replace(hour=self.rng.randint(9, 20))
            if a <= w <= b:
                t = w
        return t

    def body(self, r, c, with_log=True):
        """The body up to the log section's heading, and the log lines."""
        td = typedefs()[r.type]
        rng = self.rng
        t = r.type
        if t == "external":
            parts = [self.pick(V.BACKGROUND, c, 3, 6), self.pick(V.REQUEST, c, 3, 7), self.numbered(self.pick(V.SOLUTION, c, 3, 6))]
        elif t == "knowledge":
            parts = [self.pick(V.BACKGROUND, c, 3, 6), self.numbered(self.pick(V.PROCESS, c, 3, 7)), self.pick(V.LESSON, c, 3, 6)]
        elif t == "meeting":
            parts = [self.pick(V.BACKGROUND, c, 3, 6), self.numbered(self.pick(V.DISCUSS, c, 3, 6)), self.pick(V.DECISION, c, 3, 6)]
        else:
            bg = V.URGENT_BG if t == "urgent" else V.BACKGROUND
            acts = self.pick(V.ACTION, c, 4, 9)
            if rng.random() < 0.6:
                acts = [f"{i}. {a}" for i, a in enumerate(acts, 1)]
            parts = [self.pick(bg, c, 3, 6), self.pick(V.GOAL, c, 2, 4), acts]
        # The log: dated lines between created and closed (or now).
        end = r.closed if r.closed is not None else self.now
        n = rng.randint(2, 9)
        times = sorted(self.between_work(r.created, end) for _ in range(n))
        log = []
        for i, tm in enumerate(times):
            who = r.owner if rng.random() < 0.6 else rng.choice(PEOPLE_NAMES)
            if i == n - 1 and r.status == "done":
                text = rng.choice(V.CLOSE_LOG)
            elif i == n - 1 and r.status == "cancelled":
                text = rng.choice(V.CANCEL_LOG)
            else:
                text = rng.choice(V.LOG).format(**self.numbers(c))
            log.append(f"- {fmt(tm)} {who}: {text}")
        parts.append([])
        out = []
        for name, lines in zip(td.sections, parts):
            out.append(f"## {name}")
            out.append("")
            if r.style == "new" and name in td.hints:
                out.append(td.hints[name])
                out.append("")
            if not lines:
                continue
            if not lines[0].startswith(("-", "1.", "2.")) and rng.random() < 0.5:
                out.append("".join(lines))  # one paragraph
            else:
                out.extend(lines)
            out.append("")
        return "\n".join(out) + "\n", log

    # -- one record
    def record(self, active):
        """One record of the data set: active (in records/) or archived."""
        rng = self.rng
        now = self.now
        closed = None
        if active:
            status = rng.choices(ACTIVE, (45, 40, 15))[0]
            p_overdue = {"open": 0.12, "in-progress": 0.10, "delayed": 0.5}[status]
            if rng.random() < p_overdue:
                while True:
                    created = self.at_work((now - dt.timedelta(days=rng.randint(1, 60))).date())
                    deadline = self.deadline_on((created + dt.timedelta(days=rng.randint(0, 30))).date())
                    if created + dt.timedelta(hours=1) <= deadline < now - dt.timedelta(minutes=10):
                        break
            else:
                days_back = int(rng.expovariate(1 / 20)) if status != "delayed" else rng.randint(10, 200)
                created = self.at_work((now - dt.timedelta(days=min(days_back, 300))).date())
                if created > now - dt.timedelta(minutes=10):
                    created -= dt.timedelta(days=1)
                while True:
                    deadline = self.deadline_on((now + dt.timedelta(days=int(rng.expovariate(1 / 10)))).date())
                    if deadline >= now + GUARD:
                        break
        else:
            status = "done" if rng.random() < 0.92 else "cancelled"
            # More records in recent years, as an organisation grows.
            span = (now - dt.timedelta(days=1) - FIRST_CLOSED).total_seconds()
            closed = FIRST_CLOSED + dt.timedelta(seconds=span * rng.random() ** 0.8)
            closed = self.at_work(closed.date())
            resolution = dt.timedelta(minutes=int(rng.expovariate(1 / (3 * 24 * 60))) + 30)
            created = self.at_work((closed - resolution).date())
            if created >= closed:
                created = closed - dt.timedelta(minutes=30)
            if rng.random() < 0.78:  # on time
                deadline = self.deadline_on((closed + dt.timedelta(days=rng.randint(0, 5))).date())
                if deadline < closed:
                    deadline += dt.timedelta(days=1)
            else:  # late
                deadline = self.between(created, closed - dt.timedelta(minutes=1)).replace(minute=0)
                if deadline < created:
                    deadline = created
        return self.make(status, created, deadline, closed)

    def make(self, status, created, deadline, closed, with_log=True):
        """A record with these status and times; everything else drawn."""
        rng = self.rng
        now = self.now
        r = Record()
        r.type = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        r.owner = rng.choice(PEOPLE_NAMES)
        r.style = "new" if rng.random() < 0.4 else "clean"
        r.status = status
        r.closed = closed
        r.created = created
        r.deadline = deadline
        r.id = self.new_id(created)
        if rng.random() < 0.9:
            r.project = rng.choice(V.PROJECTS)
        if r.type == "urgent":
            r.priority = "high"
        elif rng.random() < 0.8:
            r.priority = rng.choices(("high", "medium", "low"), (25, 55, 20))[0]
        r.status_text = STATUS_ALIASES[r.status] if rng.random() < 0.05 else r.status
        if r.priority is not None:
            r.priority_text = PRIORITY_ALIASES[r.priority] if rng.random() < 0.05 else r.priority
        c = self.context(r)
        r.subject = rng.choice(V.SUBJECTS[r.type]).format(**c)
        self.type_fields(r, c)
        # Acknowledgements: most urgent records, some others.
        if rng.random() < (0.8 if r.type == "urgent" else 0.25):
            end = min(r.closed or now, now)
            for by in rng.sample([p for p in PEOPLE_NAMES if p != r.owner], rng.randint(1, 3)):
                at = r.created + dt.timedelta(minutes=int(rng.expovariate(1 / 240)) + 1)
                r.acks.append((by, min(at, end)))
        r.body, r.log = self.body(r, c, with_log)
        # Part 2 (closing the loop): what a team that follows it writes, so
        # that the data set is valid under those rules too (no random draws:
        # the stream of the other fields stays as it was).
        if r.status == "done" and r.type in OUTCOME_TYPES:
            r.extra.append(("outcome", "achieved"))
        if r.active and r.type in UPDATE_EVERY_TYPES:
            tm = now - dt.timedelta(minutes=5)
            if tm > r.created:
                r.log.append(f"- {fmt(tm)} {r.owner}: 进展正常,按计划推进")
        self.recent_ids.append(r.id)
        if len(self.recent_ids) > 500:
            del self.recent_ids[:250]
        return r

    def type_fields(self, r, c):
        rng = self.rng
        new = r.style == "new"
        e = r.extra
        dept = next(d for n, d, _ in V.PEOPLE if n == r.owner)
        others = [d for d in V.DEPARTMENTS if d != dept]

        def opt(key, value, p=0.7):
            if rng.random() < p:
                e.append((key, value))
            elif new:
                e.append((key, ""))  # `comms new` leaves unfilled optional fields empty

        if r.type == "internal":
            opt("category", rng.choice(V.INTERNAL_CATEGORIES))
            e.append(("from", dept))
            to = rng.sample(others, rng.randint(1, 3))
            e.append(("to", to[0] if len(to) == 1 and rng.random() < 0.5 else yflow(to)))
            if rng.random() < 0.2:
                e.append(("cc", yflow(rng.sample(others, 2))))
            if rng.random() < 0.3:
                e.append(("channel", rng.choice(V.CHANNELS)))
        elif r.type == "external":
            e.append(("counterpart", yq(c["cp"])))
            digits = f"1{rng.randint(3, 9)}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}"
            who = rng.choice(V.SURNAMES) + rng.choice(V.TITLES)
            e.append(("contact", yq(f"*{who[1:]} {digits}" if rng.random() < 0.1 else f"{who} {digits}")))
            opt("source", rng.choice(V.SOURCES))
            opt("channel", rng.choice(V.CHANNELS))
            if rng.random() < 0.3:
                e.append(("cc", yflow(rng.sample(others, 2))))
        elif r.type == "urgent":
            opt("category", rng.choice(V.URGENT_CATEGORIES), 0.8)
            e.append(("from", dept))
            e.append(("to", yflow(rng.sample(others, rng.randint(1, 3)))))
            e.append(("impact", yq(rng.choice(V.IMPACTS).format(**c))))
            e.append(("measures", yq(rng.choice(V.MEASURES).format(**c))))
        elif r.type == "knowledge":
            opt("tags", yflow(rng.sample(V.TAGS, rng.randint(1, 3))), 0.6)
            e.append(("summary", yq(rng.choice(V.SUMMARY).format(**c))))
            if self.recent_ids and rng.random() < 0.4:
                e.append(("related", yflow(rng.sample(self.recent_ids, min(len(self.recent_ids), rng.randint(1, 2))))))
            elif new:
                e.append(("related", ""))
        elif r.type == "meeting":
            held = self.at_work((r.created - dt.timedelta(days=rng.randint(0, 2))).date())
            held = held.replace(minute=(held.minute // 30) * 30)
            if held >= r.created:
                held = r.created - dt.timedelta(hours=1)
                held = held.replace(minute=(held.minute // 30) * 30)
            r.held = held
            e.append(("held", fmt(held)))
            # Minutes sent three hours after the meeting (Part 2's minutes
            # rule: within 2 working days).
            if held + dt.timedelta(hours=3) <= self.now:
                e.append(("minutes_sent", fmt(held + dt.timedelta(hours=3))))
            opt("location", rng.choice(V.LOCATIONS), 0.8)
            names = [r.owner] + rng.sample([p for p in PEOPLE_NAMES if p != r.owner], rng.randint(2, 6))
            e.append(("participants", yflow(names)))
            for _ in range(rng.randint(2, 4)):
                r.actions.append(self.action(r, c, names))

    def action(self, r, c, names):
        rng = self.rng
        now = self.now
        a = {
            # Its owner accepted it an hour after the record was written
            # (Part 2: each action item's owner confirms it, `acks`).
            "ack_at": min(r.created + dt.timedelta(hours=1), now),
            "task": rng.choice(V.ACTION_TASKS).format(**c),
            "owner": rng.choice(names),
            "deliverable": rng.choice(V.DELIVERABLES) if rng.random() < 0.3 else None,
            "closed": None,
        }
        if r.active:
            a["status"] = rng.choices(("open", "in-progress", "done", "cancelled", "delayed"), (35, 30, 25, 3, 7))[0]
            if a["status"] in CLOSED:
                a["deadline"] = self.deadline_on((r.created + dt.timedelta(days=rng.randint(0, 10))).date())
                if a["deadline"] < r.created:
                    a["deadline"] += dt.timedelta(days=1)
                a["closed"] = self.between_work(r.created, now)
            elif rng.random() < 0.15:  # overdue
                while True:
                    d = self.deadline_on(self.between(r.created, now).date())
                    if r.created <= d < now - dt.timedelta(minutes=10):
                        break
                    if r.created >= now - dt.timedelta(hours=12):  # too young to be late
                        d = self.deadline_on((now + dt.timedelta(days=2)).date())
                        break
                a["deadline"] = d
            else:
                while True:
                    d = self.deadline_on((now + dt.timedelta(days=int(rng.expovariate(1 / 10)))).date())
                    if d >= now + GUARD:
                        break
                a["deadline"] = d
        else:
            a["status"] = "done" if rng.random() < 0.93 else "cancelled"
            a["deadline"] = self.deadline_on((r.created + dt.timedelta(days=rng.randint(0, 10))).date())
            if a["deadline"] < r.created:
                a["deadline"] += dt.timedelta(days=1)
            a["closed"] = self.between_work(r.created, r.closed)
        return a

    def stream(self, n):
        """The n records: 30% active (every 10 records, 3 active)."""
        for i in range(n):
            yield self.record(active=(i % 10) < 3)


# ------------------------------------------------------------ repository


def comms_yaml():
    lines = [
        "# Scale benchmark repository, generated by bench/scale/gen_records.py (fictional people).",
        "timezone: Asia/Shanghai",
        "language: zh",
        "records_dir: records",
        "archive_dir: archive",
        "people:",
    ]
    lines += [f"  - {{ name: {n}, department: {d}, role: {r} }}" for n, d, r in V.PEOPLE]
    return "\n".join(lines) + "\n"


def new_meta(n, seed, now):
    return {
        "generator": "bench/scale/gen_records.py",
        "n": n, "seed": seed, "now": fmt(now), "timezone": "Asia/Shanghai",
        "active": 0, "archived": 0, "by_type": {t: 0 for t in TYPES}, "by_status": {},
        "overdue_records": 0, "overdue_actions": 0, "active_actions": 0,
        "due_within_1d": 0, "unacknowledged_urgent": 0,
        "created_by_year": {}, "bytes": 0, "min_bytes": None, "max_bytes": 0,
    }


def count(meta, r, text_len):
    now = parse_now(meta["now"])
    meta["active" if r.active else "archived"] += 1
    meta["by_type"][r.type] += 1
    meta["by_status"][r.status] = meta["by_status"].get(r.status, 0) + 1
    meta["overdue_records"] += r.overdue(now)
    meta["overdue_actions"] += r.overdue_actions(now)
    if r.active:
        meta["active_actions"] += len(r.actions)
        # What `comms remind` (--within 1d) chases besides the overdue:
        # open items falling due in [now, now + 1 day), and urgent records
        # (`acknowledge: true`) nobody has acknowledged.
        soon = now + dt.timedelta(days=1)
        meta["due_within_1d"] += now <= r.deadline < soon
        meta["due_within_1d"] += sum(1 for a in r.actions if a["status"] in ACTIVE and now <= a["deadline"] < soon)
        meta["unacknowledged_urgent"] += r.type == "urgent" and not r.acks
    y = str(r.created.year)
    meta["created_by_year"][y] = meta["created_by_year"].get(y, 0) + 1
    meta["bytes"] += text_len
    meta["max_bytes"] = max(meta["max_bytes"], text_len)
    meta["min_bytes"] = text_len if meta["min_bytes"] is None else min(meta["min_bytes"], text_len)


def write_repo(n, out, seed, now, quiet=False):
    t0 = time.monotonic()
    if os.path.exists(os.path.join(out, "records")) or os.path.exists(os.path.join(out, "archive")):
        sys.exit(f"{out} already holds records/ or archive/; remove it first")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "comms.yaml"), "w", encoding="utf-8") as f:
        f.write(comms_yaml())
    meta = new_meta(n, seed, now)
    made = set()
    for r in Gen(seed, now).stream(n):
        folder = os.path.join(out, r.folder())
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = render(r).encode("utf-8")
        with open(os.path.join(folder, r.file_name()), "wb") as f:
            f.write(data)
        count(meta, r, len(data))
    meta["seconds"] = round(time.monotonic() - t0, 1)
    with open(os.path.join(out, "bench-meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
        f.write("\n")
    if not quiet:
        print(
            f"{n} records in {out} ({meta['active']} active, {meta['archived']} archived; "
            f"{meta['overdue_records']} overdue records and {meta['overdue_actions']} overdue action items "
            f"at {meta['now']}; {meta['bytes'] / n / 1024:.1f} KiB a file on average) in {meta['seconds']} s"
        )
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of records")
    ap.add_argument("out", help="folder to create (must not hold records/ or archive/)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now", default="2026-11-22 09:00", help='"now" of the data set, YYYY-MM-DD HH:MM (Asia/Shanghai)')
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    write_repo(a.n, a.out, a.seed, parse_now(a.now), a.quiet)


if __name__ == "__main__":
    main()
