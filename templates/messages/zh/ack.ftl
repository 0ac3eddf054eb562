# comms ack
ack-already = { $by } 已于 { $when } 确认过 { $id },无需重复确认
ack-done = { $by } 已确认 { $id },时间 { $now_text }({ $path })
