//! A repository to track: urgent incidents (one acknowledged, one not), a
//! meeting with block and flow action items, a late request, an archived
//! record and a file that does not parse — "now" is 2026-11-22 09:00.

use crate::harness::{Run, Sandbox};

pub const NOW: &str = "2026-11-22 09:00";

pub const CONFIG: &str = "timezone: Asia/Shanghai
language: zh
people:
  - { name: 张伟, department: 生产部, aliases: [Zhang Wei] }
  - { name: 李娜, department: 市场部, aliases: [Li Na] }
  - { name: 王强, department: 技术部 }
  - { name: 孙磊, department: 设备部 }
  - { name: 吴刚, department: 安全部 }
";

pub const INCIDENT: &str = "records/20261121-7f3a-紧急-生产部-设备故障通知.md";
pub const PR: &str = "records/20261121-c94e-紧急-市场部-负面舆情应对.md";
pub const MEETING: &str = "records/20261117-6c0f-项目研发阶段延期协调会.md";
pub const PURCHASE: &str = "records/20261110-9be2-办公设备采购申请.md";
pub const OUTAGE: &str = "archive/2026/Q4/_general/20261014-d5a9-紧急-订单系统宕机.md";

pub const INCIDENT_TEXT: &str = "---
id: 20261121-7f3a
type: urgent
# 主题以【紧急】开头
subject: 【紧急】生产部-设备故障通知
owner: 张伟
deadline: 2026-11-23 17:00
status: 处理中   # 处理中 = in-progress
priority: high
project: 二号产线
from: 生产部
to: [设备部, 安全部]
created: 2026-11-21 14:20
impact: \"二号产线停工: 影响交付约 900 件\"
measures: 设备部现场抢修
acks:
  - { by: 孙磊, at: 2026-11-21 14:32 }
---

## 背景

<!-- 事件发生的时间、地点、现象 -->
2026-11-21 13:50,二号产线主轴电机异响后停机。

## 目标

11-23 17:00 前恢复生产。

## 行动要求

1. 孙磊:更换**前端轴承**;
2. 吴刚:复机前签字放行。

## 反馈记录

- 2026-11-21 14:32 孙磊: 已到现场
";

pub const PR_TEXT: &str = "---
id: 20261121-c94e
type: urgent
subject: 【紧急】市场部-负面舆情应对
owner: 李娜
deadline: 2026-11-22 12:00
status: open
priority: high
project: 品牌
from: 市场部
to: [法务部, 客服部]
created: 2026-11-21 21:40
impact: 社交平台负面帖子 12 条
measures: 统一回复口径
---

## 背景
x

## 目标
x

## 行动要求
x

## 反馈记录
";

pub const MEETING_TEXT: &str = "---
id: 20261117-6c0f
type: meeting
subject: 项目研发阶段延期协调会
owner: 王强
deadline: 2026-11-27 18:00
status: in-progress
project: 产品V2.1
participants: [王强, 张伟, 李娜]
created: 2026-11-17 15:00
actions:
  - task: 提交研发延期原因分析报告
    owner: 王强
    deadline: 2026-11-18 18:00
    status: done
    closed: 2026-11-18 16:00
  - task: 输出试产物料需求清单
    owner: 张伟
    acks: [{ by: 张伟, at: 2026-11-17 16:00 }]
    deadline: 2026-11-20 18:00
    status: open
  - { task: 更新研发排期, owner: Li Na, deadline: 2026-11-24 12:00, status: 进行中, acks: [{ by: 李娜, at: 2026-11-17 16:10 }] }
held: 2026-11-17 14:00
minutes_sent: 2026-11-17 17:00
---

## 背景与事由
研发阶段延期。

## 核心讨论点
物料与排期。

## 共识与结论
按新排期推进。

## 反馈记录
";

pub const PURCHASE_TEXT: &str = "---
id: 20261110-9be2
type: internal
subject: '【行政部-财务部】采购申请: 显示器, \"27 寸\"'
owner: 王强
deadline: 2026-11-18 18:00
status: delayed
from: 行政部
to: 财务部
created: 2026-11-10 10:00
---

## 背景
x
## 目标
x
## 行动要求
x
## 反馈记录
";

pub const OUTAGE_TEXT: &str = "---
id: 20261014-d5a9
type: urgent
subject: 【紧急】技术部-订单系统宕机
owner: 王强
deadline: 2026-10-14 14:00
status: done
closed: 2026-10-14 13:20
outcome: achieved
project: 订单系统
created: 2026-10-14 09:10
impact: 下单中断
measures: 回滚版本
acks:
  - { by: 张伟, at: 2026-10-14 09:20 }
---

## 背景
x
## 目标
x
## 行动要求
x
## 反馈记录
";

/// The repository, with git (so `--by` can default to `user.name`).
pub fn repo() -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", CONFIG);
    s.write(INCIDENT, INCIDENT_TEXT);
    s.write(PR, PR_TEXT);
    s.write(MEETING, MEETING_TEXT);
    s.write(PURCHASE, PURCHASE_TEXT);
    s.write(OUTAGE, OUTAGE_TEXT);
    s.write("records/broken.md", "---\nid: x\nowner: [张伟\n---\n");
    s
}

/// `comms --now NOW ARGS`.
pub fn run(s: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["--now", NOW];
    all.extend_from_slice(args);
    s.run(&all)
}

#[test]
fn the_fixture_is_valid_but_for_the_broken_file() {
    let s = repo();
    // At the fixture's now. The purchase request in progress since 11-10
    // with no log entry is `stale` (internal: every 2 working days) — on
    // purpose: `remind` lists it.
    let json = run(&s, &["validate", "--format", "json"]).code(1).json();
    let found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [("records/20261110-9be2-办公设备采购申请.md", "stale"), ("records/broken.md", "yaml-syntax")],
        "{json:#}"
    );
}
