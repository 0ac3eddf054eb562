# show
show-no-subject = (无主题)
show-archived = (已归档)
# The action items table's column headers.
show-col =
    .number = #
    .task = 任务
    .owner = 负责人
    .deadline = 截止时间
    .status = 状态
    .due = 期限
    .accepted = 已接收
show-no-acks = 尚无人确认已读;确认:comms ack { $id }
show-problems = 注意:此记录有 { $errors } 个错误、{ $warnings } 个警告;运行 comms validate { $path } 查看
# Whether an open item's owner accepted the task (comms ack ID#N).
show-accepted =
    .yes = 是
    .no = 未确认
