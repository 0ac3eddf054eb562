# new
# 按类型的规则算出的截止时间。$within:如 3d;$after:起算的字段;$due:截止时间。
new-deadline-after-field = 截止时间按 `{ $after }` 后 { $within } 计算:{ $due }
new-deadline-from-now = 截止时间按现在后 { $within } 计算:{ $due }(没有 `{ $after }`;用 --{ $after } 或 --set { $after }=… 从它起算)
# 记录写好后:还有 $count 处占位符。
new-fill-in = 还有 { $count } 处待填写;填写后运行 comms validate 检查
# 在终端上询问取值时,括号里的提示。
new-hint-deadline = YYYY-MM-DD HH:MM、明天 17:00 或 +2wd
new-hint-datetime = YYYY-MM-DD HH:MM 或 今天 15:00
new-hint-list = 多个用逗号分隔
