# remind: the escalation digest (comms remind)

# The title: the Markdown heading, and the start of the plain-text first line.
remind-title = 催办:截至 { $now }
# The plain-text first line: $title is remind-title, $now the time, $summary
# remind-nothing or the counts.
remind-headline = 【催办】截至 { $now }:{ $summary }
# $within: a span, e.g. `4小时` or `2个工作日`.
remind-nothing = 没有逾期、{ $within }内到期或未确认的紧急事项。

# The counts of the first line; $n is the number as shown (bold in Markdown).
remind-count-overdue = 逾期 { $n } 项
remind-count-due-soon = { $within }内到期 { $n } 项
remind-count-unacknowledged = 紧急事项未确认已读 { $n } 项
# Between the counts (plain text), and between the tags of an item.
remind-separator = ,
# After the counts.
remind-end = 。

# Whose items follow.
remind-owner = @{ $owner }
remind-owner-department = @{ $owner }({ $department })
remind-no-owner = (未指定负责人)

# One item.
remind-not-acknowledged = 未确认已读
remind-action-item = { $subject }(待办,来自「{ $parent }」)
# $tag: `[逾期 16小时] ` or empty.
remind-item = { $tag }{ $subject } — 截止 { $deadline } · { $id }

# A number of working days.
remind-workdays = { $count }个工作日

# The escalation step of an overdue item.
remind-step = 催办第 { $step }/{ $steps } 级({ $since }):{ $chase }{ $by }
remind-step-since-deadline = 逾期即起
# $span: how long overdue, e.g. `4小时`.
remind-step-since = 逾期满 { $span }
# Who chases, after the people chased.
remind-step-by = {" "}· 催办人 { $people }
# A person with a role.
remind-step-person = { $name }({ $role })
# The role `owner` of a ladder.
remind-step-owner = 负责人
remind-step-people-separator = 、

remind-footer = 处理后请更新记录(comms log 记进展,comms done 标记完成);紧急事项请先确认已读(comms ack)。

# 催办清单之后：超过类型要求的更新间隔（update_every）仍未更新进度的记录。
remind-stale-heading = { $count } 条记录未按时更新进度:
# $last：上次更新（反馈记录中的最后一条，没有则为创建时间）；$ago：距今多久；$every：类型要求的更新间隔。
remind-stale-item = { $subject } — @{ $owner },上次更新 { $last }(已 { $ago };要求每 { $every } 更新)· { $id }
