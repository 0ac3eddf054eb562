# comms approve, comms send
approve-done = { $by } 已批准 { $id },时间 { $now_text }({ $path })
approve-rejected = { $by } 已驳回 { $id },时间 { $now_text }({ $path })
approve-still-pending = 尚待审批: { $steps }
approve-all-approved = { $id } 的审批步骤已全部批准;`comms send { $id }` 即可发送
send-done = { $id } 已发送,时间 { $now_text }({ $path })
send-already = { $id } 已于 { $when } 发送,无需重复发送
