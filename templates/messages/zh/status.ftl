# comms status
status-none = 没有符合条件的记录或待办事项
status-summary = 共 { $count } 项,其中逾期 { $late } 项
