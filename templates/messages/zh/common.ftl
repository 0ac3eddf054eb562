# 多个命令共用的消息。语法见 https://projectfluent.org（docs/translating.md）。
# 各语言的消息编号须一致。

# 表格与报表中显示的状态(记录中的取值可用任一语言书写:lexicon.yaml)。
status-label =
    .open = 待处理
    .in-progress = 处理中
    .done = 已完成
    .delayed = 延期
    .cancelled = 已取消

# The subject shown for a record with `classification: confidential` (机密)
# without --include-confidential.
confidential-subject = [机密记录]
