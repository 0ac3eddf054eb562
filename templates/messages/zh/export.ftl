# export: comms export --ics
# The calendar's name; $owners is the --owner names, joined with ", ".
export-calendar-name = { $repository } 截止事项
export-calendar-name-owners = { $repository } 截止事项 · { $owners }
export-open = 共 { $count } 项未完成的截止事项
export-note-undated = 注意:{ $count } 项未完成事项的截止时间无法识别,不在日历中;运行 comms validate 查看原因
export-note-twice = 注意:{ $count } 项与另一条记录的编号相同,只导出了第一条;运行 comms validate 查看原因
export-lines = 共 { $count } 行({ $records } 条记录及其行动项)
