# notify: sending the reminder digest (comms notify)

notify-nothing = 没有逾期、{ $within }内到期、待确认或未更新进度的事项:未发送。
notify-sent = { $target }({ $kind }):已发送 { $count } 条消息
notify-failed = 目标 `{ $target }`({ $kind })发送失败:{ $reason }
notify-summary-failed = { $count } 个目标中 { $failed } 个失败。
notify-no-email = 注意:{ $target }:`people` 中没有 { $names } 的 `email`,不发邮件给他们
notify-no-im = 注意:{ $target }:`people` 中没有 { $names } 的 `im.{ $kind }`,只写名字,不@
notify-dry-run-target = ## { $target }({ $kind })→ { $to }:{ $count } 条消息
notify-dry-run-signed = POST { $url },以 { $secret } 签名
notify-day-off = { $day } 不是 comms.yaml 日历中的工作日:未发送。
