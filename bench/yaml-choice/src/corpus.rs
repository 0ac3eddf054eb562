//! Deterministic generator of realistic `comms` record front matters.
//!
//! Each generated string is the YAML text that sits between the `---` fences
//! of a record. A tiny xorshift64 PRNG keeps the corpus identical across runs
//! and machines without pulling in the `rand` crate.

use std::fmt::Write;

/// Marsaglia xorshift64.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> Self {
        // The state must never be zero.
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform-ish integer in `0..n` (modulo bias is irrelevant here).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Integer in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` distinct items (in random order).
    pub fn pick_distinct<'a>(&mut self, items: &[&'a str], count: usize) -> Vec<&'a str> {
        let mut pool = items.to_vec();
        let mut out = Vec::with_capacity(count);
        for _ in 0..count.min(pool.len()) {
            out.push(pool.swap_remove(self.below(pool.len())));
        }
        out
    }
}

const PEOPLE: &[&str] = &[
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "徐强", "孙丽",
    "马超", "朱琳", "胡军", "郭晓", "何欣", "林峰", "王强", "高原",
];
const DEPTS: &[&str] = &[
    "生产部",
    "设备部",
    "安全部",
    "质量部",
    "采购部",
    "财务部",
    "人事部",
    "销售部",
    "研发部",
    "物流部",
    "信息部",
    "总经办",
];
const PROJECTS: &[&str] = &[
    "二号产线",
    "华东仓储改造",
    "ERP 升级",
    "新品试制",
    "年度审计",
    "客户质量整改",
    "节能降耗",
    "供应商评估",
];
const COMPANIES: &[&str] = &[
    "华强电子",
    "东方精密",
    "远航物流",
    "恒信材料",
    "北辰科技",
    "瑞丰包装",
];
const TOPICS: &[&str] = &[
    "设备故障",
    "质量异常",
    "交付延期",
    "安全隐患",
    "系统停机",
    "物料短缺",
    "客户投诉",
    "合同变更",
    "价格调整",
    "人员调配",
];
const TASKS: &[&str] = &[
    "更换主轴轴承",
    "提交整改报告",
    "联系供应商确认交期",
    "更新作业指导书",
    "组织安全培训",
    "核对库存差异",
    "准备客户回复函",
    "评估备用方案",
    "安排设备点检",
    "汇总本周异常数据",
];
const TAGS: &[&str] = &[
    "设备维护",
    "质量",
    "流程",
    "经验教训",
    "安全",
    "采购",
    "IT",
    "培训",
];
const STATUSES: &[&str] = &["open", "in-progress", "waiting", "done", "closed"];
const ACTION_STATUSES: &[&str] = &["open", "in-progress", "done"];
const PRIORITIES: &[&str] = &["high", "medium", "low"];
const ROOMS: &[&str] = &["三楼会议室", "一号会议室", "线上 (腾讯会议)", "车间现场"];
const REMARKS: &[&str] = &[
    "# 待确认",
    "# 备注: 数据来自 MES 系统",
    "# TODO 补充附件",
    "# 已电话沟通",
];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Internal,
    External,
    Urgent,
    Knowledge,
    Meeting,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Internal => "internal",
            Kind::External => "external",
            Kind::Urgent => "urgent",
            Kind::Knowledge => "knowledge",
            Kind::Meeting => "meeting",
        }
    }
}

#[derive(Clone, Copy)]
struct Stamp {
    month: usize,
    day: usize,
    hour: usize,
    minute: usize,
}

impl Stamp {
    fn random(rng: &mut XorShift) -> Self {
        Self {
            month: rng.range(1, 12),
            day: rng.range(1, 27),
            hour: rng.range(8, 17),
            minute: *rng.pick(&[0, 15, 30, 45]),
        }
    }

    /// A later stamp (same month, 0-1 day later, a few hours later).
    fn later(self, rng: &mut XorShift) -> Self {
        Self {
            month: self.month,
            day: self.day + rng.below(2),
            hour: (self.hour + rng.range(1, 6)).min(18),
            minute: *rng.pick(&[0, 30]),
        }
    }

    fn fmt(self) -> String {
        format!(
            "2026-{:02}-{:02} {:02}:{:02}",
            self.month, self.day, self.hour, self.minute
        )
    }
}

/// Write `key: value`, choosing plain, single- or double-quoted style.
fn scalar_line(out: &mut String, rng: &mut XorShift, indent: &str, key: &str, value: &str) {
    match rng.below(100) {
        0..=9 => writeln!(out, "{indent}{key}: \"{value}\""),
        10..=14 => writeln!(out, "{indent}{key}: '{value}'"),
        _ => writeln!(out, "{indent}{key}: {value}"),
    }
    .unwrap();
}

/// Write `key: [a, b]` (flow) or a block sequence.
fn list_line(out: &mut String, rng: &mut XorShift, key: &str, items: &[&str]) {
    if rng.chance(65) {
        writeln!(out, "{key}: [{}]", items.join(", ")).unwrap();
    } else {
        writeln!(out, "{key}:").unwrap();
        for item in items {
            writeln!(out, "  - {item}").unwrap();
        }
    }
}

fn maybe_comment(out: &mut String, rng: &mut XorShift) {
    if rng.chance(4) {
        let remark = *rng.pick(REMARKS);
        out.push_str(remark);
        out.push('\n');
    }
}

/// Generate one front matter (the text between the `---` fences).
pub fn record(rng: &mut XorShift) -> String {
    let kind = match rng.below(100) {
        0..=19 => Kind::Meeting,
        20..=44 => Kind::Internal,
        45..=64 => Kind::External,
        65..=84 => Kind::Urgent,
        _ => Kind::Knowledge,
    };
    let created = Stamp::random(rng);
    let owner = *rng.pick(PEOPLE);
    let project = *rng.pick(PROJECTS);
    let topic = *rng.pick(TOPICS);
    let from = *rng.pick(DEPTS);

    let mut out = String::with_capacity(640);
    writeln!(
        out,
        "id: 2026{:02}{:02}-{:04x}",
        created.month,
        created.day,
        rng.below(0x10000)
    )
    .unwrap();
    writeln!(out, "type: {}", kind.name()).unwrap();
    let subject = match kind {
        Kind::Urgent => format!("【紧急】{from}-{topic}通知"),
        Kind::Internal => format!("{from}关于{topic}的说明"),
        Kind::External => format!("{}-{topic}函", rng.pick(COMPANIES)),
        Kind::Knowledge => format!("{project}{topic}处理经验总结"),
        Kind::Meeting => format!("{project}周例会纪要"),
    };
    scalar_line(&mut out, rng, "", "subject", &subject);
    writeln!(out, "owner: {owner}").unwrap();
    if kind != Kind::Knowledge && rng.chance(85) {
        writeln!(out, "deadline: {}", created.later(rng).fmt()).unwrap();
    }
    writeln!(out, "status: {}", rng.pick(STATUSES)).unwrap();
    writeln!(out, "priority: {}", rng.pick(PRIORITIES)).unwrap();
    maybe_comment(&mut out, rng);
    writeln!(out, "project: {project}").unwrap();
    writeln!(out, "from: {from}").unwrap();
    let n_to = rng.range(1, 3);
    let to = rng.pick_distinct(DEPTS, n_to);
    list_line(&mut out, rng, "to", &to);
    if rng.chance(25) {
        let n_cc = rng.range(1, 2);
        let cc = rng.pick_distinct(PEOPLE, n_cc);
        list_line(&mut out, rng, "cc", &cc);
    }
    writeln!(out, "created: {}", created.fmt()).unwrap();

    match kind {
        Kind::Urgent => {
            let line = rng.range(1, 4);
            let qty = rng.range(50, 900);
            writeln!(out, "impact: {line}号产线停工,影响当日交付 {qty} 件").unwrap();
            writeln!(out, "measures: {}现场抢修,备用产线启用", rng.pick(DEPTS)).unwrap();
        }
        Kind::External => {
            writeln!(out, "company: {}", rng.pick(COMPANIES)).unwrap();
            writeln!(
                out,
                "contact: '{}经理 (138-{:04}-{:04})'",
                rng.pick(PEOPLE),
                rng.below(10000),
                rng.below(10000)
            )
            .unwrap();
            writeln!(out, "ref: HT-2026-{:04}", rng.below(10000)).unwrap();
        }
        Kind::Knowledge => {
            let n_tags = rng.range(1, 3);
            let tags = rng.pick_distinct(TAGS, n_tags);
            writeln!(out, "tags: [{}]", tags.join(", ")).unwrap();
            if rng.chance(50) {
                writeln!(out, "summary: |").unwrap();
                writeln!(out, "  问题: {topic}反复出现,根因为点检记录缺失。").unwrap();
                writeln!(out, "  对策: 每班点检并拍照上传。").unwrap();
            } else {
                writeln!(out, "summary: {topic}的根因分析与对策").unwrap();
            }
        }
        Kind::Meeting => {
            writeln!(out, "location: {}", rng.pick(ROOMS)).unwrap();
            let n_attendees = rng.range(3, 6);
            let attendees = rng.pick_distinct(PEOPLE, n_attendees);
            writeln!(out, "attendees: [{}]", attendees.join(", ")).unwrap();
        }
        Kind::Internal => {}
    }

    let n_acks = rng.below(3);
    if n_acks > 0 {
        writeln!(out, "acks:").unwrap();
        for by in rng.pick_distinct(PEOPLE, n_acks) {
            writeln!(out, "  - {{ by: {by}, at: {} }}", created.later(rng).fmt()).unwrap();
        }
    }
    maybe_comment(&mut out, rng);

    if kind == Kind::Meeting {
        writeln!(out, "actions:").unwrap();
        let n_actions = rng.range(2, 4);
        for task in rng.pick_distinct(TASKS, n_actions) {
            scalar_line(&mut out, rng, "  - ", "task", task);
            writeln!(out, "    owner: {}", rng.pick(PEOPLE)).unwrap();
            writeln!(out, "    deadline: {}", created.later(rng).fmt()).unwrap();
            writeln!(out, "    status: {}", rng.pick(ACTION_STATUSES)).unwrap();
        }
    }
    out
}

/// Generate `n` front matters from a fixed seed.
pub fn corpus(n: usize) -> Vec<String> {
    let mut rng = XorShift::new(0x5EED_C0FF_EE15_2026);
    (0..n).map(|_| record(&mut rng)).collect()
}
