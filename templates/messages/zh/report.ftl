# comms report: the labels of every format (src/render/report.rs, shared
# with the HTML dashboard) and the command's notes (src/commands/report.rs)

report-title = 沟通记录报告
# The period's bounds: "2026-10-01 00:00 ≤ 创建时间 < 2027-01-01 00:00 (Asia/Shanghai)".
report-span = { $start } ≤ 创建时间 < { $end } ({ $tz })
report-project = 项目: { $project }
report-overdue-as-of = 逾期截至: { $now }
# Column headers of the metrics.
report-metric =
    .total = 总数
    .open = 未完成
    .done = 已完成
    .cancelled = 已取消
    .overdue = 逾期
    .on-time = 按时
    .late = 超时
    .on-time-rate = 按时率
    .avg-resolution = 平均处理(小时)
    .avg-ack = 平均确认(小时)
    .minutes-on-time-rate = 纪要按时率
    .avg-response = 平均响应(小时)
    .response-within-sla = 响应达标率
    .resolution-within-sla = 解决达标率
    .avg-approval = 平均审批(小时)
    .ack-coverage = 确认覆盖率
    .accuracy = 响应准确率
    .avg-satisfaction = 平均满意度
    .satisfaction-count = 评分数
# Section titles, one per grouping.
report-group-title =
    .type = 按类型
    .owner = 按负责人
    .project = 按项目
    .department = 按部门
    .repo = 按仓库
    .channel = 按渠道
# The first column's header of each grouping.
report-group-header =
    .type = 类型
    .owner = 负责人
    .project = 项目
    .department = 部门
    .repo = 仓库
    .channel = 渠道
# The section of the response-time metrics (sla in comms.yaml), shown when
# any has a value.
report-sla-title = 时效
# The section of the quality measures (approval time, confirmation
# coverage, accuracy, satisfaction), shown when any has a value.
report-quality-title = 质量与满意度
# The quality section's column naming each row's grouping.
# The quality section's column naming the type, person, channel… of the row.
report-quality-key = 名称
report-quality-group = 分组
report-totals = 合计
# The section of `targets` (comms.yaml): each against the previous period
# of the same length, named here ("2026-Q3").
report-targets-title = 目标(上期: { $previous })
# The columns of the targets section.
report-target-col =
    .metric = 指标
    .target = 目标
    .actual = 本期
    .previous = 上期
    .change = 变化
    .met = 达成
# A targeted metric's name as people read it, by its name in comms.yaml
# (`targets:`); a metric without one here is shown by that name alone.
report-target-metric =
    .total = 总数
    .open = 未完成
    .done = 已完成
    .cancelled = 已取消
    .overdue = 逾期
    .on_time = 按时
    .late = 超时
    .on_time_rate = 按时率
    .avg_resolution_hours = 平均处理时长
    .avg_ack_hours = 平均确认时长
    .avg_response_hours = 平均响应时长
    .response_within_sla_rate = 响应达标率
    .resolution_within_sla_rate = 解决达标率
    .minutes_on_time_rate = 纪要按时率
    .avg_approval_hours = 平均审批时长
    .ack_coverage = 确认覆盖率
    .accuracy_rate = 响应准确率
    .avg_satisfaction = 平均满意度
    .satisfaction_count = 评分数
# A targeted metric in the targets table: its label and its name in comms.yaml.
report-target-label = { $label }({ $metric })
# Whether a target is met; "unknown" when it cannot be judged (no figure).
report-target-met =
    .yes = 是
    .no = 否
    .unknown = -
# A target of a relative change against the previous period: "change ≤ -30.0%".
report-target-change = 变化 { $bound }
# A difference of two rates, in percentage points: "-15.0 pt".
report-target-points = { $value } 个百分点
# The row of the totals.
report-all = 全部
# The group of records whose owner is not in the people list.
report-key-no-department = (未登记)
# The group of records without the value.
report-key-none = (未填写)

# Notes of `comms report` on standard error.
report-unreadable = 注意:{ $count } 个文件无法读取为记录,未计入;`comms validate` 说明原因
report-undated = 注意:{ $count } 条记录没有 `created` 时间(git 历史中也没有),不属于任何期间
report-unclosed = 注意:期间内 { $count } 条已完成记录没有 `closed` 时间,不计入按时、超时和平均处理时长
report-shallow = 注意:这是浅克隆(shallow clone),更早的提交不在本地;从 git 补全的时间可能偏晚
report-no-git = 注意:不在 git 仓库中,缺少的 `created`/`closed` 时间无法从提交历史补全
report-history-error = 注意:无法读取 git 历史({ $error }),缺少的时间未补全
