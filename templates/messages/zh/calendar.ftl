# calendar: the iCalendar feed (comms export --ics)

# An overdue event's title.
calendar-summary-overdue = [逾期] { $subject }
# The lines of an event's description: label, separator, value.
calendar-field =
    .deadline = 截止时间
    .owner = 负责人
    .status = 状态
    .type = 类型
    .project = 项目
    .record = 所属记录
    .file = 文件
    .when-done = 完成后运行
calendar-field-separator = {": "}
