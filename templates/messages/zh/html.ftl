# comms report --format html: the dashboard's own words (src/render/html.rs);
# its tables share the labels of report.ftl.

# The page's `lang` attribute (a BCP 47 tag).
html-lang = zh-CN
html-footer = 由 comms report 生成 · 逾期截至 { $now }
# The key figures' cards.
html-kpi =
    .records = 记录总数
    .open = 未完成
    .overdue = 逾期
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
    .avg-satisfaction = 平均满意度(1-5)
# Statuses in the chart's legend and bars.
html-status =
    .open = 待处理
    .in-progress = 处理中
    .done = 已完成
    .delayed = 延期
    .cancelled = 已取消
    .unknown = 无有效状态
# How long records are overdue, the ageing chart's columns.
html-age =
    .under-a-day = 不足1天
    .one-to-three-days = 1–3天
    .three-to-seven-days = 3–7天
    .seven-to-thirty-days = 7–30天
    .thirty-days-or-more = 30天及以上
# How long a record is overdue; $days is a number with one decimal.
html-days = { $days } 天
html-no-records = 期间内没有记录

html-status-caption = 各类型记录的状态
html-status-axis = 记录数
html-status-note = 按创建时间计入 { $period }

html-departments-caption = 各部门按时率
html-departments-note = 按时 ÷ (按时 + 超时 + 逾期);“-”:没有可评判的记录

html-trend-caption = 近四个季度趋势
html-trend-created = 新建记录数
html-trend-rate = 按时率
# A quarter's figures, for screen readers.
html-trend-desc = { $period }: 新建 { $created }, 按时率 { $rate }
html-trend-note = 按创建时间计入各季度;深色为本报告期间;逾期按当前时间判断

html-ageing-caption = 逾期时长分布
html-ageing-axis = 逾期记录数
html-no-overdue = 没有逾期的记录
html-ageing-note = 逾期截至 { $now };未完成且已过截止时间的记录,按已逾期的时长

html-overdue-title = 逾期记录
html-overdue-col =
    .id = 编号
    .subject = 主题
    .owner = 负责人
    .project = 项目
    .deadline = 截止时间
    .overdue-by = 已逾期
html-overdue-more = 另有 { $count } 条逾期记录未列出;`comms status --overdue` 列出全部
# The first column's header of the totals' table.
html-scope = 范围
# The trend chart of a metric that has a target (`targets` in comms.yaml).
html-target-trend-caption = 趋势:{ $metric }
html-target-trend-note = 本期及之前三期
