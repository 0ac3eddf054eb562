# comms report: the labels of every format (src/render/report.rs, shared
# with the HTML dashboard) and the command's notes (src/commands/report.rs)

# Notes of `comms report` on standard error.
report-unreadable = 注意:{ $count } 个文件无法读取为记录,未计入;`comms validate` 说明原因
report-undated = 注意:{ $count } 条记录没有 `created` 时间(git 历史中也没有),不属于任何期间
report-unclosed = 注意:期间内 { $count } 条已完成记录没有 `closed` 时间,不计入按时、超时和平均处理时长
report-shallow = 注意:这是浅克隆(shallow clone),更早的提交不在本地;从 git 补全的时间可能偏晚
report-no-git = 注意:不在 git 仓库中,缺少的 `created`/`closed` 时间无法从提交历史补全
report-history-error = 注意:无法读取 git 历史({ $error }),缺少的时间未补全
