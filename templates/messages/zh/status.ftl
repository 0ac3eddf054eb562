# comms status
status-none = 没有符合条件的记录或待办事项
status-summary = 共 { $count } 项,其中逾期 { $late } 项
status-note-problems = 注意:{ $count } 个文件无法读取为记录,未列出;运行 comms validate 查看原因
status-note-unreadable = 注意:{ $count } 项的截止时间或状态无法识别(显示为 ?);运行 comms validate 查看原因
# The columns of the table and Markdown formats.
status-col =
    .id = 编号
    .type = 类型
    .subject = 主题
    .owner = 负责人
    .deadline = 截止时间
    .status = 状态
    .due = 期限
    .project = 项目
# The TYPE of an action item's row.
status-action-item = 待办
